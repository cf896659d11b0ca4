#!/usr/bin/env bash
# Start-to-output time and peak memory of `ftcost estimate` on an example, next to a trivial C++
# program that prints one line (bench/trivial.cpp), run in alternation so both see the same load.
# The target compares with the trivial program built the usual way (dynamically linked); the same
# program linked statically, as ftcost is, is measured too, to show how much is ftcost's own work.
#   bench/startup.sh [build dir, default build] [runs, default 300]
# Needs a build with -DFTCOST_BUILD_BENCH=ON (for build/bench/ftcost_trivial). Prints medians,
# the ratio and peak RSS (from /usr/bin/time, package `time`), and checks the targets: within 1.5x
# the trivial program's wall time and under 16 MB peak RSS. Exit code 1 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-300}
ftcost=("$build/ftcost" estimate examples/support-assistant-8b-lora.yaml)
trivial=("$build/bench/ftcost_trivial")
trivial_static=("$build/bench/ftcost_trivial_static")
for program in "${ftcost[0]}" "${trivial[0]}" "${trivial_static[0]}"; do
  [[ -x $program ]] || { echo "missing $program: build with -DFTCOST_BUILD_BENCH=ON" >&2; exit 2; }
done

# Microseconds since the epoch, without forking a process when bash provides $EPOCHREALTIME.
now_us() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    local t=${EPOCHREALTIME/[.,]/}
    echo "$t"
  else
    echo $(($(date +%s%N) / 1000))
  fi
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for _ in 1 2 3 4 5; do  # warm the page cache
  "${ftcost[@]}" >/dev/null; "${trivial[@]}" >/dev/null; "${trivial_static[@]}" >/dev/null
done
ftcost_times=()
trivial_times=()
static_times=()
for ((i = 0; i < runs; i++)); do
  t0=$(now_us); "${trivial[@]}" >/dev/null; t1=$(now_us)
  "${ftcost[@]}" >/dev/null; t2=$(now_us)
  "${trivial_static[@]}" >/dev/null; t3=$(now_us)
  trivial_times+=($((t1 - t0)))
  ftcost_times+=($((t2 - t1)))
  static_times+=($((t3 - t2)))
done
trivial_us=$(printf '%s\n' "${trivial_times[@]}" | median)
ftcost_us=$(printf '%s\n' "${ftcost_times[@]}" | median)
static_us=$(printf '%s\n' "${static_times[@]}" | median)
ratio=$(awk -v a="$ftcost_us" -v b="$trivial_us" 'BEGIN { printf "%.2f", a / b }')
static_ratio=$(awk -v a="$ftcost_us" -v b="$static_us" 'BEGIN { printf "%.2f", a / b }')

if [[ -x /usr/bin/time ]]; then
  ftcost_rss=$(/usr/bin/time -f %M "${ftcost[@]}" 2>&1 >/dev/null | tail -n 1)
  trivial_rss=$(/usr/bin/time -f %M "${trivial[@]}" 2>&1 >/dev/null | tail -n 1)
  static_rss=$(/usr/bin/time -f %M "${trivial_static[@]}" 2>&1 >/dev/null | tail -n 1)
else
  ftcost_rss=0
  trivial_rss=0
  static_rss=0
fi

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 10 --runs "$runs" "${trivial[*]}" "${ftcost[*]}"
fi

printf '%-40s %12s %14s\n' "program ($runs runs, alternating)" "median wall" "peak RSS"
printf '%-40s %9s us %11s KB\n' "trivial C++ (prints one line)" "$trivial_us" "$trivial_rss"
printf '%-40s %9s us %11s KB\n' "trivial C++, linked statically" "$static_us" "$static_rss"
printf '%-40s %9s us %11s KB\n' "ftcost estimate (support example)" "$ftcost_us" "$ftcost_rss"
printf 'ratio ftcost / trivial: %s (target <= 1.5); ftcost peak RSS %s KB (target < 16384)\n' "$ratio" "$ftcost_rss"
printf 'ratio ftcost / statically linked trivial: %s (for information: ftcost'"'"'s own work)\n' "$static_ratio"
status=0
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }' || { echo "MISSED: start-up ratio $ratio > 1.5"; status=1; }
((ftcost_rss < 16384)) || { echo "MISSED: peak RSS $ftcost_rss KB >= 16384 KB"; status=1; }
exit $status
