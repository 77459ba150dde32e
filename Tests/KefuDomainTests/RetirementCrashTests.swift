import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore

/// A compaction that stops between appending history and replacing the snapshot (a kill -9, a full
/// disk) loses no case and leaves no case twice: history is as before, or as after, never between.
@Suite struct RetirementCrashTests {
    /// A store whose history holds 20 cases and which has 25 more resolved long ago, and 5 open.
    static func storeReadyToRetire() throws -> (String, CaseStore) {
        let dir = tempDir("kefu-retire")
        let store = try CaseStore.open(dir, now: t0)
        store.retirementChunk = 4   // several chunks per compaction
        var random = RandomSource(seed: 77)
        try store.save((0..<20).map { HistoryLookupTests.closedCase(1001 + $0, &random, channel: .amazon) })
        try store.compact(now: t0, retireAfter: 0)
        var later = (20..<45).map { HistoryLookupTests.closedCase(1001 + $0, &random, channel: .ebay) }
        for i in later.indices { later[i].updatedAt = at(-24 * 40) }   // another month file too
        try store.save(later + (0..<5).map { sampleCase("K-\(2001 + $0)") })
        return (dir, store)
    }

    /// Every file under history/ but the lookup table (derived, rebuilt at will).
    static func history(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let root = dir + "/history"
        for name in FileManager.default.subpaths(atPath: root) ?? [] where !name.hasSuffix(HistoryLookupFile.fileName) {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDir), !isDir.boolValue {
                out[name] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + name))
            }
        }
        return out
    }

    static func expectEachClosedCaseOnce(_ dir: String, _ count: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ids = try String(contentsOfFile: dir + "/history/index.tsv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t")[0] }
        #expect(ids.count == count && Set(ids).count == count, sourceLocation: sourceLocation)
    }

    @Test func aCrashAfterTheHistoryAppendIsUndoneAndTheCasesRetireOnceLater() throws {
        let (dir, store) = try Self.storeReadyToRetire()
        let before = try Self.history(dir)
        let crashed = tempDir("kefu-retire-crash")
        store.compactionStep = { step in
            if step == "history appended" { try FileManager.default.copyItem(atPath: dir, toPath: crashed) }
        }
        try store.compact(now: t0, retireAfter: 0)
        let after = try Self.history(dir)
        try Self.expectEachClosedCaseOnce(dir, 45)

        // The copy is the store as a kill -9 at that moment left it: the lines are there, the snapshot is old.
        #expect(try Self.history(crashed) != before)
        let reopened = try CaseStore.open(crashed, now: t0)
        #expect(reopened.warnings.contains { $0.contains("interrupted compaction was undone") })
        #expect(try Self.history(crashed) == before, "history exactly as before the compaction")
        #expect((1021...1045).allSatisfy { reopened.cases["K-\($0)"] != nil }, "the retiring cases are still active")
        #expect(try reopened.historyCase(id: "K-1030") == nil)
        try reopened.compact(now: t0, retireAfter: 0)
        #expect(try Self.history(crashed) == after, "the same history as a compaction never interrupted")
        try Self.expectEachClosedCaseOnce(crashed, 45)
        #expect(try reopened.historyCase(id: "K-1030")?.id == "K-1030")
    }

    @Test func aCrashAfterTheSnapshotKeepsTheHistory() throws {
        let (dir, store) = try Self.storeReadyToRetire()
        let crashed = tempDir("kefu-retire-crash")
        store.compactionStep = { step in
            if step == "snapshot replaced" { try FileManager.default.copyItem(atPath: dir, toPath: crashed) }
        }
        try store.compact(now: t0, retireAfter: 0)
        let after = try Self.history(dir)
        let reopened = try CaseStore.open(crashed, now: t0)
        #expect(!reopened.warnings.contains { $0.contains("compaction") })
        #expect(try Self.history(crashed) == after)
        #expect(reopened.cases.count == 5)
        try reopened.compact(now: t0, retireAfter: 0)
        try Self.expectEachClosedCaseOnce(crashed, 45)
    }

    @Test func aSnapshotThatCannotBeWrittenLeavesHistoryAsItWas() throws {
        let (dir, store) = try Self.storeReadyToRetire()
        let before = try Self.history(dir)
        store.compactionStep = { step in
            if step == "history appended" { throw KefuError.data("disk full (simulated)") }
        }
        #expect(throws: KefuError.data("disk full (simulated)")) { try store.compact(now: t0, retireAfter: 0) }
        #expect(try Self.history(dir) == before)
        #expect(store.cases.count == 30)
        store.compactionStep = nil
        try store.compact(now: t0, retireAfter: 0)
        try Self.expectEachClosedCaseOnce(dir, 45)
        #expect(store.cases.count == 5)
        let reopened = try CaseStore.open(dir, mode: .readOnly, now: t0)
        #expect(reopened.cases.count == 5 && reopened.warnings.isEmpty)
    }
}
