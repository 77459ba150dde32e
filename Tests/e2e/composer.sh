#!/usr/bin/env bash
# End-to-end test of the composer in a real terminal: a reply edited in a real `vi` through tmux keys
# (the editor must own the terminal, and its terminal replies must not be typed into the reply), and
# Home/End as tmux and PuTTY send them (ESC[1~ / ESC[4~), which must move the cursor, never type.
#
#   swift build && bash Tests/e2e/composer.sh        (from the repo root; needs tmux and vi)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh

command -v vi >/dev/null || { echo "not ok - setup: vi is needed (Debian: vim-tiny)" >&2; exit 1; }
e2e_init

DIR="$E2E_TMP/store"
outbox_files() { local f; for f in "$DIR"/outbox/*.eml; do [[ -e "$f" ]] && echo "$f"; done; return 0; }
outbox_has() { local f; f=$(outbox_files); [[ -n "$f" ]] && grep -q -F -- "$1" $f; }
divider_id() {
    local pane
    pane=$(capture)
    if [[ "$pane" =~ ──\ (K-[0-9]+)\ ── ]]; then echo "${BASH_REMATCH[1]}"; fi
}

step "a reply edited in a real vi is what is queued"
KEFU_ENV+=(EDITOR=vi VISUAL=)
launch vi demo --store "$DIR"
wait_for "[needs reply]"
CASE=$(divider_id)
keys 1
wait_for "Reply · $CASE"
keys C-x C-e
wait_for "kefu-reply-" 10          # vi shows the file name
sleep 0.5
screen_has "Error reading input" && fail "vi cannot read the terminal (not in the foreground process group)"
keys g g O
type_text "EDITED-IN-VI"
keys Escape
type_text ":wq"
keys Enter
wait_for "Edited in your editor"
wait_for "EDITED-IN-VI"
sleep 0.5                          # late terminal replies (cursor reports) would arrive now
[[ "$(pane_format '#{alternate_on}')" == 1 ]] || fail "the inbox did not return to the alternate screen after vi"
PANE=$(capture)
[[ "$PANE" =~ [0-9]+\;[0-9]+R ]] && fail "a terminal reply was typed into the reply: ${BASH_REMATCH[0]}"
keys C-d
wait_until "the reply to reach the outbox" 10 outbox_has "EDITED-IN-VI"
BODY=$(cat $(outbox_files))
[[ "$BODY" =~ [0-9]+\;[0-9]+R ]] && fail "a terminal reply was queued in the reply: ${BASH_REMATCH[0]}"
keys q
wait_for "KEFU-EXIT=0"
unset 'KEFU_ENV[${#KEFU_ENV[@]}-1]' 'KEFU_ENV[${#KEFU_ENV[@]}-1]'
ok "$CASE"

step "Home/End as ESC[1~ / ESC[4~ move the cursor and type nothing"
tm kill-session -t vi
launch keys --store "$DIR"
wait_for "[needs reply]"
keys j
sleep 0.3
CASE=$(divider_id)
keys 1
wait_for "Reply · $CASE"
keys C-e Enter                     # a line of our own below the offer's text
type_text "abc"
# Raw bytes, as tmux (TERM=screen/tmux) and PuTTY send Home and End whatever TERM says.
keys -H 1b 5b 31 7e
type_text "H"
keys -H 1b 5b 34 7e
type_text "E"
keys -H 1b 5b 48
type_text "h"
keys -H 1b 4f 46
type_text "e"
keys -H 1b 5b 37 7e 1b 5b 38 7e
wait_for "hHabcEe"
PANE=$(capture)
[[ "$PANE" == *"1~"* || "$PANE" == *"4~"* || "$PANE" == *"7~"* || "$PANE" == *"8~"* ]] && fail "a key sequence was typed as text"
ok

step "<C-k> kills to the line end and <C-_> (0x1F from the terminal) undoes it"
keys C-a C-k
wait_gone "hHabcEe"
keys C-_
wait_for "hHabcEe"
ok
