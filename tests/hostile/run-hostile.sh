#!/usr/bin/env bash
# Runs the real ftcost binary over every hostile input and checks that each is refused cleanly:
# exit code 2, nothing on stdout, exactly one stderr line starting "ftcost: error:" (containing the
# text listed in expected.tsv), within a time limit and, when /usr/bin/time exists, a memory limit.
#
#   tests/hostile/run-hostile.sh path/to/ftcost [tests/hostile]
#
# Environment: FTCOST_HOSTILE_TIMEOUT (seconds per case, default 20), FTCOST_HOSTILE_MAX_RSS_KB
# (default 131072; 0 disables the memory check, as the sanitizer build does).
set -u
ftcost=$(realpath "$1")
corpus=$(realpath "${2:-$(dirname "$0")}")
example="$corpus/../../examples/support-assistant-8b-lora.yaml"
time_limit=${FTCOST_HOSTILE_TIMEOUT:-20}
max_rss_kb=${FTCOST_HOSTILE_MAX_RSS_KB:-131072}
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT

failures=0
cases=0
worst_rss=0
worst_rss_case=""

# check NAME EXPECTED STDIN_FILE -- ARGS...
check() {
  local name=$1 expected=$2 input=$3
  shift 4
  cases=$((cases + 1))
  local out="$work/stdout" err="$work/stderr" rss="$work/rss"
  rm -f "$rss"
  local runner=()
  if [[ -x /usr/bin/time && $max_rss_kb != 0 ]]; then runner=(/usr/bin/time -f %M -o "$rss"); fi
  timeout -s KILL "$time_limit" "${runner[@]}" "$ftcost" "$@" <"$input" >"$out" 2>"$err"
  local code=$?
  local problems=()
  [[ $code == 137 ]] && problems+=("killed after ${time_limit}s")
  [[ $code != 2 && $code != 137 ]] && problems+=("exit code $code, expected 2")
  [[ -s $out ]] && problems+=("wrote $(wc -c <"$out") bytes to stdout")
  local lines
  lines=$(wc -l <"$err")
  if [[ $lines != 1 || $(tail -c 1 "$err" | od -An -c | tr -d ' ') != '\n' ]]; then
    problems+=("stderr has $lines lines, expected exactly one")
  fi
  if ! head -n 1 "$err" | grep -q '^ftcost: error: '; then
    problems+=("stderr does not start with 'ftcost: error: '")
  fi
  if [[ -n $expected ]] && ! grep -qF -- "$expected" "$err"; then
    problems+=("stderr lacks '$expected'")
  fi
  if [[ -s $rss ]]; then
    local kb
    kb=$(tail -n 1 "$rss")
    if [[ $kb =~ ^[0-9]+$ ]]; then
      ((kb > worst_rss)) && worst_rss=$kb && worst_rss_case=$name
      ((kb > max_rss_kb)) && problems+=("peak RSS ${kb} KB above ${max_rss_kb} KB")
    fi
  fi
  if ((${#problems[@]})); then
    failures=$((failures + 1))
    printf 'FAIL %s: %s\n' "$name" "$(IFS=';'; echo "${problems[*]}")"
    head -c 600 "$err" | sed 's/^/     stderr: /'
  fi
}

# The committed corpus: every file must be listed in expected.tsv, and every listed file must exist.
declare -A expected_text
while IFS=$'\t' read -r path text; do
  [[ -z $path || $path == \#* ]] && continue
  expected_text[$path]=$text
  [[ -e $corpus/$path ]] || { echo "FAIL expected.tsv lists missing file $path"; failures=$((failures + 1)); }
done <"$corpus/expected.tsv"
for file in "$corpus"/scenarios/* "$corpus"/catalogs/*; do
  rel=${file#"$corpus"/}
  if [[ ! -v expected_text[$rel] ]]; then
    echo "FAIL $rel is not listed in expected.tsv"
    failures=$((failures + 1))
    continue
  fi
  case $rel in
    scenarios/*) check "$rel" "${expected_text[$rel]}" /dev/null -- estimate "$file" ;;
    catalogs/*) check "$rel" "${expected_text[$rel]}" /dev/null -- estimate --catalog "$file" "$example" ;;
  esac
done

# Generated inputs, too large or too odd to commit.
repeat() { # repeat TEXT COUNT: TEXT written COUNT times
  local text=$1 count=$2
  yes -- "$text" | head -n "$count" | tr -d '\n'
}
gen=$work/gen
mkdir -p "$gen"
yes 'key: value' | head -c 100M >"$gen/huge-100mb.yaml"
check generated/huge-100mb.yaml "larger than" /dev/null -- estimate "$gen/huge-100mb.yaml"
check generated/huge-catalog-100mb.yaml "larger than" /dev/null -- estimate --catalog "$gen/huge-100mb.yaml" "$example"
check generated/huge-stdin "larger than" "$gen/huge-100mb.yaml" -- estimate -
check generated/endless-dev-zero "larger than" /dev/null -- estimate /dev/zero
{ repeat '[' 100000; repeat ']' 100000; } >"$gen/deep-100k-flow.yaml"
check generated/deep-100k-flow.yaml "nesting is deeper than 64" /dev/null -- estimate "$gen/deep-100k-flow.yaml"
{ printf '{"version": 1, "x": '; repeat '[' 100000; repeat ']' 100000; printf '}'; } >"$gen/deep-100k.json"
check generated/deep-100k.json "nesting is deeper than 64" /dev/null -- estimate "$gen/deep-100k.json"
{ repeat '{a: ' 100000; repeat '}' 100000; } >"$gen/deep-100k-maps.yaml"
check generated/deep-100k-maps.yaml "nesting is deeper than 64" /dev/null -- estimate "$gen/deep-100k-maps.yaml"
{ repeat '- ' 100000; echo x; } >"$gen/deep-100k-block.yaml"
check generated/deep-100k-block.yaml "nesting is deeper than 64" /dev/null -- estimate "$gen/deep-100k-block.yaml"
{ repeat '[' 100000; } >"$gen/deep-100k-unclosed.yaml"
check generated/deep-100k-unclosed.yaml "nesting is deeper than 64" /dev/null -- estimate "$gen/deep-100k-unclosed.yaml"
{ printf '['; repeat '1,' 3000000; printf '1]\n'; } >"$gen/many-values.yaml"
check generated/many-values.yaml "more than 200000 values" /dev/null -- estimate "$gen/many-values.yaml"
{ printf 'version: 1\n'; for i in $(seq 1 250000); do printf 'k%d: 1\n' "$i"; done; } >"$gen/many-keys.yaml"
check generated/many-keys.yaml "" /dev/null -- estimate "$gen/many-keys.yaml"
{ printf 'version: 1\nname: "'; head -c 7M /dev/zero | tr '\0' 'x'; printf '"\n'; } >"$gen/long-string.yaml"
check generated/long-string.yaml "name" /dev/null -- estimate "$gen/long-string.yaml"
{ printf 'version: 1\n"'; head -c 1M /dev/zero | tr '\0' 'k'; printf '": 1\n'; } >"$gen/long-key.yaml"
check generated/long-key.yaml "invalid YAML" /dev/null -- estimate "$gen/long-key.yaml"
printf 'version: 1\n\0\0\0binary\n' >"$gen/binary.yaml"
check generated/binary.yaml "binary" /dev/null -- estimate "$gen/binary.yaml"
head -c 65536 /dev/urandom >"$gen/random.yaml"
check generated/random.yaml "" /dev/null -- estimate "$gen/random.yaml"
printf '\xff\xfe\x00\x00' >"$gen/utf32-bom.yaml"
check generated/utf32-bom.yaml "" /dev/null -- estimate "$gen/utf32-bom.yaml"
mkdir -p "$gen/a-directory.yaml"
check generated/directory "directory" /dev/null -- estimate "$gen/a-directory.yaml"
check generated/catalog-directory "directory" /dev/null -- estimate --catalog "$gen/a-directory.yaml" "$example"
check generated/missing-file "no such file" /dev/null -- estimate "$gen/does-not-exist.yaml"
check generated/missing-catalog "no such file" /dev/null -- estimate --catalog "$gen/does-not-exist.yaml" "$example"
check generated/empty-stdin "" /dev/null -- estimate -
check generated/unknown-flag "" /dev/null -- estimate --frobnicate "$example"
check generated/bad-format-flag "" /dev/null -- estimate --format xml "$example"

echo "hostile inputs: $cases cases, $failures failed; worst peak RSS ${worst_rss} KB ($worst_rss_case)"
((failures == 0))
