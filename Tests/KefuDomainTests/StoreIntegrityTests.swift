import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuMail
@testable import KefuStore
@testable import KefuImport
@testable import KefuConfig
@testable import KefuPlaybook
@testable import KefuReports

/// Issue 14: what enters is held to the limits the store reads back, a full disk never leaves half a
/// record, the outbox and the cases agree after a crash, and `-o FILE` writes safely.
@Suite struct StoreIntegrityTests {
    // MARK: One rule for what enters

    @Test func aJSONLQuantityTheStoreCannotReadIsRefusedNamingFileLineAndField() throws {
        let line = #"{"messageId":"m1","channel":"amazon","kind":"buyer-message","receivedAt":"2026-11-21T08:00:00Z","orderId":"302-1111111-2222222","body":"hi","items":[{"sku":"A","quantity":1000000000000000,"price":"1.00","currency":"EUR"}]}"#
        let parsed = JSONLImport.parse(Data((line + "\n").utf8), file: "in.jsonl")
        #expect(parsed.messages.isEmpty)
        #expect(parsed.problems.map(\.description) == ["in.jsonl:1: items[0].quantity: 1000000000000000 is out of range (0…1000000)"])
    }

    @Test func jsonlTimesAndPricesOutsideTheStoresRangeAreRefused() {
        let far = #"{"messageId":"m1","channel":"amazon","kind":"buyer-message","receivedAt":"1969-12-31T23:59:59Z","dueAt":"9999-12-31T23:59:59-05:00","body":"hi","items":[{"quantity":2,"price":"1.00","currency":"EUR"}]}"#
        let huge = #"{"messageId":"m2","channel":"amazon","kind":"buyer-message","receivedAt":"2026-11-21T08:00:00Z","body":"hi","items":[{"quantity":1e300}]}"#
        let parsed = JSONLImport.parse(Data((far + "\n" + huge + "\n").utf8), file: "f.jsonl")
        #expect(parsed.messages.isEmpty)
        #expect(parsed.problems.map(\.description).sorted() == [
            "f.jsonl:1: dueAt: a time outside 1970-01-01…9999-12-31",
            "f.jsonl:1: receivedAt: a time outside 1970-01-01…9999-12-31",
            "f.jsonl:2: items[0].quantity: 1e+300 is out of range",
        ])
    }

    @Test func aMailsQuantityIsClampedWithAWarningAndTheStoreStillOpens() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mail/amazon-return-en.eml")
        let text = try String(contentsOf: fixture, encoding: .utf8).replacingOccurrences(of: "Quantity: 2", with: "Quantity: 1000000000000000")
        let maildir = tempDir("kefu-maildir")
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: maildir + "/new/1.host"))
        let dir = tempDir()
        let store = try CaseStore.open(dir, now: t0)
        _ = try MaildirIntake.run(try Maildir(path: maildir), store: store, now: t0)
        let c = try #require(store.cases.values.first)
        #expect(c.order?.items.first?.quantity == StoreLimits.quantity.upperBound)
        #expect(c.messages.first?.warnings?.contains { $0.contains("quantity 1000000000000000 out of range") } == true)
        store.close(now: t0)
        let reopened = try CaseStore.open(dir, mode: .readOnly, now: t0)
        #expect(reopened.cases[c.id] == c)
        #expect(try CaseStore.check(dir, repair: false, now: t0).ok)
    }

    @Test func anOrderReportTimeTheStoreCannotHoldIsARowError() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/orders/amazon-all-orders-29.tsv").path
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        lines[1] = lines[1].replacingOccurrences(of: "2026-11-14T09:12:33+00:00", with: "1900-11-14T09:12:33+00:00")
        let p = OrderReport.parse(Data(lines.joined(separator: "\n").utf8), file: "r.tsv")
        #expect(p.problems.map(\.description) == [
            "r.tsv:2: purchase-date: a time outside 1970-01-01…9999-12-31: \"1900-11-14T09:12:33+00:00\"",
        ])
    }

    @Test func saveRefusesACaseTheReaderWouldRefuseAndWritesNothing() throws {
        let dir = tempDir()
        let s = try CaseStore.open(dir, now: t0)
        var c = sampleCase()
        c.order?.items[0].quantity = 1_000_000_000_000_000
        c.events.append(CaseEvent(.offerChosen, at: t0, offers: ["refund-partial"], amounts: [Money(Decimal(string: "0.3333333333")!, "EUR")]))
        #expect(throws: KefuError.data("K-1001 not saved: order.items[0].quantity: 1000000000000000 is out of range (0…1000000); events[1].amounts[0]: 0.3333333333 is not an amount kefu stores (at most 13 digits before the point and 6 after)")) {
            try s.save(c)
        }
        #expect(try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8).isEmpty)
        #expect(s.cases.isEmpty)
    }

    @Test func checkDecodesAsOpeningDoesSoItCannotPassAStoreThatWillNotOpen() throws {
        let dir = tempDir()
        let s = try CaseStore.open(dir, now: t0)
        try s.save(sampleCase())
        s.close(now: t0)
        // A quantity Codable accepts but the store's reader refuses (what a buyer's mail wrote before).
        let active = dir + "/active.jsonl"
        let text = try String(contentsOfFile: active, encoding: .utf8).replacingOccurrences(of: #""quantity":1"#, with: #""quantity":1000000000000000"#)
        try Data(text.utf8).write(to: URL(fileURLWithPath: active))
        #expect(throws: (any Error).self) { try CaseStore.open(dir, mode: .readOnly, now: t0) }
        let report = try CaseStore.check(dir, repair: false, now: t0)
        #expect(!report.ok)
        #expect(report.problems == ["\(active):2: invalid value at order.items[0].quantity: 1000000000000000 is out of range (0…1000000)"])
    }

    @Test func deepNestingInAStoreLineIsAnErrorNotAStackOverflow() {
        let deep = Data((String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)).utf8)
        #expect(throws: (any Error).self) { try CaseReader.decodeCase(deep) }
    }

    @Test func timesOutsideFourDigitYearsNeverTrapWhenShown() {
        #expect(ISO8601.format(Date(timeIntervalSince1970: 1e18)) == "9999-12-31T23:59:59Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: -1e18)) == "0000-01-01T00:00:00Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00Z")
    }

    // MARK: A full disk

    @Test func aFailedAppendIsCutBackSoTheNextRecordStartsOnAWholeLine() throws {
        let dir = tempDir()
        let s = try CaseStore.open(dir, now: t0)
        try s.save(sampleCase("K-1001"))
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/journal.jsonl"))
        s.simulateJournalSpace(40) // room for 40 bytes of the next record, then ENOSPC
        #expect(throws: KefuError.data("\(dir)/journal.jsonl: write failed: disk full")) { try s.save(sampleCase("K-1002")) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/journal.jsonl")) == before, "half a record was cut back")
        #expect(s.cases["K-1002"] == nil && s.pendingCount == 0, "a plain save keeps nothing it could not write")
        s.simulateJournalSpace(nil)
        try s.save(sampleCase("K-1003"))
        // kill -9 now: no close, no compaction.
        let r = try CaseStore.open(dir, mode: .readOnly, now: t0)
        #expect(r.cases.keys.sorted() == ["K-1001", "K-1003"])
        #expect(r.warnings.isEmpty)
        #expect(try CaseStore.check(dir, repair: false, now: t0).ok)
    }

    /// A store holding K-1001, whose disk is now full.
    func storeOnAFullDisk() throws -> (dir: String, store: CaseStore, case: Case) {
        let dir = tempDir()
        let s = try CaseStore.open(dir, now: t0)
        let a = sampleCase("K-1001")
        try s.save(a)
        s.simulateJournalSpace(0)
        return (dir, s, a)
    }

    @Test func theInboxsChangeIsKeptPendingAndWrittenWithTheNextSave() throws {
        var (dir, s, a) = try storeOnAFullDisk()
        a.events.append(CaseEvent(.note, at: t0, text: "called DHL"))
        #expect(throws: (any Error).self) { try s.save([a], keepIfUnwritten: true) }
        #expect(s.pendingCount == 1 && s.isPending("K-1001"))
        #expect(s.cases["K-1001"] == a, "the change stays, as on screen")
        #expect(throws: (any Error).self) { try s.retryPending() }
        s.simulateJournalSpace(nil)
        let b = sampleCase("K-1002")
        try s.save(b) // carries the pending change in the same record
        #expect(s.pendingCount == 0)
        let lines = try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let r = try CaseStore.open(dir, mode: .readOnly, now: t0)
        #expect(r.cases["K-1001"] == a && r.cases["K-1002"] == b)
    }

    @Test func compactionWritesPendingChangesIntoTheSnapshot() throws {
        var (dir, s, a) = try storeOnAFullDisk()
        a.status = .waitingBuyer
        _ = try? s.save([a], keepIfUnwritten: true)
        s.close(now: t0) // the snapshot is written through its own temporary file
        #expect(s.pendingCount == 0)
        #expect(try CaseStore.open(dir, mode: .readOnly, now: t0).cases["K-1001"]?.status == .waitingBuyer)
    }

    // MARK: The outbox and the case agree after a crash

    @Test func aReplyQueuedButNeverRecordedIsRecordedBeforeAnythingDelivers() throws {
        let dir = tempDir()
        let c = sampleCase()
        var random = RandomSource(seed: 1)
        let mail = ReplyRecord.mail(for: c, text: "We are sending a new lamp today.", settings: ReplySettings(), now: at(1), random: &random)
        do {
            let s = try CaseStore.open(dir, now: t0)
            try s.save(c)
            try Outbox(storeDirectory: dir).enqueue(mail)   // kefu stops here, before the case is saved
            let orphan = MailMessage(from: MailAddress(name: nil, address: "s@shop.example"), to: MailAddress(name: nil, address: "b@x.example"),
                                     subject: "Re: ?", date: at(1), messageID: "lost@shop.example", inReplyTo: nil, references: [],
                                     body: "For a case that is gone", extraHeaders: [("X-Kefu-Case", "K-9999")])
            try Outbox(storeDirectory: dir).enqueue(orphan)
        }

        do {
            let r = try CaseStore.open(dir, now: at(2))
            let recorded = try #require(r.cases["K-1001"])
            #expect(recorded.messages.last?.direction == .outbound)
            #expect(recorded.messages.last?.sourceId == mail.messageID)
            #expect(recorded.messages.last?.body.contains("We are sending a new lamp today.") == true)
            #expect(recorded.events.contains { $0.type == .replied && $0.messageId == mail.messageID })
            #expect(recorded.status == .waitingBuyer)
            #expect(r.warnings.contains { $0.contains("recorded on K-1001") })
            let delivery = MailDelivery(storeDirectory: dir, command: "false", timeout: 5)
            let held = try delivery.list().first { $0.messageID == "lost@shop.example" }
            #expect(held?.state.inFlight == true && held?.state.lastError?.hasPrefix("held: its case K-9999") == true)
            #expect(try delivery.claim(now: at(3), force: false)?.messageID == mail.messageID, "only the recorded reply may go")
            r.close(now: at(2))
        }
        // Opening again records nothing twice.
        let again = try CaseStore.open(dir, now: at(3))
        #expect(again.cases["K-1001"]?.messages.filter { $0.direction == .outbound }.count == 1)
    }

    // MARK: -o FILE

    @Test func aPlantedTemporaryNameIsNeverWrittenThrough() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let victim = dir + "/victim"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: victim))
        try FileManager.default.createSymbolicLink(atPath: dir + "/out.md.tmp", withDestinationPath: victim)
        try WeeklyExport.write("report", to: dir + "/out.md")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
        #expect(try String(contentsOfFile: dir + "/out.md", encoding: .utf8) == "report")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["out.md", "out.md.tmp", "victim"], "no temporary file is left behind")
    }

    @Test func outputIntoAMissingDirectoryIsAnErrorNotCreated() {
        let dir = tempDir()
        #expect(throws: KefuError.data("\(dir)/sub: no such directory (create it first)")) {
            try WeeklyExport.write("x", to: dir + "/sub/out.md")
        }
        #expect(!FileManager.default.fileExists(atPath: dir))
    }
}
