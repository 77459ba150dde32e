import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KefuBase

/// Taking back a reply that is still waiting in the outbox: its text replaced (same file, same
/// Message-ID: one outbox item, never a second) or withdrawn. Only while it waits: a reply being
/// delivered or held after a stop mid-delivery may have left already. Callers hold the outbox lock
/// the delivery thread claims under, so "waiting" cannot change underneath.
extension MailDelivery {
    /// What a queued file held before a change, to put back if recording the change fails.
    public struct TakenBack: Sendable {
        public var path: String
        public var bytes: Data
        public init(path: String, bytes: Data) { self.path = path; self.bytes = bytes }
    }

    /// The queued reply `messageID` while it waits, or why it cannot be changed.
    func waiting(_ messageID: String) throws -> QueuedReply {
        guard let q = try list().first(where: { $0.messageID == messageID }) else {
            throw KefuError.data("the reply <\(messageID)> is no longer in the outbox (delivered meanwhile?)")
        }
        guard !q.state.inFlight else {
            throw KefuError.data("\(q.path): the reply is being delivered or held after a stop mid-delivery; check the sent mail first")
        }
        return q
    }

    /// Rewrites the waiting reply with `mail` (same Message-ID) in its own file; its delivery state
    /// starts afresh, so it is tried at once.
    public func replace(with mail: MailMessage) throws -> TakenBack {
        let q = try waiting(mail.messageID)
        let old = TakenBack(path: q.path, bytes: try DurableIO.read(q.path))
        try DurableIO.replace(q.path, with: Data(mail.rendered().utf8))
        try dropState(of: q.path)
        return old
    }

    /// Removes the waiting reply (and its delivery state) from the outbox.
    public func withdraw(messageID: String) throws -> TakenBack {
        let q = try waiting(messageID)
        let old = TakenBack(path: q.path, bytes: try DurableIO.read(q.path))
        try outbox.remove(messageID: messageID)
        try dropState(of: q.path)
        return old
    }

    /// Holds the waiting reply while the agent edits it (`since`), or releases it (nil): the delivery
    /// thread passes over a held one.
    public func holdForEdit(messageID: String, since: Date?) throws {
        var q = try waiting(messageID)
        q.state.editingSince = since
        try save(q.state, for: q.path)
    }

    /// Puts a taken-back file as it was (its delivery state starts afresh).
    public func restore(_ t: TakenBack) throws {
        try DurableIO.replace(t.path, with: t.bytes)
    }

    private func dropState(of path: String) throws {
        if unlink(Self.statePath(path)) != 0 && errno != ENOENT { throw DurableIO.errno("unlink", Self.statePath(path)) }
    }
}
