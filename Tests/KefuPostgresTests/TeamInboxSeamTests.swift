import Foundation
import Testing
@testable import KefuModel
@testable import KefuStore
import KefuPostgres
@testable import KefuPostgresStore

/// The store as the inbox's runtime uses it in team mode (through `CaseTeam`, as two agents on two
/// connections): one composes, the other's inbox hears it at once, cannot send, and sees it go.
@Suite struct TeamInboxSeamTests {
    @Test func aLeaseTakenIsHeardByTheColleagueWhoseSendIsRefusedUntilItIsReleased() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let base = 720_000 + Int.random(in: 0..<9_999) * 10   // NOTIFY is per database: ids no other test uses
        let c = teamCase(base)
        let linStore: CaseTeam = try PostgresCaseStore(url: url, directory: tempDir())
        let maxStore = try PostgresCaseStore(url: url, directory: tempDir())
        try (linStore as! PostgresCaseStore).save([c], keepIfUnwritten: false)
        try linStore.registerAgent(lin)
        try maxStore.registerAgent(max)
        let heard = Heard()
        let listener = maxStore.listen { heard.add($0) }
        defer { listener.stop() }

        // Lin opens the composer: Max's inbox hears the case id within a second and reads who is replying.
        guard case .granted = try linStore.takeLease(c, agent: lin, for: 90) else { Issue.record("Lin gets the lease"); return }
        #expect(heard.wait(1) { $0.contains(c.id) } != nil, "heard \(heard.all)")
        #expect(try maxStore.replying()[c.id] == lin)
        // Max tries too: his composer stays closed, and a send is refused naming Lin.
        guard case .heldBy(let holder, let until) = try maxStore.takeLease(c, agent: max, for: 90) else { Issue.record("Max is refused"); return }
        #expect(holder == lin && until > Date())
        #expect(try maxStore.clearance(caseID: c.id, agent: max) == .refused(heldBy: lin))
        #expect(try linStore.clearance(caseID: c.id, agent: lin) == .clear)

        // Lin cancels: heard again, the marker goes, Max may reply.
        let before = heard.all.count
        try linStore.releaseLease(caseID: c.id, agent: lin)
        #expect(heard.wait(1) { _ in heard.all.count > before } != nil)
        #expect(try maxStore.replying()[c.id] == nil)
        guard case .granted = try maxStore.takeLease(c, agent: max, for: 90) else { Issue.record("Max gets it now"); return }
        #expect(try maxStore.clearance(caseID: c.id, agent: max) == .clear)
    }

    @Test func aNoteByAColleagueWhileComposingHoldsTheSendUntilTheLeaseIsTakenWithTheCaseAsNowSeen() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let c = teamCase(730_001)
        let mine = try PostgresCaseStore(url: url, directory: tempDir()), theirs = try PostgresCaseStore(url: url, directory: tempDir())
        try mine.save([c], keepIfUnwritten: false)
        guard case .granted = try mine.takeLease(c, agent: lin, for: 90) else { Issue.record("lease"); return }
        var noted = c
        noted.events.append(CaseEvent(.note, at: c.openedAt.addingTimeInterval(600), from: "Max", text: "refund already issued", by: max.id))
        try theirs.save([noted], keepIfUnwritten: false)
        #expect(try mine.clearance(caseID: c.id, agent: lin) == .held(news: CaseNews(messages: 0, replies: 0, notes: 1, by: [max.id])))
        // What the inbox does after the agent read it: take the lease anew with the case as now seen.
        guard case .granted = try mine.takeLease(noted, agent: lin, for: 90) else { Issue.record("renewed"); return }
        #expect(try mine.clearance(caseID: c.id, agent: lin) == .clear)
    }

    @Test func ownersAndNextCaseThroughTheSeam() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let store: CaseTeam = try PostgresCaseStore(url: url, directory: tempDir())
        let cases = [teamCase(740_001), teamCase(740_002)]
        try (store as! PostgresCaseStore).save(cases, keepIfUnwritten: false)
        try store.registerAgent(lin)
        try store.registerAgent(max)
        try store.reassign(cases[0].id, to: max.id)
        #expect(try store.owners() == [cases[0].id: max.id])
        // Lin's next case skips Max's: the unowned one, now Lin's, leased.
        let next = try store.nextCase(for: lin, ranked: cases.map(\.id), leaseFor: 60)
        #expect(next?.id == cases[1].id)
        #expect(try store.owners()[cases[1].id] == lin.id && store.replying()[cases[1].id] == lin)
        #expect(try store.nextCase(for: lin, ranked: cases.map(\.id), leaseFor: 60)?.id == cases[1].id, "still hers: served again")
        #expect(try store.agents().map(\.agent.id).sorted() == ["lin", "max"])
    }
}
