#!/usr/bin/env bash
# What a large JSON price book adds to `ftcost estimate` (issue #12 target: a 1 MB book adds at most
# 20 ms). Writes a ~1 MB ftcost-catalog/1 book (data/gpu_prices.json's entries repeated with distinct
# regions, the same book bench/estimate_bench.cpp's price_book_1mb_json parses) and times the support
# example with and without `--catalog book.json`, alternating, median of N runs.
#   bench/price-book.sh [build dir, default build] [runs, default 50]
# Needs python3 (to write the book). Exit code 1 when the target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-50}
ftcost="$build/ftcost"
[[ -x $ftcost ]] || { echo "missing $ftcost" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
book="$work/book-1mb.json"
python3 - "$book" <<'PY'
import json, sys
shipped = json.load(open("data/gpu_prices.json"))["gpu_prices"]
prices, copy = [], 0
while True:
    for entry in shipped:
        entry = dict(entry, region=f"{entry['region']}-bench{copy}")
        prices.append(entry)
    copy += 1
    text = json.dumps({"format": "ftcost-catalog/1", "gpu_prices": prices}, indent=1)
    if len(text) >= 1_000_000:
        break
open(sys.argv[1], "w").write(text)
PY
now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
plain=(estimate examples/support-assistant-8b-lora.yaml)
with_book=("${plain[@]}" --catalog "$book")
for _ in 1 2 3; do "$ftcost" "${plain[@]}" >/dev/null 2>&1; "$ftcost" "${with_book[@]}" >/dev/null 2>&1; done
plain_times=()
book_times=()
for ((i = 0; i < runs; i++)); do
  t0=$(now_us); "$ftcost" "${plain[@]}" >/dev/null 2>&1; t1=$(now_us)
  "$ftcost" "${with_book[@]}" >/dev/null 2>&1; t2=$(now_us)
  plain_times+=($((t1 - t0)))
  book_times+=($((t2 - t1)))
done
plain_us=$(printf '%s\n' "${plain_times[@]}" | median)
book_us=$(printf '%s\n' "${book_times[@]}" | median)
added_ms=$(awk -v a="$book_us" -v b="$plain_us" 'BEGIN { printf "%.1f", (a - b) / 1000 }')
printf 'book: %s bytes\n' "$(wc -c < "$book")"
printf 'ftcost estimate (support example), median of %s alternating runs: %s us; with --catalog book: %s us\n' \
  "$runs" "$plain_us" "$book_us"
printf 'added by the 1 MB JSON book: %s ms (target <= 20 ms)\n' "$added_ms"
awk -v a="$added_ms" 'BEGIN { exit !(a <= 20) }' || { echo "MISSED: $added_ms ms > 20 ms"; exit 1; }
