import Foundation
import KefuApp
import KefuBase
import KefuStore
import KefuMail
import KefuConfig
import KefuPostgresStore

extension InboxServices {
    /// An inbox on a team store: replies wait in the database's outbox and leave through the one kefu
    /// the election chooses (`DelivererElection`), which also files new mail and assigns the cases it
    /// opens by `[team] assign`, marking the Maildir files it filed in the database.
    mutating func shareDelivery(_ pg: PostgresCaseStore, config: KefuConfig) {
        let agent = config.reply.agentName.map(config.team.agent(name:))
        pg.agent = agent
        let election = DelivererElection(url: pg.url, claimer: Self.claimer(agent))
        delivery = PGOutbox(url: pg.url, election: election, command: config.reply.sendCommand, timeout: config.reply.sendTimeout)
        deliverer = election
        seenList = pg
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

/// `kefu outbox` on a team store: the shared outbox's listing; `--retry` releases what a retry covers
/// and sends it here when no running kefu is the deliverer (else that one sends it, woken by the change).
struct TeamOutbox {
    let store: PostgresCaseStore
    let outbox: PGOutbox

    init(_ store: PostgresCaseStore, config: KefuConfig) {
        self.store = store
        let agent = config.reply.agentName.map(config.team.agent(name:))
        outbox = PGOutbox(url: store.url, election: DelivererElection(url: store.url, claimer: InboxServices.claimer(agent)),
                          command: config.reply.sendCommand, timeout: config.reply.sendTimeout)
    }

    func run(retry: Bool, clock: Now) throws -> (outcomes: [DeliveryOutcome], queued: [QueuedReply], note: String?) {
        guard retry else { return ([], try outbox.list(), nil) }
        defer { outbox.election.stop() }
        let released = try outbox.releaseForRetry(now: clock())
        guard outbox.election.tryBecomeDeliverer() else {
            return ([], try outbox.list(), "\(released) repl\(released == 1 ? "y" : "ies") released: the team's deliverer (a running kefu) sends them")
        }
        let outcomes = try outbox.deliverDue(force: true, clock: clock)
        try OutboxCmd.record(outcomes, open: store.cases) { try store.save([$0], keepIfUnwritten: false) }
        return (outcomes, try outbox.list(), nil)
    }
}
