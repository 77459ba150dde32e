#!/usr/bin/env bash
# End-to-end test of two inboxes on one PostgreSQL store: a change made in one shows in the other
# within a second (LISTEN/NOTIFY → the other inbox's queue → reload), and is in the database.
# Needs KEFU_TEST_PG_URL (.ci/run starts a server and sets it).
#
#   swift build && KEFU_TEST_PG_URL=postgresql://… bash Tests/e2e/team-live.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh

pg_require team-live.sh
e2e_init
pg_schema

# The case id in the divider between queue and detail (`── K-1016 ───`).
divider_id() {
    local pane
    pane=$(capture)
    if [[ "$pane" =~ ──\ (K-[0-9]+)\ ── ]]; then echo "${BASH_REMATCH[1]}"; fi
}

step "two inboxes on one PostgreSQL store"
kefu_cli demo --no-inbox --store "$E2E_TMP/demo" >/dev/null 2>&1 || fail "kefu demo failed"
kefu_cli store copy "$E2E_TMP/demo" "$PG" >/dev/null || fail "kefu store copy into PostgreSQL failed"
launch lin --store "$PG"
wait_for "[needs reply]"
launch sam --store "$PG"
wait_for "[needs reply]"
use lin; MARKED=$(divider_id)
use sam; [[ -n "$MARKED" && "$(divider_id)" == "$MARKED" ]] || fail "the two inboxes do not start on the same case ($MARKED)"
screen_has "(read-only)" && fail "the second inbox opened read-only"
ok "both on $MARKED"

step "Lin's change shows in Sam's inbox within a second"
use lin
start=$(now_ms)
keys x
use sam
while [[ "$(divider_id)" == "$MARKED" ]]; do
    if (( $(now_ms) - start >= 3000 )); then use lin; capture >&2; use sam; fail "$MARKED still selected in Sam's needs-reply queue after 3 s"; fi
    sleep 0.05
done
took=$(( $(now_ms) - start ))
(( took <= 1000 )) || fail "Sam's inbox took ${took} ms to show Lin's change"
use lin; wait_for "$MARKED: no response needed"
status=$(kefu_cli show "$MARKED" --json --store "$PG" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
[[ "$status" == no-response-needed ]] || fail "$MARKED is '$status' in the database, expected no-response-needed"
ok "${took} ms from the key to Sam's screen"

step "both quit cleanly"
for who in lin sam; do use "$who"; keys q; wait_for "KEFU-EXIT=0"; done
ok
