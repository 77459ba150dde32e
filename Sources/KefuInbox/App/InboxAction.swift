import Foundation
import KefuModel
import KefuMail
import KefuImport
import KefuBase
import KefuStore

/// Everything that can happen to the inbox, from the keyboard, the clock, the terminal, the mail
/// and the workers. The runtime puts each into one queue; only `InboxUpdate.update` acts on them.
public enum InboxAction: Sendable {
    /// A keymap action (the driver resolved the key through the live keymap).
    case command(KeyAction)
    /// Text typed into a prompt (keys the keymap leaves unbound there).
    case insert(String)
    case tick(Date)
    case resize(width: Int, height: Int)
    /// Cases changed outside the inbox (another kefu, a colleague).
    case casesChanged([Case])
    /// A shared store says a colleague changed these cases ([]: anything may have changed); they are
    /// read again by a `.reloadCases` effect.
    case casesChangedElsewhere([String])
    /// What `.reloadCases` read: the current versions, the ids no longer open, or why it failed.
    case casesReloaded(changed: [Case], gone: [String], failure: String?)
    /// New mail read and classified off the UI thread, with what it may match in the history: the
    /// update files it into the state and asks for it to be saved.
    case mailRead(MailBatch)
    /// Filed mail could not be saved: the cases go back as they were (`previous`; absent = new) and
    /// the files are read again later.
    case mailNotFiled(ids: [String], previous: [String: Case], message: String)
    /// The Maildir or the store could not be read or written while filing new mail.
    case intakeError(String)
    /// A save the update asked for failed: put the case back as it was and say why.
    case saveFailed(previous: Case?, id: String, message: String)
    /// The store holds `count` changes it could not write yet (a full disk; `reason` says why), kept on
    /// screen and retried; 0 once they are written.
    case unsavedChanges(count: Int, reason: String?)
    /// Queueing a reply failed: the case as it was, and the composer back with the text.
    case replyFailed(previous: Case?, composer: ComposerState, message: String)
    /// The agent's $VISUAL/$EDITOR returned: the new text, or why it failed.
    case editedExternally(String)
    case externalEditFailed(String)
    /// The delivery thread finished attempts (maybe none) and lists what is still queued.
    case deliveryReport(outcomes: [DeliveryOutcome], queued: [QueuedReply])
    /// The outbox itself could not be read or written.
    case deliveryError(String)
    /// Undo send: the reply left the outbox and `c` (without it) was saved; the composer comes back.
    case replyTakenBack(Case, composer: ComposerState)
    /// Undo send came too late (a delivery claimed the reply) or the store refused: why.
    case replyNotTakenBack(caseID: String, message: String)
    /// The weekly summary was written to `path`, or could not be.
    case exported(path: String)
    case exportFailed(String)
    /// The runtime did what an `.attachment` effect asked.
    case attachmentDone(AttachmentOutcome)
    /// The translator answered a `.translate` effect (its text, or why not).
    case translated(TranslationJob, Result<String, Translator.Failure>)
    /// Team mode: what `.loadTeam` read (who is replying, owners, agents).
    case teamLoaded(TeamSnapshot)
    /// A team effect failed (the store's words); `caseID` when it was about one case.
    case teamFailed(caseID: String?, message: String)
    /// The store's answer to `.takeLease` or `.renewLease`.
    case leaseAnswered(caseID: String, LeaseGrant)
    /// The store's answer to `.checkClearance`, just before the reply would be queued.
    case clearanceAnswered(caseID: String, SendClearance)
    case availabilitySet(Bool)
    case reassigned(caseID: String, to: String?)
    /// "Next case": the case claimed for this agent (its lease taken), or nil when none is left.
    case nextCaseServed(Case?)
}

/// Work the update asks the runtime to do; it never does I/O itself.
public enum InboxEffect: Sendable, Equatable {
    /// Write the case; `previous` is what the screen goes back to if the store refuses it (`.saveFailed`).
    case save(Case, previous: Case?)
    /// Write the reply to the outbox, then save the case that records it (the composer comes
    /// back with `.replyFailed` and `previous` if either fails).
    case queueReply(MailMessage, Case, previous: Case?, composer: ComposerState)
    /// Replace the waiting outbox reply with the same Message-ID by `mail`, then save the case (the
    /// composer comes back with `.replyFailed` if the reply left meanwhile or either write fails).
    case requeueReply(MailMessage, Case, previous: Case?, composer: ComposerState)
    /// Take the waiting reply `messageID` out of the outbox, then save the case (`.saveFailed` puts
    /// the case back if the reply left meanwhile or either write fails).
    case cancelQueued(messageID: String, Case, previous: Case?)
    /// Hold the waiting reply `messageID` from delivery while the agent edits it (`since`), or release it (nil).
    case holdQueued(messageID: String, since: Date?)
    /// Save cases that new mail changed, then mark `seen` (Maildir file keys) read; `.mailNotFiled` if refused.
    case fileMail([Case], previous: [String: Case], seen: [String])
    /// Filing failed before anything changed: read these Maildir files again later.
    case forgetMail(seen: [String])
    /// Leave the screen, let the agent edit `text` in their editor, come back.
    case editExternally(String)
    /// Deliver every queued reply now, whatever its retry time.
    case retryDeliveries
    /// A reply's undo grace period ended: deliver what is due (retry times still apply).
    case deliverDue
    /// Undo send: unless a delivery claimed it, take reply `messageID` out of the outbox and save
    /// `restored` (the case without it); answered by `.replyTakenBack` or `.replyNotTakenBack`.
    case takeBackReply(messageID: String, restored: Case, current: Case, composer: ComposerState)
    /// Write the weekly summary of the last complete week (Markdown); answered by `.exported`/`.exportFailed`.
    case exportWeekly
    /// Run the agent's translator off the UI thread; answered by `.translated`.
    case translate(TranslationJob)
    /// Try again to write the changes the store kept after a failed write.
    case retrySaves
    /// Open, save or load a file, or complete a path (`AttachmentOpener` in the runtime); answered by `.attachmentDone`.
    case attachment(AttachmentRequest)
    /// Read these cases again from the shared store ([]: all open cases); answered by `.casesReloaded`.
    case reloadCases([String])
    /// Team mode: read who is replying, the owners and the agents; answered by `.teamLoaded`.
    case loadTeam
    /// Take (or take anew) the reply lease on the case as the agent sees it; answered by `.leaseAnswered`.
    case takeLease(Case)
    case renewLease(caseID: String)
    case releaseLease(caseID: String)
    /// Ask the store whether the reply may go out (lease, news since); answered by `.clearanceAnswered`.
    case checkClearance(caseID: String)
    case setAvailable(Bool)
    /// Give the case to an agent (nil: nobody); answered by `.reassigned`.
    case reassign(caseID: String, to: String?)
    /// Claim the most urgent unowned-or-mine case nobody is replying to, in the inbox's queue order.
    case nextCase(ranked: [String])
    /// Repaint the whole terminal (after another program scribbled on it).
    case redraw
    case quit
}
