import Foundation
import KefuBase
import KefuModel
import KefuMail
import KefuStore
import KefuImport
import KefuInbox

/// What the runtime works with besides the terminal: the executors of its effects. The executable
/// builds the real ones (`InboxServices.live`); driver tests put in a temporary store, a fake mail
/// command and a fake editor.
public struct InboxServices {
    public var store: CaseStoring
    /// Delivers queued replies on its own thread; nil when the store is read-only (one sender, so
    /// no reply goes out twice).
    public var delivery: (any ReplyOutbox)?
    /// A team store's election of the one deliverer: delivery and intake run only while this kefu is it.
    /// Nil: this kefu alone delivers its store's outbox and files its mail.
    public var deliverer: DeliveryElecting?
    /// Gives the cases the intake just opened to agents (`[team] assign`); runs on the store's queue.
    public var assignNew: (([String]) throws -> Void)?
    /// Where the Maildir names already filed are kept; nil: the store directory's file (`MaildirSeen`).
    public var seenList: MaildirSeenList?
    /// The support Maildir the inbox files new mail from; nil: none configured (or read-only).
    public var maildir: Maildir?
    /// Writes the weekly summary from the open cases as the screen has them; returns the path.
    /// Runs on a background thread.
    public var exportWeekly: @Sendable (_ openCases: [Case], _ now: Date) throws -> String
    /// Lets the agent edit a reply in their own editor (the terminal is handed over meanwhile).
    public var editText: (String) -> Result<String, KefuError>
    /// Opens (handing the terminal over through `suspend`/`resume` while a viewer runs), saves or loads
    /// a file, or completes a path (`AttachmentOpener`).
    public var attachment: (AttachmentRequest, _ suspend: () -> Void, _ resume: () -> Void) -> AttachmentOutcome = { _, _, _ in
        .failed("no attachment handling configured")
    }
    /// Where the Maildir watcher keeps attachments, and how much of a message (`[attachments] max-per-message`).
    public var keptFiles: KeptFiles?
    /// The agent's translator (`[translate] command`); nil: none configured, nothing is translated.
    public var translator: Translator?

    public init(store: CaseStoring, delivery: (any ReplyOutbox)? = nil, maildir: Maildir? = nil,
                exportWeekly: @escaping @Sendable ([Case], Date) throws -> String = { _, _ in throw KefuError.data("no export configured") },
                editText: @escaping (String) -> Result<String, KefuError> = { _ in .failure(.data("no editor configured")) },
                translator: Translator? = nil) {
        self.store = store; self.delivery = delivery; self.maildir = maildir
        self.exportWeekly = exportWeekly; self.editText = editText; self.translator = translator
    }
}
