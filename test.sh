#!/usr/bin/env bash
# nicport test suite: makes sure everything is installed (./setup.sh --no-run), then runs all
# tests on all cores. Under CI=true a test whose prerequisite is missing fails; it never skips.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --no-run
set +e
.venv/bin/python -m pytest -n "$(nproc)" --dist loadgroup --durations=25 "$@"
rc=$?
set -e
# pytest's 5 means "no tests ran": that is a failure here, not a success.
exit $rc
