#!/usr/bin/env bash
# The docs never drift from the binary: regenerates every generated block of README.md and docs/*.md
# (tools/regen-readme.sh) into a scratch directory and fails when the committed text differs; and the
# YAML/JSON twins of examples/low-volume-internal-tool are one scenario: the same JSON estimate apart
# from the file name.
#   tests/readme/run.sh path/to/ftcost REPO_ROOT
# Fix a failure with `tools/regen-readme.sh path/to/ftcost` and review `git diff README.md docs/`.
set -u
shopt -s nullglob
binary=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" || exit 1
failed=0

if ! bash tools/regen-readme.sh "$binary" "$work/regen" > "$work/regen.log" 2>&1; then
  echo "FAIL: tools/regen-readme.sh failed:"; cat "$work/regen.log"; exit 1
fi
blocks=$(cat README.md docs/*.md 2>/dev/null | grep -c '^<!-- BEGIN \(output\|stderr\|example\)')
for file in README.md docs/*.md; do
  if ! diff -u "$file" "$work/regen/$file"; then
    echo "FAIL: $file differs from what $binary prints (run tools/regen-readme.sh $binary)"
    failed=1
  fi
done
echo "readme: $blocks generated blocks checked"

for ext in yaml json; do
  "$binary" estimate "examples/low-volume-internal-tool.$ext" -f json --today 2026-12-02 2>/dev/null \
    | grep -v '"file": ' > "$work/low-volume.$ext.json"
done
if [ ! -s "$work/low-volume.yaml.json" ] || ! diff -u "$work/low-volume.yaml.json" "$work/low-volume.json.json"; then
  echo "FAIL: examples/low-volume-internal-tool.yaml and .json do not estimate the same"
  failed=1
else
  echo "readme: low-volume-internal-tool.yaml and .json give the same estimate"
fi
exit $failed
