import Foundation
import KefuModel
import KefuMail

/// The seam between the inbox's runtime and a store: what the runtime asks of it, and all it asks.
/// The JSON directory store (`CaseStore`) implements it; a shared database store plugs in here.
/// Every call comes from the runtime's one thread, except `historyLookup()`'s result, which the
/// intake uses on its own.
public protocol CaseStoring: AnyObject {
    var name: String { get }
    /// Where the outbox, the Maildir seen-list and exports live.
    var directory: String { get }
    /// Another kefu holds the lock: the inbox shows the store and changes nothing.
    var readOnly: Bool { get }
    /// The open cases, as stored.
    var openCases: [Case] { get }
    /// The number the next new case gets.
    var nextCaseNumber: Int { get }
    /// Writes whole cases atomically and durably; `keepIfUnwritten` keeps them pending on a failed write.
    func save(_ cases: [Case], keepIfUnwritten: Bool) throws
    /// Writes what a failed write left pending.
    func retryPending() throws
    var pendingCount: Int { get }
    /// True when a failed save kept exactly this version of the case, to be written later.
    func keeps(_ c: Case) -> Bool
    /// Queues the reply for delivery and records it on its case; neither happens without the other.
    /// `notBefore`: no deliverer sends it earlier (the inbox's undo-send grace period).
    func queueReply(_ mail: MailMessage, recording c: Case, notBefore: Date?) throws
    /// Reads the lookups in the closed cases; called on the intake's thread, and its result used there.
    var historyLoader: @Sendable () throws -> HistoryLookup { get }
    func close(now: Date)
}

/// Which closed case holds an order, a thread or a message, and that case. Any thread may ask.
public protocol HistoryLookup: Sendable {
    func caseID(channel: Channel, orderId: String) -> String?
    func caseID(channel: Channel, threadKey: String) -> String?
    func caseID(channel: Channel, messageId: String) -> String?
    func closedCase(id: String) throws -> Case?
}

extension CaseStore: CaseStoring {
    public var openCases: [Case] { Array(cases.values) }
    public func keeps(_ c: Case) -> Bool { isPending(c.id) && cases[c.id] == c }
    public func queueReply(_ mail: MailMessage, recording c: Case, notBefore: Date?) throws {
        try Outbox.queueReply(mail, recording: c, in: self, notBefore: notBefore)
    }
    /// Read afresh, not the store's cached copy: the caller keeps it on its own thread.
    public var historyLoader: @Sendable () throws -> HistoryLookup {
        // The inbox's intake thread is the only one looking things up while the inbox holds the store,
        // so it may bring the table up to date (after a purge, say).
        { [directory, readOnly] in try HistoryLookupFile(directory: directory, writable: !readOnly) }
    }
}

/// A store several agents write at once (PostgreSQL): the runtime hears of the others' changes and
/// reads those cases again. Called from the runtime's thread, but for `heard`, which comes from the
/// store's listening thread.
public protocol SharedCaseStoring: CaseStoring {
    /// Reads the named cases afresh (empty: every open case): their current versions, and the ids no
    /// longer open (retired to history). A case with an unwritten change of this agent's is left as it is.
    func reload(ids: [String]) throws -> (changed: [Case], gone: [String])
    /// Starts listening on a thread of its own: `heard` gets the ids another agent changed, or [] when
    /// anything may have changed (a bulk change, or the connection came back after a break).
    func listen(_ heard: @escaping @Sendable ([String]) -> Void) -> StoreListening
}

/// A running listener; `stop` returns once it no longer calls back.
public protocol StoreListening: AnyObject {
    func stop()
}
