import Foundation
import KefuModel
import KefuMail
import KefuBase

/// One agent of a team: the stable id stored on events and cases, and the name colleagues see.
public struct AgentRef: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public init(id: String, name: String) { self.id = id; self.name = name }
}

/// An agent's claim on replying to a case, taken when the composer opens and renewed while it stays
/// open. `activity` is what the case held as the agent saw it then (see `CaseActivity`).
public struct CaseLease: Equatable, Sendable {
    public var caseID: String
    public var agent: AgentRef
    public var expiresAt: Date
    public var activity: Int
    public init(caseID: String, agent: AgentRef, expiresAt: Date, activity: Int) {
        self.caseID = caseID; self.agent = agent; self.expiresAt = expiresAt; self.activity = activity
    }
}

public enum LeaseGrant: Equatable, Sendable {
    case granted(CaseLease)
    /// Someone else is replying ("Lin is replying") until their lease runs out or they send/cancel.
    case heldBy(AgentRef, until: Date)
    /// Our lease ran out and someone else took the case meanwhile (and may have answered): reopen it.
    case lost
}

/// Whether a reply may go out now.
public enum SendClearance: Equatable, Sendable {
    case clear
    /// Another agent holds the lease: the send is refused.
    case refused(heldBy: AgentRef)
    /// The case gained buyer messages, replies or notes by others since the composer opened
    /// (Help Scout's rule): the send is held and the news shown; sending again after reading it is
    /// a new decision (renew the lease with the case as now seen).
    case held(news: CaseNews)
    /// We hold no lease on the case (it ran out and was taken, or was never taken): reopen the composer.
    case noLease
    /// The case is no longer open (retired or deleted meanwhile).
    case gone

    /// The rule, given what the store holds now: the case (nil: no longer open) and its lease, if any.
    /// Our own lease counts even after it ran out, as long as nobody took it since.
    public static func decide(for agent: AgentRef, current: Case?, lease: (holder: AgentRef, live: Bool, activity: Int)?) -> SendClearance {
        guard let current else { return .gone }
        guard let lease else { return .noLease }
        guard lease.holder.id == agent.id else { return lease.live ? .refused(heldBy: lease.holder) : .noLease }
        let news = CaseActivity.news(current, excluding: agent.id, after: lease.activity)
        return news.messages + news.replies + news.notes > 0 ? .held(news: news) : .clear
    }
}

/// What happened on a case since an agent opened the composer, for the "held" notice.
public struct CaseNews: Equatable, Sendable {
    public var messages: Int
    public var replies: Int
    public var notes: Int
    /// Who wrote the replies and notes (agent ids, in order, without repeats).
    public var by: [String]
    public init(messages: Int, replies: Int, notes: Int, by: [String]) {
        self.messages = messages; self.replies = replies; self.notes = notes; self.by = by
    }
}

/// The counts behind the "held" rule, pure so both stores and the tests share them: buyer messages,
/// and replies and notes by anyone but `agentID` (an agent's own note while composing is no news).
public enum CaseActivity {
    public static func count(_ c: Case, excluding agentID: String) -> Int {
        let n = news(c, excluding: agentID)
        return n.messages + n.replies + n.notes
    }

    public static func news(_ c: Case, excluding agentID: String, after seen: Int = 0) -> CaseNews {
        // Items in the order they happened; the first `seen` of them were on screen already.
        var items: [(at: Date, kind: Int, by: String?)] = c.messages.filter { $0.direction == .inbound }.map { ($0.at, 0, nil) }
        for e in c.events where e.by != agentID {
            if e.type == .replied { items.append((e.at, 1, e.by)) }
            if e.type == .note { items.append((e.at, 2, e.by)) }
        }
        let fresh = items.sorted { $0.at < $1.at }.dropFirst(max(0, seen))
        var by: [String] = []
        for i in fresh { if let b = i.by, !by.contains(b) { by.append(b) } }
        return CaseNews(messages: fresh.filter { $0.kind == 0 }.count, replies: fresh.filter { $0.kind == 1 }.count,
                        notes: fresh.filter { $0.kind == 2 }.count, by: by)
    }
}

/// Leases on replying, for a store several agents share. The inbox takes one when the composer opens,
/// renews it while composing, checks before sending, and releases it on send or cancel; the queue and
/// the detail pane show `replying()` ("Lin is replying"). A lease that ran out (a crashed agent) no
/// longer blocks anyone. Calls come from the runtime's effects, never the UI thread.
public protocol CaseLeasing: AnyObject {
    /// Takes (or renews, when already ours) the lease on `seen.id`, recording what `seen` holds.
    func takeLease(_ seen: Case, agent: AgentRef, for duration: TimeInterval) throws -> LeaseGrant
    /// Extends our lease; `.heldBy` when it ran out and someone else took the case meanwhile.
    func renewLease(caseID: String, agent: AgentRef, for duration: TimeInterval) throws -> LeaseGrant
    func releaseLease(caseID: String, agent: AgentRef) throws
    /// Checks our lease and the case's news just before queueing the reply.
    func clearance(caseID: String, agent: AgentRef) throws -> SendClearance
    /// Who holds a live lease, by case id.
    func replying() throws -> [String: AgentRef]
    /// Queues the reply only when `clearance` still says `.clear`, checked in the same transaction as the
    /// queueing (a colleague's note landing between a separate check and the send would go unseen);
    /// returns the verdict, and queues nothing unless it is `.clear`.
    func queueReply(_ mail: MailMessage, recording c: Case, as agent: AgentRef, notBefore: Date?) throws -> SendClearance
}

extension SendClearance {
    /// Why a send did not go, for the status line ("Not sent: …"); nil when it is clear.
    public func refusal(caseID: String) -> String? {
        switch self {
        case .clear: return nil
        case .refused(let who): return "\(TerminalText.line(who.name)) is replying to \(caseID) — your text is kept"
        case .held: return "\(caseID) changed since you started — read it, then send again (your text is kept)"
        case .noLease: return "you held no reply lease on \(caseID) (it ran out) — send again"
        case .gone: return "\(caseID) is no longer open"
        }
    }
}

/// The JSON directory store has one agent (the store lock keeps others read-only): every lease is
/// granted, nothing is held, nobody else is ever replying.
extension CaseStore: CaseLeasing {
    public func takeLease(_ seen: Case, agent: AgentRef, for duration: TimeInterval) throws -> LeaseGrant {
        .granted(CaseLease(caseID: seen.id, agent: agent, expiresAt: .distantFuture, activity: CaseActivity.count(seen, excluding: agent.id)))
    }
    public func renewLease(caseID: String, agent: AgentRef, for duration: TimeInterval) throws -> LeaseGrant {
        .granted(CaseLease(caseID: caseID, agent: agent, expiresAt: .distantFuture, activity: 0))
    }
    public func releaseLease(caseID: String, agent: AgentRef) throws {}
    public func clearance(caseID: String, agent: AgentRef) throws -> SendClearance { cases[caseID] == nil ? .gone : .clear }
    public func replying() throws -> [String: AgentRef] { [:] }
    public func queueReply(_ mail: MailMessage, recording c: Case, as agent: AgentRef, notBefore: Date?) throws -> SendClearance {
        try queueReply(mail, recording: c, notBefore: notBefore)
        return .clear
    }
}
