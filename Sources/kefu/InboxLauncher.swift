import Foundation
import KefuApp
import KefuInbox
import KefuTerminal
import KefuBase
import KefuStore
import KefuConfig
import KefuPlaybook

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
        let state = InboxState(storeName: store.name, readOnly: store.readOnly, cases: store.openCases,
                               now: clock(), width: size.width, height: size.height, keymap: keymap,
                               agentTimeZone: config.timeZone, policy: config.sla,
                               playbook: try playbook?.value() ?? Playbook.load(), replySettings: config.reply,
                               nextCaseNumber: store.nextCaseNumber, random: .fromEnvironment(env))
        let runtime = try InboxRuntime(state: state, terminal: term, services: try InboxServices.live(store: store, config: config, playbook: state.playbook, environment: env), clock: clock)
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
}
