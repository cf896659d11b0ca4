#!/bin/sh
# Regenerate the pipeline golden files (tests/golden/pipeline/) after an intended output change,
# then review `git diff tests/golden/` before committing.
#   tools/update-golden.sh [build-dir]
set -eu
build=${1:-build}
cmake --build "$build" -j2
FTCOST_UPDATE_GOLDEN=1 "$build/tests/ftcost_tests" "[golden]"
git diff --stat -- tests/golden/ || true
