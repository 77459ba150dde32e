import Foundation
import KefuModel
import KefuStore

/// Team mode (a shared PostgreSQL store): who this agent is, who else is replying to what, who owns
/// which case, and this agent's own reply lease. Nil in `InboxState.team` on a JSON directory store,
/// where the inbox has one agent and shows none of it.
public struct TeamState: Sendable, Equatable {
    public var me: AgentRef
    /// Live leases of colleagues (and this agent's own, which the inbox does not mark), by case id.
    public internal(set) var replying: [String: AgentRef] = [:]
    /// Owners (agent ids) of the open cases that have one.
    public internal(set) var owners: [String: String] = [:]
    public internal(set) var agents: [TeamAgent] = []
    /// Marked available for new cases (`[team] assign`); nil until the store said.
    public internal(set) var available: Bool?
    /// The lease of the reply being written, while the composer is open.
    public internal(set) var lease: ReplyLease?
    /// `mine`: the queue shows only cases owned by this agent and cases nobody owns.
    public internal(set) var mineOnly = false
    /// Bumped when `owners` changes, so the queue rebuilds its rows under the `mine` filter.
    var ownersVersion = 0
    /// A `.loadTeam` is running; `loadAgain`: something changed meanwhile, ask once more when it answers.
    var loading = false
    var loadAgain = false
    var nextLoad = Date.distantPast
    /// The send asked the store for clearance and waits for the answer (the case id).
    var clearing: String?
    /// The store cleared this case's send: the next send of it goes ahead without asking again.
    var cleared: String?

    public init(me: AgentRef) { self.me = me }

    /// How long a lease lasts without renewal (a crashed agent's frees the case after this), and how
    /// often the open composer renews it.
    public static let leaseLength: TimeInterval = 90
    public static let renewEvery: TimeInterval = 20
    /// Who is replying is read again this often (besides on every colleague's change), so a crashed
    /// colleague's expired lease leaves the screen.
    public static let refreshEvery: TimeInterval = 3

    /// A colleague replying to the case (never this agent).
    public func colleagueReplying(_ caseID: String) -> AgentRef? {
        replying[caseID].flatMap { $0.id == me.id ? nil : $0 }
    }

    /// An agent's name as the team knows it, else their id.
    public func name(of agentID: String) -> String {
        if agentID == me.id { return me.name }
        return agents.first { $0.agent.id == agentID }?.agent.name ?? replying.values.first { $0.id == agentID }?.name ?? agentID
    }

    /// The owner's short name for the queue row: the first word of their name, at most 8 cells.
    public func ownerLabel(_ caseID: String) -> String? {
        guard let o = owners[caseID] else { return nil }
        let first = name(of: o).split(separator: " ").first.map(String.init) ?? o
        return DisplayText.truncate(DisplayText.sanitizeLine(first), to: 8)
    }

    /// Whether the `mine` filter lets the case show: owned by me, or by nobody.
    func showsUnderMine(_ caseID: String) -> Bool {
        guard let o = owners[caseID] else { return true }
        return o == me.id
    }
}

/// This agent's claim on replying to one case, from the composer opening until it sends or cancels.
public struct ReplyLease: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Asked for; the store has not answered yet.
        case asking
        case held(until: Date)
        /// A colleague holds it: sending is refused until they finish.
        case refused(by: AgentRef)
    }
    public var caseID: String
    /// The case as the agent saw it when they decided to reply (Help Scout's rule): what came in
    /// since is news that holds the send. Replaced when they send again after reading it.
    public var seen: Case
    public var phase: Phase
    var renewAt: Date
    init(caseID: String, seen: Case, phase: Phase, renewAt: Date, reading: Bool = false) {
        self.caseID = caseID; self.seen = seen; self.phase = phase; self.renewAt = renewAt; self.reading = reading
    }
    /// The send was held for news: the case is being read again, and the lease is taken anew with it.
    var relook = false
    /// Taken by "next case" before any composer opened: kept while the case stays selected.
    var reading = false
}

/// A store's answer to `.loadTeam`.
public struct TeamSnapshot: Sendable, Equatable {
    public var replying: [String: AgentRef]
    public var owners: [String: String]
    public var agents: [TeamAgent]
    public init(replying: [String: AgentRef], owners: [String: String], agents: [TeamAgent]) {
        self.replying = replying; self.owners = owners; self.agents = agents
    }
}
