#!/bin/bash
# The include graph follows the pipeline util → catalog → scenario → models → report → plan → render → cli:
# a file may include ftcost headers of its own layer or of an earlier one, never of a later one.
# (uncertainty and calibrate sit beside the pipeline and are not ranked.) Prints every include
# against that direction; exit 1 when there is any.
set -u
cd "${1:-$(dirname "$0")/..}"
order=(util catalog scenario models report plan render cli)
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
  [ "$layer_rank" = -1 ] && continue
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
