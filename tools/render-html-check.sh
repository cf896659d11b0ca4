#!/usr/bin/env bash
# Renders the HTML report of two bundled examples in a real browser (headless Chromium, Debian
# package `chromium`) and checks the pictures: each PNG has the window's size and is far from blank
# (at least 10× the bytes of a blank page rendered the same way, and at least 100 kB), and the
# printed PDF has a sensible number of pages.
#   tools/render-html-check.sh [FTCOST_BINARY] [OUT_DIR]
# FTCOST_BINARY defaults to build/ftcost; OUT_DIR, when given, keeps the HTML, PNG and PDF files to
# look at. Exit 0 when every check passes, 1 when one fails, 77 (ctest: skipped) without Chromium.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:-$root/build/ftcost}
out_dir=${2:-}
width=1280
height=2400

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" > /dev/null; then browser=$candidate; break; fi
done
[ -n "$browser" ] || { echo "render-html-check: no Chromium found (apt-get install chromium); skipped"; exit 77; }
[ -x "$binary" ] || { echo "render-html-check: $binary is not an executable (build ftcost first)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# One headless run; its own profile directory, so nothing of the user's is read or written.
run_browser() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" "$@" > "$work/browser.log" 2>&1
}

be32() { od -An -tu1 -j "$2" -N4 "$1" | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }'; }
size_of() { wc -c < "$1" | tr -d ' '; }

# A blank page of the same size: what "nothing rendered" weighs as a PNG.
printf '<!DOCTYPE html><html><body></body></html>\n' > "$work/blank.html"
run_browser --screenshot="$work/blank.png" --window-size=$width,$height "file://$work/blank.html"
blank_bytes=$(size_of "$work/blank.png" 2> /dev/null || echo 0)

cd "$root" || exit 1
for example in support-assistant-8b-lora product-qa-high-volume; do
  html="$work/$example.html"
  png="$work/$example.png"
  pdf="$work/$example.pdf"
  if ! "$binary" estimate "examples/$example.yaml" --format html -o "$html" 2> "$work/ftcost.err"; then
    echo "FAIL $example: ftcost estimate --format html failed"; cat "$work/ftcost.err"; failed=1; continue
  fi
  start=$(date +%s.%N)
  if ! run_browser --screenshot="$png" --window-size=$width,$height "file://$html" || [ ! -s "$png" ]; then
    echo "FAIL $example: $browser could not take a screenshot"; tail -5 "$work/browser.log"; failed=1; continue
  fi
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  signature=$(od -An -tx1 -N8 "$png" | tr -d ' \n')
  png_width=$(be32 "$png" 16)
  png_height=$(be32 "$png" 20)
  bytes=$(size_of "$png")
  if [ "$signature" != 89504e470d0a1a0a ] || [ "$png_width" != $width ] || [ "$png_height" != $height ]; then
    echo "FAIL $example: PNG ${png_width}x${png_height} (signature $signature), expected ${width}x${height}"
    failed=1
  elif [ "$bytes" -lt 100000 ] || [ "$bytes" -lt $((blank_bytes * 10)) ]; then
    echo "FAIL $example: the screenshot looks blank ($bytes bytes; a blank page is $blank_bytes)"
    failed=1
  else
    echo "ok $example: ${png_width}x${png_height} PNG, $bytes bytes (blank page: $blank_bytes), ${seconds}s"
  fi
  # Printed on A4 (the report's @page rule): more than the first page, and not one page per table row.
  if run_browser --print-to-pdf="$pdf" --no-pdf-header-footer "file://$html" && [ -s "$pdf" ]; then
    pages=$(grep -ac '/Type /Page\b' "$pdf")
    if [ "$pages" -lt 2 ] || [ "$pages" -gt 30 ]; then
      echo "FAIL $example: the printed PDF has $pages pages"; failed=1
    else
      echo "ok $example: prints on $pages A4 pages"
    fi
  else
    echo "FAIL $example: $browser could not print to PDF"; tail -5 "$work/browser.log"; failed=1
  fi
  [ -n "$out_dir" ] && mkdir -p "$out_dir" && cp "$html" "$png" "$pdf" "$out_dir/" 2> /dev/null
done
exit $failed
