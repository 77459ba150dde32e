import Foundation
import KefuModel

/// An agent as the team store lists them.
public struct TeamAgent: Equatable, Sendable {
    public var agent: AgentRef
    public var available: Bool
    /// Open (not resolved) cases they own.
    public var openCases: Int
    public init(agent: AgentRef, available: Bool, openCases: Int) {
        self.agent = agent; self.available = available; self.openCases = openCases
    }
}

/// What the inbox asks of a team store beyond leases: the agents, who owns which case, reassigning,
/// and "next case". The PostgreSQL store implements it; the JSON directory store (one agent) does not,
/// and the inbox then offers none of it. Calls come from the runtime's effects, never the UI thread.
public protocol CaseTeam: CaseLeasing {
    /// Adds the agent or updates their name (availability is kept).
    func registerAgent(_ agent: AgentRef) throws
    func setAvailable(_ agent: AgentRef, _ available: Bool) throws
    func agents() throws -> [TeamAgent]
    /// Each open case's owner (agent id), by case id.
    func owners() throws -> [String: String]
    /// Gives the case to `agentID`, or to nobody with nil.
    func reassign(_ caseID: String, to agentID: String?) throws
    /// Claims the most urgent unowned-or-mine case nobody is replying to (in `ranked` order when
    /// given), makes it `agent`'s and takes its reply lease; nil when none is left.
    func nextCase(for agent: AgentRef, ranked: [String]?, leaseFor duration: TimeInterval) throws -> Case?
}
