import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KefuBase
import KefuMail
import KefuStore
import KefuPostgres

/// The team's outbox (the `outbox` table) behind `ReplyOutbox`. Every agent's kefu lists it and changes
/// replies still waiting (`status = 'queued'`: undo send, edit, cancel); only the elected deliverer
/// claims one (in-flight, with its name, on the election's connection) and hands it to the mail command.
/// A reply found in-flight may have left: nobody claims it again until a person releases it, and only
/// once its claim is older than the mail command's time limit (it cannot still be running).
public final class PGOutbox: ReplyOutbox, @unchecked Sendable {
    public let election: DelivererElection
    let url: String
    let command: String
    let timeout: TimeInterval
    private let lock = NSLock()
    private var conn: PGConnection?
    /// The bytes of the replies this kefu claimed and has not attempted yet, by row name.
    private var claimed: [String: Data] = [:]

    public init(url: String, election: DelivererElection, command: String, timeout: TimeInterval) {
        self.url = url; self.election = election; self.command = command; self.timeout = timeout
    }

    /// Its own connection (calls come from the delivery thread and the store's queue), opened again
    /// after it broke.
    private func withDB<T>(_ body: (PGConnection) throws -> T) throws -> T {
        try lock.withLock {
            do {
                if conn?.isConnected != true {
                    conn?.close()
                    conn = try PGConnection(url: url, applicationName: "kefu-outbox")
                }
                return try body(conn!)
            } catch let e as PGError { throw e.kefuError }
        }
    }

    public func list() throws -> [QueuedReply] { try rows(messageID: nil) }

    /// The replies not delivered (all, or the one of `messageID`), as the inbox and `kefu outbox` show them.
    private func rows(messageID: String?) throws -> [QueuedReply] {
        let r = try withDB { db in
            try db.query("""
                SELECT name, content, status, attempts, failure, claimed_by, extract(epoch FROM queued_at)::float8,
                       extract(epoch FROM last_attempt_at)::float8, extract(epoch FROM next_attempt_at)::float8,
                       extract(epoch FROM editing_since)::float8, extract(epoch FROM not_before)::float8,
                       claimed_at < now() - make_interval(secs => $2::float8), case_id
                FROM outbox WHERE status IN ('queued', 'in-flight', 'failed') AND ($1::text IS NULL OR message_id = $1)
                ORDER BY queued_at, name
                """, [.optional(messageID), .text(String(timeout + 30))])
        }
        return r.rows.indices.map { i in
            var state = DeliveryState()
            let status = r.text(i, 2)
            state.attempts = r.int(i, 3) ?? 0
            state.lastAttemptAt = PostgresCaseStore.epoch(r, i, 7)
            state.nextAttemptAt = PostgresCaseStore.epoch(r, i, 8)
            state.editingSince = PostgresCaseStore.epoch(r, i, 9)
            state.notBefore = PostgresCaseStore.epoch(r, i, 10)
            state.lastError = r.text(i, 4)
            state.inFlight = status != "queued"
            if status == "in-flight" {
                let who = TerminalText.line(r.text(i, 5) ?? "a deliverer")
                state.lastError = r.text(i, 11) == "t"
                    ? "held: \(who) stopped while handing it to the mail command; check the sent mail, then retry"
                    : "being delivered by \(who)"
            } else if status == "failed" {
                state.lastError = "set aside: \(state.lastError ?? "it cannot be sent"); retry to send it"
            }
            var q = QueuedReply(path: r.text(i, 0) ?? "", content: r.bytes(i, 1) ?? Data(),
                                queuedAt: PostgresCaseStore.epoch(r, i, 6) ?? Date(timeIntervalSince1970: 0), state: state)
            q.caseID = r.text(i, 12) ?? q.caseID
            return q
        }
    }

    public func claim(now: Date, force: Bool, skipping tried: Set<String>) throws -> QueuedReply? {
        let c: DelivererElection.Claim?
        do { c = try election.claimNext(now: now, force: force, skipping: tried.sorted()) } catch let e as PGError { throw e.kefuError }
        guard let c else { return nil }
        lock.withLock { claimed[c.name] = c.content }
        var state = DeliveryState()
        state.inFlight = true
        state.attempts = c.attempts
        state.lastAttemptAt = now
        var q = QueuedReply(path: c.name, content: c.content, queuedAt: now, state: state)
        q.caseID = c.caseID ?? q.caseID
        return q
    }

    /// Sends the claimed reply through the mail command (from a private temporary file) and marks it
    /// sent, or queued again with the retry time (1, 5, 15 minutes, then hourly, as `MailDelivery`).
    public func attempt(_ q: QueuedReply, clock: Now) throws -> DeliveryOutcome {
        guard let content = lock.withLock({ claimed.removeValue(forKey: q.path) }) else {
            throw KefuError.data("\(q.path): not claimed by this kefu")
        }
        guard let tmp = TempFile.create(prefix: "kefu-reply-", suffix: ".eml") else { throw DurableIO.errno("mkstemps", NSTemporaryDirectory()) }
        defer { unlink(tmp.path) }
        let written = content.withUnsafeBytes { write(tmp.fd, $0.baseAddress, $0.count) }
        close(tmp.fd)
        guard written == content.count else { throw KefuError.data("\(tmp.path): cannot write the reply for the mail command") }
        let result = MailCommand.run(command, stdin: tmp.path, timeout: timeout)
        let now = clock()
        do {
            if result.succeeded {
                try election.markSent(q.path)
                return .delivered(caseID: q.caseID, messageID: q.messageID, at: now)
            }
            let error = "\(command): \(result.failure)"
            let next = now.addingTimeInterval(MailDelivery.backoff[min(max(q.state.attempts - 1, 0), MailDelivery.backoff.count - 1)])
            try election.markFailed(q.path, reason: error, retry: true, nextAttempt: next)
            return .failed(caseID: q.caseID, messageID: q.messageID, error: error, nextAttemptAt: next)
        } catch let e as PGError { throw e.kefuError }
    }

    public func waiting(messageID: String) throws -> QueuedReply? {
        try rows(messageID: messageID).first { !$0.state.inFlight }
    }

    public func takeOut(messageID: String) throws {
        let gone = try withDB { db in
            try db.query("DELETE FROM outbox WHERE message_id = $1 AND status = 'queued'", [.text(messageID)]).affected
        }
        if gone == 0 { throw KefuError.data("the reply <\(messageID)> is already on its way") }
    }

    public func nextRelease(after now: Date) throws -> Date? {
        let r = try withDB { db in
            try db.query("""
                SELECT extract(epoch FROM min(not_before))::float8 FROM outbox WHERE status = 'queued' AND not_before > $1::timestamptz
                """, [.text(ISO8601.format(now))])
        }
        return PostgresCaseStore.epoch(r, 0, 0)
    }

    public func replace(with mail: MailMessage) throws -> MailDelivery.TakenBack {
        try withDB { db in
            try db.transaction {
                let old = try db.query("SELECT name, content FROM outbox WHERE message_id = $1 AND status = 'queued' FOR UPDATE", [.text(mail.messageID)])
                guard !old.isEmpty, let name = old.text(0, 0) else { throw Self.notWaiting(mail.messageID) }
                try db.query("""
                    UPDATE outbox SET content = $2, attempts = 0, failure = NULL, next_attempt_at = NULL, editing_since = NULL WHERE name = $1
                    """, [.text(name), .bytes(Data(mail.rendered().utf8))])
                return MailDelivery.TakenBack(path: name, bytes: old.bytes(0, 1) ?? Data())
            }
        }
    }

    public func withdraw(messageID: String) throws -> MailDelivery.TakenBack {
        let r = try withDB { db in
            try db.query("DELETE FROM outbox WHERE message_id = $1 AND status = 'queued' RETURNING name, content", [.text(messageID)])
        }
        guard !r.isEmpty, let name = r.text(0, 0) else { throw Self.notWaiting(messageID) }
        return MailDelivery.TakenBack(path: name, bytes: r.bytes(0, 1) ?? Data())
    }

    public func holdForEdit(messageID: String, since: Date?) throws {
        let held = try withDB { db in
            try db.query("UPDATE outbox SET editing_since = $2::timestamptz WHERE message_id = $1 AND status = 'queued'",
                         [.text(messageID), .optional(since.map(ISO8601.format))]).affected
        }
        if held == 0 { throw Self.notWaiting(messageID) }
    }

    public func restore(_ t: MailDelivery.TakenBack) throws {
        let mail = MIMEParser.parse(t.bytes)
        try withDB { db in
            try db.query("""
                INSERT INTO outbox (name, content, case_id, message_id, status) VALUES ($1, $2, $3, $4, 'queued')
                ON CONFLICT (name) DO UPDATE SET content = excluded.content, status = 'queued', attempts = 0, failure = NULL,
                    next_attempt_at = NULL, editing_since = NULL, claimed_by = NULL, claimed_at = NULL
                """, [.text(t.path), .bytes(t.bytes), .optional(mail.header("X-Kefu-Case")), .optional(mail.messageID)])
        }
    }

    /// Releases what an agent's retry covers: replies set aside as failed, waiting for their retry time
    /// or held by an edit, and in-flight ones whose claim is older than the mail command's time limit
    /// (their deliverer stopped mid-send: the person retrying has checked the sent mail). Their cases are
    /// notified, which wakes the deliverer wherever it runs.
    public func releaseForRetry(now: Date) throws -> Int {
        try withDB { db in
            try db.transaction {
                let r = try db.query("""
                    UPDATE outbox SET status = 'queued', next_attempt_at = NULL, editing_since = NULL, claimed_by = NULL, claimed_at = NULL
                    WHERE status = 'failed' OR (status = 'queued' AND (next_attempt_at IS NOT NULL OR editing_since IS NOT NULL))
                       OR (status = 'in-flight' AND claimed_at < now() - make_interval(secs => $1::float8))
                    RETURNING coalesce(case_id, '')
                    """, [.text(String(timeout + 30))])
                let ids = Set(r.rows.compactMap { $0[0] ?? nil }.filter { !$0.isEmpty }).sorted()
                let payload = ids.joined(separator: ",")
                if !ids.isEmpty { try db.notify(channel: PostgresCaseStore.channel, payload: payload.utf8.count <= PostgresCaseStore.maxPayload ? payload : "*") }
                return r.count
            }
        }
    }

    static func notWaiting(_ messageID: String) -> KefuError {
        .data("the reply <\(messageID)> is no longer waiting in the outbox (delivered or being delivered meanwhile?)")
    }
}
