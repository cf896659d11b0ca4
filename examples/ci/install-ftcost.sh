#!/usr/bin/env bash
# Puts an ftcost binary in FTCOST_HOME/bin, building it only when the cached one was built from
# another commit: CI caches FTCOST_HOME (keyed on that commit), so ftcost is compiled once per
# version, not on every run. The binary is linked statically, so a cached copy needs no libraries.
#
#   examples/ci/install-ftcost.sh          # then: export PATH="$FTCOST_HOME/bin:$PATH"
#
# Environment:
#   FTCOST_REPO    where ftcost's source is (a git URL, or a local clone)
#   FTCOST_REF     branch, tag or commit to build (default: main)
#   FTCOST_HOME    install and cache folder (default: .ftcost)
#   FTCOST_COMMIT  the commit FTCOST_REF names, when already known (the GitHub workflow resolves it
#                  for its cache key); else it is resolved with git ls-remote
set -euo pipefail
repo=${FTCOST_REPO:?set FTCOST_REPO to where you get ftcost from}
ref=${FTCOST_REF:-main}
home=${FTCOST_HOME:-.ftcost}
commit=${FTCOST_COMMIT:-}
if [ -z "$commit" ]; then
  commit=$(git ls-remote "$repo" "$ref" | awk 'NR == 1 { print $1 }')
  [ -n "$commit" ] || commit=$ref  # a commit hash is not listed by ls-remote: use it as given
fi

if [ -x "$home/bin/ftcost" ] && [ "$(cat "$home/commit" 2> /dev/null)" = "$commit" ]; then
  echo "install-ftcost: cached ftcost built from $commit: $("$home/bin/ftcost" --version)" >&2
  exit 0
fi

echo "install-ftcost: building ftcost $commit" >&2
if command -v apt-get > /dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq g++ cmake ninja-build git libcli11-dev nlohmann-json3-dev libfmt-dev libyaml-dev \
    > /dev/null
fi
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git init -q "$src"
git -C "$src" fetch -q --depth 1 "$repo" "$commit" 2> /dev/null || git -C "$src" fetch -q "$repo" "$ref"
git -C "$src" checkout -q FETCH_HEAD
cmake -S "$src" -B "$src/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFTCOST_BUILD_TESTS=OFF > /dev/null
cmake --build "$src/build" --target ftcost
mkdir -p "$home/bin"
cp "$src/build/ftcost" "$home/bin/ftcost"
printf '%s\n' "$commit" > "$home/commit"
echo "install-ftcost: $("$home/bin/ftcost" --version) in $home/bin" >&2
