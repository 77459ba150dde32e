import Foundation
import KefuBase
import KefuPostgres
import KefuStore

/// Chooses the one running kefu that delivers the shared outbox and files new mail: whoever holds a
/// session advisory lock on its own dedicated connection. When that kefu dies its connection closes,
/// the server drops the lock, and the next `tryBecomeDeliverer()` elsewhere (every ~2 s from `start`)
/// takes over. The lock's second key is the schema, so stores in different schemas of one database
/// elect separately.
///
/// Replies are claimed here too, on the same connection: only the deliverer claims, each claim marks
/// the row in-flight with the claimer's name in one statement, and in-flight rows are never claimed
/// again — a reply interrupted mid-send waits for a person (`requeue`) rather than risk going twice.
public final class DelivererElection: DeliveryElecting, @unchecked Sendable {
    static let lockKey = "7202612"
    public let url: String
    /// Who claims (host, process, agent), as recorded on the rows it claims.
    public let claimer: String
    private let lock = NSLock()
    private var db: PGConnection?
    private var deliverer = false
    private var stopping = false
    private let wake = NSCondition()

    public init(url: String, claimer: String) {
        self.url = url; self.claimer = claimer
    }

    public var isDeliverer: Bool { lock.withLock { deliverer } }

    /// The server process holding (or trying for) the lock, for tests that kill it.
    var backendPID: Int32 { lock.withLock { db?.backendPID ?? 0 } }

    /// One round: checks that the connection (and so the lock) is still alive, reconnecting when it
    /// died, and tries the lock when not holding it. Returns whether this kefu delivers now.
    @discardableResult
    public func tryBecomeDeliverer() -> Bool {
        lock.withLock {
            do {
                if let db, (try? db.query("SELECT 1")) != nil {
                    if deliverer { return true }
                } else {
                    deliverer = false   // a dead connection took the lock with it
                    db?.close()
                    db = try PGConnection(url: url, timeout: 2, applicationName: "kefu-deliverer")
                }
                let got = try db!.query("SELECT pg_try_advisory_lock($1::int, hashtext(current_schema()))", [.text(Self.lockKey)])
                deliverer = got.text(0, 0) == "t"
            } catch {
                deliverer = false
            }
            return deliverer
        }
    }

    /// Tries now and then every `interval` seconds on a thread of its own, calling `changed` whenever
    /// this kefu becomes or stops being the deliverer.
    public func start(every interval: TimeInterval = 2, changed: @escaping @Sendable (Bool) -> Void) {
        let t = Thread { [self] in
            var was = false
            while true {
                let now = tryBecomeDeliverer()
                if now != was { changed(now); was = now }
                wake.lock()
                if !stopping { _ = wake.wait(until: Date().addingTimeInterval(interval)) }
                let stop = stopping
                wake.unlock()
                if stop { return }
            }
        }
        t.name = "kefu-election"
        t.start()
    }

    /// Stops polling and lets go: closing the connection releases the lock for another kefu.
    public func stop() {
        wake.lock(); stopping = true; wake.broadcast(); wake.unlock()
        lock.withLock { db?.close(); db = nil; deliverer = false }
    }

    // MARK: Claims

    public struct Claim: Equatable, Sendable {
        public var name: String
        public var content: Data
        public var caseID: String?
        public var messageID: String? = nil
        public var attempts = 1
    }

    /// The oldest queued reply past its grace period (`now`: the kefu clock's time, else the server's),
    /// now in-flight and ours; nil when none is due or we are not the deliverer. Past its retry time and
    /// not held for an edit, unless `force`; never one of `skipping` (Message-IDs tried this pass).
    public func claimNext(now: Date? = nil, force: Bool = false, skipping: [String] = []) throws -> Claim? {
        try lock.withLock {
            guard deliverer, let db else { return nil }
            let rows = try db.query("""
                UPDATE outbox SET status = 'in-flight', claimed_by = $1, claimed_at = now(), attempts = attempts + 1,
                    last_attempt_at = coalesce($2::timestamptz, now()), editing_since = NULL
                WHERE name = (SELECT name FROM outbox WHERE status = 'queued' AND (not_before IS NULL OR not_before <= coalesce($2::timestamptz, now()))
                                AND ($3::bool OR (editing_since IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= coalesce($2::timestamptz, now()))))
                                AND NOT (coalesce(message_id, '') = ANY($4::text[]))
                              ORDER BY queued_at, name LIMIT 1 FOR UPDATE SKIP LOCKED)
                  AND status = 'queued'
                RETURNING name, content, case_id, message_id, attempts
                """, [.text(claimer), .optional(now.map(ISO8601.format)), .bool(force), .textArray(skipping)])
            guard let name = rows.rows.first?[0] ?? nil, let content = rows.bytes(0, 1) else { return nil }
            return Claim(name: name, content: content, caseID: rows.text(0, 2), messageID: rows.text(0, 3), attempts: rows.int(0, 4) ?? 1)
        }
    }

    /// The mail command accepted the claimed reply.
    public func markSent(_ name: String) throws {
        try finish(name) { db in
            try db.query("""
                WITH done AS (UPDATE outbox SET status = 'sent', sent_at = now(), failure = NULL
                              WHERE name = $1 AND claimed_by = $2 AND status = 'in-flight' RETURNING case_id)
                SELECT case_id, CASE WHEN case_id IS NOT NULL THEN pg_notify($3, case_id) END FROM done
                """, [.text(name), .text(claimer), .text(PostgresCaseStore.channel)])
        }
    }

    /// The send failed: back in the queue for a later try (`retry`, at `nextAttempt` when given), or set
    /// aside as failed.
    public func markFailed(_ name: String, reason: String, retry: Bool, nextAttempt: Date? = nil) throws {
        try finish(name) { db in
            try db.query("""
                WITH done AS (UPDATE outbox SET status = CASE WHEN $3::bool THEN 'queued' ELSE 'failed' END, failure = $4, claimed_by = NULL,
                                  claimed_at = NULL, next_attempt_at = $5::timestamptz
                              WHERE name = $1 AND claimed_by = $2 AND status = 'in-flight' RETURNING case_id)
                SELECT case_id, CASE WHEN case_id IS NOT NULL THEN pg_notify($6, case_id) END FROM done
                """, [.text(name), .text(claimer), .bool(retry), .text(reason), .optional(nextAttempt.map(ISO8601.format)), .text(PostgresCaseStore.channel)])
        }
    }

    /// What one reply's delivery came to.
    public struct Outcome: Equatable, Sendable {
        public var name: String
        public var caseID: String?
        /// nil: the mail command took it.
        public var failure: String?
    }

    /// One delivery pass for the runtime's worker (a no-op unless this kefu is the deliverer): claims the
    /// queued replies one at a time, oldest first, and hands each to `send` (the mail command). A reply
    /// sent is marked sent; a failure puts it back in the queue and ends the pass (the command or the
    /// server is likely down for the rest too), unless `retry` says it will never go (then it is set aside).
    public func deliverQueued(limit: Int = 100, send: (Claim) throws -> Void, retry: (Error) -> Bool = { _ in true }) throws -> [Outcome] {
        var out: [Outcome] = []
        while out.count < limit, let claim = try claimNext() {
            do {
                try send(claim)
            } catch {
                let reason = TerminalText.line("\(error)")
                try markFailed(claim.name, reason: reason, retry: retry(error))
                out.append(Outcome(name: claim.name, caseID: claim.caseID, failure: reason))
                break
            }
            try markSent(claim.name)
            out.append(Outcome(name: claim.name, caseID: claim.caseID, failure: nil))
        }
        return out
    }

    /// Records a claimed reply's outcome; `body` notifies its case in the same statement, so every inbox
    /// reads its outbox listing again (sent, or failed with the error), this one's too.
    private func finish(_ name: String, _ body: (PGConnection) throws -> PGRows) throws {
        try lock.withLock {
            guard let db else { throw KefuError.data("\(name): the deliverer's connection is closed") }
            guard try body(db).count == 1 else { throw KefuError.data("\(name): not claimed by \(claimer)") }
        }
    }
}
