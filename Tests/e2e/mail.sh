#!/usr/bin/env bash
# End-to-end test of reply delivery: a real SMTP server (aiosmtpd) on 127.0.0.1, the real msmtp.
#
#   swift build && bash Tests/e2e/mail.sh        (from the repo root; needs msmtp and python3-aiosmtpd)
#
# Server down: the reply stays queued with the error, visible in `kefu outbox` and the inbox header.
# Server up: a retry delivers it exactly once, with the right headers and decoded body. A hung
# delivery command is killed at the timeout and the reply stays queued.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh

PY=/usr/bin/python3   # Debian's, where python3-aiosmtpd lives
command -v msmtp >/dev/null || { echo "not ok - setup: msmtp is not installed" >&2; exit 1; }
"$PY" -c 'import aiosmtpd' 2>/dev/null || { echo "not ok - setup: python3-aiosmtpd is not installed" >&2; exit 1; }
e2e_init

STORE="$E2E_TMP/store"
GOT="$E2E_TMP/received"
mkdir -p "$GOT"
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SERVER_PID=""
stop_server() { if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
trap 'stop_server; e2e_cleanup' EXIT
start_server() {
    "$PY" Tests/e2e/smtp_server.py "$GOT" "$PORT" >"$E2E_TMP/smtp.log" 2>&1 &
    SERVER_PID=$!
    wait_until "the SMTP server on port $PORT" 10 grep -q ready "$E2E_TMP/smtp.log"
}
received() { local n=0 f; for f in "$GOT"/*.eml; do [[ -e "$f" ]] && n=$((n + 1)); done; echo "$n"; }
json() { "$PY" -c 'import json, sys; d = json.load(sys.stdin); r = eval(sys.argv[1]); print(r if r is not None else "")' "$1"; }

write_config() {   # COMMAND TIMEOUT
    printf 'command = "%s"\ntimeout = %s\n' "$1" "$2" | write_config_toml
}
MSMTP="msmtp --host=127.0.0.1 --port=$PORT --auth=off --tls=off --from=support@lumen-home.example -t"
write_config "$MSMTP" 10

step "a reply with non-ASCII text is queued"
kefu_cli demo --no-inbox --store "$STORE" >/dev/null 2>&1 || fail "kefu demo failed"
kefu_cli reply --store "$STORE" K-1001 --offer 1 --send >"$E2E_TMP/reply.out" 2>"$E2E_TMP/reply.err" \
    || fail "kefu reply --send failed: $(cat "$E2E_TMP/reply.err")"
grep -q "Grüßen" "$E2E_TMP/reply.out" || fail "the German reply has no „Grüßen“: $(cat "$E2E_TMP/reply.out")"
OUTBOX=$(kefu_cli outbox --store "$STORE" --json) || fail "kefu outbox --json failed"
[[ "$(json 'len(d)' <<<"$OUTBOX")" == 1 ]] || fail "expected one queued reply: $OUTBOX"
MSGID=$(json 'd[0]["messageId"]' <<<"$OUTBOX")
ok "<$MSGID>"

step "server down: the reply stays queued with the error"
set +e
kefu_cli outbox --store "$STORE" --retry >"$E2E_TMP/retry.out" 2>"$E2E_TMP/retry.err"
rc=$?
set -e
[[ $rc == 2 ]] || fail "kefu outbox --retry with the server down exited $rc, expected 2"
grep -q "not sent" "$E2E_TMP/retry.out" || fail "no 'not sent' line: $(cat "$E2E_TMP/retry.out")"
OUTBOX=$(kefu_cli outbox --store "$STORE" --json)
[[ "$(json 'd[0]["attempts"]' <<<"$OUTBOX")" == 1 ]] || fail "attempts not recorded: $OUTBOX"
[[ "$(json '"msmtp" in d[0]["lastError"]' <<<"$OUTBOX")" == True ]] || fail "the error does not name msmtp: $OUTBOX"
[[ "$(received)" == 0 ]] || fail "something arrived although the server was down"
ok "$(json 'd[0]["lastError"]' <<<"$OUTBOX")"

step "the inbox shows it not sent; U, start the server, Enter delivers it once"
launch inbox --store "$STORE"
wait_for "1 reply not sent (U)"
keys U
wait_for "1 reply not delivered"
wait_for "msmtp"
start_server
keys Enter
wait_for "1 reply delivered" 20
wait_gone "reply not sent" 5
[[ "$(received)" == 1 ]] || fail "expected 1 message at the server, got $(received)"
keys q
wait_for "KEFU-EXIT=0"
ok

step "headers and decoded body as received"
"$PY" - "$GOT/000.eml" "$MSGID" <<'PY' || fail "the received message is wrong (see above)"
import email, email.policy, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)
problems = []
def need(cond, what):
    if not cond: problems.append(what)
need(m["From"].addresses[0].addr_spec == "support@lumen-home.example", "From: " + str(m["From"]))
need("@marketplace.amazon.de" in str(m["To"]), "To: " + str(m["To"]))
need(str(m["Subject"]).startswith("Re: ") and "302-" in str(m["Subject"]), "Subject: " + str(m["Subject"]))
need(m["Message-ID"].strip("<> ") == sys.argv[2], "Message-ID: " + str(m["Message-ID"]))
need(m["In-Reply-To"] and m["References"], "threading headers missing")
need(m["Date"] is not None, "no Date")
need(m.get_content_type() == "text/plain" and m.get_content_charset() == "utf-8", "Content-Type: " + str(m["Content-Type"]))
need(m["Content-Transfer-Encoding"] == "quoted-printable", "CTE: " + str(m["Content-Transfer-Encoding"]))
body = m.get_content()
need("Grüßen" in body and "302-" in body, "decoded body: " + body[:200])
need(all(b < 128 for b in raw), "8-bit bytes on the wire")
if problems:
    print("\n".join(problems), file=sys.stderr); sys.exit(1)
PY
SHOW=$(kefu_cli show --store "$STORE" K-1001 --json)
[[ "$(json 'sum(1 for e in d["events"] if e["type"] == "delivered")' <<<"$SHOW")" == 1 ]] || fail "no single delivered event on K-1001"
ok

step "a second retry sends nothing"
kefu_cli outbox --store "$STORE" --retry >"$E2E_TMP/retry2.out" 2>&1 || fail "retry with an empty outbox failed: $(cat "$E2E_TMP/retry2.out")"
sleep 0.5
[[ "$(received)" == 1 ]] || fail "the reply arrived $(received) times"
ok "exactly once"

step "a reply with a PDF attached arrives with the same bytes and file name"
PDF="$E2E_TMP/Anleitung Lampe – 2026.pdf"
"$PY" -c 'import os, sys; open(sys.argv[1], "wb").write(b"%PDF-1.4\n" + os.urandom(20000) + b"\n%%EOF\n")' "$PDF"
kefu_cli reply --store "$STORE" K-1001 --offer 1 --attach "$PDF" --send >/dev/null 2>"$E2E_TMP/reply-pdf.err" \
    || fail "kefu reply --attach failed: $(cat "$E2E_TMP/reply-pdf.err")"
kefu_cli outbox --store "$STORE" --retry >"$E2E_TMP/retry-pdf.out" 2>&1 || fail "delivering the reply with a PDF failed: $(cat "$E2E_TMP/retry-pdf.out")"
wait_until "the reply with the PDF at the server" 10 test "$(received)" -ge 2
"$PY" - "$GOT/001.eml" "$PDF" <<'PY' || fail "the PDF did not arrive intact (see above)"
import email, email.policy, os, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
want, name = open(sys.argv[2], "rb").read(), os.path.basename(sys.argv[2])
problems = []
if m.get_content_type() != "multipart/mixed": problems.append("Content-Type: " + str(m["Content-Type"]))
parts = list(m.iter_attachments())
hits = [p for p in parts if p.get_filename() == name and p.get_content_type() == "application/pdf"
        and p.get_content_disposition() == "attachment" and p.get_content() == want]
if len(hits) != 1: problems.append("no attachment %r with the PDF's %d bytes among %r" % (name, len(want), [(p.get_filename(), p.get_content_type()) for p in parts]))
body = m.get_body(preferencelist=("plain",))
if body is None or "302-" not in body.get_content(): problems.append("the text part is missing")
if problems:
    print("\n".join(problems), file=sys.stderr); sys.exit(1)
PY
ok "$(basename "$PDF")"

step "a hung delivery command is timed out; the reply stays queued"
write_config "sleep 60" 1
kefu_cli reply --store "$STORE" K-1010 --offer 1 --send >/dev/null 2>"$E2E_TMP/reply2.err" || fail "queueing K-1010 failed: $(cat "$E2E_TMP/reply2.err")"
start_ms=$(now_ms)
set +e
kefu_cli outbox --store "$STORE" --retry >"$E2E_TMP/hang.out" 2>&1
rc=$?
set -e
took=$(( $(now_ms) - start_ms ))
[[ $rc == 2 ]] || fail "a hung command gave exit $rc, expected 2: $(cat "$E2E_TMP/hang.out")"
(( took < 10000 )) || fail "the retry took ${took} ms with a 1 s timeout"
OUTBOX=$(kefu_cli outbox --store "$STORE" --json)
[[ "$(json '[q["caseId"] for q in d]' <<<"$OUTBOX")" == "['K-1010']" ]] || fail "K-1010 is not the one queued reply: $OUTBOX"
[[ "$(json '"timed out" in d[0]["lastError"]' <<<"$OUTBOX")" == True ]] || fail "no timeout error: $OUTBOX"
ok "killed after ${took} ms"
stop_server
