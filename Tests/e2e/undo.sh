#!/usr/bin/env bash
# End-to-end test of undo, marks and undo send in the real inbox (tmux): m marks two cases, R
# resolves both ("2 cases resolved"), u takes both back; a reply sent with <C-d> waits its grace
# period ("sending in N s — u to undo") and u brings it back into the composer, out of the outbox.
#
#   swift build && bash Tests/e2e/undo.sh        (from the repo root; KEFU_BIN overrides the binary)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh
command -v python3 >/dev/null || { echo "not ok - setup: python3 is needed to read kefu's --json output" >&2; exit 1; }
e2e_init

DIR="$E2E_TMP/undo"
json() { python3 -c 'import json, sys; d = json.load(sys.stdin); r = eval(sys.argv[1]); print(r if r is not None else "")' "$1"; }
divider_id() {
    local pane
    pane=$(capture)
    if [[ "$pane" =~ ──\ (K-[0-9]+)\ ── ]]; then echo "${BASH_REMATCH[1]}"; fi
}
divider_differs() { local id; id=$(divider_id); [[ -n "$id" && "$id" != "$1" ]]; }
status_of() { kefu_cli show --store "$DIR" "$1" --json | json 'd["status"]'; }
outbox_count() { local n=0 f; for f in "$DIR"/outbox/*.eml; do [[ -e "$f" ]] && n=$((n + 1)); done; echo "$n"; }

step "m marks two cases, R resolves both, one u takes both back"
launch undo demo --store "$DIR"        # the demo signs as a demo shop: no config needed
wait_for "[needs reply]"
FIRST=$(divider_id)
keys m
wait_for "$FIRST marked · 1 case marked"
keys j
wait_until "the selection to move off $FIRST" 5 divider_differs "$FIRST"
SECOND=$(divider_id)
[[ -n "$SECOND" && "$SECOND" != "$FIRST" ]] || fail "j did not select another case"
keys m
wait_for "$SECOND marked · 2 cases marked"
wait_for "✓ 2 marked"
[[ "$(capture | grep -c '^✓ ')" == 2 ]] || fail "expected two rows marked ✓:
$(capture)"
keys R
wait_for "2 cases resolved · u to undo"
[[ "$(status_of "$FIRST")" == resolved && "$(status_of "$SECOND")" == resolved ]] || fail "R did not resolve both marked cases"
keys u
wait_for "Undone: 2 cases resolved"
[[ "$(status_of "$FIRST")" == needs-reply && "$(status_of "$SECOND")" == needs-reply ]] || fail "u did not reopen both"
[[ "$(kefu_cli show --store "$DIR" "$FIRST" --json | json 'd["events"][-1]["type"]')" == undone ]] || fail "no undone event on $FIRST"
keys C
wait_for "2 marks cleared"
ok "$FIRST and $SECOND"

step "undo send: u within the grace period brings the reply back, out of the outbox"
ID=$(divider_id)
keys 1
wait_for "Reply · $ID"
keys C-d
wait_for "$ID: reply queued — sending in"
[[ "$(outbox_count)" == 1 ]] || fail "expected the reply in the outbox, found $(outbox_count)"
keys u
wait_for "$ID: reply taken back, not sent"
wait_for "Reply · $ID"
[[ "$(outbox_count)" == 0 ]] || fail "the taken-back reply is still in the outbox"
[[ "$(status_of "$ID")" == needs-reply ]] || fail "$ID is not back to needs-reply"
keys Escape
wait_for "$ID: reply discarded"
keys q
wait_for "KEFU-EXIT=0"
ok "$ID"
