import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
import KefuMail
@testable import KefuStore
import KefuPostgres
@testable import KefuPostgresStore

/// A buyer's case needing a reply, numbered `n`, opened `n` minutes after `t0`.
func teamCase(_ n: Int, at: Date = t0) -> Case {
    let opened = at.addingTimeInterval(Double(n) * 60)
    var c = Case(id: "K-\(n)", channel: .email, kinds: [.buyerMessage], openedAt: opened)
    c.messages.append(Message(sourceId: "m-\(n)-1", direction: .inbound, at: opened, kind: .buyerMessage, subject: "Where is my parcel?", body: "Hello, case \(n)"))
    c.events.append(CaseEvent(.received, at: opened, messageId: "m-\(n)-1"))
    return c
}

/// The reply `agent` sends on `c`, and the case as it records it (answered, waiting for the buyer).
func teamReply(_ c: Case, by agent: AgentRef, at: Date) -> (MailMessage, Case) {
    let id = "kefu.\(c.id).\(agent.id).\(UUID().uuidString.prefix(8))@kefu.test"
    let mail = MailMessage(from: MailAddress(address: "support@shop.test"), to: MailAddress(address: "buyer@example.test"),
                           subject: "Re: Where is my parcel?", date: at, messageID: id, body: "Dear buyer, it is on its way.")
    var answered = c
    answered.events.append(CaseEvent(.replied, at: at, messageId: id, by: agent.id))
    answered.setStatus(.waitingBuyer, at: at)
    answered.updatedAt = at
    return (mail, answered)
}

let lin = AgentRef(id: "lin", name: "Lin")
let max = AgentRef(id: "max", name: "Max")

@Suite struct TeamTests {
    @Test func aLeaseIsOneAgentsAndOthersSeeWhoIsReplyingUntilItIsReleasedOrRunsOut() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let a = try PostgresCaseStore(url: url, directory: tempDir()), b = try PostgresCaseStore(url: url, directory: tempDir())
        let c = teamCase(1)
        try a.save([c], keepIfUnwritten: false)
        guard case .granted(let lease) = try a.takeLease(c, agent: lin, for: 60) else { Issue.record("Lin gets the lease"); return }
        #expect(lease.activity == 1)
        // Max is told Lin is replying, and so is every inbox.
        guard case .heldBy(let holder, _) = try b.takeLease(c, agent: max, for: 60) else { Issue.record("Max is refused"); return }
        #expect(holder == lin)
        #expect(try b.replying() == ["K-1": lin])
        // Lin renews; Max still cannot take it. Lin cancels: Max can.
        guard case .granted = try a.renewLease(caseID: c.id, agent: lin, for: 60) else { Issue.record("Lin renews"); return }
        try a.releaseLease(caseID: c.id, agent: lin)
        #expect(try b.replying() == [:])
        guard case .granted = try b.takeLease(c, agent: max, for: 0.3) else { Issue.record("Max gets it after release"); return }
        // Max crashes: his lease runs out and no longer blocks Lin.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try a.replying() == [:])
        guard case .granted = try a.takeLease(c, agent: lin, for: 60) else { Issue.record("an expired lease does not block"); return }
        // Max's renewal after that is refused: Lin has it now.
        guard case .heldBy(let h2, _) = try b.renewLease(caseID: c.id, agent: max, for: 60) else { Issue.record("Max lost it"); return }
        #expect(h2 == lin)
        try a.releaseLease(caseID: c.id, agent: lin)
        #expect(try b.renewLease(caseID: c.id, agent: max, for: 60) == .lost)
        #expect(throws: KefuError.data("K-404: no such open case")) { try a.takeLease(teamCase(404), agent: lin, for: 60) }
    }

    @Test func aSendIsRefusedWhileAnotherHoldsTheLeaseAndHeldWhenTheCaseGainedNews() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let a = try PostgresCaseStore(url: url, directory: tempDir()), b = try PostgresCaseStore(url: url, directory: tempDir())
        let c = teamCase(7)
        try a.save([c], keepIfUnwritten: false)
        _ = try a.takeLease(c, agent: lin, for: 60)
        // Max has no lease and Lin holds one: his send is refused and changes nothing.
        let (maxMail, maxAnswer) = teamReply(c, by: max, at: t0.addingTimeInterval(600))
        #expect(try b.queueReply(maxMail, recording: maxAnswer, as: max) == .refused(heldBy: lin))
        let db = try PGConnection(url: url)
        #expect(try db.query("SELECT count(*) FROM outbox").int(0, 0) == 0)
        // Lin's own note while composing is no news; Max's note and a new buyer message are.
        var noted = c
        noted.events.append(CaseEvent(.note, at: t0.addingTimeInterval(700), text: "mine", by: lin.id))
        try a.save([noted], keepIfUnwritten: false)
        #expect(try a.clearance(caseID: c.id, agent: lin) == .clear)
        var news = noted
        news.events.append(CaseEvent(.note, at: t0.addingTimeInterval(800), text: "refund already sent", by: max.id))
        news.messages.append(Message(sourceId: "m-7-2", direction: .inbound, at: t0.addingTimeInterval(900), body: "Any news?"))
        try b.save([news], keepIfUnwritten: false)
        let (linMail, linAnswer) = teamReply(noted, by: lin, at: t0.addingTimeInterval(1000))
        #expect(try a.queueReply(linMail, recording: linAnswer, as: lin) == .held(news: CaseNews(messages: 1, replies: 0, notes: 1, by: ["max"])))
        #expect(try db.query("SELECT count(*) FROM outbox").int(0, 0) == 0)
        // Having read it (the composer takes the lease again with the case as now seen), Lin sends:
        // one outbox row with its case and author, the case recorded, the lease gone.
        _ = try a.takeLease(news, agent: lin, for: 60)
        let (mail2, answer2) = teamReply(news, by: lin, at: t0.addingTimeInterval(1100))
        #expect(try a.queueReply(mail2, recording: answer2, as: lin) == .clear)
        #expect(try db.query("SELECT case_id, agent_id, status FROM outbox").rows == [["K-7", "lin", "queued"]])
        #expect(try b.replying() == [:])
        #expect(try b.reload(ids: ["K-7"]).changed.first?.status == .waitingBuyer)
        // Max, lease-less, is told so rather than sending a second answer.
        #expect(try b.queueReply(maxMail, recording: maxAnswer, as: max) == .noLease)
        #expect(try db.query("SELECT count(*) FROM outbox").int(0, 0) == 1)
    }

    @Test func assignmentRotatesAmongAvailableAgentsOrPicksTheLeastLoaded() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let s = try PostgresCaseStore(url: url, directory: tempDir())
        let ana = AgentRef(id: "ana", name: "Ana")
        for a in [ana, lin, max] { try s.setAvailable(a, true) }
        try s.setAvailable(max, false)
        try s.save((1...5).map { teamCase($0) }, keepIfUnwritten: false)
        #expect(try s.assign(["K-1", "K-2", "K-3"], policy: .roundRobin) == ["K-1": "ana", "K-2": "lin", "K-3": "ana"])
        // The cursor is kept in the database: the next assignment goes on after Ana.
        #expect(try s.assign(["K-4"], policy: .roundRobin) == ["K-4": "lin"])
        // Owned cases are left alone; least-open picks whoever owns fewer (Ana 2, Lin 2 → after Lin: Ana).
        #expect(try s.assign(["K-1", "K-5"], policy: .leastOpen) == ["K-5": "ana"])
        #expect(try s.assign(["K-5"], policy: .none) == [:])
        #expect(try s.agents().map { [$0.agent.id, "\($0.available)", "\($0.openCases)"] }
                == [["ana", "true", "3"], ["lin", "true", "2"], ["max", "false", "0"]])
        try s.reassign("K-5", to: "max")
        #expect(try s.owners()["K-5"] == "max")
        try s.reassign("K-5", to: nil)
        #expect(try s.owners()["K-5"] == nil)
        #expect(throws: KefuError.self) { try s.reassign("K-5", to: "nobody") }
        #expect(throws: KefuError.self) { try s.reassign("K-999", to: "lin") }
    }

    @Test func nextCaseServesTheMostUrgentUnownedOrMineThatNobodyIsReplyingTo() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let a = try PostgresCaseStore(url: url, directory: tempDir()), b = try PostgresCaseStore(url: url, directory: tempDir())
        for agent in [lin, max] { try a.registerAgent(agent) }
        var urgent = teamCase(3)
        urgent.messages[0].dueAt = t0.addingTimeInterval(3600)   // a stated deadline comes first
        try a.save([teamCase(1), teamCase(2), urgent, teamCase(4)], keepIfUnwritten: false)
        try a.reassign("K-1", to: "max")                          // Max's: never served to Lin
        _ = try b.takeLease(teamCase(2), agent: max, for: 60)     // Max is replying to K-2
        #expect(try a.nextCase(for: lin, leaseFor: 60)?.id == "K-3")
        #expect(try a.nextCase(for: lin, leaseFor: 60)?.id == "K-3")   // still Lin's: hers, leased by her
        #expect(try a.owners() == ["K-1": "max", "K-3": "lin"])
        #expect(try b.replying()["K-3"] == lin)
        // Max is served his own K-1 before K-4, and never K-3 (Lin's) — with the inbox's order too.
        #expect(try b.nextCase(for: max, ranked: ["K-3", "K-4", "K-1"], leaseFor: 60)?.id == "K-4")
        #expect(try b.nextCase(for: max, leaseFor: 60)?.id == "K-1")
    }

    @Test func exactlyOneKefuDeliversAndAnotherTakesOverWhenItsConnectionDies() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let s = try PostgresCaseStore(url: url, directory: tempDir())
        try s.save([teamCase(1)], keepIfUnwritten: false)
        let one = DelivererElection(url: url, claimer: "one"), two = DelivererElection(url: url, claimer: "two")
        #expect(one.tryBecomeDeliverer())
        #expect(!two.tryBecomeDeliverer())
        #expect(!two.tryBecomeDeliverer())
        _ = try s.takeLease(teamCase(1), agent: lin, for: 60)
        let (mail, answer) = teamReply(teamCase(1), by: lin, at: t0)
        #expect(try s.queueReply(mail, recording: answer, as: lin) == .clear)
        // The non-deliverer claims nothing; the deliverer claims it once.
        #expect(try two.claimNext() == nil)
        let claim = try #require(try one.claimNext())
        #expect(claim.caseID == "K-1")
        #expect(String(decoding: claim.content, as: UTF8.self).contains("Dear buyer"))
        #expect(try one.claimNext() == nil)
        // A reply inside its undo-send grace period is not claimed, and can be taken back; once
        // claimed, it cannot.
        try s.save([teamCase(2)], keepIfUnwritten: false)
        _ = try s.takeLease(teamCase(2), agent: lin, for: 60)
        let (graceMail, graceAnswer) = teamReply(teamCase(2), by: lin, at: t0)
        #expect(try s.queueReply(graceMail, recording: graceAnswer, as: lin, notBefore: Date().addingTimeInterval(3600)) == .clear)
        #expect(try one.claimNext() == nil)
        #expect(try s.takeBack(graceMail))
        #expect(try !s.takeBack(mail))
        // The deliverer's server process dies (kill -9 of its kefu closes the socket the same way).
        let db = try PGConnection(url: url)
        try db.query("SELECT pg_terminate_backend($1::int)", [.int(Int(one.backendPID))])
        let deadline = Date().addingTimeInterval(10)
        while !two.tryBecomeDeliverer() && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        #expect(two.isDeliverer)
        #expect(!one.tryBecomeDeliverer())   // it reconnects, and finds the lock taken
        // The in-flight reply is not claimed again by the new deliverer: never twice.
        #expect(try two.claimNext() == nil)
        #expect(try db.query("SELECT status, claimed_by FROM outbox").rows == [["in-flight", "one"]])
        one.stop(); two.stop()
    }

    @Test func theDelivererSendsEachQueuedReplyOnceAndRequeuesOneTheCommandRefused() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let s = try PostgresCaseStore(url: url, directory: tempDir())
        try s.save((1...3).map { teamCase($0) }, keepIfUnwritten: false)
        for n in 1...3 {
            _ = try s.takeLease(teamCase(n), agent: lin, for: 60)
            let (mail, answer) = teamReply(teamCase(n), by: lin, at: t0.addingTimeInterval(Double(n)))
            #expect(try s.queueReply(mail, recording: answer, as: lin) == .clear)
        }
        let d = DelivererElection(url: url, claimer: "d")
        defer { d.stop() }
        #expect(try d.deliverQueued { _ in Issue.record("not the deliverer yet: nothing is sent") } == [])
        #expect(d.tryBecomeDeliverer())
        struct Refused: Error {}
        var sent: [String?] = []
        // The command takes the first, refuses the second: the pass stops, the second goes back in the queue.
        let first = try d.deliverQueued { c in if c.caseID == "K-2" { throw Refused() }; sent.append(c.caseID) }
        #expect(first.map(\.caseID) == ["K-1", "K-2"] && first.map { $0.failure == nil } == [true, false])
        let second = try d.deliverQueued { c in sent.append(c.caseID) }
        #expect(second.map(\.caseID) == ["K-2", "K-3"])
        #expect(sent == ["K-1", "K-2", "K-3"])
        #expect(try d.deliverQueued { _ in Issue.record("sent twice") } == [])
        let db = try PGConnection(url: url)
        #expect(try db.query("SELECT case_id, status FROM outbox ORDER BY case_id").rows == [["K-1", "sent"], ["K-2", "sent"], ["K-3", "sent"]])
        // A copy of the store takes no sent reply along (it would go out again from the copy's outbox).
        #expect(try s.contents().outbox.isEmpty)
    }
}
