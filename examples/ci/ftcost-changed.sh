#!/usr/bin/env bash
# The cost impact of a pull request, infracost-style: finds the scenario files the branch changed
# against BASE, runs `ftcost diff` of each against its version on BASE (a new file is estimated on its
# own), checks every changed scenario's budget, and writes one Markdown comment.
#
#   examples/ci/ftcost-changed.sh BASE            # e.g. origin/main; run from the checked-out branch
#
# Environment:
#   FTCOST             the ftcost binary (default: ftcost on PATH)
#   FTCOST_SCENARIOS   extended regular expression a scenario path must match
#                      (default: '(^|/)scenarios/.*\.(ya?ml|json)$')
#   FTCOST_COMMENT     where the Markdown goes (default: ftcost-comment.md)
#   FTCOST_CHECK_ARGS  extra budget flags for every scenario, e.g. "--max-total 250k" (default: none;
#                      a scenario's own `budget:` section is always checked)
#   FTCOST_MARKER      the hidden line that lets the comment be found and updated (default: <!-- ftcost -->)
#
# Exit codes: 0 every changed scenario is within budget (or has none), 3 one is over budget,
# 2 one could not be estimated (its error is in the comment), 1 a git or usage problem.
set -u
base=${1:?usage: ftcost-changed.sh BASE (e.g. origin/main)}
ftcost=${FTCOST:-ftcost}
pattern=${FTCOST_SCENARIOS:-'(^|/)scenarios/.*\.(ya?ml|json)$'}
comment=${FTCOST_COMMENT:-ftcost-comment.md}
marker=${FTCOST_MARKER:-<!-- ftcost -->}
read -r -a check_args <<< "${FTCOST_CHECK_ARGS:-}"

merge_base=$(git merge-base "$base" HEAD) || { echo "ftcost-changed: no common ancestor of $base and HEAD" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

worst=0        # 0, then 3 for a breach, 2 for an error (an error wins: the numbers are unknown)
changed=0
breached=0
failed=0
sections=""

note_status() {
  case $1 in
    2) failed=$((failed + 1)); worst=2 ;;
    3) breached=$((breached + 1)); [ "$worst" = 2 ] || worst=3 ;;
  esac
}

# ftcost's own headings (###) one level down, under the file's heading.
demote() { sed 's/^### /#### /'; }

# One fenced line with ftcost's error, for the comment.
error_block() { printf '\n```\n%s\n```\n' "$(tail -n 3 "$1")"; }

# The base version of PATH, written where its relative `price_book:` still resolves: beside a copy
# of the whole base tree when the scenario names one, else alone in a folder of its own.
base_copy() {
  local path=$1
  if git show "$merge_base:$path" 2> /dev/null | grep -q 'price_book'; then
    if [ ! -d "$work/base-tree" ]; then
      mkdir -p "$work/base-tree" && git archive "$merge_base" | tar -x -C "$work/base-tree"
    fi
    printf '%s\n' "$work/base-tree/$path"
  else
    mkdir -p "$work/base/$(dirname "$path")"
    git show "$merge_base:$path" > "$work/base/$path" && printf '%s\n' "$work/base/$path"
  fi
}

# Budget: the scenario's own limits (present in its JSON estimate as "budget") or FTCOST_CHECK_ARGS.
check_budget() {
  local path=$1 status=0
  if [ ${#check_args[@]} -eq 0 ] && ! grep -q '^  "budget": {' "$work/estimate.json"; then
    return 0
  fi
  "$ftcost" check "$path" --format markdown "${check_args[@]}" > "$work/check.md" 2> "$work/check.err" || status=$?
  case $status in
    0 | 3) sections+=$'\n'"$(demote < "$work/check.md")"$'\n' ;;
    *) sections+=$'\n'"**Budget check failed** (exit $status):$(error_block "$work/check.err")"$'\n' ;;
  esac
  note_status "$status"
}

scenario_section() {
  local status_letter=$1 path=$2 old_path=$3 base_file="" status=0
  changed=$((changed + 1))
  case $status_letter in
    A*) sections+=$'\n'"### \`$path\` — new"$'\n' ;;
    R*) sections+=$'\n'"### \`$path\` — renamed from \`$old_path\`"$'\n' ;;
    *) sections+=$'\n'"### \`$path\`"$'\n' ;;
  esac
  # The new version must estimate; its JSON also says whether it has budget limits.
  "$ftcost" estimate "$path" --format json -o "$work/estimate.json" 2> "$work/estimate.err" || status=$?
  if [ "$status" != 0 ]; then
    sections+=$'\n'"❌ **ftcost could not estimate this scenario** (exit $status):$(error_block "$work/estimate.err")"$'\n'
    note_status 2
    return
  fi
  [ -n "$old_path" ] && base_file=$(base_copy "$old_path")
  if [ -n "$base_file" ] &&
    "$ftcost" diff "$base_file" "$path" --format markdown > "$work/diff.md" 2> "$work/diff.err"; then
    sections+=$'\n'"$(demote < "$work/diff.md")"$'\n'
  else
    # New, or a base version that no longer estimates (an older format, a removed price): the
    # estimate of the new version alone.
    [ -n "$base_file" ] && sections+=$'\n'"The version on the base branch could not be estimated, so this is the new version alone:$(error_block "$work/diff.err")"$'\n'
    "$ftcost" estimate "$path" --format markdown > "$work/estimate.md" 2> /dev/null
    sections+=$'\n'"$(demote < "$work/estimate.md")"$'\n'
  fi
  check_budget "$path"
}

while IFS=$'\t' read -r status_letter first second; do
  case $status_letter in
    D)
      printf '%s\n' "$first" | grep -Eq "$pattern" || continue
      changed=$((changed + 1))
      sections+=$'\n'"### \`$first\` — removed"$'\n\n'"This scenario no longer exists on the branch."$'\n'
      ;;
    R* | C*)
      printf '%s\n' "$second" | grep -Eq "$pattern" || printf '%s\n' "$first" | grep -Eq "$pattern" || continue
      [ -f "$second" ] || continue
      scenario_section "$status_letter" "$second" "$first"
      ;;
    A)
      printf '%s\n' "$first" | grep -Eq "$pattern" && [ -f "$first" ] || continue
      scenario_section A "$first" ""
      ;;
    *)
      printf '%s\n' "$first" | grep -Eq "$pattern" && [ -f "$first" ] || continue
      scenario_section M "$first" "$first"
      ;;
  esac
done < <(git diff --name-status -M "$merge_base" HEAD)

case $worst in
  0) verdict="✅ no budget exceeded" ;;
  3) verdict="❌ $breached over budget" ;;
  *) verdict="❌ $failed could not be estimated" ;;
esac
{
  printf '%s\n## ftcost: cost impact of this change\n\n' "$marker"
  if [ "$changed" = 0 ]; then
    printf 'No scenario files changed (paths matching `%s`).\n' "$pattern"
  else
    printf '%s scenario file%s changed against `%s` · %s\n%s' "$changed" "$([ "$changed" = 1 ] || echo s)" \
      "$base" "$verdict" "$sections"
  fi
  printf '\n<sub>ftcost diff of each changed scenario against the merge base %s; amounts in USD.</sub>\n' \
    "$(git rev-parse --short "$merge_base")"
} > "$comment"
echo "ftcost-changed: $changed scenario file(s) changed; $verdict; comment in $comment" >&2
exit "$worst"
