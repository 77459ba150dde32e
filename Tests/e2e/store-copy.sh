#!/usr/bin/env bash
# End-to-end test of `kefu store copy`: the demo store JSON → PostgreSQL → JSON gives identical
# `kefu export cases` output, the PostgreSQL store answers `kefu list`/`show`/`export cases` as the
# directory does, a non-empty target is refused without --force, and an unreachable server is named
# without its password. Needs KEFU_TEST_PG_URL (.ci/run starts a server and sets it).
#
#   swift build && KEFU_TEST_PG_URL=postgresql://… bash Tests/e2e/store-copy.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh

pg_require store-copy.sh
e2e_init
pg_schema

A="$E2E_TMP/a" B="$E2E_TMP/b"
kefu_cli demo --no-inbox --store "$A" >/dev/null 2>&1 || fail "kefu demo failed"
# Parts the demo lacks: closed cases (a change three weeks later retires the resolved ones on
# closing), a queued reply and a seen-list.
kefu_env env KEFU_NOW=2026-12-12T10:00:00Z "$KEFU_BIN" hold K-1001 --store "$A" </dev/null >/dev/null || fail "kefu hold failed"
[[ -s "$A/history/index.tsv" ]] || fail "no case was retired to history"
mkdir -p "$A/outbox" "$A/intake"
printf 'Subject: Re: lamp\r\nMessage-ID: <r1@shop>\r\n\r\nSorry!\r\n' > "$A/outbox/20261121T100000.000Z_r1@shop.eml"
printf '1700000000.M1P2.host\n1700000001.M2P3.host\n' > "$A/intake/maildir-seen"
WEEK=(--from 2026-10-01 --to 2026-11-22)

step "JSON → PostgreSQL, verified"
OUT=$(kefu_cli store copy "$A" "$PG" 2>&1) || fail "copy into PostgreSQL failed: $OUT"
[[ "$OUT" == *"verified: counts and checksums equal"* ]] || fail "not verified: $OUT"
[[ "$OUT" == *"outbox files"*"1 "* && "$OUT" == *"seen-list"*"2 "* ]] || fail "outbox or seen-list not counted: $OUT"
[[ "$OUT" =~ closed\ cases\ +([0-9]+) && ${BASH_REMATCH[1]} -gt 0 ]] || fail "no closed cases copied: $OUT"
ok "${BASH_REMATCH[1]} closed cases"

step "a non-empty target is refused without --force"
if OUT=$(kefu_cli store copy "$A" "$PG" 2>&1); then fail "a second copy was not refused"; fi
[[ "$OUT" == *"already holds a store; --force replaces it"* ]] || fail "unexpected message: $OUT"
OUT=$(kefu_cli store copy --force "$A" "$PG" 2>&1) || fail "--force failed: $OUT"
[[ "$OUT" == *"verified"* ]] || fail "--force not verified: $OUT"
ok

step "the PostgreSQL store answers list, show and export cases as the directory does"
[[ "$(kefu_cli list --all --store "$A")" == "$(kefu_cli list --all --store "$PG")" ]] || fail "kefu list differs"
[[ "$(kefu_cli show K-1001 --json --store "$A")" == "$(kefu_env env KEFU_STORE="$PG" "$KEFU_BIN" show K-1001 --json </dev/null)" ]] || fail "kefu show (KEFU_STORE) differs"
EXPORT_A=$(kefu_cli export cases "${WEEK[@]}" --format jsonl --store "$A")
[[ -n "$EXPORT_A" ]] || fail "the demo exported no cases"
[[ "$EXPORT_A" == "$(kefu_cli export cases "${WEEK[@]}" --format jsonl --store "$PG")" ]] || fail "kefu export cases differs"
ok "$(wc -l <<<"$EXPORT_A") cases"

step "PostgreSQL → JSON gives identical kefu export cases output"
OUT=$(kefu_cli store copy "$PG" "$B" 2>&1) || fail "copy out of PostgreSQL failed: $OUT"
[[ "$OUT" == *"verified"* ]] || fail "not verified: $OUT"
[[ "$(kefu_cli export cases "${WEEK[@]}" --store "$A")" == "$(kefu_cli export cases "${WEEK[@]}" --store "$B")" ]] || fail "CSV export differs"
[[ "$EXPORT_A" == "$(kefu_cli export cases "${WEEK[@]}" --format jsonl --store "$B")" ]] || fail "JSONL export differs"
cmp -s "$A/outbox/20261121T100000.000Z_r1@shop.eml" "$B/outbox/20261121T100000.000Z_r1@shop.eml" || fail "the outbox file differs"
[[ "$(sort "$A/intake/maildir-seen")" == "$(sort "$B/intake/maildir-seen")" ]] || fail "the seen-list differs"
if OUT=$(kefu_cli store copy "$PG" "$B" 2>&1); then fail "copy into a non-empty directory was not refused"; fi
[[ "$OUT" == *"not empty"* ]] || fail "unexpected message: $OUT"
ok

step "kefu import files the same messages into PostgreSQL as into a directory"
JSONL=Tests/KefuDomainTests/Fixtures/jsonl/messages.jsonl
OUT_B=$(kefu_cli import "$JSONL" --store "$B") || fail "import into the directory failed: $OUT_B"
OUT_PG=$(kefu_cli import "$JSONL" --store "$PG") || fail "import into PostgreSQL failed: $OUT_PG"
[[ "$OUT_PG" == "$OUT_B" && "$OUT_PG" == "imported "[1-9]* ]] || fail "different imports: '$OUT_B' vs '$OUT_PG'"
[[ "$(kefu_cli list --all --json --store "$B")" == "$(kefu_cli list --all --json --store "$PG")" ]] || fail "kefu list differs after the import"
OUT_PG=$(kefu_cli import "$JSONL" --store "$PG") || fail "re-import into PostgreSQL failed: $OUT_PG"
[[ "$OUT_PG" == "imported 0 message(s) into 0 new case(s), 0 reopened, "[1-9]*" duplicate(s) skipped" ]] || fail "re-import added something: $OUT_PG"
ok "$OUT_B"

step "a command that reads directories only refuses the URL, creating nothing"
if OUT=$(cd "$E2E_TMP" && kefu_cli demo --no-inbox --store "$PG" 2>&1); then fail "kefu demo into a PostgreSQL store succeeded"; fi
[[ "$OUT" == *"works on a store directory only so far, and the store is postgresql://"*":***@"* ]] || fail "unexpected message: $OUT"
[[ ! -e "$E2E_TMP/postgresql:" ]] || fail "a directory named after the URL was created"
ok

step "an unreachable server is named, its password not"
if OUT=$(kefu_cli list --store "postgresql://lin:s3cret@127.0.0.1:1/kefu" 2>&1); then fail "listing an unreachable store succeeded"; fi
[[ "$OUT" == *"cannot connect to postgresql://lin:***@127.0.0.1:1/kefu"* && "$OUT" != *s3cret* ]] || fail "unexpected message: $OUT"
ok
