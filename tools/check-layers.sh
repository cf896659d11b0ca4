#!/bin/bash
# The include graph follows the pipeline util → catalog → scenario → models → report → render → cli,
# with the three side branches ranked where they read from it: calibrate after models (it predicts
# with them), uncertainty (Monte Carlo over reports) after report, plan after uncertainty. A file may
# include ftcost headers of its own layer or of an earlier one, never of a later one; every folder is
# ranked. Prints every include against that direction; exit 1 when there is any.
set -u
cd "${1:-$(dirname "$0")/..}"
order=(util catalog scenario models calibrate report uncertainty plan render cli)
rank() {
  for i in "${!order[@]}"; do
    if [ "${order[$i]}" = "$1" ]; then echo "$i"; return; fi
  done
  echo -1
}
bad=0
for dir in src/* include/ftcost/*; do
  [ -d "$dir" ] || continue
  layer_rank=$(rank "$(basename "$dir")")
  if [ "$layer_rank" = -1 ]; then
    echo "not ranked: $dir (add it to the order in tools/check-layers.sh and ARCHITECTURE.md)"
    bad=1
    continue
  fi
  while IFS= read -r hit; do
    included=$(sed -E 's/.*#include "ftcost\/([a-z_]+)\/.*/\1/' <<<"$hit")
    if [ "$(rank "$included")" -gt "$layer_rank" ]; then
      echo "against the layering: $hit"
      bad=1
    fi
  done < <(grep -rHn '#include "ftcost/' "$dir")
done
[ "$bad" = 0 ] && echo "layering: ok (${order[*]})"
exit "$bad"
