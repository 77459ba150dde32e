import Foundation
import Testing
import KefuApp
@testable import KefuInbox
@testable import KefuModel
@testable import KefuMail
@testable import KefuStore

/// A team store in memory: a real JSON store for the cases, leases and answers the test sets, and a
/// log of what the inbox asked (on the runtime's store queue, read by the test: hence the lock).
final class FakeTeamStore: HookedStore, CaseTeam, SharedCaseStoring, @unchecked Sendable {
    /// Shared like the PostgreSQL store: cases read again are the stored ones; nobody else writes here.
    func reload(ids: [String]) throws -> (changed: [Case], gone: [String]) { (ids.compactMap { inner.cases[$0] }, []) }
    func listen(_ heard: @escaping @Sendable ([String]) -> Void) -> StoreListening { Silent() }
    final class Silent: StoreListening { func stop() {} }

    private let lock = NSLock()
    private var leases: [String: AgentRef] = [:]
    private var asked: [String] = []
    /// What `clearance` answers for a case, once (then the lease decides).
    private var verdicts: [String: SendClearance] = [:]

    func lease(_ id: String, to agent: AgentRef?) { locked { leases[id] = agent } }
    func answerNextClearance(_ id: String, _ v: SendClearance) { locked { verdicts[id] = v } }
    var log: [String] { locked { asked } }
    private func locked<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }

    func takeLease(_ seen: Case, agent: AgentRef, for duration: TimeInterval) throws -> LeaseGrant {
        locked {
            asked.append("take \(seen.id)")
            if let holder = leases[seen.id], holder.id != agent.id { return .heldBy(holder, until: InboxDriver.start.addingTimeInterval(60)) }
            leases[seen.id] = agent
            return .granted(CaseLease(caseID: seen.id, agent: agent, expiresAt: InboxDriver.start.addingTimeInterval(90), activity: 1))
        }
    }
    func renewLease(caseID: String, agent: AgentRef, for duration: TimeInterval) throws -> LeaseGrant {
        locked {
            asked.append("renew \(caseID)")
            return .granted(CaseLease(caseID: caseID, agent: agent, expiresAt: InboxDriver.start.addingTimeInterval(200), activity: 1))
        }
    }
    func releaseLease(caseID: String, agent: AgentRef) throws {
        locked { asked.append("release \(caseID)"); if leases[caseID]?.id == agent.id { leases[caseID] = nil } }
    }
    func clearance(caseID: String, agent: AgentRef) throws -> SendClearance {
        locked {
            asked.append("clearance \(caseID)")
            if let v = verdicts.removeValue(forKey: caseID) { return v }
            guard let holder = leases[caseID] else { return .noLease }
            return holder.id == agent.id ? .clear : .refused(heldBy: holder)
        }
    }
    func replying() throws -> [String: AgentRef] { locked { leases } }
    func registerAgent(_ agent: AgentRef) throws { locked { asked.append("register \(agent.id)") } }
    func setAvailable(_ agent: AgentRef, _ available: Bool) throws {}
    func agents() throws -> [TeamAgent] { [] }
    func owners() throws -> [String: String] { [:] }
    func reassign(_ caseID: String, to agentID: String?) throws {}
    func nextCase(for agent: AgentRef, ranked: [String]?, leaseFor duration: TimeInterval) throws -> Case? { nil }
}

@Suite(.serialized) struct TeamDriverTests {
    static let alex = AgentRef(id: "alex", name: "Alex")
    static let lin = AgentRef(id: "lin", name: "Lin")

    func driver() throws -> (InboxDriver, FakeTeamStore) {
        var fake: FakeTeamStore?
        let d = try InboxDriver(wrap: { store in let f = FakeTeamStore(store); fake = f; return f }, team: Self.alex)
        return (d, fake!)
    }

    @Test func aColleaguesLeaseShowsRefusesTheComposerAndGoesWhenReleased() throws {
        let (d, store) = try driver()
        d.waitUntil("the agent registered") { _ in store.log.contains("register alex") }
        let id = try #require(d.state.selectedID)
        store.lease(id, to: Self.lin)
        d.clock.advance(5)   // the next read of who is replying
        d.waitUntil("Lin's marker") { $0.screen.contains("✎ Lin replying") && $0.screen.contains("✎ Lin is replying — leave it to them") }
        d.press(.offer1)
        #expect(d.state.keyContext != .composer)
        #expect(d.screen.contains("\(id): Lin is replying — leave it to them"))
        store.lease(id, to: nil)
        d.clock.advance(5)
        d.waitUntil("the marker gone") { !$0.screen.contains("Lin replying") }
    }

    @Test func theComposerHoldsALeaseAHeldSendKeepsTheTextAndCancelReleases() throws {
        let (d, store) = try driver()
        d.press(.moveDown)
        let id = try #require(d.state.selectedID)
        d.press(.offer1)
        d.waitUntil("the lease taken") { _ in store.log.contains("take \(id)") }
        d.type("Extra words. ")
        guard case .composer(let typed) = d.state.overlay else { Issue.record("no composer:\n\(d.screen)"); return }
        store.answerNextClearance(id, .held(news: CaseNews(messages: 1, replies: 0, notes: 0, by: [])))
        d.press(.confirm)
        d.waitUntil("the held notice") { $0.screen.contains("Not sent: 1 new buyer message since you started — read it, then send again") }
        guard case .composer(let after) = d.state.overlay else { Issue.record("the composer closed"); return }
        #expect(after.editor.text == typed.editor.text, "nothing typed is lost")
        d.waitUntil("the lease taken anew after reading the case") { _ in store.log.filter { $0 == "take \(id)" }.count == 2 }
        // Composing on: the lease is renewed from the ticks.
        d.clock.advance(21)
        d.waitUntil("a renewal") { _ in store.log.contains("renew \(id)") }
        d.press(.cancel)
        d.press(.cancel)
        d.waitUntil("the release") { _ in store.log.contains("release \(id)") }
        #expect(d.state.overlay == .none)
    }
}
