import ArgumentParser
import Foundation
import KefuBase
import KefuModel
import KefuImport
import KefuConfig
import KefuStore
import KefuPostgresStore

struct ImportMaildir: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maildir",
        abstract: "Import the support mailbox from a Maildir (new/ and cur/; the mail is only read).",
        discussion: """
            Amazon, eBay and store mail is classified, threaded by order id or References, and filed into cases. \
            Files read before are remembered in the store, and a Message-ID seen before is skipped, so running \
            it again adds nothing. With `[mail] maildir` in config.toml the open inbox does this by itself.
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The Maildir (default: [mail] maildir from config.toml).") var directory: String?

    func run() throws {
        let now = try Now.fromEnvironment()()
        let config = try storeOptions.loadConfig()
        guard let path = directory ?? config.maildir else {
            throw KefuError.usage("name a Maildir, or set `maildir` under [mail] in \(config.path ?? KefuConfig.path())")
        }
        let maildir = try Maildir(path: path)
        var report = MaildirReport()
        if let pg = try storeOptions.openPostgres(now: now) {
            report = try Self.file(maildir, into: pg, maxAttachmentBytes: config.attachments.maxPerMessage, assign: config.team.assign, now: now)
            pg.close(now: now)
        } else if let known = try MaildirIntake.nothingNew(maildir, storeDirectory: storeOptions.path) {
            // Every file was filed before: the store is not even opened (a rescan costs a listing).
            report.alreadyRead = known
        } else {
            let store = try storeOptions.open(.write, create: true, now: now)
            store.writeThrough = true   // memory holds a batch of cases, not every case the mail opens
            var bar: ProgressBar?
            report = try MaildirIntake.run(maildir, store: store, now: now, maxAttachmentBytes: config.attachments.maxPerMessage, progress: { done, total in
                if bar == nil { bar = ProgressBar(total: total, label: "Importing mail") }
                bar?.set(done)
            })
            bar?.finish()
            store.close(now: now)
        }
        for w in report.warnings.prefix(20) { Output.error("kefu: warning: \(path)/\(w)") }
        if report.warnings.count > 20 { Output.error("kefu: … \(report.warnings.count - 20) more warnings (shown with each message)") }
        let s = report.intake
        var line = "imported \(s.newMessages) message(s) into \(s.newCases) new case(s), \(s.reopened) reopened, "
            + "\(s.duplicates) duplicate(s) skipped, \(report.unclassified) unclassified, \(s.warned) with warnings"
        if report.alreadyRead > 0 { line += "; \(report.alreadyRead) file(s) read before" }
        if report.skipped > 0 { line += "; \(report.skipped) file(s) skipped (not regular files, see the warnings)" }
        if report.vanished > 0 { line += "; \(report.vanished) file(s) moved away while reading (read next time)" }
        Output.line(line)
    }

    /// Into the team store, a batch at a time, as the inbox's intake files it: the seen-list in the
    /// database (the deliverer's intake knows what this filed), kept attachments in this machine's
    /// working directory for the database (as the inbox keeps them),
    /// each batch's cases committed in one transaction before its files count as read, new cases
    /// assigned by `[team] assign`.
    static func file(_ maildir: Maildir, into pg: PostgresCaseStore, maxAttachmentBytes: Int, assign: AssignPolicy, now: Date) throws -> MaildirReport {
        let seen: MaildirSeenList = pg
        var report = MaildirReport(), summary = IntakeSummary()
        let todo = try MaildirIntake.unread(maildir, seen: seen, report: &report)
        guard !todo.isEmpty else { return report }
        let history = try pg.historyLoader()
        let files = KeptFiles(store: AttachmentStore(storeDirectory: pg.directory), maxPerMessage: maxAttachmentBytes)
        var bar: ProgressBar?
        for start in stride(from: 0, to: todo.count, by: MaildirIntake.batchSize) {
            let items = MaildirIntake.read(todo[start..<min(start + MaildirIntake.batchSize, todo.count)], in: maildir, files: files)
            let intake = try TeamIntake.intake(for: items.compactMap(\.message), into: pg, history: history, now: now)
            let done = try MaildirIntake.add(items, to: intake, report: &report)
            try TeamIntake.commit(intake, into: pg, assign: assign)
            try seen.add(done)
            summary.add(intake.summary)
            if bar == nil { bar = ProgressBar(total: todo.count, label: "Importing mail") }
            bar?.set(min(start + MaildirIntake.batchSize, todo.count))
        }
        bar?.finish()
        report.intake = summary
        return report
    }
}
