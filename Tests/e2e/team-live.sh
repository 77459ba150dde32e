#!/usr/bin/env bash
# End-to-end test of two inboxes on one PostgreSQL store: a change made in one shows in the other
# within a second (LISTEN/NOTIFY → the other inbox's queue → reload), and is in the database; while
# one agent composes, the other sees "Lin is replying" and cannot open the composer on that case.
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

# Each agent's own configuration: the name colleagues see ("Lin is replying"), the id on their events.
agent_config() {
    printf '[store]\nname = "Lumen Home"\n[agent]\nname = "%s"\n[mail]\nfrom = "support@lumen-home.example"\n' "$1" \
        >"$E2E_TMP/$2.toml"
}
agent_config Lin lin
agent_config Sam sam

step "two inboxes on one PostgreSQL store"
kefu_cli demo --no-inbox --store "$E2E_TMP/demo" >/dev/null 2>&1 || fail "kefu demo failed"
kefu_cli store copy "$E2E_TMP/demo" "$PG" >/dev/null || fail "kefu store copy into PostgreSQL failed"
launch lin --config "$E2E_TMP/lin.toml" --store "$PG"
wait_for "[needs reply]"
wait_for "Lin ○ away (V)"  # team mode: the agent in the header, registered (away until V or `kefu agent available`)
launch sam --config "$E2E_TMP/sam.toml" --store "$PG"
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

# Opens the composer with offer 1 on the selected case (confirming a refund amount if it asks).
compose() {
    keys 1
    sleep 0.3
    if screen_has "Refund for"; then keys Enter; fi
}

step "Lin composes: Sam sees \"Lin is replying\" within a second and cannot open the composer"
use lin; CASE=$(divider_id)
[[ -n "$CASE" ]] || fail "no case selected in Lin's inbox"
use sam
if [[ "$(divider_id)" != "$CASE" ]]; then keys /; type_text "$CASE"; keys Enter; fi
[[ "$(divider_id)" == "$CASE" ]] || fail "Sam cannot select $CASE"
use lin
start=$(now_ms)
compose
use sam
while ! screen_has "Lin is replying"; do
    if (( $(now_ms) - start >= 3000 )); then use lin; capture >&2; use sam; fail "no \"Lin is replying\" in Sam's inbox 3 s after Lin opened the composer on $CASE"; fi
    sleep 0.05
done
took=$(( $(now_ms) - start ))
use lin; screen_has "Reply · $CASE" || fail "Lin's composer is not open on $CASE"
use sam
(( took <= 1000 )) || fail "Sam's inbox took ${took} ms to show Lin replying"
screen_has "✎ Lin replying" || fail "the queue row of $CASE does not say Lin is replying"
keys 1
wait_for "$CASE: Lin is replying — leave it to them"
screen_has "Reply · $CASE" && fail "Sam's composer opened on the case Lin is answering"
ok "${took} ms from Lin's key to Sam's screen; Sam's offer key refused"

step "Lin cancels: the marker leaves Sam's inbox, Sam replies, Lin sees him replying"
use lin; keys Escape
wait_gone "Reply · $CASE"
use sam
wait_gone "✎ Lin" 5
compose
wait_for "Reply · $CASE"
use lin; wait_for "✎ Sam is replying" 5
use sam; keys C-d
sleep 0.5
if screen_has "again sends anyway"; then keys C-d; fi
wait_for "$CASE: reply queued"
use lin; wait_gone "✎ Sam" 5
by=$(kefu_cli show "$CASE" --json --store "$PG" | python3 -c 'import json,sys; print([e.get("by") for e in json.load(sys.stdin)["events"] if e["type"] == "replied"][-1])')
[[ "$by" == sam ]] || fail "the reply on $CASE is signed '$by' in the database, expected sam"
ok

step "both quit cleanly"
for who in lin sam; do use "$who"; keys q; wait_for "KEFU-EXIT=0"; done
ok
