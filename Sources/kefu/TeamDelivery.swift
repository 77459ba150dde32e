import Foundation
import KefuApp
import KefuBase
import KefuStore
import KefuConfig
import KefuPostgresStore

extension InboxServices {
    /// An inbox on a team store: replies wait in the database's outbox and leave through the one kefu
    /// the election chooses (`DelivererElection`), which also files new mail and assigns the cases it
    /// opens by `[team] assign`.
    mutating func shareDelivery(_ pg: PostgresCaseStore, config: KefuConfig) {
        let agent = config.reply.agentName.map(config.team.agent(name:))
        pg.agent = agent
        let election = DelivererElection(url: pg.url, claimer: Self.claimer(agent))
        delivery = PGOutbox(url: pg.url, election: election, command: config.reply.sendCommand, timeout: config.reply.sendTimeout)
        deliverer = election
        let policy = config.team.assign
        if policy != .none { assignNew = { ids in try pg.assign(ids, policy: policy) } }
    }

    /// Who claims, as the outbox list shows it: the agent, the host and the process.
    static func claimer(_ agent: AgentRef?) -> String {
        var host = [CChar](repeating: 0, count: 256)
        let name = gethostname(&host, host.count) == 0 ? String(cString: host) : "?"
        return "\(agent?.name ?? "kefu") on \(name) (pid \(getpid()))"
    }
}
