#!/usr/bin/env bash
# End-to-end test of the team's one deliverer: two inboxes on one PostgreSQL store and a real SMTP
# server (aiosmtpd) reached through the real msmtp. Exactly one inbox says "delivering"; each agent
# queues a reply to a different case and exactly one copy of each reaches the server, sent by the
# deliverer whoever wrote it (one taken back by undo send never does); after kill -9 of the delivering kefu, the other takes over and a reply
# queued there reaches the server within 30 s. Needs KEFU_TEST_PG_URL (.ci/run starts a server).
#
#   swift build && KEFU_TEST_PG_URL=postgresql://… bash Tests/e2e/team-deliver.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh

PY=/usr/bin/python3   # Debian's, where python3-aiosmtpd lives
pg_require team-deliver.sh
command -v msmtp >/dev/null || { echo "not ok - setup: msmtp is not installed" >&2; exit 1; }
"$PY" -c 'import aiosmtpd' 2>/dev/null || { echo "not ok - setup: python3-aiosmtpd is not installed" >&2; exit 1; }
e2e_init
pg_schema

GOT="$E2E_TMP/received"
mkdir -p "$GOT"
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PY" Tests/e2e/smtp_server.py "$GOT" "$PORT" >"$E2E_TMP/smtp.log" 2>&1 &
SERVER_PID=$!
trap 'rc=$?; kill "$SERVER_PID" 2>/dev/null || true; psql -qX "$KEFU_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1; (exit $rc); e2e_cleanup' EXIT
wait_until "the SMTP server on port $PORT" 10 grep -q ready "$E2E_TMP/smtp.log"

# How many messages carrying Message-ID $1 reached the server.
copies() { local n=0 f; for f in "$GOT"/*.eml; do [[ -e "$f" ]] && grep -qF "Message-ID: <$1>" "$f" && n=$((n + 1)); done; echo "$n"; }
received() { local n=0 f; for f in "$GOT"/*.eml; do [[ -e "$f" ]] && n=$((n + 1)); done; echo "$n"; }
# Predicates for wait_until (which runs its command again on every poll).
received_at_least() { (( $(received) >= $1 )); }
selection_off() { local id; id=$(divider_id); [[ -n "$id" && "$id" != "$1" ]]; }
delivered_events() { kefu_cli show "$1" --json --store "$PG" | "$PY" -c 'import json,sys; print(sum(e["type"] == "delivered" for e in json.load(sys.stdin)["events"]))'; }
delivered_once() { [[ "$(delivered_events "$1")" == 1 ]]; }
sql() { psql -qtAX "$PG" -c "$1"; }
divider_id() {
    local pane
    pane=$(capture)
    if [[ "$pane" =~ ──\ (K-[0-9]+)\ ── ]]; then echo "${BASH_REMATCH[1]}"; fi
}
# The Message-ID of the reply queued on case $1 (the outbox row, whatever its status).
reply_of() { sql "SELECT message_id FROM outbox WHERE case_id = '$1' ORDER BY queued_at DESC LIMIT 1"; }
# Replies from the inbox on screen: offer 1 on the selected case, sent; prints the case id.
reply_here() {
    local id
    id=$(divider_id)
    [[ -n "$id" ]] || fail "no case selected"
    keys 1
    wait_for "Reply · $id"
    keys C-d
    wait_for "$id: reply queued"
    echo "$id"
}
# Each agent signs with their own name: a config directory each.
config_for() {   # NAME UNDO-SECONDS
    mkdir -p "$E2E_TMP/config-$1/kefu"
    printf '[store]\nname = "Lumen Home"\n[agent]\nname = "%s"\n[reply]\nundo-seconds = %s\n[mail]\nfrom = "support@lumen-home.example"\ncommand = "%s"\ntimeout = 10\n' \
        "$1" "$2" "msmtp --host=127.0.0.1 --port=$PORT --auth=off --tls=off --from=support@lumen-home.example -t" >"$E2E_TMP/config-$1/kefu/config.toml"
}
launch_as() {   # NAME UNDO-SECONDS
    config_for "$1" "$2"
    local saved=("${KEFU_ENV[@]}")
    KEFU_ENV+=(XDG_CONFIG_HOME="$E2E_TMP/config-$1")
    launch "$1" --store "$PG"
    KEFU_ENV=("${saved[@]}")
}
# The kefu process in tmux session $1 (the child of the pane's shell).
kefu_in() { pgrep -P "$(tm display-message -p -t "$1" '#{pane_pid}')" -f -- "$(re_quote "$KEFU_BIN")"; }

step "two inboxes on one database: exactly one delivers"
kefu_cli demo --no-inbox --store "$E2E_TMP/demo" >/dev/null 2>&1 || fail "kefu demo failed"
kefu_cli store copy "$E2E_TMP/demo" "$PG" >/dev/null || fail "kefu store copy into PostgreSQL failed"
launch_as lin 1
wait_for "[needs reply]"
wait_for "· delivering"
launch_as sam 10   # time to take a reply back
wait_for "[needs reply]"
sleep 3   # more than one election round: sam must stay a non-deliverer
screen_has "· delivering" && fail "both inboxes say they deliver"
ok "lin delivers"

step "each agent replies to a different case (sam takes one back first); the one deliverer sends each exactly once"
use lin
L1=$(reply_here)
wait_until "lin's reply at the server" 20 received_at_least 1
use sam
wait_until "sam's selection to move off $L1" 5 selection_off "$L1"
U0=$(reply_here)
keys u   # undo send, while the deliverer (lin) waits out sam's grace period
wait_for "$U0: reply taken back, not sent"
[[ "$(sql "SELECT count(*) FROM outbox WHERE case_id = '$U0'")" == 0 ]] || fail "the taken-back reply is still in the database's outbox"
[[ "$(kefu_cli show "$U0" --json --store "$PG" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["status"])')" == needs-reply ]] \
    || fail "$U0 is not back to needs-reply"
keys Escape
wait_for "$U0: reply discarded"
S1=$(reply_here)
[[ "$S1" != "$L1" ]] || fail "both replied to $L1"
wait_until "sam's reply at the server" 20 received_at_least 2
sleep 2   # nothing more arrives
ML1=$(reply_of "$L1") MS1=$(reply_of "$S1")
[[ "$(copies "$ML1")" == 1 && "$(copies "$MS1")" == 1 && "$(received)" == 2 ]] \
    || fail "expected one copy each of <$ML1> and <$MS1>, got $(copies "$ML1") and $(copies "$MS1") of $(received)"
[[ "$(sql "SELECT string_agg(DISTINCT status || ' by ' || split_part(claimed_by, ' ', 1), ',') FROM outbox WHERE message_id IS NOT NULL")" == "sent by lin" ]] \
    || fail "outbox rows: $(sql "SELECT case_id, status, claimed_by FROM outbox")"
wait_until "the delivery of $S1 recorded on its case" 10 delivered_once "$S1"
screen_has "not sent" && fail "sam's inbox shows a reply not sent"
[[ "$(received)" == 2 ]] || fail "the reply taken back reached the server"
ok "$L1 by lin, $S1 by sam, both sent by lin"

step "kill -9 of the delivering kefu: sam takes over and delivers within 30 s"
KILLED=$(kefu_in lin)
[[ -n "$KILLED" ]] || fail "no kefu process in lin's session"
kill -9 "$KILLED"
use lin; wait_for "KEFU-EXIT=137"
use sam
start=$(now_ms)
wait_until "sam's selection to move off $S1" 5 selection_off "$S1"
S2=$(reply_here)
wait_until "sam's second reply at the server" 30 received_at_least 3
took=$(( $(now_ms) - start ))
MS2=$(reply_of "$S2")
[[ "$(copies "$MS2")" == 1 ]] || fail "<$MS2> arrived $(copies "$MS2") times"
wait_for "· delivering" 5
(( took <= 30000 )) || fail "took ${took} ms"
ok "$S2 delivered ${took} ms after the kill"

step "sam quits cleanly"
keys q
wait_for "KEFU-EXIT=0"
[[ "$(received)" == 3 ]] || fail "$(received) messages reached the server, expected 3"
ok

step "kefu outbox on the database: empty; a reply set aside as failed is sent by --retry when no kefu delivers"
[[ "$(kefu_cli outbox --store "$PG" --json | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)))')" == 0 ]] \
    || fail "kefu outbox lists: $(kefu_cli outbox --store "$PG" --json)"
sql "UPDATE outbox SET status = 'failed', failure = 'refused for the test' WHERE message_id = '$MS2'" >/dev/null
LISTED=$(kefu_cli outbox --store "$PG") || fail "kefu outbox failed"
[[ "$LISTED" == *"$S2"*"set aside: refused for the test"* ]] || fail "the failed reply is not listed with its error: $LISTED"
# An hour later by kefu's clock: each process's KEFU_NOW clock starts at its own start, and the reply's
# undo grace period ran on sam's.
RETRIED=$(kefu_env env KEFU_NOW=2026-11-21T11:00:00Z XDG_CONFIG_HOME="$E2E_TMP/config-sam" "$KEFU_BIN" outbox --store "$PG" --retry </dev/null) || fail "kefu outbox --retry failed: $RETRIED"
[[ "$RETRIED" == *"sent      $S2"* ]] || fail "--retry did not send it: $RETRIED"
wait_until "the retried reply at the server" 10 received_at_least 4
[[ "$(copies "$MS2")" == 2 && "$(sql "SELECT status FROM outbox WHERE message_id = '$MS2'")" == sent ]] || fail "the retry did not send it once more"
ok
