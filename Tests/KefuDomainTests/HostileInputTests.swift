import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuMail
@testable import KefuStore
@testable import KefuImport
@testable import KefuReports

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

    @Test func aThreadOfTwentyThousandMailsIsFiledInLinearTime() throws {
        // One sender, one subject: every mail joins the same case. Re-indexing the whole case (and
        // copying its messages) for each one was quadratic.
        let store = try CaseStore.open(tempDir(), now: t0)
        let intake = try Intake(store: store, now: t0)
        let n = 20_000
        for k in 0..<n {
            var m = InboundMessage(messageId: "m\(k)@flood.example", channel: .email, kind: .buyerMessage,
                                   receivedAt: t0.addingTimeInterval(Double(k)), from: Buyer(address: "eva@example.com"),
                                   subject: k == 0 ? "hello" : "Re: hello", body: "hello again")
            m.threadIds = k == 0 ? [] : ["m\(k - 1)@flood.example"]
            try intake.add(m)
        }
        // The same again: every one a duplicate.
        try intake.add(InboundMessage(messageId: "m7@flood.example", channel: .email, kind: .buyerMessage, receivedAt: t0,
                                      from: Buyer(address: "eva@example.com"), subject: "hello", body: "x"))
        let changed = try intake.commit()
        #expect(changed.count == 1 && changed.first?.messages.count == n)
        #expect(intake.summary.newCases == 1 && intake.summary.newMessages == n && intake.summary.duplicates == 1)
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

    @Test func replyPrefixesAddressesAndSubjectsAreReadInOnePass() {
        // A run of spaces after "Re" made the prefix regex backtrack (cubic); a run of ":" after an
        // address searched the phrase for "@" each time (quadratic).
        let spaces = String(repeating: " ", count: 1_000_000)
        #expect(Intake.stripReplyPrefixes("Re" + spaces + "x") == "Re" + spaces + "x")
        #expect(Intake.stripReplyPrefixes("Re" + spaces + ":x") == "x")
        #expect(Intake.stripReplyPrefixes(String(repeating: "AW: ", count: 250_000) + "Lampe") == "Lampe")
        #expect(Intake.stripReplyPrefixes("  RE [3] ：  Sv:Lampe") == "Lampe")
        #expect(Intake.stripReplyPrefixes("Re[x]: Lampe") == "Re[x]: Lampe")
        #expect(Intake.stripReplyPrefixes("Reply: Lampe") == "Reply: Lampe")
        let address = AddressList.parse(String(repeating: "a", count: 500_000) + "@b.de" + String(repeating: ":", count: 500_000))
        #expect(address.count == 1 && address.first?.address.hasSuffix("@b.de" + String(repeating: ":", count: 500_000)) == true)
        #expect(AddressList.parse("group: a@b.de, c@d.de;").map(\.address) == ["a@b.de", "c@d.de"])

        // A 1 MB subject on an eBay-looking mail: cut with a warning before the notice phrases are read.
        let subject = String(repeating: "a sent a message about ", count: 50_000) + "#123456789"
        let m = MIMEParser.parse(Self.crlf("From: x <x@members.ebay.de>\nSubject: \(subject)\nMessage-ID: <e@b.de>\n\nhi\n"))
        #expect(m.subject.count == MIMEWalker.maxSubject)
        #expect(m.warnings.contains("subject longer than 2000 characters, cut"))
        _ = InboundMessage(mail: MailClassifier.classify(m, fallbackDate: t0))
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

    @Test func hugeDatesAndOffsetsFromTheCommandLineAndConfigAreRefused() {
        #expect(throws: KefuError.self) { try Now.fromEnvironment(["KEFU_NOW": "999999999999999-01-01T00:00:00Z"]) }
        #expect(throws: KefuError.self) { try ReportPeriod.parseWeek("99999999-W01", zone: .gmt) }
        #expect(throws: KefuError.self) { try ReportPeriod.parseWeek("2026-W99999999999999999999", zone: .gmt) }
        #expect(throws: KefuError.self) { try ReportPeriod.days(from: "99999999999-01-01", to: "2026-01-01", zone: .gmt) }
        var rules = HolidayRules()
        #expect(!rules.add("easter+99999999999999999999") && !rules.add("easter-9999") && !rules.add("99999999999-12-24"))
        #expect(SnoozeTime.readDuration("999999999999999d") == .tooLong)
        #expect(SnoozeTime.readDuration("99999999999999999999999999999999m") == .tooLong)
        #expect(SnoozeTime.readDuration("1h30m") == .seconds(5400))
        #expect(SnoozeTime.readDuration("２h") == .none, "full-width digits (a Japanese input method) are no duration, not \"too long\"")
        #expect(SnoozeTime.read("999999999999999d", now: t0, timeZone: .gmt) == .failure(.tooFar))
        #expect(SnoozeTime.read("soon", now: t0, timeZone: .gmt) == .failure(.notAFutureTime))
    }
}

// MARK: Maildir reading

@Suite struct MaildirReadingTests {
    static func maildir() throws -> String {
        let dir = tempDir("kefu-maildir-hostile")
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
        return dir
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Two header-less mails (no Message-ID, no Date) whose first part is the same: they differ
    /// only in the attachment after it.
    static func headerless(_ attachment: String) -> String {
        """
        From: Eva <eva@example.com>
        Subject: photos
        Content-Type: multipart/mixed; boundary="b"

        --b
        Content-Type: text/plain

        The lamp arrived broken, photos attached.
        --b
        Content-Type: image/jpeg; name="photo.jpg"
        Content-Transfer-Encoding: base64

        \(attachment)
        --b--

        """
    }

    @Test func linksFIFOsAndDevicesAreSkippedWithAWarningAndHeaderlessMailsNeverMerge() throws {
        let dir = try Self.maildir()
        let outside = tempDir("kefu-outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Self.write("From: x@example.com\nSubject: secret\nMessage-ID: <outside@example.com>\n\nnot for kefu\n", to: outside + "/secret")
        try Self.write("From: Eva <eva@example.com>\nSubject: Lamp\nMessage-ID: <real@example.com>\n\nThe lamp is broken.\n",
                       to: dir + "/new/1763625600.M1P1.host")
        try Self.write(Self.headerless("QUFBQUFBQUE="), to: dir + "/new/1763625601.M2P1.host")
        try Self.write(Self.headerless("QkJCQkJCQkI="), to: dir + "/new/1763625602.M3P1.host")
        try FileManager.default.createSymbolicLink(atPath: dir + "/new/1763625603.M4P1.link", withDestinationPath: outside + "/secret")
        try FileManager.default.createSymbolicLink(atPath: dir + "/cur/1763625604.M5P1.dangling:2,S", withDestinationPath: outside + "/nothing")
        #expect(mkfifo(dir + "/new/1763625605.M6P1.fifo", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: dir + "/new/1763625606.M7P1.dir", withIntermediateDirectories: false)

        let store = try CaseStore.open(tempDir(), now: t0)
        let report = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        #expect(report.read == 3 && report.skipped == 4 && report.vanished == 0)
        #expect(report.intake.newMessages == 3 && report.intake.duplicates == 0)
        for w in ["new/1763625603.M4P1.link: a symbolic link, skipped (not followed)",
                  "cur/1763625604.M5P1.dangling:2,S: a symbolic link, skipped (not followed)",
                  "new/1763625605.M6P1.fifo: a FIFO, skipped (not followed)",
                  "new/1763625606.M7P1.dir: a directory, skipped (not followed)"] {
            #expect(report.warnings.contains(w), "\(report.warnings)")
        }
        let ids = store.cases.values.flatMap { $0.messages.map(\.sourceId) }
        #expect(!ids.contains("outside@example.com"))
        let substitutes = ids.filter { $0.hasPrefix("sha256-") }
        #expect(substitutes.count == 2 && Set(substitutes).count == 2)
        #expect(substitutes.contains("sha256-" + SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: dir + "/new/1763625601.M2P1.host")))))

        // Again: nothing new, the odd files warned about again; with a fresh seen-list the ids stop duplicates.
        let again = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        #expect(again.read == 0 && again.alreadyRead == 3 && again.skipped == 4 && again.intake.newMessages == 0)
        try FileManager.default.removeItem(atPath: store.directory + "/intake")
        let third = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        #expect(third.read == 3 && third.intake.duplicates == 3 && third.intake.newMessages == 0)
    }

    @Test func aHugeFileIsReadOnlyUpToTheLimit() throws {
        let dir = try Self.maildir()
        let path = dir + "/new/1763625600.M1P1.big"
        try Self.write("From: big@example.com\nSubject: big\n\nhello\n", to: path)
        // A sparse 1 GB file: reading it whole would take a gigabyte of memory.
        #expect(truncate(path, 1 << 30) == 0)
        let md = try Maildir(path: dir)
        let entry = try #require(try md.entries().first)
        guard case .mail(let data, _, let from) = md.read(entry) else { Issue.record("not read"); return }
        #expect(data.count == Maildir.maxBytes && from == 1 << 30)
        guard case .mail(let small, _, let smallFrom) = md.read(entry, maxBytes: 4096) else { Issue.record("not read"); return }
        #expect(small.count == 4096 && smallFrom == 1 << 30 && small.starts(with: Data("From: big".utf8)))
        // Within the limit: all of it, not marked.
        #expect(truncate(path, 5000) == 0)
        guard case .mail(let whole, _, nil) = md.read(entry) else { Issue.record("not read whole"); return }
        #expect(whole.count == 5000)
    }
}
