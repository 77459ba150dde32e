import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore

/// Stores from before "no response needed" was a status kept such cases as waiting-buyer with a
/// `no-response-needed` event; they open with the new status, and nothing else changes.
@Suite struct StatusMigrationTests {
    /// What `x` wrote before: the event, then the status change at the same moment.
    func legacy(_ id: String, status: CaseStatus = .waitingBuyer) -> Case {
        var c = sampleCase(id)
        c.events.append(CaseEvent(.noResponseNeeded, at: t0))
        c.events.append(CaseEvent(.statusChanged, at: t0, text: "needs-reply→waiting-buyer"))
        c.status = status
        return c
    }

    @Test func anOldStoreOpensWithTheNewStatus() throws {
        let dir = tempDir("kefu-migrate")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var replied = legacy("K-1002")
        // A reply after the mark: the case really waits on the buyer.
        replied.insertMessage(Message(sourceId: "out-1", direction: .outbound, at: t0.addingTimeInterval(60), body: "Gern geschehen."))
        replied.events.append(CaseEvent(.replied, at: t0.addingTimeInterval(60), messageId: "out-1"))
        var alreadyWaiting = sampleCase("K-1003")   // marked while it already waited: only the event
        alreadyWaiting.status = .waitingBuyer
        alreadyWaiting.events.append(CaseEvent(.noResponseNeeded, at: t0))
        do {
            let store = try CaseStore.open(dir, now: t0)
            try store.save([legacy("K-1001"), replied, alreadyWaiting, legacy("K-1004", status: .resolved)])
            store.close(now: t0)
        }
        let raw = try String(contentsOfFile: try #require(Self.file(of: "K-1001", in: dir)), encoding: .utf8)
        #expect(raw.contains("waiting-buyer") && !raw.contains("\"status\" : \"no-response-needed\""), "the legacy form on disk")
        let reopened = try CaseStore.open(dir, mode: .readOnly, now: t0)
        #expect(reopened.cases["K-1001"]?.status == .noResponseNeeded)
        #expect(reopened.cases["K-1003"]?.status == .noResponseNeeded)
        #expect(reopened.cases["K-1002"]?.status == .waitingBuyer)
        #expect(reopened.cases["K-1004"]?.status == .resolved)
        #expect(reopened.cases["K-1001"]?.events == legacy("K-1001").events, "the history is kept as it was")
    }

    @Test func theReaderMigratesAndTheNewFormRoundTrips() throws {
        let old = legacy("K-1001")
        #expect(try CaseReader.decodeCase(try KefuJSON.encoder().encode(old)).status == .noResponseNeeded)
        var new = sampleCase("K-1005")
        new.setStatus(.noResponseNeeded, at: t0)
        #expect(try CaseReader.decodeCase(try KefuJSON.encoder().encode(new)) == new)
    }

    /// The stored file that holds case `id` (whatever layout the store uses).
    static func file(of id: String, in dir: String) -> String? {
        let walk = FileManager.default.enumerator(atPath: dir)
        while let p = walk?.nextObject() as? String {
            let path = dir + "/" + p
            if let s = try? String(contentsOfFile: path, encoding: .utf8), s.contains("\"\(id)\"") { return path }
        }
        return nil
    }
}
