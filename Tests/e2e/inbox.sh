#!/usr/bin/env bash
# End-to-end test of the full-screen inbox: the real binary in a private tmux server.
#
#   swift build && bash Tests/e2e/inbox.sh        (from the repo root; KEFU_BIN overrides the binary)
#
# Prints one "ok - ..." line per step; on a failure prints "not ok - ..." with the pane and exits 1.
# Needs tmux, python3 (to read kefu's JSON) and pgrep. Runs in about 15 s.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh

command -v python3 >/dev/null || { echo "not ok - setup: python3 is needed to read kefu's --json output" >&2; exit 1; }
command -v pgrep >/dev/null || { echo "not ok - setup: pgrep (procps) is needed" >&2; exit 1; }
e2e_init

DIR="$E2E_TMP/store"

# json EXPR < JSON: prints the Python expression EXPR evaluated with `d` = the parsed document.
json() { python3 -c 'import json, sys; d = json.load(sys.stdin); r = eval(sys.argv[1]); print(r if r is not None else "")' "$1"; }

# The case id in the divider between queue and detail (`── K-1016 ───`).
divider_id() {
    local pane
    pane=$(capture)
    if [[ "$pane" =~ ──\ (K-[0-9]+)\ ── ]]; then echo "${BASH_REMATCH[1]}"; fi
}
divider_differs() { local id; id=$(divider_id); [[ -n "$id" && " $* " != *" $id "* ]]; }
divider_is() { [[ "$(divider_id)" == "$1" ]]; }

# The detail pane has the focus when the divider's case id is drawn bold.
FOCUS_RE=$'\e\\[1m K-[0-9]+ '
detail_focused() { local pane; pane=$(capture_e); [[ "$pane" =~ $FOCUS_RE ]]; }
queue_focused() { ! detail_focused; }

# The queue rows on screen: the lines between the column titles and the divider.
queue_rows() {
    local pane line in=0
    pane=$(capture)
    while IFS= read -r line; do
        if [[ "$line" == "  DUE "* ]]; then in=1; continue; fi
        if [[ "$line" == "──"* ]]; then break; fi
        if (( in )) && [[ -n "${line// /}" ]]; then printf '%s\n' "$line"; fi
    done <<<"$pane"
}
queue_row_count() { local rows; rows=$(queue_rows); [[ -z "$rows" ]] && echo 0 || wc -l <<<"$rows"; }
queue_count_is() { [[ "$(queue_row_count)" == "$1" ]]; }
queue_shows() { local rows; rows=$(queue_rows); [[ "$rows" == *"$1"* ]]; }
screen_exit_line() {
    local line
    while IFS= read -r line; do if [[ "$line" == KEFU-EXIT=* ]]; then echo "$line"; fi; done <<<"$(capture)"
}

# ---------------------------------------------------------------------------------------------

step "launch the demo inbox"
launch demo demo --store "$DIR"
wait_for "[needs reply]"
screen_has "(read-only)" && fail "the demo inbox opened read-only"
[[ "$(pane_format '#{alternate_on}')" == 1 ]] || fail "the inbox is not on the alternate screen"
ok

step "countdown ticks"
# A row with a minutes-and-seconds countdown (`~ 14m 30s ...`); the rest of the row identifies it.
ROW_RE='^[~! ] ([0-9]+m [0-9]{2}s) +(.*)$'
countdown_of() { # countdown_of ROW_TAIL: the countdown now shown on that row
    local line
    while IFS= read -r line; do
        if [[ "$line" =~ $ROW_RE && "${BASH_REMATCH[2]}" == "$1" ]]; then echo "${BASH_REMATCH[1]}"; return; fi
    done <<<"$(queue_rows)"
}
first=""; row_tail=""
while IFS= read -r line; do
    if [[ "$line" =~ $ROW_RE ]]; then first=${BASH_REMATCH[1]}; row_tail=${BASH_REMATCH[2]}; break; fi
done <<<"$(queue_rows)"
[[ -n "$first" ]] || fail "no queue row shows a countdown like '14m 30s'"
sleep 1.2
second=$(countdown_of "$row_tail")
[[ -n "$second" ]] || fail "the row with countdown '$first' ($row_tail) lost its minutes-and-seconds countdown"
[[ "$second" != "$first" ]] || fail "the countdown stayed at '$first' for 1.2 s ($row_tail)"
ok "$first -> $second"

step "navigate with j and Tab"
id0=$(divider_id)
[[ -n "$id0" ]] || fail "no '── K-xxxx ──' divider under the queue"
keys j
wait_until "the selection to move off $id0" 5 divider_differs "$id0"
id1=$(divider_id)
keys j
wait_until "the selection to move off $id1" 5 divider_differs "$id0" "$id1"
id2=$(divider_id)
queue_focused || fail "the queue should have the focus before Tab"
keys Tab
wait_until "Tab to move the focus to the detail pane (bold divider)" 5 detail_focused
keys Tab
wait_until "Tab to move the focus back to the queue" 5 queue_focused
divider_is "$id2" || fail "Tab Tab changed the selected case from $id2 to $(divider_id)"
ok "$id0 -> $id1 -> $id2"

step "filters"
keys w
wait_for "[waiting]"
keys a
wait_for "[all]"
keys n
wait_for "[needs reply]"
wait_gone "[all]"
ok

step "search narrows the queue"
# kefu list reads the store while the inbox holds it.
LIST=$(kefu_cli list --store "$DIR" --json) || fail "kefu list --json failed while the inbox was open"
# Rows at 120 columns show buyer, product and the buyer's words, not the order id: a case is known on
# screen by the start of its buyer's name (first 10 characters), used only where no other case shares it.
UNIQUE='[c for c in d if c.get("buyer") and sum(1 for o in d if (o.get("buyer") or "")[:10] == c["buyer"][:10]) == 1]'
# A needs-reply case with an Amazon order id, not the first one in the queue.
SEARCH_ID=$(json '[c["id"] for c in '"$UNIQUE"' if c["status"] == "needs-reply" and len((c.get("orderId") or "").split("-")) == 3][4]' <<<"$LIST")
order_of() { json '([c.get("orderId") for c in d if c["id"] == "'"$1"'"] + [None])[0]' <<<"$LIST"; }
buyer_of() { json '([(c.get("buyer") or "")[:10] for c in '"$UNIQUE"' if c["id"] == "'"$1"'"] + [None])[0]' <<<"$LIST"; }
ORDER=$(order_of "$SEARCH_ID")
BUYER=$(buyer_of "$SEARCH_ID")
[[ "$SEARCH_ID" == K-* && -n "$ORDER" && -n "$BUYER" ]] || fail "could not pick a case from kefu list --json"
# Another needs-reply case on screen, which the search must hide.
OTHER_ID=$(json '[c["id"] for c in '"$UNIQUE"' if c["status"] == "needs-reply" and c["id"] != "'"$SEARCH_ID"'"][0]' <<<"$LIST")
OTHER=$(buyer_of "$OTHER_ID")
queue_shows "$OTHER" || fail "$OTHER_ID ($OTHER, needs reply, from kefu list) is not in the queue"
rows_before=$(queue_row_count)
(( rows_before > 1 )) || fail "expected several needs-reply rows before searching, saw $rows_before"
keys /
wait_for "Search: "
type_text "$ORDER"
wait_for "/$ORDER [needs reply]"
wait_until "the queue to narrow to one row" 5 queue_count_is 1
queue_shows "$BUYER" || fail "the one row left is not $SEARCH_ID ($BUYER, order $ORDER)"
queue_shows "$OTHER" && fail "$OTHER_ID ($OTHER) is still in the queue while searching $ORDER"
wait_until "the divider to show $SEARCH_ID" 5 divider_is "$SEARCH_ID"
keys Escape
wait_gone "Search: "
wait_gone "/$ORDER"
wait_until "the queue to grow back to $rows_before rows" 5 queue_count_is "$rows_before"
queue_shows "$OTHER" || fail "$OTHER_ID ($OTHER) did not come back after Esc cleared the search"
ok "/$ORDER -> $SEARCH_ID only"

step "no response needed, quit, persisted"
MARKED=$(divider_id)
[[ -n "$MARKED" ]] || fail "no case selected"
MARKED_BUYER=$(buyer_of "$MARKED")
[[ -n "$MARKED_BUYER" ]] || fail "$MARKED has no buyer name of its own in kefu list --json"
keys x
wait_for "$MARKED: no response needed"
keys q
wait_for "KEFU-EXIT=0"
wait_gone "[needs reply]" 2
[[ "$(pane_format '#{alternate_on}')" == 0 ]] || fail "the terminal is still on the alternate screen after quit"
SHOW=$(kefu_cli show --store "$DIR" "$MARKED" --json) || fail "kefu show $MARKED failed"
status=$(json 'd["status"]' <<<"$SHOW")
[[ "$status" == waiting-buyer ]] || fail "$MARKED has status '$status' after x, expected waiting-buyer"
[[ "$(json 'any(e.get("type") == "no-response-needed" for e in d.get("events", []))' <<<"$SHOW")" == True ]] \
    || fail "$MARKED has no no-response-needed event"
tm kill-session -t demo
launch inbox --store "$DIR"
wait_for "[needs reply]"
screen_has "(read-only)" && fail "the relaunched inbox opened read-only (is the store lock still held?)"
keys w
wait_for "[waiting]"
wait_until "$MARKED ($MARKED_BUYER) in the waiting queue" 5 queue_shows "$MARKED_BUYER"
keys n
wait_for "[needs reply]"
queue_shows "$MARKED_BUYER" && fail "$MARKED ($MARKED_BUYER) is still in the needs-reply queue"
ok "$MARKED -> waiting-buyer"

step "resize"
tm resize-window -t inbox -x 40 -y 12
pane_size_is() { [[ "$(pane_format '#{pane_width}x#{pane_height}')" == "$1" ]]; }
wait_until "the pane to be 40×12" 5 pane_size_is 40x12
wait_gone "CATEGORY"       # the category column drops below 100 columns: the layout was redrawn
wait_for "[needs reply]"
wait_for "CHANNEL"
screen_has "terminal too small" && fail "40×12 is the minimum size, but the app says it is too small"
tm resize-window -t inbox -x 30 -y 10
wait_for "terminal too small"
tm resize-window -t inbox -x 120 -y 40
wait_until "the pane to be 120×40" 5 pane_size_is 120x40
wait_gone "terminal too small"
wait_for "CATEGORY"
HEADER_RE='reply [0-9]+ · overdue [0-9]+ · <2h [0-9]+ · waiting [0-9]+ +\[needs reply\]'
header_full() { local pane; pane=$(capture); [[ "$pane" =~ $HEADER_RE ]]; }
wait_until "the full header at 120×40" 5 header_full
ok

step "help"
keys '?'
wait_for "Keys (from the live keymap)"
GG_RE='(^| |,)gg(,| |$)'
gg_line=""
while IFS= read -r line; do [[ "$line" =~ $GG_RE ]] && { gg_line=$line; break; }; done <<<"$(capture)"
[[ -n "$gg_line" ]] || fail "the help screen lists no 'gg' key"
keys Escape
wait_gone "Keys (from the live keymap)"
wait_for "[needs reply]"
keys q
wait_for "KEFU-EXIT=0"
ok

step "every clock of a case; a promise becomes a clock"
tm kill-session -t inbox
launch clocks --store "$DIR"
wait_for "[needs reply]"
LIST=$(kefu_cli list --store "$DIR" --json) || fail "kefu list --json failed"
CLAIM_ID=$(json '[c["id"] for c in d if c["clock"] == "a-to-z"][0]' <<<"$LIST")
CLAIM_ORDER=$(json '[c["orderId"] for c in d if c["clock"] == "a-to-z"][0]' <<<"$LIST")
[[ "$CLAIM_ID" == K-* && -n "$CLAIM_ORDER" ]] || fail "kefu list --json shows no case whose clock is a-to-z"
keys /
wait_for "Search: "
type_text "$CLAIM_ORDER"
keys Enter
wait_gone "Search: "
wait_until "the divider to show $CLAIM_ID" 5 divider_is "$CLAIM_ID"
wait_for "A-to-z claim"
keys P
wait_for "Promise the buyer a follow-up by"
keys Enter
wait_for "$CLAIM_ID: promised a follow-up"
wait_for "Promise due in 2"          # 24h from now: "Promise due in 23h 59m" or "24h 00m"
keys q
wait_for "KEFU-EXIT=0"
SHOW=$(kefu_cli show --store "$DIR" "$CLAIM_ID" --json) || fail "kefu show $CLAIM_ID failed"
[[ "$(json 'any(e.get("type") == "promised" and e.get("until") for e in d.get("events", []))' <<<"$SHOW")" == True ]] \
    || fail "$CLAIM_ID has no promised event with a time after P Enter"
ok "$CLAIM_ID: a-to-z + promise"

step "L holds a case: never purged, shown in the detail pane and kefu show"
tm kill-session -t clocks
launch hold --store "$DIR"
wait_for "[needs reply]"
HELD=$(divider_id)
[[ -n "$HELD" ]] || fail "no case selected"
keys L
wait_for "$HELD: held: its personal data is kept until released"
wait_for "held (kept from purge)"
keys q
wait_for "KEFU-EXIT=0"
SHOW=$(kefu_cli show --store "$DIR" "$HELD" --json) || fail "kefu show $HELD failed"
[[ "$(json '"heldAt" in d and d["events"][-1]["type"] == "held"' <<<"$SHOW")" == True ]] || fail "$HELD has no heldAt / held event after L"
kefu_cli show --store "$DIR" "$HELD" | grep -q "^Hold:   held since" || fail "kefu show $HELD does not say held"
kefu_cli hold --release --store "$DIR" "$HELD" | grep -q "hold released" || fail "kefu hold --release $HELD"
ok "$HELD held, then released"

step "Q pins a quote and a translation for the weekly summary"
tm kill-session -t hold
launch pin --store "$DIR"
wait_for "[needs reply]"
PINNED=$(divider_id)
[[ -n "$PINNED" ]] || fail "no case selected"
keys Tab
wait_until "Tab to move the focus to the detail pane" 5 detail_focused
keys Q
wait_for "Quote to pin for the report: "
keys C-u
type_text "Arrived broken, call 0171 2345678"
keys Enter
wait_for "Translation (optional): "
wait_for "Pinning “Arrived broken, call [number]”"
type_text "Kaputt angekommen"
keys Enter
wait_for "$PINNED: quote pinned for the weekly summary"
wait_for "Translation: “Kaputt angekommen”"
keys q
wait_for "KEFU-EXIT=0"
SHOW=$(kefu_cli show --store "$DIR" "$PINNED" --json) || fail "kefu show $PINNED failed"
[[ "$(json 'd["pinnedQuote"]["text"] == "Arrived broken, call [number]" and d["pinnedQuote"]["translation"] == "Kaputt angekommen" and d["events"][-1]["type"] == "quote-pinned"' <<<"$SHOW")" == True ]] \
    || fail "$PINNED has no pinnedQuote / quote-pinned event after Q: $SHOW"
kefu_cli pin --remove --store "$DIR" "$PINNED" | grep -q "pinned quote removed" || fail "kefu pin --remove $PINNED"
ok "$PINNED pinned, then removed"

step "reply in three keys; \$EDITOR; an e-mail address blocks"
tm kill-session -t pin
RDIR="$E2E_TMP/replies"
outbox_count() { local n=0 f; for f in "$RDIR"/outbox/*.eml; do [[ -e "$f" ]] && n=$((n + 1)); done; echo "$n"; }
# The agent's editor: a script that adds a line to the reply, as a person would.
printf '#!/bin/sh\nsed -i "1a EDITED-BY-SCRIPT" "$1"\n' >"$E2E_TMP/editor.sh"
chmod +x "$E2E_TMP/editor.sh"
KEFU_ENV+=(EDITOR="$E2E_TMP/editor.sh")
launch replies demo --store "$RDIR"       # the demo signs as a demo shop: no config needed
wait_for "[needs reply]"
FIRST=$(divider_id)
# Three keys: j selects the next case, 1 writes the reply with its first offer, <C-d> sends it.
keys j
wait_until "the selection to move off $FIRST" 5 divider_differs "$FIRST"
SENT=$(divider_id)
keys 1
wait_for "Reply · $SENT"
keys C-d
# The delivery thread may already have tried (and, without a mail server here, failed) by the time
# the screen is read: its "Not sent — ID:" report then stands where "reply queued" stood.
queued_on_screen() { screen_has "$1: reply queued" || screen_has "Not sent — $1:"; }
wait_until "$SENT to be queued" 10 queued_on_screen "$SENT"
SHOW=$(kefu_cli show --store "$RDIR" "$SENT" --json) || fail "kefu show $SENT failed"
[[ "$(json 'd["status"]' <<<"$SHOW")" == waiting-buyer ]] || fail "$SENT is not waiting-buyer after j 1 C-d"
[[ "$(json 'any(e.get("type") == "offer-chosen" for e in d["events"])' <<<"$SHOW")" == True ]] || fail "no offer-chosen event on $SENT"
[[ "$(outbox_count)" == 1 ]] || fail "expected 1 reply in $RDIR/outbox, found $(outbox_count)"
EML=$(cat "$RDIR"/outbox/*.eml)
[[ "$EML" == *"X-Kefu-Case: $SENT"* && "$EML" == *"In-Reply-To: <"* && "$EML" == *"@marketplace.amazon."* ]] \
    || fail "the queued reply lacks its case, threading or relay address: $EML"
# $EDITOR: leave curses, edit, come back with the edited text; then send it.
EDITED=$(divider_id)
keys 1
wait_for "Reply · $EDITED"
keys C-x C-e
wait_for "Edited in your editor"
wait_for "EDITED-BY-SCRIPT"
[[ "$(pane_format '#{alternate_on}')" == 1 ]] || fail "the inbox did not return to the alternate screen after the editor"
keys C-d
wait_until "$EDITED to be queued" 10 queued_on_screen "$EDITED"
[[ "$(outbox_count)" == 2 ]] || fail "expected 2 replies in the outbox, found $(outbox_count)"
grep -q "EDITED-BY-SCRIPT" "$RDIR"/outbox/*"$EDITED"*.eml || fail "the edited text is not in $EDITED's queued reply"
# An e-mail address in an Amazon reply is an error: highlighted, listed, and the send refused.
BLOCKED=$(divider_id)
keys 1
wait_for "Reply · $BLOCKED"
keys End
type_text " Write to me at help@lumen-home.example"
wait_for "✗ Amazon: no e-mail addresses"
keys C-d
wait_for "Not sent: 1 error(s)"
keys Escape
wait_for "again discards it"
keys Escape
wait_for "$BLOCKED: reply discarded"
[[ "$(outbox_count)" == 2 ]] || fail "a blocked reply reached the outbox"
keys q
wait_for "KEFU-EXIT=0"
[[ "$(json 'd["status"]' <<<"$(kefu_cli show --store "$RDIR" "$BLOCKED" --json)")" == needs-reply ]] \
    || fail "$BLOCKED changed status although its reply was blocked"
unset 'KEFU_ENV[${#KEFU_ENV[@]}-1]'
tm kill-session -t replies
launch clocks --store "$DIR"          # the next step kills this session
ok "$SENT sent, $EDITED edited in \$EDITOR, $BLOCKED blocked"

step "user keymap"
mkdir -p "$E2E_TMP/config/kefu"
printf '[global]\nQ = quit\nq = none\n' >"$E2E_TMP/config/kefu/keymap"
tm kill-session -t clocks
launch keymap --store "$DIR"
wait_for "[needs reply]"
wait_for "Q quit"          # the footer hints come from the live keymap
keys q
sleep 0.5
screen_has "KEFU-EXIT=" && fail "q quit although the user keymap sets q = none"
screen_has "[needs reply]" || fail "the inbox is gone after q (q = none)"
keys Q
wait_for "KEFU-EXIT=0"
rm -f "$E2E_TMP/config/kefu/keymap"
printf '[queue]\nj = fly\n' >"$E2E_TMP/bad"
set +e
(cd "$E2E_TMP" && kefu_cli --store "$DIR" --keymap bad >"$E2E_TMP/bad.out" 2>"$E2E_TMP/bad.err")
rc=$?
set -e
[[ $rc == 1 ]] || fail "a bad keymap made kefu exit with $rc, expected 1 (stderr: $(cat "$E2E_TMP/bad.err"))"
grep -q -F "bad:2" "$E2E_TMP/bad.err" || fail "the bad-keymap error does not name bad:2: $(cat "$E2E_TMP/bad.err")"
ok

step "SIGTERM restores the terminal"
tm kill-session -t keymap
launch sigterm --store "$DIR"
wait_for "[needs reply]"
pid=$(kefu_pid "$DIR")
kill -TERM "$pid"
wait_for "KEFU-EXIT=143"
wait_gone "[needs reply]" 2
[[ "$(pane_format '#{alternate_on}')" == 0 ]] || fail "the terminal is still on the alternate screen after SIGTERM"
ok "$(screen_exit_line)"
