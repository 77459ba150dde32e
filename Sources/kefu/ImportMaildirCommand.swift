import ArgumentParser
import Foundation
import KefuBase
import KefuModel
import KefuImport
import KefuConfig

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
        if let known = try MaildirIntake.nothingNew(maildir, storeDirectory: storeOptions.path) {
            // Every file was filed before: the store is not even opened (a rescan costs a listing).
            report.alreadyRead = known
        } else {
            let store = try storeOptions.open(.write, create: true, now: now)
            store.writeThrough = true   // memory holds a batch of cases, not every case the mail opens
            var bar: ProgressBar?
            report = try MaildirIntake.run(maildir, store: store, now: now, maxAttachmentBytes: config.attachments.maxPerMessage) { done, total in
                if bar == nil { bar = ProgressBar(total: total, label: "Importing mail") }
                bar?.set(done)
            }
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
}
