#!/usr/bin/env bash
# Points per second of `ftcost sweep` as a user runs it: 10M volume points of an example written as
# CSV (and as JSON lines) to /dev/null, formatting included; the best of three runs each.
#   bench/sweep.sh [build dir, default build]
# Target (issue #7): at least 1M points per second on one core.
set -euo pipefail
cd "$(dirname "$0")/.."
ftcost=${1:-build}/ftcost
[[ -x $ftcost ]] || { echo "missing $ftcost: build first" >&2; exit 2; }
points=10000000
best_rate() {  # prints the best points/s of three runs of: ftcost sweep ... "$@"
  local best=0
  for _ in 1 2 3; do
    local start end rate
    start=${EPOCHREALTIME/[.,]/}
    "$ftcost" sweep examples/support-assistant-8b-lora.yaml --vary "hosting.queries_per_month=1k..100M:log:$points" \
      "$@" >/dev/null
    end=${EPOCHREALTIME/[.,]/}
    rate=$((points * 1000000 / (end - start)))
    ((rate > best)) && best=$rate
  done
  echo "$best"
}
csv=$(best_rate)
json=$(best_rate -f json)
printf 'ftcost sweep, %s volume points to /dev/null: CSV %s points/s, JSON lines %s points/s (target >= 1000000)\n' \
  "$points" "$csv" "$json"
((csv >= 1000000)) || { echo "MISSED: $csv points/s < 1000000"; exit 1; }
