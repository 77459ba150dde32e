import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
import KefuMail
@testable import KefuStore
import KefuPostgres
@testable import KefuPostgresStore

/// The team's outbox in the database: queued with its case in one transaction, sent once by the one
/// deliverer, and never sent again after a deliverer died mid-send until a person releases it.
@Suite struct TeamOutboxTests {
    /// A mail command that appends each message to `log` (a file in a directory of the test's own).
    func logCommand() -> (command: String, log: String) {
        let dir = tempDir("kefu-pg-sent")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let log = dir + "/sent.log"
        return ("cat >> " + ShellCommand.quote(log), log)
    }

    /// How many times each Message-ID reached the mail command.
    func sentCounts(_ log: String) -> [String: Int] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        var n: [String: Int] = [:]
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("Message-ID: <") {
            n[String(line.dropFirst(13).prefix { $0 != ">" }), default: 0] += 1
        }
        return n
    }

    @Test func aQueuedReplyAndItsRecordCommitTogetherOrNotAtAll() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let s = try PostgresCaseStore(url: url, directory: tempDir())
        try s.save([teamCase(1), teamCase(2)], keepIfUnwritten: false)
        let db = try PGConnection(url: url)
        let (mail, answer) = teamReply(teamCase(1), by: lin, at: t0)
        let grace = Date().addingTimeInterval(30)
        try s.queueReply(mail, recording: answer, notBefore: grace)
        let row = try db.query("SELECT status, case_id, message_id, extract(epoch FROM not_before)::float8 FROM outbox")
        #expect(row.rows.map { Array($0.prefix(3)) } == [["queued", "K-1", mail.messageID]])
        #expect(abs((PostgresCaseStore.epoch(row, 0, 3) ?? .distantPast).timeIntervalSince(grace)) < 0.01)
        #expect(try db.query("SELECT status FROM cases WHERE id = 'K-1'").text(0, 0) == "waiting-buyer")
        // The same Message-ID again: refused, and the case is not recorded a second time.
        var twice = answer
        twice.events.append(CaseEvent(.note, at: t0, text: "must not be saved"))
        #expect(throws: KefuError.self) { try s.queueReply(mail, recording: twice, notBefore: nil) }
        #expect(try !db.query("SELECT body::text FROM cases WHERE id = 'K-1'").text(0, 0)!.contains("must not be saved"))
        // The case cannot be written (a trigger refuses it): the reply is not queued either.
        try db.execute("""
            CREATE FUNCTION refuse_k2() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.id = 'K-2' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_k2 BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION refuse_k2();
            """)
        let (mail2, answer2) = teamReply(teamCase(2), by: lin, at: t0)
        #expect(throws: KefuError.self) { try s.queueReply(mail2, recording: answer2, notBefore: nil) }
        #expect(try db.query("SELECT count(*) FROM outbox WHERE case_id = 'K-2'").int(0, 0) == 0)
        #expect(try db.query("SELECT status FROM cases WHERE id = 'K-2'").text(0, 0) == "needs-reply")
    }

    @Test func waitingRepliesCanBeEditedHeldWithdrawnAndTakenBackButNotOnceClaimed() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let s = try PostgresCaseStore(url: url, directory: tempDir())
        try s.save((1...3).map { teamCase($0) }, keepIfUnwritten: false)
        let replies = (1...3).map { teamReply(teamCase($0), by: lin, at: t0.addingTimeInterval(Double($0))) }
        for (m, c) in replies { try s.queueReply(m, recording: c, notBefore: nil) }
        let (command, log) = logCommand()
        let election = DelivererElection(url: url, claimer: "one")
        defer { election.stop() }
        let outbox = PGOutbox(url: url, election: election, command: command, timeout: 10)
        #expect(try outbox.list().map(\.caseID) == ["K-1", "K-2", "K-3"])
        // Edited: the new text replaces the same item; held while editing, it is passed over.
        var edited = replies[0].0
        edited.body = "Dear buyer, a new text."
        let before = try outbox.replace(with: edited)
        try outbox.holdForEdit(messageID: edited.messageID, since: t0)
        #expect(try outbox.list()[0].state.editingSince == t0)
        // Withdrawn (cancel) and put back; taken out (undo send).
        let withdrawn = try outbox.withdraw(messageID: replies[1].0.messageID)
        #expect(try outbox.waiting(messageID: replies[1].0.messageID) == nil)
        try outbox.restore(withdrawn)
        #expect(try outbox.waiting(messageID: replies[1].0.messageID)?.caseID == nil)   // the test mail names no case
        try outbox.takeOut(messageID: replies[1].0.messageID)
        #expect(election.tryBecomeDeliverer())
        let sent = try outbox.deliverDue(force: false, clock: .fixed(t0))
        #expect(sent == [.delivered(caseID: "K-3", messageID: replies[2].0.messageID, at: t0)])
        // Released (the edit given up), it goes with the edited text.
        try outbox.holdForEdit(messageID: edited.messageID, since: nil)
        #expect(try outbox.deliverDue(force: false, clock: Now { Date() }).count == 1)
        #expect(sentCounts(log) == [edited.messageID: 1, replies[2].0.messageID: 1])
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("a new text"))
        #expect(before.bytes.count > 0)
        // Sent: nothing waits, nothing can be changed or taken back any more.
        #expect(try outbox.list().isEmpty)
        #expect(throws: KefuError.self) { try outbox.takeOut(messageID: edited.messageID) }
        #expect(throws: KefuError.self) { _ = try outbox.replace(with: edited) }
    }

    @Test func twoKefusRacingToDeliverSendEachReplyExactlyOnce() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let s = try PostgresCaseStore(url: url, directory: tempDir())
        let n = 12
        try s.save((1...n).map { teamCase($0) }, keepIfUnwritten: false)
        var ids: [String] = []
        for i in 1...n {
            let (m, c) = teamReply(teamCase(i), by: i % 2 == 0 ? lin : max, at: t0.addingTimeInterval(Double(i)))
            try s.queueReply(m, recording: c, notBefore: nil)
            ids.append(m.messageID)
        }
        let (command, log) = logCommand()
        let outboxes = ["one", "two"].map { PGOutbox(url: url, election: DelivererElection(url: url, claimer: $0), command: command, timeout: 10) }
        // Both try to become the deliverer and deliver, over and over, at the same time.
        let delivered = ResultSlots<Int>(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            var mine = 0
            let until = Date().addingTimeInterval(3)
            while Date() < until {
                outboxes[k].election.tryBecomeDeliverer()
                mine += (try? outboxes[k].deliverDue(force: false, clock: Now { Date() }).count) ?? 0
            }
            delivered.set(k, mine)
        }
        for o in outboxes { o.election.stop() }
        #expect(sentCounts(log) == Dictionary(uniqueKeysWithValues: ids.map { ($0, 1) }))
        let counts = delivered.values.map { $0 ?? -1 }
        #expect(counts.sorted() == [0, n])   // one kefu delivered everything, the other nothing
        let db = try PGConnection(url: url)
        #expect(try db.query("SELECT count(DISTINCT claimed_by), count(*) FILTER (WHERE status = 'sent') FROM outbox").rows == [["1", "\(n)"]])
    }

    @Test func aReplyInFlightWhenItsDelivererDiesIsHeldUntilAPersonReleasesIt() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let s = try PostgresCaseStore(url: url, directory: tempDir())
        try s.save([teamCase(1), teamCase(2)], keepIfUnwritten: false)
        let (first, a1) = teamReply(teamCase(1), by: lin, at: t0), (second, a2) = teamReply(teamCase(2), by: lin, at: t0.addingTimeInterval(1))
        try s.queueReply(first, recording: a1, notBefore: nil)
        try s.queueReply(second, recording: a2, notBefore: nil)
        let (command, log) = logCommand()
        let oneElection = DelivererElection(url: url, claimer: "one"), twoElection = DelivererElection(url: url, claimer: "two")
        defer { oneElection.stop(); twoElection.stop() }
        let one = PGOutbox(url: url, election: oneElection, command: command, timeout: 10)
        let two = PGOutbox(url: url, election: twoElection, command: command, timeout: 10)
        #expect(oneElection.tryBecomeDeliverer() && !twoElection.tryBecomeDeliverer())
        let claimed = try #require(try one.claim(now: Date(), force: false, skipping: []))
        #expect(claimed.messageID == first.messageID)
        // Its server connection dies mid-send (kill -9 of its kefu closes it the same way): the mail
        // command ran, but "sent" cannot be recorded; the reply stays in flight, with the claimer's name.
        let db = try PGConnection(url: url)
        try db.query("SELECT pg_terminate_backend($1::int)", [.int(Int(oneElection.backendPID))])
        #expect(throws: (any Error).self) { _ = try one.attempt(claimed, clock: Now { Date() }) }
        #expect(sentCounts(log) == [first.messageID: 1])
        // Another kefu takes over within seconds and sends the rest, never the one in flight.
        let deadline = Date().addingTimeInterval(10)
        while !twoElection.tryBecomeDeliverer() && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        #expect(twoElection.isDeliverer)
        #expect(try two.deliverDue(force: false, clock: Now { Date() }).count == 1)
        #expect(try two.deliverDue(force: true, clock: Now { Date() }).isEmpty)
        let held = try #require(try two.list().first)
        #expect(held.messageID == first.messageID && held.state.inFlight && held.state.lastError == "being delivered by one")
        // A retry while the claim may still be running (younger than the command's limit) releases nothing.
        #expect(try two.releaseForRetry(now: Date()) == 0)
        // Once the claim is older than the command's time limit, the list says it stopped and a person may release it.
        try db.query("UPDATE outbox SET claimed_at = now() - interval '1 hour' WHERE status = 'in-flight'")
        #expect(try two.list().first?.state.lastError?.hasPrefix("held: one stopped") == true)
        #expect(try two.releaseForRetry(now: Date()) == 1)
        #expect(try two.deliverDue(force: false, clock: Now { Date() }).count == 1)
        #expect(sentCounts(log) == [first.messageID: 2, second.messageID: 1])   // the person chose to send it again
        #expect(try two.list().isEmpty)
    }

    @Test func aFailedSendWaitsForItsRetryTimeAndAnAgentsRetryReleasesIt() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let s = try PostgresCaseStore(url: url, directory: tempDir())
        // An id no other test uses: NOTIFY channels are per database, so other tests' changes are heard too.
        let n = 800_000 + Int.random(in: 0..<99_999), id = "K-\(n)"
        try s.save([teamCase(n)], keepIfUnwritten: false)
        let (mail, answer) = teamReply(teamCase(n), by: lin, at: t0)
        let heard = Heard()
        let listener = s.listen { heard.add($0) }
        defer { listener.stop() }
        try s.queueReply(mail, recording: answer, notBefore: nil)
        let election = DelivererElection(url: url, claimer: "one")
        defer { election.stop() }
        #expect(election.tryBecomeDeliverer())
        let refusing = PGOutbox(url: url, election: election, command: "echo 'server down' >&2; exit 69", timeout: 10)
        let now = Date()
        Thread.sleep(forTimeInterval: 0.3)   // the listener is listening
        guard case .failed(let failedID, _, let error, let next)? = try refusing.deliverDue(force: false, clock: .fixed(now)).first else {
            Issue.record("the refused send is reported"); return
        }
        #expect(failedID == id && error.contains("server down") && abs(next.timeIntervalSince(now) - 60) < 0.01)
        // Every inbox hears of it (the case's id), and lists the outbox again.
        #expect(heard.wait(3) { $0.contains(id) } != nil)
        #expect(try refusing.list().first?.state.nextAttemptAt.map { abs($0.timeIntervalSince(next)) < 0.01 } == true)
        #expect(try refusing.list().first?.state.attempts == 1)
        #expect(try refusing.deliverDue(force: false, clock: .fixed(now)).isEmpty)   // not before its retry time
        #expect(try refusing.releaseForRetry(now: now) == 1)
        #expect(try refusing.list().first?.state.nextAttemptAt == nil)
        let (command, log) = logCommand()
        let working = PGOutbox(url: url, election: election, command: command, timeout: 10)
        let before = heard.all.filter { $0.contains(id) }.count
        #expect(try working.deliverDue(force: false, clock: .fixed(now)).count == 1)
        #expect(sentCounts(log) == [mail.messageID: 1])
        #expect(heard.wait(3) { _ in heard.all.filter { $0.contains(id) }.count > before } != nil)
    }
}

@Suite struct TeamSeenListTests {
    @Test func theMaildirSeenListIsSharedThroughTheDatabase() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let a = try PostgresCaseStore(url: url, directory: tempDir()), b = try PostgresCaseStore(url: url, directory: tempDir())
        #expect(try a.allKeys().isEmpty)
        try a.add(["1700000001.M1.host", "1700000002.M2.host", "1700000001.M1.host"])
        try b.add(["1700000002.M2.host", "1700000003.M3.host"])
        #expect(try a.allKeys() == ["1700000001.M1.host", "1700000002.M2.host", "1700000003.M3.host"])
        #expect(try b.contents().seen == ["1700000001.M1.host", "1700000002.M2.host", "1700000003.M3.host"])
    }
}
