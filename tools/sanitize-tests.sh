#!/usr/bin/env bash
# Builds ftcost, its tests and the hostile-input driver with AddressSanitizer + UndefinedBehavior-
# Sanitizer into build-asan/ and runs the whole test suite there. Any sanitizer report aborts the
# process under test, so it fails its test. Usage: tools/sanitize-tests.sh [extra ctest args]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFTCOST_SANITIZE=ON >/dev/null
cmake --build build-asan -j2
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir build-asan --output-on-failure "$@"
