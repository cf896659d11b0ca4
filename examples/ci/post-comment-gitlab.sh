#!/usr/bin/env bash
# Posts COMMENT.md as a note on a GitLab merge request, or updates the note posted before: the one
# whose body holds the hidden marker line (<!-- ftcost -->), so every push edits one note.
#
#   examples/ci/post-comment-gitlab.sh ftcost-comment.md
#
# Environment (GitLab CI sets the three CI_ variables in merge-request pipelines):
#   FTCOST_BOT_TOKEN or GITLAB_TOKEN   a project access token with `api` scope
#   CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID
#   FTCOST_MARKER                      default <!-- ftcost -->
# Needs curl and jq. All HTTP goes through `api` below (tests replace curl on PATH).
set -euo pipefail
file=${1:?usage: post-comment-gitlab.sh COMMENT.md}
token=${FTCOST_BOT_TOKEN:-${GITLAB_TOKEN:?set FTCOST_BOT_TOKEN or GITLAB_TOKEN}}
api_url=${CI_API_V4_URL:?set CI_API_V4_URL}
project=${CI_PROJECT_ID:?set CI_PROJECT_ID}
mr=${CI_MERGE_REQUEST_IID:?set CI_MERGE_REQUEST_IID (run in a merge-request pipeline)}
marker=${FTCOST_MARKER:-<!-- ftcost -->}

# api METHOD PATH [JSON_FILE]: one REST call, the response on stdout; fails on an HTTP error.
api() {
  local data=()
  [ $# -ge 3 ] && data=(--data "@$3")
  curl --fail --silent --show-error --location -X "$1" \
    -H "PRIVATE-TOKEN: $token" -H "Content-Type: application/json" \
    "${data[@]}" "$api_url$2"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{ grep -qF -- "$marker" "$file" || printf '%s\n' "$marker"; cat "$file"; } > "$work/body.md"
jq -n --rawfile body "$work/body.md" '{body: $body}' > "$work/request.json"

notes="/projects/$project/merge_requests/$mr/notes"
existing=""
for page in $(seq 1 50); do
  api GET "$notes?per_page=100&page=$page&sort=asc" > "$work/page.json"
  existing=$(jq -r --arg m "$marker" '[.[] | select((.body // "") | contains($m))][0].id // empty' "$work/page.json")
  [ -n "$existing" ] && break
  [ "$(jq 'length' "$work/page.json")" -lt 100 ] && break
done

if [ -n "$existing" ]; then
  api PUT "$notes/$existing" "$work/request.json" > /dev/null
  echo "post-comment-gitlab: updated note $existing on !$mr" >&2
else
  api POST "$notes" "$work/request.json" > /dev/null
  echo "post-comment-gitlab: posted a note on !$mr" >&2
fi
