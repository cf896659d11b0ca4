#!/usr/bin/env bash
# ftcost quick start, for a fresh Debian 12 machine (run as root, or with sudo available).
#   ./quickstart.sh demo   install what is missing, build ftcost (not the tests), estimate a bundled example
#   ./quickstart.sh test   install what is missing, build, and run the whole test suite
#   ./quickstart.sh hardening   the test suite under ASan+UBSan, then a short libFuzzer run (CI)
# Both are idempotent: packages already installed are not reinstalled, and an up-to-date build
# tree is only checked, not rebuilt.
set -euo pipefail
cd "$(dirname "$0")"

packages=(g++ cmake ninja-build libcli11-dev nlohmann-json3-dev libfmt-dev catch2 libyaml-dev librsvg2-bin time)
# Only for `test`: headless Chromium for the HTML report's render check (ctest html_render, ~50 s and
# ~480 MB to install) and jq for the CI-script test (ctest ci_scripts); both tests skip without them.
test_packages=(chromium jq)
# Only for `hardening`: clang with libFuzzer and the sanitizer runtimes.
hardening_packages=(clang libclang-rt-14-dev)

install_missing() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "quickstart: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# build [targets...]: configure once (CMake picks up ccache when it is installed), then build.
build() {
  [ -f build/CMakeCache.txt ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  if [ $# -gt 0 ]; then
    cmake --build build -j "$(nproc)" --target "$@" >&2
  else
    cmake --build build -j "$(nproc)" >&2
  fi
}

case "${1:-demo}" in
  demo)
    install_missing "${packages[@]}"
    build ftcost ftcost_docs  # only the program, its man page and completions: no tests
    ./build/ftcost estimate examples/support-assistant-8b-lora.yaml
    ;;
  test)
    install_missing "${packages[@]}" "${test_packages[@]}"
    build
    ctest --test-dir build --output-on-failure -j "$(nproc)"
    ;;
  hardening)
    install_missing "${packages[@]}" "${hardening_packages[@]}"
    tools/sanitize-tests.sh
    tools/fuzz-smoke.sh "${FTCOST_FUZZ_SECONDS:-20}"
    ;;
  *)
    echo "usage: $0 demo|test|hardening" >&2
    exit 2
    ;;
esac
