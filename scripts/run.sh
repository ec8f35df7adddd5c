#!/usr/bin/env bash
# Command 1: install what is missing, migrate, seed, start the worker and the three apps.
# Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_venv "$ROOT/requirements.txt"
ensure_picture_libraries
exec python -m allpetplus.stack run "$@"
