#!/usr/bin/env bash
# What a large JSON price book adds to `ftcost estimate` (issue #12 target: a 1 MB book adds at most
# 20 ms). Writes two ~1 MB ftcost-catalog/1 books and times the support example with and without
# `--catalog book.json`, alternating, median of N runs:
#   gpu: data/gpu_prices.json's entries repeated with distinct regions (the book that
#        bench/estimate_bench.cpp's price_book_1mb_json parses);
#   api: `ftcost catalog import` of the LiteLLM slice in tests/fixtures, its entries repeated with
#        distinct ids: what importing the whole published LiteLLM file (~2,200 API prices) gives.
# Wall time is what a user waits; on a shared machine it drifts with the load, so when `perf` is
# installed the CPU time (task-clock) of the same runs is reported too.
#   bench/price-book.sh [build dir, default build] [runs, default 50]
# Needs python3 (to write the books). Exit code 1 when the target is missed (on wall time).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-50}
ftcost="$build/ftcost"
[[ -x $ftcost ]] || { echo "missing $ftcost" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$ftcost" catalog import tests/fixtures/litellm/published-slice.json --from litellm >"$work/slice.json" 2>/dev/null
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]

def grow(make_entries, section, base):
    entries, copy = [], 0
    while True:
        entries += make_entries(copy)
        copy += 1
        text = json.dumps(dict(base, **{section: entries}), indent=1)
        if len(text) >= 1_000_000:
            return text

shipped = json.load(open("data/gpu_prices.json"))["gpu_prices"]
gpu = grow(lambda copy: [dict(e, region=f"{e['region']}-bench{copy}") for e in shipped], "gpu_prices",
           {"format": "ftcost-catalog/1"})
open(f"{work}/gpu-book.json", "w").write(gpu)
imported = json.load(open(f"{work}/slice.json"))
api = grow(lambda copy: [dict(e, id=f"{e['id']}-bench{copy}", name=f"{e['name']}-bench{copy}")
                         for e in imported["apis"]], "apis", {k: v for k, v in imported.items() if k != "apis"})
open(f"{work}/api-book.json", "w").write(api)
PY

now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# CPU milliseconds of one run (perf's task-clock), or nothing without perf.
cpu_ms() { perf stat -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '$3 == "task-clock" { print $1 }'; }
have_perf=0
if command -v perf >/dev/null && [[ -n $(cpu_ms "$ftcost" --version) ]]; then have_perf=1; fi

plain=(estimate examples/support-assistant-8b-lora.yaml)
missed=0
printf 'load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
for kind in gpu api; do
  book="$work/$kind-book.json"
  with_book=("${plain[@]}" --catalog "$book")
  for _ in 1 2 3; do "$ftcost" "${plain[@]}" >/dev/null 2>&1; "$ftcost" "${with_book[@]}" >/dev/null 2>&1; done
  plain_times=() book_times=() plain_cpu=() book_cpu=()
  for ((i = 0; i < runs; i++)); do
    t0=$(now_us); "$ftcost" "${plain[@]}" >/dev/null 2>&1; t1=$(now_us)
    "$ftcost" "${with_book[@]}" >/dev/null 2>&1; t2=$(now_us)
    plain_times+=($((t1 - t0)))
    book_times+=($((t2 - t1)))
    if ((have_perf)); then
      plain_cpu+=("$(cpu_ms "$ftcost" "${plain[@]}")")
      book_cpu+=("$(cpu_ms "$ftcost" "${with_book[@]}")")
    fi
  done
  plain_us=$(printf '%s\n' "${plain_times[@]}" | median)
  book_us=$(printf '%s\n' "${book_times[@]}" | median)
  added_ms=$(awk -v a="$book_us" -v b="$plain_us" 'BEGIN { printf "%.1f", (a - b) / 1000 }')
  entries=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(v) for v in d.values() if isinstance(v, list)))" "$book")
  printf '%s book: %s bytes, %s entries\n' "$kind" "$(wc -c <"$book")" "$entries"
  printf '  wall, median of %s alternating runs: plain %s us, with the book %s us: added %s ms (target <= 20 ms)\n' \
    "$runs" "$plain_us" "$book_us" "$added_ms"
  if ((have_perf)); then
    plain_cpu_ms=$(printf '%s\n' "${plain_cpu[@]}" | median)
    book_cpu_ms=$(printf '%s\n' "${book_cpu[@]}" | median)
    printf '  CPU (task-clock), median: plain %s ms, with the book %s ms: added %s ms\n' "$plain_cpu_ms" "$book_cpu_ms" \
      "$(awk -v a="$book_cpu_ms" -v b="$plain_cpu_ms" 'BEGIN { printf "%.1f", a - b }')"
  fi
  awk -v a="$added_ms" 'BEGIN { exit !(a <= 20) }' || { echo "  MISSED: $added_ms ms > 20 ms"; missed=1; }
done
exit $missed
