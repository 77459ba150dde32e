import Foundation
import Testing
@testable import KefuApp
@testable import KefuInbox
import KefuBase
import KefuModel
import KefuStore
import KefuImport

/// An election the test decides: `decide` plays the lock being won or lost.
final class ScriptedElection: DeliveryElecting, @unchecked Sendable {
    private let lock = NSLock()
    private var changed: (@Sendable (Bool) -> Void)?
    private(set) var stopped = false
    func start(every interval: TimeInterval, changed: @escaping @Sendable (Bool) -> Void) { lock.withLock { self.changed = changed } }
    func stop() { lock.withLock { stopped = true } }
    func decide(_ deliverer: Bool) { lock.withLock { changed }?(deliverer) }
}

/// Collects what the runtime asked to assign.
final class AssignLog: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [[String]] = []
    func add(_ batch: [String]) { lock.withLock { ids.append(batch) } }
    var batches: [[String]] { lock.withLock { ids } }
}

/// A seen-list the whole team shares (the database's, in kefu).
final class SharedSeen: MaildirSeenList, @unchecked Sendable {
    private let lock = NSLock()
    private var keys: Set<String> = []
    func allKeys() -> Set<String> { lock.withLock { keys } }
    func add(_ new: [String]) { lock.withLock { keys.formUnion(new) } }
}

@Suite struct DelivererDriverTests {
    func mail(_ n: Int) -> String {
        "From: Buyer \(n) <buyer\(n)@example.de>\r\nTo: support@lumen-home.example\r\nSubject: Lampe \(n)\r\nMessage-ID: <team-\(n)@example.de>\r\nDate: Sat, 21 Nov 2026 09:58:00 +0000\r\n\r\nMeine Lampe \(n) ist nicht angekommen.\r\n"
    }

    func filed(_ d: InboxDriver, _ n: Int) -> Case? {
        d.state.cases.values.first { $0.messages.contains { $0.sourceId.contains("team-\(n)@example.de") } }
    }

    /// Turns the loop for `seconds` (the watcher looks every half second) and says whether mail `n` was filed.
    func filedWithin(_ d: InboxDriver, _ n: Int, seconds: TimeInterval) -> Bool {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until { if filed(d, n) != nil { return true }; d.runtime.step(maxWaitMs: 50) }
        return filed(d, n) != nil
    }

    @Test func onlyTheDelivererFilesNewMailAndTheCasesItOpensAreAssigned() throws {
        let election = ScriptedElection(), assigned = AssignLog(), seen = SharedSeen()
        var maildir = ""
        let d = try InboxDriver(services: { s, dir in
            maildir = dir + "/Maildir"
            for sub in ["new", "cur", "tmp"] { try? FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true) }
            s.maildir = try? Maildir(path: maildir)
            s.deliverer = election
            s.assignNew = { assigned.add($0) }
            s.seenList = seen
        })
        // Not the deliverer: the mail waits for whoever is.
        try mail(1).write(toFile: maildir + "/new/1700000001.team.host", atomically: true, encoding: .utf8)
        #expect(!filedWithin(d, 1, seconds: 1.5))
        #expect(!d.screen.contains("delivering"))
        // Elected: the header says so, the intake starts, and the case it opens is assigned.
        election.decide(true)
        d.waitUntil("the deliverer to file the mail") { self.filed($0, 1) != nil }
        #expect(d.lines.first?.contains("· delivering") == true)
        let first = try #require(filed(d, 1))
        d.waitUntil("the new case to be assigned") { _ in assigned.batches == [[first.id]] }
        // A follow-up on that case opens nothing: nothing more is assigned.
        try mail(1).replacingOccurrences(of: "<team-1@", with: "<team-1b@").replacingOccurrences(of: "Subject: Lampe 1", with: "Subject: Re: Lampe 1")
            .write(toFile: maildir + "/new/1700000002.team.host", atomically: true, encoding: .utf8)
        d.waitUntil("the follow-up to be filed") { $0.state.cases.values.contains { $0.messages.contains { $0.sourceId.contains("team-1b@") } } }
        // The lock lost: the header no longer says delivering, the intake stops.
        election.decide(false)
        d.waitUntil("the header to drop delivering") { !($0.lines.first ?? "").contains("delivering") }
        try mail(3).write(toFile: maildir + "/new/1700000003.team.host", atomically: true, encoding: .utf8)
        #expect(!filedWithin(d, 3, seconds: 1.5))
        // Meanwhile another kefu, the deliverer now, filed mail 4: it is in the shared seen-list.
        try mail(4).write(toFile: maildir + "/new/1700000004.team.host", atomically: true, encoding: .utf8)
        seen.add(["1700000004.team.host"])
        // Won again: it resumes, and files only what is new to the team (mail 1 once, as one case; not mail 4).
        election.decide(true)
        d.waitUntil("the mail that waited to be filed") { self.filed($0, 3) != nil }
        #expect(d.state.cases.values.filter { $0.messages.contains { $0.sourceId.contains("team-1@") } }.count == 1)
        let third = try #require(filed(d, 3))
        #expect(!filedWithin(d, 4, seconds: 1.2))   // known from the shared list: not read again
        #expect(seen.allKeys() == ["1700000001.team.host", "1700000002.team.host", "1700000003.team.host", "1700000004.team.host"])
        d.waitUntil("the third case to be assigned") { _ in assigned.batches.count == 2 }
        #expect(assigned.batches == [[first.id], [third.id]])
        d.runtime.shutdown()
        #expect(election.stopped)
    }
}
