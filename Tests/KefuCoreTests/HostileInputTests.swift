import Foundation
import Testing
@testable import KefuCore

/// Buyer-controlled input must cost linear time and never trap. No timed assertions: the inputs are
/// large enough that a quadratic pass would not finish within the suite, and each test checks what
/// was kept and what was said about the rest.
@Suite struct HostileInputTests {
    static func crlf(_ s: String) -> Data { Data(s.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

    // MARK: Mail

    @Test func referencesFloodKeepsTheLastIdsWithAWarningAndStillThreads() throws {
        // 1 MB of References: 50,000 ids, the nearest ancestor (the last one) a message the store holds.
        var refs = ""
        for n in 0..<50_000 { refs += " <r\(n)@flood.example>" }
        refs += " <first@shop.example>"
        let first = """
        From: Eva <eva@example.com>
        Subject: Lamp broken
        Date: Fri, 20 Nov 2026 09:00:00 +0100
        Message-ID: <first@shop.example>

        The lamp arrived broken.

        """
        let flood = """
        From: Eva <eva@example.com>
        Subject: something else entirely
        Date: Fri, 20 Nov 2026 10:00:00 +0100
        Message-ID: <second@shop.example>
        In-Reply-To: <r7@flood.example>
        References:\(refs)

        Any news?

        """
        #expect(flood.utf8.count > 1_000_000)
        let parsed = MIMEParser.parse(Self.crlf(flood))
        #expect(parsed.references.count == 100)
        #expect(parsed.references.last == "first@shop.example")
        #expect(parsed.warnings.contains { $0.contains("References lists 50001 ids") })

        let m = InboundMessage(mail: MailClassifier.classify(parsed, fallbackDate: t0))
        #expect(m.threadIds.count == 100)
        #expect(m.threadIds.prefix(2) == ["r7@flood.example", "first@shop.example"])
        // Duplicates go, order stays: In-Reply-To first, then References nearest first.
        #expect(InboundMessage.threadIds(inReplyTo: "a", references: ["b", "a", "c", "b"]) == ["a", "b", "c"])

        let store = try CaseStore.open(tempDir(), now: t0)
        let intake = try Intake(store: store, now: t0)
        try intake.add(InboundMessage(mail: MailClassifier.classify(MIMEParser.parse(Self.crlf(first)), fallbackDate: t0)))
        try intake.add(m)
        try intake.commit()
        #expect(store.cases.count == 1)
        #expect(store.cases.values.first?.messages.count == 2)
    }

    @Test func headerFloodIsBoundedWithAWarningAndTheBodyIsStillFound() {
        var mail = "From: Eva <eva@example.com>\nSubject: Lamp\nMessage-ID: <h@shop.example>\n"
        for n in 0..<100_000 { mail += "X-Junk-\(n): value \(n)\n" }
        mail += "\nThe lamp arrived broken.\n"
        let parsed = MIMEParser.parse(Self.crlf(mail))
        #expect(parsed.headers.count == HeaderBlock.maxHeaders)
        #expect(parsed.subject == "Lamp")
        #expect(parsed.text.hasPrefix("The lamp arrived broken."))
        #expect(parsed.warnings.contains { $0.hasPrefix("header section too large") })

        // One 8 MB folded header: cut at the byte limit, the body still found.
        let fold = String(repeating: " more words\n", count: 700_000)
        let long = MIMEParser.parse(Self.crlf("From: a@b.de\nSubject: x\nX-Long: start\n" + fold + "\nbody\n"))
        #expect(long.header("X-Long").map { $0.utf8.count <= HeaderBlock.maxBytes } == true)
        #expect(long.text == "body\n")
        #expect(long.warnings.contains { $0.hasPrefix("header section too large") })
    }

    @Test func deepMIMENestingKeepsTheInnerPartsAsRawTextWithAWarning() {
        // 10,000 nested multiparts; the only text is at the bottom.
        let depth = 10_000
        var mail = "From: a@b.de\nSubject: deep\nMessage-ID: <deep@b.de>\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n"
        for n in 1..<depth { mail += "--b\(n - 1)\nContent-Type: multipart/mixed; boundary=\"b\(n)\"\n\n" }
        mail += "--b\(depth - 1)\nContent-Type: text/plain\n\nthe deep secret\n"
        for n in stride(from: depth - 1, through: 0, by: -1) { mail += "--b\(n)--\n" }
        let parsed = MIMEParser.parse(Self.crlf(mail))
        #expect(parsed.text.contains("the deep secret"))
        #expect(parsed.warnings.contains { $0.contains("nested deeper than \(MIMEWalker.maxDepth) levels, inner parts kept as raw text") })
    }

    @Test func hugeNumbersInDateHeadersAndNoticesNeverTrap() {
        for date in ["Fri, 99999999999999999999 Nov 2026 09:00:00 +0100", "Fri, 20 Nov 999999999999999 09:00:00 +0100",
                     "Fri, 20 Nov 2026 99999999999:00:00 +0100", "20-nov-99999999999"] {
            let m = MIMEParser.parse(Self.crlf("From: a@b.de\nDate: \(date)\nMessage-ID: <d@b.de>\n\nx\n"))
            #expect(m.date == nil)
        }
        // An unreadable zone is left out (read as UTC), never multiplied.
        _ = MIMEParser.parse(Self.crlf("From: a@b.de\nDate: Fri, 20 Nov 2026 09:00:00 +99999999999\n\nx\n"))
        #expect(ISO8601.parse("99999999999-01-01T00:00:00Z") == nil)
        #expect(ISO8601.parse("2026-01-01T00:00:00+99999:00") == nil)
    }
}
