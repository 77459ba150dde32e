import Foundation
import KefuApp
import KefuInbox
import KefuTerminal
import KefuBase
import KefuStore
import KefuConfig
import KefuPlaybook
import KefuPostgres
import KefuPostgresStore

/// Starts the inbox: opens the terminal, builds the real services and hands them to the runtime
/// (`KefuApp.InboxRuntime`), which holds the loop.
enum InboxLauncher {
    /// Ends the process when the inbox closes: the store is closed and the terminal restored by then,
    /// and freeing every open case one by one would only delay the exit (tens of ms at 10k open).
    /// `playbook`: loaded while the store opened (see `Prefetch`); nil loads it now.
    static func run(store: CaseStoring, now clock: Now, keymap: Keymap, config: KefuConfig, playbook: Prefetch<Playbook>? = nil,
                    exitAfterFirstFrame: Bool = false) throws -> Never {
        let env = ProcessInfo.processInfo.environment
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        Terminal.installSignalHandlers()
        let term = try Terminal(noColor: noColor)
        defer { term.close() }
        let size = term.size
        // A database's connection options (sslmode, search_path…) are no news to the agent, and a long
        // header would cut off who they are and whether this kefu delivers.
        let shownName = store is PostgresCaseStore ? String(store.name.prefix { $0 != "?" }) : store.name
        let state = InboxState(storeName: shownName, readOnly: store.readOnly, cases: store.openCases,
                               now: clock(), width: size.width, height: size.height, keymap: keymap,
                               agentTimeZone: config.timeZone, policy: config.sla,
                               playbook: try playbook?.value() ?? Playbook.load(), replySettings: config.reply,
                               nextCaseNumber: store.nextCaseNumber, random: .fromEnvironment(env),
                               team: teamAgent(store: store, config: config, environment: env))
        var services = try InboxServices.live(store: store, config: config, playbook: state.playbook, environment: env,
                                              reports: reportSource(for: store))
        if let team = store as? PostgresCaseStore { services.shareDelivery(team, config: config) }
        // Consumed: a copy kept here would share the cases, the queue and its index with the runtime's
        // until the first change, which would then copy them all on the UI thread (the first mail filed
        // cost 5–8 ms more than the next at 2k open, and 5 MB).
        let runtime = try InboxRuntime(state: consume state, terminal: term, services: services, clock: clock)
        if exitAfterFirstFrame {
            runtime.start(workers: false)
            runtime.shutdown()
        } else {
            runtime.run()
        }
        term.close()
        // Killed by a signal: the terminal and store are in order now; report it the shell's way.
        exit(Terminal.stopSignal != 0 ? 128 + Terminal.stopSignal : 0)
    }

    /// The team store for the weekly summary (`W`): opened on the export's thread with a connection of
    /// its own (the inbox's is the runtime thread's); nil for a directory store, read as it is.
    static func reportSource(for store: CaseStoring) -> (@Sendable () throws -> ReportSource)? {
        guard let pg = store as? PostgresCaseStore else { return nil }
        return { [url = pg.url, directory = pg.directory] in
            do { return try PostgresCaseStore(url: url, directory: directory) } catch let e as PGError { throw e.kefuError }
        }
    }

    /// This agent on a team store (`[agent] name`, `[team] agent-id`); nil on a JSON directory store,
    /// where the inbox runs without team mode. Without a name the login name stands in.
    static func teamAgent(store: CaseStoring, config: KefuConfig, environment env: [String: String]) -> AgentRef? {
        guard store is CaseTeam else { return nil }
        return config.team.agent(name: config.reply.agentName ?? env["USER"] ?? "agent")
    }
}
