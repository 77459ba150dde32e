import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore

/// Opening decodes the snapshot in chunks on every core and moves the cases into the store's map:
/// the result must be what reading the file line by line gives, the last line of an id winning.
@Suite struct SnapshotLoadTests {
    /// A snapshot of `count` lines, some ids repeated (a later line holds a changed case), in a random order.
    static func snapshot(seed: UInt64, count: Int) -> (lines: [Case], dir: String) {
        var random = RandomSource(seed: seed)
        var lines: [Case] = []
        for i in 0..<count {
            // One line in five repeats an earlier id, possibly from another chunk.
            let repeatOf = i > 0 && random.next() % 5 == 0 ? Int(random.next() % UInt64(i)) : nil
            let number = repeatOf.map { 1001 + $0 } ?? 1001 + i
            var c = sampleCase("K-\(number)", inboundHoursAgo: [Double(1 + random.next() % 200)])
            c.messages[0].body = "line \(i) of seed \(seed): " + String(repeating: "x", count: Int(random.next() % 300))
            if random.next() % 3 == 0 { c.status = .resolved }
            lines.append(c)
        }
        return (lines, tempDir("kefu-snapshot"))
    }

    static func write(_ lines: [Case], to dir: String, extra: String? = nil, at position: Int = 0) throws {
        let store = try CaseStore.open(dir, now: t0)
        store.close(now: t0)
        let encoder = KefuJSON.encoder()
        var text = String(decoding: try encoder.encode(SnapshotHeader(schemaVersion: 1, seq: 0, nextNumber: 9000)), as: UTF8.self) + "\n"
        for (i, c) in lines.enumerated() {
            if i == position, let extra { text += extra + "\n" }
            text += String(decoding: try encoder.encode(c), as: UTF8.self) + "\n"
        }
        try DurableIO.replace(dir + "/active.jsonl", with: Data(text.utf8))
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func chunkedOpenEqualsReadingLineByLine(seed: UInt64) throws {
        let (lines, dir) = Self.snapshot(seed: seed, count: 1500 + Int(seed) * 377)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(lines, to: dir)
        var expected: [String: Case] = [:]
        for c in lines { expected[c.id] = c }
        let store = try CaseStore.open(dir, mode: .readOnly, now: t0)
        #expect(store.cases.count == expected.count)
        #expect(store.cases == expected)
        #expect(lines.count > expected.count, "the snapshot repeats ids")
    }

    @Test func aBadLineIsNamedByItsLineNumberInAnyChunk() throws {
        let (lines, dir) = Self.snapshot(seed: 9, count: 2000)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(lines, to: dir, extra: #"{"id":"K-1"}"#, at: 1733)
        #expect(throws: KefuError.self) { try CaseStore.open(dir, mode: .readOnly, now: t0) }
        do { _ = try CaseStore.open(dir, mode: .readOnly, now: t0) } catch {
            // Line 1 is the header: the bad line, written before case 1733, is line 1735.
            #expect("\(error)".contains("active.jsonl:1735:"), "\(error)")
        }
    }
}
