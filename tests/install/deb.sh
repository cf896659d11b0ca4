#!/usr/bin/env bash
# `cpack -G DEB` from the existing build (no rebuild: it only installs and packs), then the package
# is inspected: its name, version, maintainer and description, no dependencies for the static
# binary, and the files it puts under /usr.
#   tests/install/deb.sh BUILD_DIR VERSION STATIC(ON/OFF)
set -euo pipefail
build=$1
version=$2
static=$3
command -v dpkg-deb >/dev/null || { echo "SKIP: dpkg-deb not installed"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && cpack -G DEB -B "$out" >/dev/null)
deb=$(ls "$out"/ftcost_"$version"_*.deb)

status=0
fail() { echo "FAIL: $*"; status=1; }
[[ $(dpkg-deb -f "$deb" Package) == ftcost ]] || fail "package name"
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "version"
[[ -n $(dpkg-deb -f "$deb" Maintainer) ]] || fail "no maintainer"
[[ $(dpkg-deb -f "$deb" Description) == "What fine-tuning an LLM really costs"* ]] || fail "description"
if [[ $static == ON ]]; then
  [[ -z $(dpkg-deb -f "$deb" Depends) ]] || fail "the static binary should need no package: $(dpkg-deb -f "$deb" Depends)"
fi
contents=$(dpkg-deb -c "$deb" | awk '{ print $NF }')
for file in ./usr/bin/ftcost ./usr/share/man/man1/ftcost.1 ./usr/share/bash-completion/completions/ftcost \
            ./usr/share/zsh/vendor-completions/_ftcost ./usr/share/fish/vendor_completions.d/ftcost.fish; do
  grep -qxF "$file" <<<"$contents" || fail "$file not in the package"
done
[[ $status -eq 0 ]] && echo "$(basename "$deb") checked"
exit $status
