import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore

@Suite struct StoreTests {
    @Test func savesAreDurableAndReloadWithoutCompaction() throws {
        let dir = tempDir()
        let s = try CaseStore.open(dir, now: t0)
        var c = sampleCase()
        try s.save(c)
        c.events.append(CaseEvent(.note, at: t0, text: "called DHL"))
        try s.save(c)
        // No close(): a crash right now must lose nothing that was saved.
        let journal = try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8)
        #expect(journal.split(separator: "\n").count == 2)
        let r = try CaseStore.open(dir, mode: .readOnly, now: t0)
        #expect(r.cases["K-1001"] == c)
    }

    @Test func compactionFoldsTheJournalAndRetiresOldResolvedCases() throws {
        let dir = tempDir()
        let s = try CaseStore.open(dir, now: t0)
        var open = sampleCase("K-1001")
        var done = sampleCase("K-1002")
        done.status = .resolved
        done.updatedAt = at(-24 * 10)
        try s.save([open, done])
        try s.compact(now: t0)
        #expect(try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8).isEmpty)
        #expect(s.cases.keys.sorted() == ["K-1001"])
        #expect(FileManager.default.fileExists(atPath: dir + "/history/2026-11.jsonl"))
        // The closed case is found through the index, and a reopened copy supersedes it.
        #expect(try s.historyCase(id: "K-1002") == done)
        #expect(try s.historyIndex().caseID(channel: .amazon, messageId: "K-1002-m0") == "K-1002")
        open.status = .waitingBuyer
        try s.save(open)
        let r = try CaseStore.open(dir, mode: .readOnly, now: t0)
        #expect(r.cases["K-1001"]?.status == .waitingBuyer)
        #expect(r.cases["K-1002"] == nil, "opening never decodes history")
        var seen: [String] = []
        try r.forEachHistoryCase { seen.append($0.id) }
        #expect(seen == ["K-1002"])
        var reopened = done
        reopened.status = .needsReply
        try s.save(reopened)
        seen = []
        let r2 = try CaseStore.open(dir, mode: .readOnly, now: t0)
        try r2.forEachHistoryCase { seen.append($0.id) }
        #expect(seen.isEmpty, "an active copy hides the history copy")
        #expect(r2.cases["K-1002"]?.status == .needsReply)
    }

    @Test func caseIdsKeepCountingAcrossReopen() throws {
        let dir = tempDir()
        let s = try CaseStore.open(dir, now: t0)
        let a = s.allocateID()
        try s.save(sampleCase(a))
        let b = s.allocateID()
        #expect(a == "K-1001" && b == "K-1002")
        try s.save(sampleCase(b))
        s.close(now: t0)
        let s2 = try CaseStore.open(dir, mode: .readOnly, now: t0)
        #expect(s2.allocateID() == "K-1003")
    }

    @Test func oneWriterAtATime() throws {
        let dir = tempDir()
        let first = try CaseStore.open(dir, now: t0)
        #expect(!first.readOnly)
        #expect {
            _ = try CaseStore.open(dir, mode: .write, now: t0)
        } throws: { error in
            "\(error)".contains("in use by another kefu") && "\(error)".contains("pid \(getpid())")
        }
        let second = try CaseStore.open(dir, mode: .writeOrReadOnly, now: t0)
        #expect(second.readOnly)
        #expect(throws: KefuError.self) { try second.save(sampleCase()) }
        _ = first
    }

    @Test func newerSchemaIsRefused() throws {
        let dir = tempDir()
        _ = try CaseStore.open(dir, mode: .write, now: t0)
        try #"{"createdAt":"2026-01-01T00:00:00Z","name":"x","schemaVersion":99}"#.write(toFile: dir + "/meta.json", atomically: true, encoding: .utf8)
        #expect { _ = try CaseStore.open(dir, mode: .readOnly, now: t0) } throws: { "\($0)".contains("newer kefu") }
    }

    @Test func filesArePrivate() throws {
        let dir = tempDir()
        let s = try CaseStore.open(dir, now: t0)
        var c = sampleCase(); c.status = .resolved; c.updatedAt = at(-24 * 30)
        try s.save([c, sampleCase("K-1002")])
        try s.compact(now: t0)
        try s.save(sampleCase("K-1003"))
        func mode(_ p: String) throws -> Int { (try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as! NSNumber).intValue }
        #expect(try mode(dir) == 0o700)
        #expect(try mode(dir + "/history") == 0o700)
        for f in ["meta.json", "active.jsonl", "journal.jsonl", "lock", "history/index.tsv", "history/2026-10.jsonl"] {
            #expect(try mode(dir + "/" + f) == 0o600, "\(f)")
        }
    }

    @Test func aTornLastRecordIsSetAsideWithABackupNotLost() throws {
        let dir = tempDir()
        let s = try CaseStore.open(dir, now: t0)
        try s.save(sampleCase("K-1001"))
        let fragment = #"{"cases":[{"buyer":{"name":"half"#
        let h = FileHandle(forWritingAtPath: dir + "/journal.jsonl")!
        h.seekToEndOfFile(); h.write(Data(fragment.utf8)); h.closeFile()
        // A reader still sees everything acknowledged.
        let r = try CaseStore.open(dir, mode: .readOnly, now: t0)
        #expect(r.cases.count == 1)
        #expect(r.warnings.first?.contains("journal.jsonl:2") == true)
        // `check` names the file and line; --repair keeps the bytes in recovered/.
        let report = try CaseStore.check(dir, repair: false, now: t0)
        #expect(report.problems.contains { $0.contains("journal.jsonl:2") })
        withExtendedLifetime(s) {}
    }

    @Test func theNextWriterSetsATornTailAsideAndKeepsWriting() throws {
        let dir = tempDir()
        do { try CaseStore.open(dir, now: t0).save(sampleCase("K-1001")) }
        let h = FileHandle(forWritingAtPath: dir + "/journal.jsonl")!
        h.seekToEndOfFile(); h.write(Data("{\"seq\":2,\"cas".utf8)); h.closeFile()
        let w = try CaseStore.open(dir, now: t0)
        #expect(w.warnings.first?.contains("set aside in") == true)
        let saved = try FileManager.default.contentsOfDirectory(atPath: dir + "/recovered")
        #expect(try String(contentsOfFile: dir + "/recovered/" + saved[0], encoding: .utf8) == "{\"seq\":2,\"cas")
        try w.save(sampleCase("K-1002"))
        #expect(try CaseStore.open(dir, mode: .readOnly, now: t0).cases.count == 2)
        #expect(try CaseStore.check(dir, repair: false, now: t0).ok)
    }

    @Test func checkRepairKeepsABackupAndTheWriterCanAppendAgain() throws {
        let dir = tempDir()
        do {
            let s = try CaseStore.open(dir, now: t0)
            try s.save(sampleCase("K-1001"))
        }
        let h = FileHandle(forWritingAtPath: dir + "/journal.jsonl")!
        h.seekToEndOfFile(); h.write(Data("{\"seq\":2,\"ca".utf8)); h.closeFile()
        let report = try CaseStore.check(dir, repair: true, now: t0)
        #expect(report.repaired.count == 1)
        let saved = try FileManager.default.contentsOfDirectory(atPath: dir + "/recovered")
        #expect(saved.count == 1)
        #expect(try String(contentsOfFile: dir + "/recovered/" + saved[0], encoding: .utf8) == "{\"seq\":2,\"ca")
        #expect(try CaseStore.check(dir, repair: false, now: t0).ok)
        let w = try CaseStore.open(dir, now: t0)
        try w.save(sampleCase("K-1002"))
        #expect(try CaseStore.open(dir, mode: .readOnly, now: t0).cases.count == 2)
    }

    @Test func aCorruptRecordInTheMiddleIsAnErrorNamingFileAndLine() throws {
        let dir = tempDir()
        do {
            let s = try CaseStore.open(dir, now: t0)
            try s.save(sampleCase("K-1001"))
            try s.save(sampleCase("K-1002"))
        }
        var lines = try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
        lines[0] = String(lines[0].dropLast(20))
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/journal.jsonl", atomically: false, encoding: .utf8)
        #expect { _ = try CaseStore.open(dir, now: t0) } throws: { "\($0)".contains("journal.jsonl:1:") }
        // Repair only ever touches the last record: a damaged first line stays for a human.
        let report = try CaseStore.check(dir, repair: true, now: t0)
        #expect(report.repaired.isEmpty)
        #expect(report.problems.contains { $0.contains("journal.jsonl:1:") })
        #expect(try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8).split(separator: "\n").count == 2)
    }

    @Test func aTruncatedSnapshotIsReportedWithItsLine() throws {
        let dir = tempDir()
        do {
            let s = try CaseStore.open(dir, now: t0)
            try s.save([sampleCase("K-1001"), sampleCase("K-1002")])
            try s.compact(now: t0)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/active.jsonl"))
        try data.prefix(data.count - 40).write(to: URL(fileURLWithPath: dir + "/active.jsonl"))
        #expect { _ = try CaseStore.open(dir, mode: .readOnly, now: t0) } throws: { "\($0)".contains("active.jsonl:3") }
    }

    @Test func refusesToTurnANonEmptyForeignDirectoryIntoAStore() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "precious".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        #expect { _ = try CaseStore.open(dir, now: t0) } throws: { "\($0)".contains("not a kefu store") }
    }

    @Test func storeLocationFollowsTheDocumentedOrder() {
        #expect(StoreLocation.resolve(explicit: "/a", env: ["KEFU_STORE": "/b"]) == "/a")
        #expect(StoreLocation.resolve(explicit: nil, env: ["KEFU_STORE": "/b", "XDG_DATA_HOME": "/x"]) == "/b")
        #expect(StoreLocation.resolve(explicit: nil, env: ["XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/x/kefu")
        #expect(StoreLocation.resolve(explicit: nil, env: ["HOME": "/h"]) == "/h/.local/share/kefu")
    }
}
