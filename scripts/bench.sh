#!/usr/bin/env bash
# Run every benchmark on this machine and write docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_venv "$ROOT/requirements-dev.txt"
ensure_debian_packages chromium:chromium
exec python -m bench "$@"
