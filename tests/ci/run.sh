#!/usr/bin/env bash
# Tests the CI recipes' scripts (examples/ci/) against a throw-away git repository: scenarios
# committed on main, changed on a branch; ftcost-changed.sh must diff each against main, write the
# Markdown comment and exit 0 / 3 (over budget) / 2 (a scenario that does not estimate); the comment
# posters must create one comment and then update it, with curl replaced by tests/ci/fake-curl.
#   tests/ci/run.sh FTCOST_BINARY SOURCE_ROOT
# Exit 77 (skipped) without git or jq.
set -u
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
for tool in git jq; do command -v "$tool" > /dev/null || { echo "ci-scripts: $tool not found; skipped"; exit 77; }; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_code() { [ "$2" = "$3" ] && echo "ok   $1: exit $2" || fail "$1: exit $2, expected $3"; }
expect_in() { grep -qF -- "$2" "$3" && echo "ok   $1" || { fail "$1: '$2' not in $3"; sed 's/^/    | /' "$3" | head -60; }; }
expect_not_in() { grep -qF -- "$2" "$3" && fail "$1: '$2' is in $3" || echo "ok   $1"; }

# The repository: two scenarios and a document on main.
repo=$work/repo
mkdir -p "$repo/scenarios" "$repo/docs"
cd "$repo" || exit 1
git init -q -b main
git config user.email ci@example.invalid
git config user.name "CI test"
cp "$root/examples/support-assistant-8b-lora.yaml" scenarios/assistant.yaml
cp "$root/examples/low-volume-internal-tool.yaml" scenarios/internal.yaml
echo "notes" > docs/notes.md
git add -A && git commit -qm "scenarios on main"

# The branch: triple the assistant's volume, add a new scenario, touch a document.
git checkout -q -b feature
sed -i 's/^  queries_per_month: 1M$/  queries_per_month: 3M/' scenarios/assistant.yaml
cp "$root/examples/legal-70b-qlora.yaml" scenarios/legal.yaml
echo "more notes" >> docs/notes.md
git add -A && git commit -qm "3M queries, a legal scenario"

export FTCOST=$binary
changed=$root/examples/ci/ftcost-changed.sh
comment=$work/comment.md
export FTCOST_COMMENT=$comment

# 1. Within budget (no limits): exit 0, one section per changed scenario, the diff's numbers.
"$changed" main 2> "$work/stderr"
expect_code "changed scenarios, no budget" $? 0
expect_in "hidden marker first" "<!-- ftcost -->" <(head -1 "$comment")
expect_in "summary line" '2 scenario files changed against `main` · ✅ no budget exceeded' "$comment"
expect_in "assistant section" '### `scenarios/assistant.yaml`' "$comment"
# The API's tokens triple ($2,270 → $6,810 a month: +$108,960 over 24 months, as in the pipeline
# golden file diff-support.md); self-hosting's two L40S replicas already carry 3M queries/month.
expect_in "diff header" "#### ftcost diff: Support assistant — Llama 3.1 8B LoRA (1M → 3M queries/month" "$comment"
expect_in "diff API row" "| API claude-haiku-4.5 + few-shot | \$59,441 | \$168,401 | +\$108,960 (+183.3%) | +\$4,540 (+200.0%) |" "$comment"
expect_in "diff self-hosted row" "| Self-hosted llama-3.1-8b lora | \$271,284 | \$271,284 | — | — |" "$comment"
expect_in "new scenario section" '### `scenarios/legal.yaml` — new' "$comment"
expect_in "new scenario estimated" "#### ftcost: Contract review — Llama 3.3 70B QLoRA" "$comment"
expect_in "new scenario recommendation" "**Recommendation:**" "$comment"
expect_not_in "unchanged scenario left out" "scenarios/internal.yaml" "$comment"
expect_not_in "documents left out" "notes.md" "$comment"

# 2. A budget the branch breaks: the self-hosted option costs $271,284 over 24 months, $21,284 over a
#    $250,000 limit: exit 3 and the budget table in the comment.
printf 'budget:\n  max_total_usd: 250k\n' >> scenarios/assistant.yaml
git commit -qam "a budget"
"$changed" main 2> "$work/stderr"
expect_code "budget exceeded" $? 3
expect_in "breach in summary" "❌ 1 over budget" "$comment"
expect_in "budget table" "#### Budget: ❌ 1 of 1 limits exceeded — Self-hosted llama-3.1-8b lora" "$comment"
expect_in "budget row" "| Total over 24 months (\`max_total_usd\`) | \$271,284 | \$250,000 | \$21,284 | ❌ exceeded |" "$comment"
# The same limits from the command line for every scenario: the legal one is over too.
FTCOST_CHECK_ARGS="--max-total 250k" "$changed" main 2> "$work/stderr"
expect_code "limits from FTCOST_CHECK_ARGS" $? 3
expect_in "both over budget" "❌ 2 over budget" "$comment"

# 3. A scenario that does not estimate: exit 2, its error in the comment.
printf 'version: 1\nname: broken\nhostin: {}\n' > scenarios/broken.yaml
git add -A && git commit -qm "a broken scenario"
"$changed" main 2> "$work/stderr"
expect_code "scenario that does not estimate" $? 2
expect_in "error in comment" "❌ **ftcost could not estimate this scenario** (exit 2)" "$comment"
expect_in "error line" "ftcost: error: scenarios/broken.yaml" "$comment"
git rm -q scenarios/broken.yaml && git commit -qm "remove it"

# 4. A removed and a renamed scenario.
git mv scenarios/internal.yaml scenarios/hr-helper.yaml
git rm -q scenarios/legal.yaml
git commit -qm "rename, remove"
"$changed" main 2> "$work/stderr"
expect_code "renamed scenario, budget still exceeded" $? 3
expect_in "renamed" '### `scenarios/hr-helper.yaml` — renamed from `scenarios/internal.yaml`' "$comment"
expect_in "renamed diff says no change" "No change" "$comment"
expect_not_in "legal no longer new" "scenarios/legal.yaml" "$comment"

# 5. Nothing changed.
git checkout -q main
"$changed" main 2> "$work/stderr"
expect_code "no change" $? 0
expect_in "no scenario changed" "No scenario files changed" "$comment"
git checkout -q feature

# 6. Posting: the first run creates the comment, the second updates the same one; a comment of
#    someone else stays untouched.
mkdir -p "$work/bin" "$work/state"
cp "$root/tests/ci/fake-curl" "$work/bin/curl"
export FAKE_STATE=$work/state
echo '[{"id": 7, "body": "LGTM"}]' > "$FAKE_STATE/comments.json"
printf '<!-- ftcost -->\nfirst\n' > "$work/first.md"
printf '<!-- ftcost -->\nsecond\n' > "$work/second.md"
github() {
  PATH="$work/bin:$PATH" GITHUB_TOKEN=t GITHUB_REPOSITORY=acme/models GITHUB_API_URL=https://api.example PR_NUMBER=42 \
    "$root/examples/ci/post-comment-github.sh" "$1" 2>> "$work/post.err"
}
github "$work/first.md" && github "$work/second.md"
expect_code "github posts" $? 0
printf '%s\n' "GET https://api.example/repos/acme/models/issues/42/comments?per_page=100&page=1" \
  "POST https://api.example/repos/acme/models/issues/42/comments" \
  "GET https://api.example/repos/acme/models/issues/42/comments?per_page=100&page=1" \
  "PATCH https://api.example/repos/acme/models/issues/comments/101" > "$work/expected-calls"
diff "$work/expected-calls" "$FAKE_STATE/calls" > /dev/null && echo "ok   github: create, then update comment 101" ||
  { fail "github calls"; cat "$FAKE_STATE/calls"; }
[ "$(jq -r '.[] | select(.id == 101) | .body' "$FAKE_STATE/comments.json")" = $'<!-- ftcost -->\nsecond' ] &&
  [ "$(jq length "$FAKE_STATE/comments.json")" = 2 ] &&
  [ "$(jq -r '.[0].body' "$FAKE_STATE/comments.json")" = LGTM ] &&
  echo "ok   github: one ftcost comment, holding the second body" || { fail "github comments"; cat "$FAKE_STATE/comments.json"; }

# The real comment from step 4 round-trips through JSON unchanged (quotes, backticks, emoji, pipes).
github "$comment"
[ "$(jq -r '.[] | select(.id == 101) | .body' "$FAKE_STATE/comments.json")" = "$(cat "$comment")" ] &&
  echo "ok   github: the Markdown comment arrives byte for byte" || fail "github: comment body changed in transit"

rm -f "$FAKE_STATE/calls"
echo '[]' > "$FAKE_STATE/comments.json"
printf 'no marker yet\n' > "$work/plain.md"
gitlab() {
  PATH="$work/bin:$PATH" FTCOST_BOT_TOKEN=t CI_API_V4_URL=https://gitlab.example/api/v4 CI_PROJECT_ID=9 \
    CI_MERGE_REQUEST_IID=5 "$root/examples/ci/post-comment-gitlab.sh" "$1" 2>> "$work/post.err"
}
gitlab "$work/plain.md" && gitlab "$work/second.md"
expect_code "gitlab posts" $? 0
printf '%s\n' "GET https://gitlab.example/api/v4/projects/9/merge_requests/5/notes?per_page=100&page=1&sort=asc" \
  "POST https://gitlab.example/api/v4/projects/9/merge_requests/5/notes" \
  "GET https://gitlab.example/api/v4/projects/9/merge_requests/5/notes?per_page=100&page=1&sort=asc" \
  "PUT https://gitlab.example/api/v4/projects/9/merge_requests/5/notes/100" > "$work/expected-calls"
diff "$work/expected-calls" "$FAKE_STATE/calls" > /dev/null && echo "ok   gitlab: create, then update note 100" ||
  { fail "gitlab calls"; cat "$FAKE_STATE/calls"; }
# A body written without the marker got it, so the second run found the note.
[ "$(jq length "$FAKE_STATE/comments.json")" = 1 ] &&
  [ "$(jq -r '.[0].body' "$FAKE_STATE/comments.json")" = $'<!-- ftcost -->\nsecond' ] &&
  echo "ok   gitlab: one note, holding the second body" || { fail "gitlab notes"; cat "$FAKE_STATE/comments.json"; }

# 7. The cached build: a binary built from the commit asked for is reused, nothing is fetched or built.
mkdir -p "$work/home/bin"
cp "$binary" "$work/home/bin/ftcost"
echo 0123abc > "$work/home/commit"
FTCOST_REPO=/nonexistent FTCOST_COMMIT=0123abc FTCOST_HOME=$work/home "$root/examples/ci/install-ftcost.sh" \
  2> "$work/install.err"
expect_code "install-ftcost with a cache hit" $? 0
expect_in "install-ftcost reuses the cached binary" "cached ftcost built from 0123abc" "$work/install.err"

[ "$failures" = 0 ] && echo "all CI-script checks passed" || echo "$failures failure(s)"
[ "$failures" = 0 ]
