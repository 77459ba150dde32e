#!/usr/bin/env bash
# End-to-end test of translation with a real engine: Apertium's Spanish–English pair from Debian
# (apertium-eng-spa) as `[translate] command`, the real binary in tmux.
#
#   swift build && bash Tests/e2e/translate.sh        (from the repo root)
#
# A Spanish buyer message is shown translated into English (marked machine-translated), an English
# sentence typed in the composer is translated into Spanish and read back, and the queued mail in
# the store's outbox/ holds the Spanish text, not the English.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh

command -v apertium >/dev/null || { echo "not ok - setup: apertium is not installed (apt-get install apertium-eng-spa)" >&2; exit 1; }
[[ "$(echo Hola | apertium -u spa-eng 2>&1)" == *Hello* ]] || { echo "not ok - setup: apertium has no spa-eng mode (apertium-eng-spa)" >&2; exit 1; }
e2e_init

STORE="$E2E_TMP/store"
write_config_toml <<'TOML'
# Delivery fails on purpose: the reply stays in outbox/ for the test to read.
command = "exit 75"
[translate]
command = "apertium -u {from3}-{to3}"
timeout = 30
TOML

step "a Spanish buyer message is imported"
python3 - "$E2E_TMP/es.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"messageId": "es-1", "channel": "amazon", "marketplace": "amazon.es", "kind": "buyer-message",
        "receivedAt": "2026-11-21T08:00:00Z", "orderId": "404-1234567-7654321",
        "from": {"name": "Lucía García", "address": "lucia@marketplace.amazon.es", "language": "es"}, "subject": "Mi pedido",
        "body": "Hola, mi lámpara no ha llegado. ¿Dónde está mi pedido?",
        "items": [{"sku": "LAMP-1", "title": "Lámpara de escritorio", "quantity": 1, "price": "34.99", "currency": "EUR"}],
        "category": "not-received"}) + "\n")
PY
kefu_cli import "$E2E_TMP/es.jsonl" --store "$STORE" >/dev/null || fail "kefu import failed"
ok

step "the inbox shows it translated by apertium"
launch inbox --store "$STORE"
wait_for "K-1001"
keys Enter
wait_for "machine-translated es→en" 30
wait_for "my lamp has not arrived" 5
screen_has "¿Dónde está mi pedido?" || fail "the original is not shown beside the translation"
ok

step "the translation is cached in the store, and kefu show --translate prints it"
SHOW=$(kefu_cli show K-1001 --store "$STORE" --translate) || fail "kefu show --translate failed"
[[ "$SHOW" == *"machine-translated es→en:"* && "$SHOW" == *"my lamp has not arrived"* ]] || fail "kefu show --translate: $SHOW"
JSON=$(kefu_cli show K-1001 --store "$STORE" --json)
[[ "$JSON" == *'"translation"'* && "$JSON" == *"my lamp has not arrived"* ]] || fail "not cached with the message: $JSON"
ok

step "toggle: translation only, original only"
keys T
wait_gone "¿Dónde está mi pedido?"
screen_has "my lamp has not arrived" || fail "translation-only lost the translation"
keys T
wait_gone "my lamp has not arrived"
keys T
wait_for "my lamp has not arrived"
ok

step "an English sentence typed in the composer becomes Spanish"
keys 4
wait_for "Reply · K-1001"
screen_has " · es · " || fail "the reply is not in the buyer's Spanish"
type_text "We will send a new lamp today."
keys Enter Enter Up Up M-t
wait_for "Enviaremos una lámpara nueva hoy" 30
screen_lacks "We will send a new lamp today" || fail "the English sentence is still in the reply"
ok

step "read back in English before sending"
keys M-r
wait_for "Back-translated into en" 30
wait_for "We will send a new lamp today" 30
ok

step "sent: the queued mail holds the Spanish text"
queued() { compgen -G "$STORE/outbox/*.eml" >/dev/null; }
keys C-d
sleep 0.5
if ! queued && screen_has "again sends anyway"; then keys C-d; fi
wait_until "the reply in $STORE/outbox" 10 queued
EML=$(compgen -G "$STORE/outbox/*.eml" | head -1)
BODY=$(python3 - "$EML" <<'PY'
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
print(m.get_body(("plain",)).get_content())
PY
)
[[ "$BODY" == *"Enviaremos una lámpara nueva hoy"* ]] || fail "the mail lacks the Spanish sentence: $BODY"
[[ "$BODY" != *"We will send a new lamp today"* ]] || fail "the mail holds the English sentence: $BODY"
ok "$(basename "$EML")"

step "quit"
keys q
wait_for "KEFU-EXIT=0"
ok
