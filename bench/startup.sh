#!/usr/bin/env bash
# Start-to-output time and peak memory of `ftcost estimate` on an example, `ftcost --version` and
# `ftcost --help`, side by side with a trivial C++ program that prints one line (bench/trivial.cpp),
# all run in alternation so they see the same load. The target compares with the trivial program
# built the usual way (dynamically linked); the same program linked statically, as ftcost is, is
# measured too, to show how much is ftcost's own work. With valgrind installed, the instructions each
# one executes are counted too (callgrind): unlike wall time, they do not depend on the machine's load.
#   bench/startup.sh [build dir, default build] [runs, default 300]
# Needs a build with -DFTCOST_BUILD_BENCH=ON (for build/bench/ftcost_trivial). Prints medians,
# ratios and peak RSS (from /usr/bin/time, package `time`), and checks the targets: the estimate
# within 1.5x the trivial program's wall time and under 16 MB peak RSS, and --version and --help no
# slower than the estimate. Exit code 1 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-300}
example=examples/support-assistant-8b-lora.yaml
labels=("trivial C++ (prints one line)" "trivial C++, linked statically" "ftcost estimate (support example)"
        "ftcost --version" "ftcost --help")
commands=("$build/bench/ftcost_trivial" "$build/bench/ftcost_trivial_static" "$build/ftcost estimate $example"
          "$build/ftcost --version" "$build/ftcost --help")
for program in "$build/ftcost" "$build/bench/ftcost_trivial" "$build/bench/ftcost_trivial_static"; do
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

n=${#commands[@]}
for _ in 1 2 3 4 5; do  # warm the page cache
  for ((p = 0; p < n; p++)); do ${commands[p]} >/dev/null 2>&1; done
done
declare -a times
for ((i = 0; i < runs; i++)); do
  for ((p = 0; p < n; p++)); do
    t0=$(now_us); ${commands[p]} >/dev/null 2>&1; t1=$(now_us)
    times[p]+="$((t1 - t0)) "
  done
done
declare -a median_us rss instructions
for ((p = 0; p < n; p++)); do
  median_us[p]=$(printf '%s\n' ${times[p]} | median)
  rss[p]=0
  if [[ -x /usr/bin/time ]]; then rss[p]=$(/usr/bin/time -f %M ${commands[p]} 2>&1 >/dev/null | tail -n 1); fi
  instructions[p]=-
  if command -v valgrind >/dev/null; then
    instructions[p]=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null ${commands[p]} 2>&1 >/dev/null |
                      sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  fi
done

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 10 --runs "$runs" "${commands[0]}" "${commands[2]}" "${commands[3]}"
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-36s %12s %12s %14s %16s\n' "program ($runs runs, alternating)" "median wall" "vs trivial" "peak RSS" \
       "instructions"
for ((p = 0; p < n; p++)); do
  printf '%-36s %9s us %11sx %11s KB %16s\n' "${labels[p]}" "${median_us[p]}" "$(ratio "${median_us[p]}" "${median_us[0]}")" \
         "${rss[p]}" "${instructions[p]}"
done
estimate_ratio=$(ratio "${median_us[2]}" "${median_us[0]}")
printf 'ratio ftcost estimate / trivial: %s (target <= 1.5); ftcost peak RSS %s KB (target < 16384)\n' \
       "$estimate_ratio" "${rss[2]}"
printf 'ratio ftcost estimate / statically linked trivial: %s (for information: ftcost'"'"'s own work)\n' \
       "$(ratio "${median_us[2]}" "${median_us[1]}")"
status=0
awk -v r="$estimate_ratio" 'BEGIN { exit !(r <= 1.5) }' || { echo "MISSED: start-up ratio $estimate_ratio > 1.5"; status=1; }
((rss[2] < 16384)) || { echo "MISSED: peak RSS ${rss[2]} KB >= 16384 KB"; status=1; }
# --version and --help do less than an estimate; 10% slack for timing noise on a shared machine.
for p in 3 4; do
  awk -v a="${median_us[p]}" -v b="${median_us[2]}" 'BEGIN { exit !(a <= 1.1 * b) }' ||
    { echo "MISSED: ${labels[p]} (${median_us[p]} us) slower than the estimate (${median_us[2]} us)"; status=1; }
done
exit $status
