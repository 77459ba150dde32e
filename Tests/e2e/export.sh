#!/usr/bin/env bash
# End-to-end test of the exports: the weekly summary as HTML opens in a real headless browser
# (Debian's chromium) and its screenshot is not blank; the CSV round-trips through Python's csv module.
# Printed to PDF, the products take one A4 page per 10 (pdftotext, from poppler-utils, counts them).
#
#   swift build && bash Tests/e2e/export.sh        (from the repo root; needs chromium and python3)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=Tests/e2e/lib.sh
source Tests/e2e/lib.sh

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$CHROMIUM" ]] || { echo "not ok - setup: chromium is not installed" >&2; exit 1; }
e2e_init

STORE="$E2E_TMP/store"
# The demo's cases are relative to KEFU_NOW (Saturday 21 Nov 2026): most fall in 2026-W47. Two days
# later the last complete week is W47, so the default week is the one with the demo data.
kefu_cli demo --no-inbox --store "$STORE" >/dev/null 2>&1 || fail "kefu demo failed"
LATER=(env KEFU_NOW=2026-11-24T09:00:00Z)

step "the weekly summary as HTML"
HTML="$E2E_TMP/out/weekly.html"
mkdir -p "$E2E_TMP/out"   # -o never creates directories
OUT=$(kefu_env "${LATER[@]}" "$KEFU_BIN" export weekly --store "$STORE" --format html -o "$HTML" </dev/null) \
    || fail "kefu export weekly --format html failed"
[[ "$OUT" == "Weekly summary written to $HTML" ]] || fail "unexpected output: $OUT"
grep -q "Weekly summary 2026-W47" "$HTML" || fail "not the week of the demo data"
grep -q "<svg" "$HTML" || fail "no inline SVG chart"
if grep -qiE "<script|src=\"http|href=\"http" "$HTML"; then fail "the HTML is not self-contained"; fi
ok "$(wc -c <"$HTML") bytes"

step "chromium renders it, and the screenshot is not blank"
SHOT="$E2E_TMP/weekly.png"
# Chromium wants a writable home and profile; it may print warnings about D-Bus on a server.
HOME="$E2E_TMP/home" timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$E2E_TMP/chromium" --screenshot="$SHOT" --window-size=1200,1600 "file://$HTML" \
    >"$E2E_TMP/chromium.log" 2>&1 || fail "chromium failed: $(tail -5 "$E2E_TMP/chromium.log")"
[[ -s "$SHOT" ]] || fail "no screenshot written: $(tail -5 "$E2E_TMP/chromium.log")"
# Decode the PNG with the standard library only (zlib + the PNG filters) and count non-white pixels.
INK=$(python3 - "$SHOT" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height, depth, ctype = 8, b"", 0, 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6), f"unexpected PNG format depth={depth} type={ctype}"
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytearray(stride)
ink = 0
i = 0
for _ in range(height):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        if line[x] < 235 or line[x + 1] < 235 or line[x + 2] < 235:
            ink += 1
    prev = line
print(ink, width * height)
PY
) || fail "could not decode the screenshot"
read -r inked total <<<"$INK"
(( inked > total / 100 )) || fail "the screenshot is (nearly) blank: $inked of $total pixels not white"
ok "$inked of $total pixels not white"

step "the CSV round-trips through a CSV parser"
CSVF="$E2E_TMP/weekly.csv"
kefu_env "${LATER[@]}" "$KEFU_BIN" export weekly --store "$STORE" --format csv -o "$CSVF" </dev/null >/dev/null \
    || fail "kefu export weekly --format csv failed"
python3 - "$CSVF" <<'PY' || fail "the CSV did not round-trip"
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
header, body = rows[0], rows[1:]
assert header[:6] == ["period", "sku", "asin", "title", "category", "cases"], header
assert len(body) >= 20, f"only {len(body)} rows"
assert all(len(r) == len(header) for r in body), "ragged rows"
assert all(r[0] == "2026-W47" for r in body)
titles = {r[3] for r in body}
assert "マイコン炊飯器 5.5合 ホワイト" in titles, "the Japanese title is not intact"
assert sum(int(r[5]) for r in body) >= 30, "cases per category do not add up"
# Writing the rows back gives the same text (quoting included).
out = io.StringIO(newline="")
csv.writer(out, lineterminator="\r\n").writerows(rows)
assert out.getvalue() == raw.decode("utf-8-sig"), "writing the parsed rows back differs"
print(f"ok - {len(body)} rows")
PY
ok

step "the case export as CSV"
CASES="$E2E_TMP/cases.csv"
kefu_cli export cases --store "$STORE" --week 2026-W47 -o "$CASES" >/dev/null || fail "kefu export cases failed"
python3 - "$CASES" <<'PY' || fail "the case CSV is wrong"
import csv, io, sys
rows = list(csv.DictReader(io.StringIO(open(sys.argv[1], encoding="utf-8-sig").read(), newline="")))
assert len(rows) >= 30 and all(r["id"].startswith("K-") for r in rows)
assert "buyer_name" not in rows[0], "personal data without --include-pii"
PY
ok

step "W in the inbox writes last week's summary and says where"
# KEFU_NOW is Saturday 21 Nov 2026: the last complete week is 2026-W46.
WEEKLY="$STORE/exports/kefu-weekly-2026-W46.md"
launch inbox --store "$STORE"
wait_for "needs reply"
keys W
wait_for "Weekly summary written to $WEEKLY"
[[ -s "$WEEKLY" ]] || fail "$WEEKLY was not written"
grep -q "^# Weekly summary 2026-W46" "$WEEKLY" || fail "not the summary of 2026-W46: $(head -3 "$WEEKLY")"
keys q
wait_for "KEFU-EXIT=0"
ok

step "printed, the products take one A4 page per 10 (20 products, three long quotes each)"
BIG="$E2E_TMP/big"
python3 - "$E2E_TMP/big.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    n = 0
    for p in range(20):
        for k, category in enumerate(["damaged", "defective", "missing-part"]):
            n += 1
            f.write(json.dumps({"messageId": f"m{n}", "channel": "amazon", "marketplace": "amazon.de", "kind": "buyer-message",
                "receivedAt": f"2026-11-1{7 + k}T09:00:00Z", "orderId": f"302-{1000000 + n:07d}-{1000000 + n:07d}",
                "from": {"address": f"b{n}@marketplace.amazon.de", "language": "de"}, "subject": "Problem",
                "body": "Die Lampe kam beschädigt an, das Glas ist gesprungen und der Schalter geht nicht mehr. " * 4,
                "items": [{"sku": f"PRINT-SKU-{p:02d}", "title": f"A rather long product title number {p}, with many words, black, 2 pack",
                           "quantity": 1, "price": "29.99", "currency": "EUR"}], "category": category}) + "\n")
PY
kefu_env "${LATER[@]}" "$KEFU_BIN" import "$E2E_TMP/big.jsonl" --store "$BIG" </dev/null >/dev/null || fail "import of the 20 products"
mkdir -p "$E2E_TMP/print"
kefu_env "${LATER[@]}" "$KEFU_BIN" export weekly --store "$BIG" --week 2026-W47 --format html -o "$E2E_TMP/print/w.html" </dev/null >/dev/null \
    || fail "export of the 20 products"
HOME="$E2E_TMP/home" timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$E2E_TMP/chromium" \
    --print-to-pdf="$E2E_TMP/print/w.pdf" --no-pdf-header-footer "file://$E2E_TMP/print/w.html" >"$E2E_TMP/chromium.log" 2>&1 \
    || fail "chromium could not print: $(tail -5 "$E2E_TMP/chromium.log")"
PAGES=$(python3 - "$E2E_TMP/print/w.pdf" <<'PY'
import re, subprocess, sys
text = subprocess.run(["pdftotext", "-layout", sys.argv[1], "-"], capture_output=True, text=True, check=True).stdout
counts = [len(re.findall(r"^PRINT-SKU-\d\d — ", page, re.M)) for page in text.split("\f")]
print(" ".join(str(c) for c in counts if c))
PY
) || fail "pdftotext failed"
[[ "$PAGES" == "10 10" ]] || fail "products per printed page: '$PAGES' (want '10 10')"
ok "products per page: $PAGES"

step "the HTML passes axe-core's WCAG 2 A and AA checks in chromium"
AXE_WHEEL=$(ls .build/e2e-tools/axe_selenium_python-2.1.6-*.whl 2>/dev/null | head -1 || true)
[[ -n "$AXE_WHEEL" ]] || fail "axe-core is missing: run .ci/run, or python3 -m pip download --no-deps -d .build/e2e-tools axe-selenium-python==2.1.6"
# The page with axe-core and a runner appended; chromium runs them and prints the DOM with the result.
python3 - "$AXE_WHEEL" "$E2E_TMP/print/w.html" "$E2E_TMP/print/axe.html" <<'PY'
import sys, zipfile
axe = zipfile.ZipFile(sys.argv[1]).read("axe_selenium_python/node_modules/axe-core/axe.min.js").decode()
page = open(sys.argv[2], encoding="utf-8").read()
runner = ("<script>" + axe + "</script><script>axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
          ".then(function (r) { var p = document.createElement('pre'); p.id = 'axe-result';"
          " p.textContent = JSON.stringify(r.violations.map(function (v) { return {id: v.id, help: v.help,"
          " nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); })}; }));"
          " document.body.appendChild(p); });</script>")
open(sys.argv[3], "w", encoding="utf-8").write(page.replace("</body>", runner + "</body>"))
PY
HOME="$E2E_TMP/home" timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$E2E_TMP/chromium" \
    --virtual-time-budget=15000 --dump-dom "file://$E2E_TMP/print/axe.html" >"$E2E_TMP/print/dom.html" 2>"$E2E_TMP/chromium.log" \
    || fail "chromium failed: $(tail -5 "$E2E_TMP/chromium.log")"
VIOLATIONS=$(python3 - "$E2E_TMP/print/dom.html" <<'PY'
import html, json, re, sys
m = re.search(r'<pre id="axe-result">(.*?)</pre>', open(sys.argv[1], encoding="utf-8").read(), re.S)
print(json.dumps(json.loads(html.unescape(m.group(1)))) if m else "axe did not run")
PY
)
[[ "$VIOLATIONS" == "[]" ]] || fail "accessibility violations: $VIOLATIONS"
ok "no violations"
