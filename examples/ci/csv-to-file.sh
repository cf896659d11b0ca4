#!/bin/sh
# Line items and a volume sweep as CSV files for a spreadsheet, plus a budget gate for scripts.
#   examples/ci/csv-to-file.sh [scenario]
set -eu
scenario=${1:-examples/support-assistant-8b-lora.yaml}
out=${OUT_DIR:-.}

# One row per line item of every option (RFC 4180, opens in any spreadsheet). -o writes atomically:
# if the estimate fails, an older line-items.csv is left as it was.
ftcost estimate "$scenario" --format csv -o "$out/line-items.csv"

# Horizon totals of every option from 10k to 10M queries a month, and which one is cheapest.
ftcost sweep "$scenario" --vary hosting.queries_per_month=10k..10M:log:25 > "$out/volume-sweep.csv"

# The same numbers for another volume, without editing the file.
ftcost estimate "$scenario" --set hosting.queries_per_month=3M --format csv > "$out/line-items-3M.csv"

# A budget gate: exit code 3 means a limit was exceeded.
if ftcost check "$scenario" --max-total 300k --format csv -o "$out/budget.csv"; then
  echo "within budget"
else
  status=$?
  [ "$status" -eq 3 ] && echo "over budget: see $out/budget.csv" >&2
  exit "$status"
fi
