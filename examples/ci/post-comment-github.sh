#!/usr/bin/env bash
# Posts COMMENT.md on a GitHub pull request, or updates the comment posted before: the one whose body
# holds the hidden marker line (<!-- ftcost -->), so every push edits one comment instead of adding one.
#
#   examples/ci/post-comment-github.sh ftcost-comment.md
#
# Environment (GitHub Actions sets the first three):
#   GITHUB_TOKEN or GH_TOKEN   a token allowed to write pull-request comments
#   GITHUB_REPOSITORY          owner/name
#   GITHUB_API_URL             default https://api.github.com
#   PR_NUMBER                  the pull request (default: read from GITHUB_EVENT_PATH's pull_request.number)
#   FTCOST_MARKER              default <!-- ftcost -->
# Needs curl and jq. All HTTP goes through `api` below (tests replace curl on PATH).
set -euo pipefail
file=${1:?usage: post-comment-github.sh COMMENT.md}
token=${GITHUB_TOKEN:-${GH_TOKEN:?set GITHUB_TOKEN or GH_TOKEN}}
repo=${GITHUB_REPOSITORY:?set GITHUB_REPOSITORY (owner/name)}
api_url=${GITHUB_API_URL:-https://api.github.com}
marker=${FTCOST_MARKER:-<!-- ftcost -->}
pr=${PR_NUMBER:-}
if [ -z "$pr" ] && [ -n "${GITHUB_EVENT_PATH:-}" ]; then pr=$(jq -r '.pull_request.number // empty' "$GITHUB_EVENT_PATH"); fi
[ -n "$pr" ] || { echo "post-comment-github: no pull request number (set PR_NUMBER)" >&2; exit 1; }

# api METHOD PATH [JSON_FILE]: one REST call, the response on stdout; fails on an HTTP error.
api() {
  local data=()
  [ $# -ge 3 ] && data=(--data "@$3")
  curl --fail --silent --show-error --location -X "$1" \
    -H "Authorization: Bearer $token" -H "Accept: application/vnd.github+json" \
    -H "X-GitHub-Api-Version: 2022-11-28" -H "Content-Type: application/json" \
    "${data[@]}" "$api_url$2"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The body carries the marker even when the file was written without it.
{ grep -qF -- "$marker" "$file" || printf '%s\n' "$marker"; cat "$file"; } > "$work/body.md"
jq -n --rawfile body "$work/body.md" '{body: $body}' > "$work/request.json"

# The first comment of this pull request holding the marker, page by page.
existing=""
for page in $(seq 1 50); do
  api GET "/repos/$repo/issues/$pr/comments?per_page=100&page=$page" > "$work/page.json"
  existing=$(jq -r --arg m "$marker" '[.[] | select((.body // "") | contains($m))][0].id // empty' "$work/page.json")
  [ -n "$existing" ] && break
  [ "$(jq 'length' "$work/page.json")" -lt 100 ] && break
done

if [ -n "$existing" ]; then
  api PATCH "/repos/$repo/issues/comments/$existing" "$work/request.json" > /dev/null
  echo "post-comment-github: updated comment $existing on #$pr" >&2
else
  api POST "/repos/$repo/issues/$pr/comments" "$work/request.json" > /dev/null
  echo "post-comment-github: posted a comment on #$pr" >&2
fi
