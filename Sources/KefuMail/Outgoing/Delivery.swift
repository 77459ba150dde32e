import Foundation
#if canImport(Glibc)
import Glibc
import KefuBase
import KefuModel
#endif

/// What the outbox remembers about a queued reply besides its text: `<name>.eml.state` beside it.
public struct DeliveryState: Codable, Sendable, Equatable {
    public var attempts = 0
    public var lastAttemptAt: Date?
    public var lastError: String?
    public var nextAttemptAt: Date?
    /// Written before the command runs and cleared after. Found set, kefu stopped mid-delivery: the
    /// reply may have left, so it is not retried on its own (only by an explicit retry).
    public var inFlight = false
    /// The agent took the reply back into the composer to edit it: not tried on schedule until the
    /// edit replaces it or is given up (an explicit retry still sends it, e.g. after kefu stopped mid-edit).
    public var editingSince: Date?
    /// Not delivered before this time, not even by an explicit retry: the inbox's grace period in
    /// which `u` takes the reply back (`[reply] undo-seconds`). Kept on disk, so a restart honours it.
    public var notBefore: Date?
    public init() {}
}

/// One reply in the outbox, as `kefu outbox` and the inbox show it.
public struct QueuedReply: Sendable, Equatable {
    public var path: String
    public var messageID: String
    public var caseID: String?
    public var to: String
    public var subject: String
    public var queuedAt: Date
    public var state: DeliveryState

    /// The reply in `content` (its mail as queued), waiting at `path` (a file, or a row's name).
    public init(path: String, content: Data, queuedAt: Date, state: DeliveryState) {
        let mail = MIMEParser.parse(content)
        let name = (path as NSString).lastPathComponent
        self.init(path: path, messageID: mail.messageID ?? name, caseID: mail.header("X-Kefu-Case"),
                  to: mail.to.map(\.address).joined(separator: ", "), subject: mail.subject, queuedAt: queuedAt, state: state)
    }

    init(path: String, messageID: String, caseID: String?, to: String, subject: String, queuedAt: Date, state: DeliveryState) {
        self.path = path; self.messageID = messageID; self.caseID = caseID; self.to = to; self.subject = subject
        self.queuedAt = queuedAt; self.state = state
    }

    /// Undelivered this long, the case's countdown turns into a warning: the buyer has no answer yet.
    public static let honestyLimit: TimeInterval = 600

    /// Not delivered although it should have been: it failed, or it has waited over ten minutes.
    public func isLate(at now: Date) -> Bool {
        state.lastError != nil || state.inFlight || now.timeIntervalSince(queuedAt) > Self.honestyLimit
    }
}

public enum DeliveryOutcome: Sendable, Equatable {
    case delivered(caseID: String?, messageID: String, at: Date)
    case failed(caseID: String?, messageID: String, error: String, nextAttemptAt: Date)
}

/// Hands queued replies to the mail command: success moves the file to `<store>/sent/`, failure
/// keeps it queued with the error and a retry time (1 min, 5 min, 15 min, then hourly). The
/// Message-ID is in the file from the start, so every attempt sends the same message.
///
/// Callers serialise: the store's write lock keeps other processes out, and within the inbox the
/// delivery thread and the composer share one lock around `claim` and enqueueing.
public struct MailDelivery: Sendable {
    public static let backoff: [TimeInterval] = [60, 300, 900, 3600]
    public var outbox: Outbox
    public var command: String
    public var timeout: TimeInterval
    public var sentDirectory: String

    public init(storeDirectory: String, command: String, timeout: TimeInterval) {
        outbox = Outbox(storeDirectory: storeDirectory)
        self.command = command; self.timeout = timeout
        sentDirectory = storeDirectory + "/sent"
    }

    /// Every queued reply, oldest first.
    public func list() throws -> [QueuedReply] {
        try outbox.queued().map(load)
    }

    /// The next reply due for an attempt (any not yet tried this pass, when `force`), marked in flight.
    public func claim(now: Date, force: Bool, skipping tried: Set<String> = []) throws -> QueuedReply? {
        for var q in try list() where !tried.contains(q.messageID) {
            if q.state.notBefore.map({ $0 > now }) ?? false { continue }
            if !force && (q.state.inFlight || q.state.editingSince != nil || (q.state.nextAttemptAt.map { $0 > now } ?? false)) { continue }
            q.state.inFlight = true
            q.state.editingSince = nil
            q.state.attempts += 1
            q.state.lastAttemptAt = now
            try save(q.state, for: q.path)
            return q
        }
        return nil
    }

    /// Runs the command on a claimed reply and records the outcome in the outbox.
    public func attempt(_ q: QueuedReply, clock: Now) throws -> DeliveryOutcome {
        let result = MailCommand.run(command, stdin: q.path, timeout: timeout)
        let now = clock()
        if result.succeeded {
            try DurableIO.makeDirectory(sentDirectory)
            let target = sentDirectory + "/" + (q.path as NSString).lastPathComponent
            guard rename(q.path, target) == 0 else { throw DurableIO.errno("rename", q.path) }
            unlink(Self.statePath(q.path))
            try DurableIO.fsyncDirectory(sentDirectory)
            try DurableIO.fsyncDirectory(outbox.directory)
            return .delivered(caseID: q.caseID, messageID: q.messageID, at: now)
        }
        var state = q.state
        state.inFlight = false
        state.lastError = "\(command): \(result.failure)"
        let next = now.addingTimeInterval(Self.backoff[min(max(state.attempts - 1, 0), Self.backoff.count - 1)])
        state.nextAttemptAt = next
        try save(state, for: q.path)
        return .failed(caseID: q.caseID, messageID: q.messageID, error: state.lastError!, nextAttemptAt: next)
    }

    // MARK: Files

    static func statePath(_ eml: String) -> String { eml + ".state" }

    package func save(_ state: DeliveryState, for eml: String) throws {
        try DurableIO.replace(Self.statePath(eml), with: try KefuJSON.encoder().encode(state))
    }

    package func load(_ path: String) throws -> QueuedReply {
        var state = DeliveryState()
        if DurableIO.exists(Self.statePath(path)) {
            let data = try DurableIO.read(Self.statePath(path))
            do { state = try KefuJSON.decoder().decode(DeliveryState.self, from: data) } catch {
                // The reply itself is intact; a damaged note about it must not hide it.
                state.lastError = "\(Self.statePath(path)): unreadable delivery state (\(KefuJSON.describe(error))); retry to send it"
                state.inFlight = true
            }
        }
        let name = (path as NSString).lastPathComponent
        let stamp = String(name.prefix(15))   // 20261121T100000
        let queuedAt = ISO8601.parse(Self.iso(stamp) ?? "") ?? state.lastAttemptAt ?? Date(timeIntervalSince1970: 0)
        return QueuedReply(path: path, content: try DurableIO.read(path), queuedAt: queuedAt, state: state)
    }

    /// `20261121T100000` → `2026-11-21T10:00:00Z`.
    static func iso(_ s: String) -> String? {
        let c = Array(s)
        guard c.count == 15, c[8] == "T", c.enumerated().allSatisfy({ $0.offset == 8 || $0.element.isASCII && $0.element.isNumber }) else { return nil }
        let d = String(c[0..<4]) + "-" + String(c[4..<6]) + "-" + String(c[6..<8])
        return d + "T" + String(c[9..<11]) + ":" + String(c[11..<13]) + ":" + String(c[13..<15]) + "Z"
    }
}

extension Case {
    /// The mail command accepted reply `messageID`.
    public mutating func recordDelivered(messageID: String, at: Date) {
        events.append(CaseEvent(.delivered, at: at, messageId: messageID))
        updatedAt = at
    }
}
