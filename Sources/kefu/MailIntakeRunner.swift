import Foundation
import KefuCore
import KefuInbox

/// The inbox's side of live intake: the watcher reads and classifies on its thread; this files one
/// batch per pass of the main loop into the store (the one writer) and says what changed.
final class MailIntakeRunner {
    let watcher: MaildirWatcher
    private let store: CaseStore
    private let seen: MaildirSeen
    private let clock: Now
    /// Read once: while the inbox holds the store, no other kefu can import orders into it.
    private let orders: OrderBook?

    /// `attachments`: the `[attachments]` settings (the cap on files kept per message).
    init(path: String, store: CaseStore, clock: Now, attachments: AttachmentSettings = AttachmentSettings()) throws {
        let maildir = try Maildir(path: path)
        seen = try MaildirSeen(storeDirectory: store.directory)
        watcher = MaildirWatcher(maildir: maildir, alreadyRead: seen.all,
                                 files: KeptFiles(store: AttachmentStore(storeDirectory: store.directory), maxPerMessage: attachments.maxPerMessage))
        self.store = store
        self.clock = clock
        orders = FileManager.default.fileExists(atPath: store.directory + "/" + OrderBook.fileName) ? try OrderBook.load(storeDirectory: store.directory) : nil
    }

    /// Files at most one waiting batch; the actions report it to the update.
    func fileWaiting() -> [InboxAction] {
        let (items, errors) = watcher.take()
        var out = errors.map { InboxAction.intakeError($0) }
        guard let items else { return out }
        do {
            let intake = try Intake(store: store, now: clock(), orders: orders)
            var report = MaildirReport()
            let changed = try MaildirIntake.file(items, intake: intake, seen: seen, report: &report)
            out.append(.mailFiled(changed, messages: intake.summary.newMessages))
        } catch {
            watcher.forget(items)
            // The cases may be saved although the seen-list was not (a full disk in between): the re-read
            // finds them duplicates, so the screen must learn of them now. Rare, so all of them.
            out.append(.casesChanged(Array(store.cases.values)))
            out.append(.intakeError("\(error)"))
        }
        return out
    }
}
