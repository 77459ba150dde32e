#!/usr/bin/env bash
# End-to-end test of live mail intake: the inbox runs in tmux on a store whose config names a
# Maildir; a mail delivered into new/ (written in tmp/, renamed, as a real delivery agent does)
# shows in the queue within 2 s, the mail files are never changed, and reading the same mail again
# (moved to cur/ by the mail reader) adds nothing.
#
#   swift build && bash Tests/e2e/intake.sh        (from the repo root)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh
e2e_init

STORE="$E2E_TMP/store"
MAILDIR="$E2E_TMP/Mail/support"
mkdir -p "$MAILDIR"/{new,cur,tmp} "$E2E_TMP/config/kefu"
cat >"$E2E_TMP/config/kefu/config.toml" <<TOML
[mail]
from = "support@lumen-home.example"
maildir = "$MAILDIR"
TOML

deliver() {   # NAME: write in tmp/, then rename into new/ (never a half-written file in new/)
    cat >"$MAILDIR/tmp/$1"
    mv "$MAILDIR/tmp/$1" "$MAILDIR/new/$1"
}
checksums() { (cd "$MAILDIR" && find new cur -type f -print0 | sort -z | xargs -0 -r sha256sum); }

step "a mail already in the Maildir is filed at start"
kefu_cli demo --no-inbox --store "$STORE" >/dev/null 2>&1 || fail "kefu demo failed"
deliver 1763712000.M1P100.e2e <<'MAIL'
From: Ines Vogel <ines.vogel@example.org>
To: support@lumen-home.example
Subject: Lieferung fehlt noch
Date: Sat, 21 Nov 2026 09:30:00 +0100
Message-ID: <first-e2e@example.org>
Content-Type: text/plain; charset=utf-8

Hallo, mein Paket ist immer noch nicht angekommen. Die Sendungsverfolgung bewegt sich seit einer Woche nicht.
Viele Grüße, Ines
MAIL
launch inbox inbox --store "$STORE"
wait_for "[needs reply]"
wait_for "New mail: 1 message in K-" 5
search() { keys /; wait_for "Search: "; keys C-u; type_text "$1"; keys Enter; wait_gone "Search: "; }
search Vogel
wait_for "Ines Vogel"
ok

step "a mail delivered while the inbox runs appears within 2 s"
search Lindqvist
wait_for "No case matches"
BEFORE=$(now_ms)
deliver 1763712600.M2P100.e2e <<'MAIL'
From: =?UTF-8?Q?Bj=C3=B6rn_Lindqvist?= <bjorn@example.net>
To: support@lumen-home.example
Subject: =?UTF-8?Q?Lampe_besch=C3=A4digt?=
Date: Sat, 21 Nov 2026 09:50:00 +0100
Message-ID: <second-e2e@example.net>
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Die Lampe kam mit gebrochenem Glas an, der Karton war eingedr=C3=BCckt.
MAIL
wait_for "Björn Lindqvist" 5
ELAPSED=$(( $(now_ms) - BEFORE ))
(( ELAPSED <= 2000 )) || fail "the new mail took ${ELAPSED} ms to appear (target: 2 s)"
wait_for "New mail: 1 message"
ok "${ELAPSED} ms"

step "the mail reader moves it to cur/: nothing new, mail untouched"
mv "$MAILDIR/new/1763712600.M2P100.e2e" "$MAILDIR/cur/1763712600.M2P100.e2e:2,S"
SUMS_MOVED=$(checksums)
sleep 2
keys q
wait_for "KEFU-EXIT=0"
[[ "$(checksums)" == "$SUMS_MOVED" ]] || fail "kefu changed the mail files"
LIST=$(kefu_cli list --store "$STORE" --all --json) || fail "kefu list failed"
N=$(/usr/bin/python3 -c 'import json,sys; print(sum(1 for c in json.load(sys.stdin) if "Lindqvist" in json.dumps(c, ensure_ascii=False)))' <<<"$LIST")
[[ "$N" == 1 ]] || fail "expected exactly one case from Björn, found $N"
ok "one case, files unchanged"

step "a sender cannot set the terminal title through kefu import maildir (issue 14)"
HOSTILE="$E2E_TMP/Mail/hostile"
mkdir -p "$HOSTILE"/{new,cur,tmp}
# The charset label, the sender's name and the text carry OSC 0 (set the title) and U+202E.
printf 'From: =?UTF-8?B?%s?= <eve@example.org>\r\nTo: support@lumen-home.example\r\nSubject: lamp\r\nDate: Sat, 21 Nov 2026 09:40:00 +0100\r\nMessage-ID: <hostile-e2e@example.org>\r\nContent-Type: text/plain; charset="x-\033]0;pwned\007\342\200\256"\r\n\r\nHello\033]0;pwned\007 \342\200\256broken\r\n' \
    "$(printf 'Eve\033]0;pwned\007\342\200\256' | base64 -w0)" >"$HOSTILE/new/1763712900.M3P100.e2e"
launch hostile import maildir --store "$E2E_TMP/store-hostile" "$HOSTILE"
wait_for "KEFU-EXIT=0"
TITLE=$(pane_format '#{pane_title}')
[[ "$TITLE" != *pwned* ]] || fail "the mail set the pane title to \"$TITLE\""
wait_for "␛]0;pwned␇"
launch hostile-list list --store "$E2E_TMP/store-hostile"
wait_for "KEFU-EXIT=0"
TITLE=$(pane_format '#{pane_title}')
[[ "$TITLE" != *pwned* ]] || fail "kefu list set the pane title to \"$TITLE\""
ok "the warning shows ␛]0;pwned␇; pane title \"$TITLE\""
