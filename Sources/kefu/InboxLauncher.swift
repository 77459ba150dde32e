import Foundation
import KefuApp
import KefuCore
import KefuInbox
import KefuTerminal

/// Starts the inbox: opens the terminal, builds the real services and hands them to the runtime
/// (`KefuApp.InboxRuntime`), which holds the loop.
enum InboxLauncher {
    static func run(store: CaseStore, now clock: Now, keymap: Keymap, config: KefuConfig, exitAfterFirstFrame: Bool = false) throws {
        let env = ProcessInfo.processInfo.environment
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        Terminal.installSignalHandlers()
        let term = try Terminal(noColor: noColor)
        defer { term.close() }
        let size = term.size
        let state = InboxState(storeName: store.name, readOnly: store.readOnly, cases: store.openCases,
                               now: clock(), width: size.width, height: size.height, keymap: keymap,
                               agentTimeZone: config.timeZone, policy: config.sla,
                               playbook: try Playbook.load(), replySettings: config.reply,
                               nextCaseNumber: store.nextCaseNumber, random: .fromEnvironment(env))
        let runtime = try InboxRuntime(state: state, terminal: term, services: try services(store, config, state.playbook, env), clock: clock)
        if exitAfterFirstFrame {
            runtime.start()
            runtime.shutdown()
            return
        }
        runtime.run()
        term.close()
        // Killed by a signal: the terminal and store are in order now; report it the shell's way.
        if Terminal.stopSignal != 0 { exit(128 + Terminal.stopSignal) }
    }

    static func services(_ store: CaseStore, _ config: KefuConfig, _ playbook: Playbook?, _ env: [String: String]) throws -> InboxServices {
        let directory = store.directory
        let history = HistoryFiles(store: store)
        let export: @Sendable ([Case], Date) throws -> String = { open, now in
            // The store's own exports/ directory, like outbox/: found again wherever the store lives.
            let period = ReportPeriod.lastCompleteWeek(before: now, zone: config.timeZone)
            let path = directory + "/exports/" + WeeklyExport.fileName(period, .md)
            let report = try WeeklyExport.report(store: history.store, openCases: open, config: config, period: period, now: now, playbook: playbook)
            try WeeklyExport.write(try WeeklyExport.render(report, as: .md), to: path, createDirectory: true)
            return path
        }
        return InboxServices(
            store: store,
            delivery: MailDelivery(storeDirectory: directory, command: config.reply.sendCommand, timeout: config.reply.sendTimeout),
            maildir: try config.maildir.map { try Maildir(path: $0) },
            exportWeekly: export,
            editText: { ExternalEditor.edit($0, environment: env) })
    }
}

/// The store as the export thread may use it: only its history files and order book are read
/// (`historyFacts(openIDs:)` does not touch the open cases the UI thread writes).
private struct HistoryFiles: @unchecked Sendable { let store: CaseStore }
