#!/usr/bin/env bash
# The one hardening build both tools/sanitize-tests.sh and tools/fuzz-smoke.sh use: clang with
# AddressSanitizer + UndefinedBehaviorSanitizer everywhere and libFuzzer's coverage instrumentation
# in the library (-fsanitize=fuzzer-no-link, harmless to the tests), into build-hardening/. The
# fuzz targets alone link -fsanitize=fuzzer. -O1 with line tables only: sanitizer reports keep file
# and line, and the build takes far less than -O2 -g would.
#   tools/hardening-build.sh [targets...]   (default: everything)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-hardening -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" \
      -DFTCOST_SANITIZE=ON -DFTCOST_FUZZ=ON -DFTCOST_BUILD_TESTS=ON >/dev/null
if [ $# -gt 0 ]; then
  cmake --build build-hardening -j "$(nproc)" --target "$@"
else
  cmake --build build-hardening -j "$(nproc)"
fi
