import Foundation
import KefuBase
import KefuModel
import KefuMail
import KefuStore
import KefuImport
import KefuConfig
import KefuPlaybook
import KefuReports

extension InboxServices {
    /// The real executors: delivery through `[mail] command`, intake from `[mail] maildir`, the weekly
    /// summary into the store's `exports/`, the agent's own editor. Any store behind the seam; the weekly
    /// summary reads a JSON store's history files, or what `reports` opens on the export's own thread
    /// (a shared store: a connection of its own).
    public static func live(store: CaseStoring, config: KefuConfig, playbook: Playbook?,
                            environment env: [String: String],
                            reports: (@Sendable () throws -> ReportSource)? = nil) throws -> InboxServices {
        let directory = store.directory
        let history = (store as? CaseStore).map(HistoryFiles.init)
        let source: (@Sendable () throws -> ReportSource)? = reports ?? history.map { h in { @Sendable in h.store } }
        let export: @Sendable ([Case], Date) throws -> String = { open, now in
            guard let source else {
                throw KefuError.data("the weekly summary cannot read this store: `kefu store copy` it to a directory and run `kefu export weekly --store DIR`")
            }
            // The store's own exports/ directory, like outbox/: found again wherever the store lives.
            let period = ReportPeriod.lastCompleteWeek(before: now, zone: config.timeZone)
            let path = directory + "/exports/" + WeeklyExport.fileName(period, .md)
            let report = try WeeklyExport.report(source: try source(), openCases: open, config: config, period: period, now: now, playbook: playbook)
            try WeeklyExport.write(try WeeklyExport.render(report, as: .md), to: path, createDirectory: true)
            return path
        }
        var services = InboxServices(
            store: store,
            delivery: MailDelivery(storeDirectory: directory, command: config.reply.sendCommand, timeout: config.reply.sendTimeout),
            maildir: try config.maildir.map { try Maildir(path: $0) },
            exportWeekly: export,
            editText: { ExternalEditor.edit($0, environment: env) },
            translator: config.translate.translator)
        services.attachment = { r, suspend, resume in
            AttachmentOpener.outcome(r, storeDirectory: directory, settings: config.attachments, environment: env, suspend: suspend, resume: resume)
        }
        services.keptFiles = KeptFiles(store: AttachmentStore(storeDirectory: directory), maxPerMessage: config.attachments.maxPerMessage)
        return services
    }
}

/// The store as the export thread may use it: only its history files and order book are read
/// (`historyFacts(openIDs:)` does not touch the open cases the UI thread writes).
private struct HistoryFiles: @unchecked Sendable { let store: CaseStore }
