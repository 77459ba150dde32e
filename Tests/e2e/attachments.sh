#!/usr/bin/env bash
# End-to-end test of attachments in the inbox: a buyer's photos filed from a Maildir, opened from the
# detail pane (A, Enter) through a mailcap entry that writes the file's checksum (an entry before it
# whose test= fails is skipped), and a copy saved with s into a folder. The checksums must be those of
# the bytes the buyer sent. Then a reply gets a manual through the composer's path prompt (Tab
# completes the name) and the queued e-mail carries it, as Python's email package reads it.
#
#   swift build && bash Tests/e2e/attachments.sh        (from the repo root)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh
e2e_init

STORE="$E2E_TMP/store"
MAILDIR="$E2E_TMP/Mail/support"
OUT="$E2E_TMP/viewer.out"
SAVED="$E2E_TMP/saved"
FIXTURE=Tests/KefuDomainTests/Fixtures/mail/amazon-message-photos.eml
mkdir -p "$MAILDIR"/{new,cur,tmp} "$SAVED" "$E2E_TMP/manuals"
write_config_toml <<<'command = "false"'
printf '%%PDF-1.4\nmanual\n%%%%EOF\n' >"$E2E_TMP/manuals/lamp-manual.pdf"
cp "$FIXTURE" "$MAILDIR/new/1763712000.M1P100.e2e"
cat >"$E2E_TMP/mailcap" <<MAILCAP
# The first JPEG entry's test fails: it must be skipped.
image/jpeg; echo wrong > '$OUT'; test=false
image/jpeg; sha256sum %s > '$OUT'; needsterminal
MAILCAP
KEFU_ENV+=(MAILCAPS="$E2E_TMP/mailcap")
# The photos' checksums, from the fixture's base64 parts decoded by Python's email package.
mapfile -t WANT < <(python3 - "$FIXTURE" <<'PY'
import email, hashlib, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read())
for p in m.walk():
    if p.get_content_type() == "image/jpeg":
        print(hashlib.sha256(p.get_payload(decode=True)).hexdigest())
PY
)
[[ ${#WANT[@]} == 2 ]] || fail "the fixture should hold two JPEGs, found ${#WANT[@]}"

step "the photos are filed and listed in the detail pane"
kefu_cli import maildir --store "$STORE" "$MAILDIR" >"$E2E_TMP/import.out" 2>&1 || fail "import failed: $(cat "$E2E_TMP/import.out")"
launch inbox --store "$STORE"
wait_for "K-1001"
keys Enter
wait_for "Attachment 1: shade-front.jpg (image/jpeg, 543 B)"
wait_for "Attachment 2: Riss im Schirmé.jpg (image/jpeg"
ok

step "A lists them; Enter opens the first through the mailcap; the viewer sees the same bytes"
keys A
wait_for "Attachments of K-1001"
keys Enter
wait_until "the mailcap viewer's output" 10 test -s "$OUT"
GOT=$(cut -d' ' -f1 "$OUT")
[[ "$GOT" == "${WANT[0]}" ]] || fail "the viewer saw $GOT, the buyer sent ${WANT[0]} ($(cat "$OUT"))"
wait_for "Opened attachment 1 with $E2E_TMP/mailcap:3"
# The text-mode viewer's private copy is gone once it is done.
[[ -z "$(find /tmp -maxdepth 1 -name 'kefu-view-*' -newer "$E2E_TMP/mailcap" -print -quit)" ]] || fail "the viewer's copy was left in /tmp"
ok "${GOT:0:16}…"

step "s saves a copy of the second into a folder"
keys j s
wait_for "Save a copy in folder:"
keys C-u
type_text "$SAVED"
keys Enter
wait_for "Saved a copy as"
COPY="$SAVED/Riss im Schirmé.jpg"
[[ -f "$COPY" ]] || fail "no $COPY (have: $(ls "$SAVED"))"
[[ "$(sha256sum "$COPY" | cut -d' ' -f1)" == "${WANT[1]}" ]] || fail "the saved copy differs from what the buyer sent"
[[ "$(stat -c %a "$COPY")" == 600 ]] || fail "the copy is not private: $(stat -c %a "$COPY")"
ok

step "the composer attaches a file through the path prompt (Tab completes) and the reply carries it"
keys 1
wait_for "Reply · K-1001"
keys C-x C-a
wait_for "Attach file (Tab completes):"
keys C-u
type_text "$E2E_TMP/manuals/lamp"
keys Tab
wait_for "lamp-manual.pdf"
keys Enter
wait_for "attached: lamp-manual.pdf (application/pdf"
keys C-d
sleep 0.5
if screen_has "again sends anyway"; then keys C-d; fi
wait_for "Attachment: lamp-manual.pdf (application/pdf"
EML=$(find "$STORE/outbox" -name '*.eml' -print -quit)
[[ -n "$EML" ]] || fail "nothing in the outbox"
python3 - "$EML" "$E2E_TMP/manuals/lamp-manual.pdf" <<'PY' || fail "the queued reply does not carry the manual (see above)"
import email, email.policy, os, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
want = open(sys.argv[2], "rb").read()
hits = [p for p in m.iter_attachments() if p.get_filename() == os.path.basename(sys.argv[2]) and p.get_content() == want]
if len(hits) != 1:
    print("attachments:", [(p.get_filename(), p.get_content_type()) for p in m.iter_attachments()], file=sys.stderr); sys.exit(1)
PY
ok

step "kefu check counts the kept files"
keys q
wait_for "KEFU-EXIT=0"
kefu_cli check --store "$STORE" >"$E2E_TMP/check.out" 2>&1 || fail "kefu check failed: $(cat "$E2E_TMP/check.out")"
grep -q "2 attachment file(s)" "$E2E_TMP/check.out" || fail "check does not count 2 files: $(cat "$E2E_TMP/check.out")"
ok
