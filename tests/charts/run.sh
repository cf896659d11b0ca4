#!/usr/bin/env bash
# Renders every chart kind of a bundled example to PNG with rsvg-convert and checks that the PNG
# exists and has the chart's pixel size (read from the IHDR chunk: width at bytes 16-19, height at
# 20-23, big-endian). Exit 77 (skipped) when rsvg-convert is not installed (Debian: librsvg2-bin).
set -u
binary=$1
root=$2
expected_width=900
expected_height=540
command -v rsvg-convert > /dev/null || { echo "charts: rsvg-convert not found (apt-get install librsvg2-bin)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" || exit 1
failed=0
be32() { od -An -tu1 -j "$2" -N4 "$1" | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }'; }
check_png() {
  local name=$1 svg=$2
  if ! rsvg-convert "$svg" -o "$work/$name.png" 2> "$work/$name.err"; then
    echo "FAIL $name: rsvg-convert could not render it"; cat "$work/$name.err"; failed=1; return
  fi
  local signature width height
  signature=$(od -An -tx1 -N8 "$work/$name.png" | tr -d ' \n')
  width=$(be32 "$work/$name.png" 16)
  height=$(be32 "$work/$name.png" 20)
  if [ "$signature" != 89504e470d0a1a0a ] || [ "$width" != $expected_width ] || [ "$height" != $expected_height ]; then
    echo "FAIL $name: PNG ${width}x${height} (signature $signature), expected ${expected_width}x${expected_height}"
    failed=1
    return
  fi
  echo "ok $name: ${width}x${height}"
}
for kind in cumulative volume tornado; do
  if ! "$binary" chart examples/product-qa-high-volume.yaml --kind "$kind" -o "$work/$kind.svg"; then
    echo "FAIL $kind: ftcost chart failed"; failed=1; continue
  fi
  check_png "$kind" "$work/$kind.svg"
done
# estimate --chart writes the same chart beside the table.
"$binary" estimate examples/support-assistant-8b-lora.yaml --chart "$work/estimate.svg" --chart-kind volume > /dev/null \
  && check_png estimate-volume "$work/estimate.svg" || { echo "FAIL estimate --chart"; failed=1; }
# A tornado needs ranges: exit 2 and a one-line error.
"$binary" chart examples/low-volume-internal-tool.yaml --kind tornado -o "$work/none.svg" 2> "$work/err"
code=$?
if [ $code != 2 ] || [ -e "$work/none.svg" ]; then echo "FAIL tornado without ranges: exit $code"; failed=1; fi
exit $failed
