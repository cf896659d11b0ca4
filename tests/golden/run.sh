#!/usr/bin/env bash
# Golden-file tests: run the real ftcost binary on each case and compare stdout, stderr and the
# exit code with the files stored beside it.
#   tests/golden/cases/<case>/args        the arguments, one line, paths relative to the repo root
#   tests/golden/cases/<case>/stdout      expected standard output
#   tests/golden/cases/<case>/stderr      expected standard error
#   tests/golden/cases/<case>/exit_code   expected exit code
# Regenerate on purpose after a deliberate change:  FTCOST_UPDATE_GOLDEN=1 ctest -R golden
set -u
binary=$1
root=$2
cases_dir="$root/tests/golden/cases"
failed=0
passed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" || exit 1
for dir in "$cases_dir"/*/; do
  name=$(basename "$dir")
  read -r -a args < "$dir/args"
  timeout 20 "$binary" "${args[@]}" > "$work/stdout" 2> "$work/stderr" < /dev/null
  echo $? > "$work/exit_code"
  if [ "${FTCOST_UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$work/stdout" "$work/stderr" "$work/exit_code" "$dir"
    continue
  fi
  ok=1
  for part in exit_code stdout stderr; do
    if ! diff -u "$dir/$part" "$work/$part" > "$work/diff" 2>&1; then
      echo "FAIL $name: $part differs"
      head -40 "$work/diff"
      ok=0
    fi
  done
  if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "golden: $passed passed, $failed failed"
[ $failed = 0 ]
