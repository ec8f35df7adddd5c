#!/usr/bin/env bash
# Run every benchmark on this machine and write docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_venv "$ROOT/requirements-dev.txt"
initdb="$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
ensure_debian_packages chromium:chromium "${initdb:-initdb}:postgresql"
ensure_picture_libraries
exec python -m bench "$@"
