import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore

/// The history lookup table on disk answers exactly what a full scan of the index answers.
@Suite struct HistoryLookupTests {
    /// A closed case whose keys come from small pools, so cases share orders, threads and message ids
    /// (as re-opened and merged conversations do), and later retirements must win.
    static func closedCase(_ n: Int, _ random: inout RandomSource, channel: Channel) -> Case {
        var c = Case(id: "K-\(n)", channel: channel, marketplace: nil, kinds: [.buyerMessage], category: .damaged,
                     buyer: Buyer(name: "B\(n)", address: "b\(n)@x.example"), openedAt: at(-500))
        if random.next() % 3 != 0 { c.order = Order(id: "O-\(random.next() % 40)") }
        if random.next() % 2 == 0 { c.threadKey = "b@x|subject \(random.next() % 30)" }
        for i in 0..<Int(random.next() % 4) {
            let id = "m\(random.next() % 120)@x"
            c.insertMessage(Message(sourceId: id, direction: .inbound, at: at(-400 + Double(i)), kind: .buyerMessage, body: "text \(i)"))
        }
        c.status = .resolved
        c.updatedAt = at(-300)
        return c
    }

    /// Several compactions retire random cases (some twice, with new keys), into a few month files.
    static func randomHistory(seed: UInt64) throws -> (CaseStore, String) {
        let dir = tempDir("kefu-lookup")
        let store = try CaseStore.open(dir, now: t0)
        var random = RandomSource(seed: seed)
        for round in 0..<4 {
            var batch: [Case] = []
            for _ in 0..<30 {
                let n = 1001 + Int(random.next() % 60)   // numbers repeat across rounds: retired again
                var c = closedCase(n, &random, channel: random.next() % 2 == 0 ? .amazon : .ebay)
                c.updatedAt = at(-300 + Double(round) * 24 * 20)   // a month file per round or so
                batch.append(c)
            }
            try store.save(Array(Dictionary(batch.map { ($0.id, $0) }, uniquingKeysWith: { $1 }).values))
            try store.compact(now: at(Double(round) * 24 * 20 + 24 * 30), retireAfter: 0)
        }
        return (store, dir)
    }

    static func expectSameAnswers(_ table: HistoryLookupFile, _ scan: HistoryIndex, sourceLocation: SourceLocation = #_sourceLocation) {
        for (id, e) in scan.entries {
            #expect(table.entry(id: id) == e, "id \(id)", sourceLocation: sourceLocation)
            for ch in [Channel.amazon, .ebay] {
                if let o = e.orderId { #expect(table.caseID(channel: ch, orderId: o) == scan.caseID(channel: ch, orderId: o), "order \(o)", sourceLocation: sourceLocation) }
                if let t = e.threadKey { #expect(table.caseID(channel: ch, threadKey: t) == scan.caseID(channel: ch, threadKey: t), sourceLocation: sourceLocation) }
                for m in e.messageIds { #expect(table.caseID(channel: ch, messageId: m) == scan.caseID(channel: ch, messageId: m), "message \(m)", sourceLocation: sourceLocation) }
            }
        }
        for absent in ["O-999", "nothing", ""] {
            #expect(table.caseID(channel: .amazon, orderId: absent) == nil && table.caseID(channel: .amazon, messageId: absent) == nil, sourceLocation: sourceLocation)
        }
        #expect(table.entry(id: "K-9999") == nil, sourceLocation: sourceLocation)
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func theTableAnswersAsAFullScan(seed: UInt64) throws {
        let (store, dir) = try Self.randomHistory(seed: seed)
        let scan = try HistoryIndex(path: dir + "/history/index.tsv")
        #expect(scan.count > 20)
        Self.expectSameAnswers(try HistoryLookupFile(directory: dir, writable: true), scan)
        // A reader opened after more retirements, before the writer caught up: the new lines are its tail.
        var random = RandomSource(seed: seed + 100)
        try store.save([Self.closedCase(1200, &random, channel: .amazon)])
        try store.compact(now: at(24 * 200), retireAfter: 0)
        let later = try HistoryIndex(path: dir + "/history/index.tsv")
        Self.expectSameAnswers(try HistoryLookupFile(directory: dir, writable: false), later)
        Self.expectSameAnswers(try HistoryLookupFile(directory: dir, writable: true), later)   // absorbs the tail
        #expect(HistoryLookupFile.readHeader(dir + "/history/lookup.bin")?.covered == UInt64(try FileManager.default.attributesOfItem(atPath: dir + "/history/index.tsv")[.size] as! Int))
        // The closed case itself, read through the table.
        let some = try #require(later.entries.keys.sorted().first)
        #expect(try store.historyCase(id: some)?.id == some)
    }

    /// Many compactions retiring a few cases at a time (appended in chunks of 7), the writer's table
    /// brought up to date after each and growing past its first size: after every one it answers as a
    /// full scan of the index, every index line's offset is where its case's line starts, and
    /// `reindexHistory` writes the very same index from the month files alone.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func incrementalRetirementsKeepTheTableTheOffsetsAndTheIndexExact(seed: UInt64) throws {
        let dir = tempDir("kefu-lookup-inc")
        let store = try CaseStore.open(dir, now: t0)
        store.retirementChunk = 7
        var random = RandomSource(seed: seed)
        for round in 0..<12 {
            var batch: [Case] = []
            for _ in 0..<(40 + Int(random.next() % 80)) {
                let n = 1001 + Int(random.next() % 400)   // numbers repeat across rounds: retired again
                var c = Self.closedCase(n, &random, channel: random.next() % 2 == 0 ? .amazon : .ebay)
                c.updatedAt = at(-300 + Double(round) * 24 * 11)
                batch.append(c)
            }
            try store.save(Array(Dictionary(batch.map { ($0.id, $0) }, uniquingKeysWith: { $1 }).values))
            try store.compact(now: at(Double(round) * 24 * 11 + 24 * 30), retireAfter: 0)
            let scan = try HistoryIndex(path: dir + "/history/index.tsv")
            Self.expectSameAnswers(try store.historyLookups(), scan)
            for e in scan.entries.values {
                let month = try Data(contentsOf: URL(fileURLWithPath: dir + "/history/" + e.file))
                let start = month.startIndex + Int(try #require(e.offset))
                #expect(start == month.startIndex || month[start - 1] == 0x0A, "\(e.id) starts a line")
                let end = month[start...].firstIndex(of: 0x0A) ?? month.endIndex
                let r = try CaseReader.decodeHistory(month[start..<end])
                #expect(r.case.id == e.id && r.seq == e.seq)
                #expect(try store.historyCase(id: e.id) == r.case)
            }
        }
        let table = try #require(HistoryLookupFile.readHeader(dir + "/history/lookup.bin"))
        #expect(table.slots > 1024, "the table grew (was rebuilt) along the way")
        let written = try Data(contentsOf: URL(fileURLWithPath: dir + "/history/index.tsv"))
        try FileManager.default.removeItem(atPath: dir + "/history/index.tsv")
        try FileManager.default.removeItem(atPath: dir + "/history/lookup.bin")
        try store.reindexHistory()
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/history/index.tsv")) == written)
        Self.expectSameAnswers(try HistoryLookupFile(directory: dir, writable: false), try HistoryIndex(path: dir + "/history/index.tsv"))
    }

    @Test func aDamagedSlotCostsAProbeNotAWrongAnswer() throws {
        let (_, dir) = try Self.randomHistory(seed: 9)
        let scan = try HistoryIndex(path: dir + "/history/index.tsv")
        _ = try HistoryLookupFile(directory: dir, writable: true)
        // Every used slot's offset points at garbage (the middle of a line): each hit fails its check.
        let path = dir + "/history/lookup.bin"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let slots = (data.count - HistoryLookupFile.headerSize) / HistoryLookupFile.slotSize
        var broken = 0
        for i in stride(from: 0, to: slots, by: 7) {
            let at = HistoryLookupFile.headerSize + i * HistoryLookupFile.slotSize
            if data[at..<at + 8].contains(where: { $0 != 0 }) { data[at + 8] ^= 0x05; broken += 1 }
        }
        #expect(broken > 0)
        try data.write(to: URL(fileURLWithPath: path))
        let table = try HistoryLookupFile(directory: dir, writable: false)
        for (id, e) in scan.entries {
            // A broken slot can hide its own key, never answer another's.
            if let got = table.entry(id: id) { #expect(got == e) }
            if let o = e.orderId, let got = table.caseID(channel: e.channel, orderId: o) { #expect(got == scan.caseID(channel: e.channel, orderId: o)) }
        }
        // The writer rebuilds a table whose index was rewritten (a purge): a new inode.
        try DurableIO.replace(dir + "/history/index.tsv", with: try Data(contentsOf: URL(fileURLWithPath: dir + "/history/index.tsv")))
        Self.expectSameAnswers(try HistoryLookupFile(directory: dir, writable: true), scan)
    }

    @Test func reindexRebuildsIndexAndTableFromTheHistoryFilesAlone() throws {
        let (store, dir) = try Self.randomHistory(seed: 21)
        let scan = try HistoryIndex(path: dir + "/history/index.tsv")
        try FileManager.default.removeItem(atPath: dir + "/history/index.tsv")
        try? FileManager.default.removeItem(atPath: dir + "/history/lookup.bin")
        let lines = try store.reindexHistory()
        #expect(lines >= scan.count)
        let rebuilt = try HistoryIndex(path: dir + "/history/index.tsv")
        #expect(rebuilt.entries == scan.entries)
        Self.expectSameAnswers(try HistoryLookupFile(directory: dir, writable: false), scan)
    }
}
