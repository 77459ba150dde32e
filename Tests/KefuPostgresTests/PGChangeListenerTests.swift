import Foundation
import Testing
@testable import KefuModel
import KefuStore
import KefuDemo
import KefuPostgres
@testable import KefuPostgresStore

/// What the listener hands on, collected across threads.
final class Heard: @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [[String]] = []
    func add(_ ids: [String]) { lock.lock(); batches.append(ids); lock.unlock() }
    var all: [[String]] { lock.lock(); defer { lock.unlock() }; return batches }

    /// Waits up to `seconds` for a batch satisfying `match`; returns how long it took, or nil.
    func wait(_ seconds: TimeInterval, for match: ([String]) -> Bool) -> TimeInterval? {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if all.contains(where: match) { return Date().timeIntervalSince(start) }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return nil
    }
}

@Suite struct PGChangeListenerTests {
    @Test func aColleaguesSaveIsHeardWithinASecondAndOurOwnIsNot() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        // Ids no other test uses: NOTIFY channels are per database, not per schema, so the tests running
        // beside this one (on demo cases, K-1001…) are heard too.
        let base = 700_000 + Int.random(in: 0..<9_999) * 10
        let cases = DemoData.cases(now: t0).prefix(8).enumerated().map { i, c -> Case in var c = c; c.id = "K-\(base + i)"; return c }
        let mine = try PostgresCaseStore(url: url, directory: tempDir())
        try mine.save(Array(cases), keepIfUnwritten: false)
        let colleague = try PostgresCaseStore(url: url, directory: tempDir())
        let heard = Heard()
        let listener = mine.listen { heard.add($0) }
        defer { listener.stop() }

        var c = colleague.openCases[3]
        c.setStatus(.waitingBuyer, at: t0)
        try colleague.save([c], keepIfUnwritten: false)
        let took = heard.wait(1) { $0.contains(c.id) }
        #expect(took != nil, "heard \(heard.all)")
        // Read again, the colleague's version replaces ours.
        let (changed, gone) = try mine.reload(ids: [c.id])
        #expect(changed == [c] && gone.isEmpty && mine.cases[c.id] == c)

        // Our own save is not news to us.
        var own = mine.openCases[5]
        own.setStatus(.waitingBuyer, at: t0)
        try mine.save([own], keepIfUnwritten: false)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!heard.all.contains { $0.contains(own.id) })
    }

    @Test func afterItsConnectionIsCutItListensAgainAndAsksForAResync() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let mine = try PostgresCaseStore(url: url, directory: tempDir())
        let colleague = try PostgresCaseStore(url: url, directory: tempDir())
        let heard = Heard()
        let listener = mine.listen { heard.add($0) }
        defer { listener.stop() }
        // The server ends the listener's session (a restart, a network break, an admin).
        let admin = try PGConnection(url: url)
        let cut = try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
                                  [.text("kefu listener of \(mine.db.backendPID)")])
        #expect(cut.count >= 1)
        #expect(heard.wait(5) { $0.isEmpty } != nil, "no resync asked for after the reconnect: \(heard.all)")
        // And it hears changes again.
        var c = DemoData.cases(now: t0)[0]
        c.id = "K-\(800_000 + Int.random(in: 0..<99_999))"
        try colleague.save([c], keepIfUnwritten: false)
        #expect(heard.wait(1) { $0.contains(c.id) } != nil, "heard \(heard.all)")
        // A resync reads every open case: the new one is there.
        let (changed, _) = try mine.reload(ids: [])
        #expect(changed.contains(c))
    }
}
