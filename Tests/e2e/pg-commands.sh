#!/usr/bin/env bash
# End-to-end test of the commands on a PostgreSQL store (issue 20): `kefu import maildir` and
# `import orders` file into the database as into a directory (same summary, same `kefu list`), `reply
# --send`, `pin` and `hold` change the case there and name the configured agent, `check` verifies the
# database and says why --reindex does not apply, `kefu export weekly` of the database equals, in
# every format, the weekly summary of the same data copied to a directory with `kefu store copy`, the
# inbox's W writes the same summary, and `kefu purge` purges what it would in the copy.
# Needs KEFU_TEST_PG_URL (.ci/run starts a server and sets it).
#
#   swift build && KEFU_TEST_PG_URL=postgresql://… bash Tests/e2e/pg-commands.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh

pg_require pg-commands.sh
e2e_init
pg_schema
printf '[team]\nassign = "round-robin"\n' | write_config_toml

MAIL="$E2E_TMP/mail" J="$E2E_TMP/json" B="$E2E_TMP/copy"
mkdir -p "$MAIL/new" "$MAIL/cur" "$MAIL/tmp"
n=0
# hostile-binary.eml among them: NUL bytes in a body, which JSONB cannot hold as such (PGJSONB).
for f in Tests/KefuDomainTests/Fixtures/mail/*.eml; do
    n=$((n + 1)); cp "$f" "$MAIL/new/17000000$(printf %02d $n).M$n.host"
done

step "kefu import maildir files the same mail into PostgreSQL as into a directory, new cases assigned"
kefu_cli agent available --store "$PG" >/dev/null || fail "kefu agent available failed"
OUT_J=$(kefu_cli import maildir "$MAIL" --store "$J" 2>/dev/null) || fail "import into the directory failed: $OUT_J"
OUT_PG=$(kefu_cli import maildir "$MAIL" --store "$PG" 2>"$E2E_TMP/err") || fail "import into PostgreSQL failed: $(cat "$E2E_TMP/err")"
[[ "$OUT_PG" == "$OUT_J" && "$OUT_PG" == "imported "[1-9]* ]] || fail "different imports: '$OUT_J' vs '$OUT_PG'"
LIST=$(kefu_cli list --all --json --store "$PG")
[[ "$LIST" == "$(kefu_cli list --all --json --store "$J")" ]] || fail "kefu list differs after the import"
[[ "$LIST" == *'"id" : "K-1001"'* ]] || fail "kefu list on PostgreSQL shows no imported case: $LIST"
# Lin, the only available agent, was given every new case ([team] assign = "round-robin").
OWNED=$(kefu_cli agent list --json --store "$PG" | grep '"openCases"' | tr -dc 0-9)
NEEDING=$(psql -qtAX "$PG" -c "SELECT count(*) FROM cases WHERE owner = 'lin'")
[[ "$OWNED" -gt 0 && "$NEEDING" -eq $(psql -qtAX "$PG" -c "SELECT count(*) FROM cases") ]] || fail "new cases not assigned to Lin: $OWNED open, $NEEDING owned"
OUT_PG=$(kefu_cli import maildir "$MAIL" --store "$PG" 2>/dev/null) || fail "re-import failed: $OUT_PG"
[[ "$OUT_PG" == "imported 0 message(s)"*"; $n file(s) read before" ]] || fail "a re-import filed something: $OUT_PG"
ok "$OUT_J"

step "kefu import orders fills the same cases in PostgreSQL as in a directory"
# Messages naming the report's orders first, so the orders have open cases to fill.
JSONL=Tests/KefuDomainTests/Fixtures/jsonl/messages.jsonl
kefu_cli import "$JSONL" --store "$J" >/dev/null 2>&1 || fail "jsonl into the directory failed"
kefu_cli import "$JSONL" --store "$PG" >/dev/null 2>&1 || fail "jsonl into PostgreSQL failed"
ORDERS=Tests/KefuDomainTests/Fixtures/orders/amazon-all-orders-29.tsv
OUT_J=$(kefu_cli import orders "$ORDERS" --store "$J" 2>/dev/null) || fail "orders into the directory failed: $OUT_J"
OUT_PG=$(kefu_cli import orders "$ORDERS" --store "$PG" 2>/dev/null) || fail "orders into PostgreSQL failed: $OUT_PG"
[[ "$OUT_PG" == "$OUT_J" && "$OUT_PG" == "orders: "[1-9]*" new, "*"; "[1-9]*" case(s) filled;"* ]] || fail "different order imports: '$OUT_J' vs '$OUT_PG'"
[[ "$(kefu_cli list --all --json --store "$PG")" == "$(kefu_cli list --all --json --store "$J")" ]] || fail "kefu list differs after the orders"
OUT_PG=$(kefu_cli import orders "$ORDERS" --store "$PG" 2>/dev/null)
[[ "$OUT_PG" == "orders: 0 new, 0 updated, "[1-9]*" unchanged; 0 case(s) filled;"* ]] || fail "a re-import changed something: $OUT_PG"
ok "$OUT_J"

ID=$(kefu_cli list --status needs-reply --json --store "$PG" | grep -m1 '"id"' | sed 's/.*"\(K-[0-9]*\)".*/\1/')
[[ "$ID" == K-* ]] || fail "no case needs a reply"

step "kefu reply --send queues the reply and records it, by the configured agent"
OFFERS=$(kefu_cli reply "$ID" --store "$PG") || fail "listing offers failed: $OFFERS"
OUT=$(kefu_cli reply "$ID" --offer 1 --send --accept-warnings --store "$PG" 2>&1) || fail "reply --send failed: $OUT"
[[ "$OUT" == *"$ID is waiting for the buyer; the reply is queued"* ]] || fail "unexpected message: $OUT"
SHOW=$(kefu_cli show "$ID" --json --store "$PG")
[[ "$SHOW" == *'"status" : "waiting-buyer"'* ]] || fail "the case does not wait for the buyer: $SHOW"
grep -q '"by" : "lin"' <<<"$SHOW" || fail "no event names the agent lin"
grep -A3 '"type" : "replied"' <<<"$SHOW" | grep -q . || fail "no replied event"
QUEUED=$(find "$XDG_DATA_HOME/kefu/postgres" -path '*/outbox/*.eml' | wc -l)
[[ "$QUEUED" -eq 1 ]] || fail "$QUEUED replies queued in this machine's outbox for the database, not 1"
[[ "$(psql -qtAX "$PG" -c "SELECT count(*) FROM case_leases WHERE case_id = '$ID'")" == 0 ]] || fail "the reply lease was kept after sending"
ok "$ID"

step "kefu reply --send refuses while a colleague is replying, and changes nothing"
ID2=$(kefu_cli list --status needs-reply --json --store "$PG" | grep '"id"' | sed -n 2p | sed 's/.*"\(K-[0-9]*\)".*/\1/')
[[ "$ID2" == K-* && "$ID2" != "$ID" ]] || fail "no second case needs a reply"
psql -qX "$PG" -c "INSERT INTO case_leases (case_id, agent_id, agent_name, activity, expires_at) VALUES ('$ID2', 'sam', 'Sam', 0, now() + interval '5 minutes')" >/dev/null \
    || fail "cannot take a lease as Sam"
BEFORE=$(kefu_cli show "$ID2" --json --store "$PG")
if OUT=$(kefu_cli reply "$ID2" --offer 1 --send --accept-warnings --store "$PG" 2>&1); then fail "a reply went out while Sam was replying"; fi
[[ "$OUT" == *"not sent: Sam is replying to $ID2"* ]] || fail "unexpected message: $OUT"
[[ "$(kefu_cli show "$ID2" --json --store "$PG")" == "$BEFORE" ]] || fail "the refused reply changed the case"
[[ $(find "$XDG_DATA_HOME/kefu/postgres" -path '*/outbox/*.eml' | wc -l) -eq 1 ]] || fail "the refused reply was queued"
ok "$ID2"

step "kefu pin and kefu hold change the case in PostgreSQL"
OUT=$(kefu_cli pin "$ID" --text "The lamp flickers" --store "$PG") || fail "pin failed: $OUT"
OUT=$(kefu_cli hold "$ID" --store "$PG") || fail "hold failed: $OUT"
[[ "$OUT" == "$ID: held"* ]] || fail "unexpected hold message: $OUT"
SHOW=$(kefu_cli show "$ID" --json --store "$PG")
[[ "$SHOW" == *'"text" : "The lamp flickers"'* && "$SHOW" == *'"heldAt"'* ]] || fail "pin or hold not stored: $SHOW"
[[ $(grep -c '"by" : "lin"' <<<"$SHOW") -ge 3 ]] || fail "the pin and hold events do not name the agent"
ok

step "kefu check verifies the database; --reindex says what to do instead"
OUT=$(kefu_cli check --store "$PG") || fail "check failed: $OUT"
[[ "$OUT" == *"active cases"*"schema version"*": ok" ]] || fail "unexpected check: $OUT"
if OUT=$(kefu_cli check --reindex --store "$PG" 2>&1); then fail "check --reindex on PostgreSQL succeeded"; fi
[[ "$OUT" == *"no journal to repair or index files to rebuild"*"kefu store copy"* ]] || fail "unexpected message: $OUT"
ok

step "kefu export weekly of PostgreSQL equals that of its copy in a directory, in every format"
OUT=$(kefu_cli store copy "$PG" "$B" 2>&1) || fail "copy out of PostgreSQL failed: $OUT"
PERIOD=(--from 2026-10-26 --to 2026-11-22)
# The time of the run is KEFU_NOW plus the milliseconds the command took to read it: left out.
undated() { sed -e '/"generatedAt"/d' -e 's/Generated by kefu [0-9TZ:.-]*/Generated by kefu/'; }
for fmt in md csv json html; do
    W_PG=$(kefu_cli export weekly "${PERIOD[@]}" --format $fmt --store "$PG" | undated) || fail "weekly $fmt on PostgreSQL failed"
    W_B=$(kefu_cli export weekly "${PERIOD[@]}" --format $fmt --store "$B" | undated) || fail "weekly $fmt on the copy failed"
    [[ "$W_PG" == "$W_B" ]] || fail "weekly $fmt differs: $(diff <(echo "$W_PG") <(echo "$W_B") | head -5)"
done
W_PG=$(kefu_cli export weekly "${PERIOD[@]}" --store "$PG")
[[ "$W_PG" == *"## Agents"* && "$W_PG" == *"| Lin (lin) | 1 |"* ]] || fail "no agents section naming Lin: $W_PG"
ok

step "W in an inbox on PostgreSQL writes last week's summary, the same as kefu export weekly"
launch inbox --store "$PG"
wait_for "needs reply"
keys W
wait_for "Weekly summary written to"
# The tmux server started before XDG_DATA_HOME was set: this inbox's working directory is under its HOME.
WEEKLY=$(find "$E2E_TMP" -path '*/kefu/postgres/*/exports/kefu-weekly-2026-W46.md' | head -1)
[[ -s "$WEEKLY" ]] || fail "no kefu-weekly-2026-W46.md in a working directory: $(find "$E2E_TMP" -name '*.md')"
kefu_cli export weekly --week 2026-W46 -o "$E2E_TMP/w46.md" --store "$PG" >/dev/null || fail "kefu export weekly failed"
cmp -s "$WEEKLY" "$E2E_TMP/w46.md" || fail "the inbox's summary differs: $(diff "$WEEKLY" "$E2E_TMP/w46.md" | head -5)"
keys q
wait_for "KEFU-EXIT=0"
ok

step "kefu purge on PostgreSQL purges what it would purge in the copy"
[[ "$(kefu_cli purge --dry-run --store "$PG")" == "$(kefu_cli purge --dry-run --store "$B")" ]] || fail "purge --dry-run differs"
OUT=$(kefu_env env KEFU_NOW=2027-06-01T00:00:00Z "$KEFU_BIN" purge --store "$PG" </dev/null) || fail "purge failed: $OUT"
[[ "$OUT" == "purged "* ]] || fail "unexpected purge: $OUT"
ok "$OUT"
