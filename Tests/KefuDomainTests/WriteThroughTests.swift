import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuImport

/// Issue 16: an import lets go of each case once its journal record is durable (`CaseStore.writeThrough`)
/// and must still leave the very store one holding every case in memory leaves: same journal, same
/// snapshot, same history, same cases read back — with later mail joining cases written through,
/// threads without an order id, duplicates, and cases retired by the compaction at the end.
@Suite struct WriteThroughTests {
    /// Mail spread so that later batches reach back into cases filed (and let go of) in earlier ones.
    static func mail(_ count: Int, seed: UInt64) -> [InboundMessage] {
        var rng = SplitMix64(seed: seed)
        var out: [InboundMessage] = []
        for i in 0..<count {
            let old = rng.chance(10)   // long ago: a resolved case of its own retires at compaction
            let at = t0.addingTimeInterval(old ? -30 * 86400 : -Double(rng.below(86400)))
            let order = rng.chance(20) ? nil : "302-\(rng.below(count / 3 + 1))"
            var m = InboundMessage(messageId: rng.chance(3) && i > 0 ? "m\(rng.below(i))" : "m\(i)", channel: rng.chance(50) ? .amazon : .ebay,
                                   marketplace: "amazon.de", kind: .buyerMessage, receivedAt: at, orderId: order,
                                   from: Buyer(name: "Eva \(rng.below(50))", address: "b\(rng.below(40))@example.com"),
                                   subject: ["Lampe", "Re: Lampe", "Tasse kaputt", "AW: Tasse kaputt"][rng.below(4)],
                                   body: ["Die Lampe ist kaputt.", "Where is my parcel?", "Rückgabe bitte", ""][rng.below(4)],
                                   items: order == nil ? [] : [OrderItem(sku: "S-\(rng.below(9))", quantity: 1 + rng.below(3))])
            switch rng.below(10) {
            case 0: m.filing = .event(.refundIssued)
            case 1: m.filing = .sellerCopy
            default: break
            }
            if order == nil, i > 0, rng.chance(30) { m.threadIds = ["m\(rng.below(i))"] }
            out.append(m)
        }
        return out
    }

    static func files(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in ["active.jsonl", "journal.jsonl", "history/index.tsv"] + (try FileManager.default.contentsOfDirectory(atPath: dir + "/history")).map({ "history/" + $0 }) {
            if name.hasSuffix("lookup.bin") { continue }   // derived, rebuilt as needed
            var data = FileManager.default.contents(atPath: dir + "/" + name)
            if name == "active.jsonl", var text = data.map({ String(decoding: $0, as: UTF8.self) }),
               let token = text.range(of: #""retirement":"[0-9A-F-]+""#, options: .regularExpression) {
                text.replaceSubrange(token, with: "\"retirement\":\"(a random token)\"")   // a fresh UUID each compaction
                data = Data(text.utf8)
            }
            out[name] = data
        }
        return out
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func writingThroughLeavesTheSameStoreAsHoldingEveryCase(seed: UInt64) throws {
        let messages = Self.mail(5_000, seed: seed)
        var journals: [Data] = [], stores: [[String: Data]] = [], reread: [[String: Case]] = [], summaries: [IntakeSummary] = []
        // In memory; written through; written through with each batch saved one behind (encoded while
        // the next is filed, as `kefu import` does).
        for mode in ["memory", "through", "behind"] {
            let dir = tempDir("kefu-through")
            let store = try CaseStore.open(dir, now: t0)
            // A store with open cases already (the import joins them too).
            try store.save((1...20).map { sampleCase("K-\(1000 + $0)", now: t0) })
            store.writeThrough = mode != "memory"
            let intake = try Intake(store: store, now: t0)
            var most = 0
            for chunk in stride(from: 0, to: messages.count, by: 700) {
                for m in messages[chunk..<min(chunk + 700, messages.count)] { try intake.add(m) }
                if mode == "behind" { try store.saveBehind(intake.takeChanged()) } else { try intake.commit() }
                most = max(most, store.cases.count)
            }
            try store.finishBehind()
            if mode != "memory" {
                // Memory held at most the cases open before, never every case the import made.
                #expect(most <= 20, "\(most) cases held in memory")
                let reread = try store.openCase(id: "K-1001")
                #expect(store.isOpen("K-1001") && reread != nil)
            }
            journals.append(try Data(contentsOf: URL(fileURLWithPath: dir + "/journal.jsonl")))
            summaries.append(intake.summary)
            store.close(now: t0)
            stores.append(try Self.files(dir))
            reread.append(try CaseStore.open(dir, mode: .readOnly, now: t0).cases)
        }
        #expect(summaries[0].newCases < 4_000 && summaries[0].duplicates > 0, "\(summaries[0])")   // mail really joined cases
        #expect(stores[0]["history/index.tsv"]?.isEmpty == false)   // the compaction retired some
        #expect(reread[0].count > 100)
        for k in 1..<3 {
            #expect(summaries[0] == summaries[k])
            #expect(journals[0] == journals[k])
            #expect(stores[0].keys.sorted() == stores[k].keys.sorted())
            for (name, data) in stores[0] { #expect(stores[k][name] == data, "\(name) differs (\(k))") }
            #expect(reread[0] == reread[k])
        }
    }

    /// A batch saved behind is seen at once, and one that cannot be stored is refused whole when it
    /// would be appended: the batches before it stay, nothing of it is written.
    @Test func aBatchSavedBehindIsSeenAndARefusedOneLeavesNothing() throws {
        let dir = tempDir("kefu-behind")
        let store = try CaseStore.open(dir, now: t0)
        store.writeThrough = true
        let first = (0..<300).map { sampleCase("K-\(3000 + $0)", now: t0) }
        try store.saveBehind(first)
        #expect(try store.openCase(id: "K-3007") == first[7] && store.isOpen("K-3299"))
        var second = (300..<600).map { sampleCase("K-\(3000 + $0)", now: t0) }
        second[10].updatedAt = Date(timeIntervalSince1970: -5)   // before 1970: not storable
        try store.saveBehind(second)   // appends the first; the second is still encoding
        #expect(store.isOpen("K-3310"))
        #expect(throws: KefuError.self) { try store.finishBehind() }
        #expect(!store.isOpen("K-3310") && !store.isOpen("K-3400"))
        try store.finishBehind()   // nothing left
        store.close(now: t0)
        let back = try CaseStore.open(dir, mode: .readOnly, now: t0).cases
        #expect(back.count == 300 && back["K-3007"] == first[7] && back["K-3310"] == nil)
    }

    /// A purge sees only the cases in memory: while an import holds cases written through it refuses,
    /// rather than miss them and take their kept files for a purged case's alone.
    @Test func aPurgeWaitsUntilNothingIsWrittenThrough() throws {
        let store = try CaseStore.open(tempDir("kefu-through"), now: t0)
        store.writeThrough = true
        try store.save((0..<3).map { sampleCase("K-\(4000 + $0)", now: t0) })
        #expect(throws: KefuError.self) { try store.purge(policy: PurgePolicy(), now: t0, dryRun: false) }
        store.writeThrough = false
        _ = try store.purge(policy: PurgePolicy(), now: t0, dryRun: false)
    }

    /// Turned off again, every case written through is back in `cases`, as it was saved.
    @Test func turningItOffReadsTheCasesBack() throws {
        let dir = tempDir("kefu-through")
        let store = try CaseStore.open(dir, now: t0)
        store.writeThrough = true
        var saved: [Case] = []
        for n in 0..<600 {
            var c = sampleCase("K-\(2000 + n)", now: t0)
            c.messages[0].body = "body \(n) \u{1B}[2J \"quoted\" 中文"
            saved.append(c)
        }
        try store.save(Array(saved[..<300]))
        try store.save(Array(saved[300...]))
        saved[5].status = .resolved
        try store.save(saved[5])   // a newer version replaces the older
        #expect(store.cases.isEmpty)
        let back = try store.openCase(id: "K-2005")
        #expect(back == saved[5])
        store.writeThrough = false
        #expect(store.cases == Dictionary(uniqueKeysWithValues: saved.map { ($0.id, $0) }))
    }

    /// The compact table: a removed case's row goes to the next new case, a later version replaces an
    /// earlier one, and the rows give back each case's own bytes, number and retirement facts.
    @Test func rowsOfRemovedCasesAreReusedWithoutMixingCases() throws {
        let dir = tempDir("kefu-through")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let through = try WrittenThrough(directory: dir)
        func put(_ cases: [Case]) throws {
            let parts = try cases.map { try KefuJSON.encoder().encode($0) }
            var all = Data(), ranges: [Range<Int>] = []
            for p in parts { ranges.append(all.count..<all.count + p.count); all.append(p) }
            try through.put(cases, in: all, at: ranges)
        }
        var a = sampleCase("K-1003", now: t0), b = sampleCase("K-1001", now: t0), c = sampleCase("K-1002", now: t0)
        c.status = .resolved; c.updatedAt = at(-24 * 30)
        try put([a, b, c])
        through.remove("K-1001")
        var d = sampleCase("K-1004", now: t0)
        d.status = .resolved; d.updatedAt = at(-1)
        try put([d])   // takes the row K-1001 had
        a.messages[0].body = "a later version"
        try put([a])
        #expect(through.count == 3 && !through.contains("K-1001") && through.contains("K-1004"))
        #expect(try through.read("K-1001") == nil)
        #expect(try through.read("K-1003") == a && through.read("K-1004") == d && through.read("K-1002") == c)
        let ordered = through.byNumber(skipping: ["K-1002"])
        #expect(ordered.map(\.number) == [1003, 1004])
        #expect(try ordered.map { try CaseReader.decodeCase(through.bytes($0)) } == [a, d])
        #expect(try through.resolved { $0 < at(-24) }.map(\.id) == ["K-1002"])
        #expect(try Set(through.resolved { _ in true }.map(\.id)) == ["K-1002", "K-1004"])
    }

    /// A journal record's case ranges are the bytes each case alone encodes to, and the record (written
    /// a slice per core when large) is what JSONEncoder writes.
    @Test func recordRangesAreEachCasesOwnBytes() throws {
        var rng = SplitMix64(seed: 0x16)
        for count in [0, 1, 255, 600] {
            let cases = (0..<count).map { RandomCase.make(number: $0, rng: &rng) }
            let record = JournalRecord(seq: 3, nextNumber: 9000, cases: cases)
            var ranges: [Range<Int>] = []
            let data = try #require(CaseWriter.data(record, caseRanges: &ranges))
            #expect(data == (try KefuJSON.encoder().encode(record)), "\(count) cases")
            #expect(ranges.count == count)
            for (c, r) in zip(cases, ranges) where data[r] != CaseWriter.data(c) { Issue.record("\(c.id): range \(r) is not its bytes") }
        }
    }
}
