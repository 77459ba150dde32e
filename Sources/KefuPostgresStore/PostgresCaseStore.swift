import Foundation
import KefuBase
import KefuModel
import KefuMail
import KefuStore
import KefuPostgres

/// The shared team store: cases in PostgreSQL (see `PGSchema`), reached through libpq. A save is one
/// transaction, committed before it returns (so before the screen says "saved"), and it notifies
/// `kefu_cases` with the changed ids in the same transaction: every other inbox hears of exactly the
/// committed changes. There is no single-writer lock (several agents write), so it never opens read-only.
///
/// `directory` is this machine's working directory for the files the runtime still keeps locally:
/// the outbox the delivery worker sends from, the Maildir seen-list, exports, attachments.
public final class PostgresCaseStore: SharedCaseStoring {
    public static let channel = "kefu_cases"
    /// NOTIFY payloads are limited to 8000 bytes; a larger change says "*" (reload everything).
    static let maxPayload = 7000

    public let url: String
    public let name: String
    public let directory: String
    public let readOnly = false
    let db: PGConnection
    /// The server process of `db`, which the listener's thread reads to skip our own notifications.
    private let ownPID = PIDBox()
    public private(set) var cases: [String: Case] = [:]
    private var pending: [String: Case] = [:]
    private var nextNumber = 1001
    private let encoder = KefuJSON.encoder()

    /// Connects, migrates and reads the open cases. `directory` is created 0700 when missing.
    public init(url: String, directory: String) throws {
        self.url = url
        self.directory = directory
        db = try PGConnection(url: url)
        name = PGURL.redacted(url)
        ownPID.set(db.backendPID)
        try PGSchema.migrate(db)
        try DurableIO.makeDirectory(directory)
        try reloadAll()
    }

    public var openCases: [Case] { cases.values.sorted { $0.number < $1.number } }
    public var nextCaseNumber: Int { nextNumber }
    public var pendingCount: Int { pending.count }
    public func keeps(_ c: Case) -> Bool { pending[c.id] != nil && cases[c.id] == c }
    public var displayURL: String { db.displayURL }

    /// Reads every open case afresh (at opening, and to resync after a lost connection).
    public func reloadAll() throws {
        let rows = try db.query("SELECT body FROM cases ORDER BY number")
        var fresh: [String: Case] = [:]
        for r in rows.rows.indices { let c = try decode(rows.text(r, 0), what: "cases"); fresh[c.id] = c }
        for (id, c) in pending { fresh[id] = c }   // not yet written: the agent's version stays on screen
        cases = fresh
        let meta = try db.query("""
            SELECT greatest((SELECT value::int FROM kefu_meta WHERE key = 'next_number'),
                            (SELECT max(number) + 1 FROM cases), (SELECT max(number) + 1 FROM history), 1001)
            """)
        nextNumber = max(nextNumber, meta.int(0, 0) ?? 1001)
    }

    /// Reads the named cases afresh after another agent changed them: the current versions, and the
    /// ids no longer open (retired to history, or never there).
    public func reload(ids: [String]) throws -> (changed: [Case], gone: [String]) {
        if ids.isEmpty {
            let before = Set(cases.keys)
            try withReconnect { try reloadAll() }
            return (openCases, before.subtracting(cases.keys).sorted())
        }
        let rows = try db.query("SELECT body FROM cases WHERE id = ANY($1::text[])", [.textArray(ids)])
        var changed: [Case] = []
        for r in rows.rows.indices {
            let c = try decode(rows.text(r, 0), what: "cases")
            guard pending[c.id] == nil else { continue }
            cases[c.id] = c
            nextNumber = max(nextNumber, c.number + 1)
            changed.append(c)
        }
        let found = Set(changed.map(\.id))
        let gone = ids.filter { !found.contains($0) && pending[$0] == nil && cases[$0] != nil }
        for id in gone { cases[id] = nil }
        return (changed, gone)
    }

    func decode(_ text: String?, what: String) throws -> Case {
        guard let text else { throw KefuError.data("\(db.displayURL): a row of \(what) without a case") }
        do { return try PGJSONB.decode(Case.self, from: text) } catch {
            throw KefuError.data("\(db.displayURL): \(what): \(KefuJSON.describe(error))")
        }
    }

    // MARK: Changes

    public func save(_ changed: [Case], keepIfUnwritten: Bool) throws {
        guard !changed.isEmpty || !pending.isEmpty else { return }
        for c in changed {
            let problems = StoreLimits.violations(c)
            if !problems.isEmpty { throw KefuError.data("\(c.id) not saved: \(problems.prefix(3).joined(separator: "; "))") }
        }
        let changedIDs = Set(changed.map(\.id))
        let all = pending.values.filter { !changedIDs.contains($0.id) }.sorted { $0.number < $1.number } + changed
        do {
            try withReconnect { try db.transaction { try write(all) } }
        } catch {
            if keepIfUnwritten { for c in changed { cases[c.id] = c; pending[c.id] = c } }
            throw storeError(error)
        }
        for c in all { cases[c.id] = c; nextNumber = max(nextNumber, c.number + 1) }
        pending.removeAll()
    }

    public func retryPending() throws { try save([], keepIfUnwritten: false) }

    /// Upserts whole cases and notifies their ids; the caller holds the transaction.
    func write(_ batch: [Case]) throws {
        for c in batch {
            let body = try PGJSONB.text(c, encoder: encoder)
            try db.query("""
                INSERT INTO cases (id, number, status, channel, marketplace, category, due_at, snoozed_until, updated_at, body)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
                ON CONFLICT (id) DO UPDATE SET number = excluded.number, status = excluded.status, channel = excluded.channel,
                    marketplace = excluded.marketplace, category = excluded.category, due_at = excluded.due_at,
                    snoozed_until = excluded.snoozed_until, updated_at = excluded.updated_at,
                    version = cases.version + 1, body = excluded.body
                """, [.text(c.id), .int(c.number), .text(c.status.rawValue), .text(c.channel.rawValue), .optional(c.marketplace),
                      .text(c.category.rawValue), .optional(c.messages.compactMap(\.dueAt).min().map(ISO8601.format)),
                      .optional(c.snoozedUntil.map(ISO8601.format)), .text(ISO8601.format(c.updatedAt)), .text(body)])
        }
        if let top = batch.map(\.number).max() {
            try db.query("""
                INSERT INTO kefu_meta (key, value) VALUES ('next_number', $1)
                ON CONFLICT (key) DO UPDATE SET value = greatest(kefu_meta.value::int, excluded.value::int)::text
                """, [.int(max(top + 1, nextNumber))])
        }
        try notify(batch.map(\.id))
    }

    /// `NOTIFY kefu_cases, '<ids>'` inside the caller's transaction: heard only if it commits.
    func notify(_ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        let payload = ids.joined(separator: ",")
        try db.notify(channel: Self.channel, payload: payload.utf8.count <= Self.maxPayload ? payload : "*")
    }

    /// The mail goes to this machine's outbox first (a reply recorded but not queued would be a lie),
    /// then the case is committed; a failed commit takes the mail back out. Delivered from there by
    /// this agent's kefu: the `outbox` table holds only what `kefu store copy` brought (a reply sent or
    /// taken back here must not come back from a copy of the table and go out twice).
    public func queueReply(_ mail: MailMessage, recording c: Case, notBefore: Date?) throws {
        let outbox = Outbox(storeDirectory: directory)
        _ = try outbox.enqueue(mail, notBefore: notBefore)
        do {
            try withReconnect { try db.transaction { try write([c]) } }
        } catch {
            try? outbox.remove(messageID: mail.messageID)   // not recorded, so not sent either
            throw storeError(error)
        }
        cases[c.id] = c
        nextNumber = max(nextNumber, c.number + 1)
    }

    /// A PostgreSQL failure as the command line and the inbox report errors.
    func storeError(_ error: Error) -> Error {
        (error as? PGError)?.kefuError ?? error
    }

    /// Runs `body`, and once more after reconnecting when the connection broke under it. Every write is
    /// of whole cases, so running one again after a commit whose answer was lost changes nothing more.
    func withReconnect<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch where !db.isConnected {
            try db.reconnect()
            ownPID.set(db.backendPID)
            return try body()
        }
    }

    public func listen(_ heard: @escaping @Sendable ([String]) -> Void) -> StoreListening {
        let listener = PGChangeListener(url: url, ownPID: { [ownPID] in ownPID.get() }, heard: heard)
        listener.start()
        return listener
    }


    // MARK: History

    public var historyLoader: @Sendable () throws -> HistoryLookup {
        { [url] in try PGHistoryLookup(url: url) }
    }

    /// Moves cases resolved more than `retireAfter` ago into history, as the JSON store's compaction
    /// does; a case changed meanwhile by someone else (its version moved) stays.
    public func retire(now: Date, retireAfter: TimeInterval = CaseStore.defaultRetireAfter) throws {
        let cutoff = ISO8601.format(now.addingTimeInterval(-retireAfter))
        let rows = try db.query("SELECT body, version FROM cases WHERE status = 'resolved' AND updated_at < $1 ORDER BY number", [.text(cutoff)])
        guard !rows.isEmpty else { return }
        try db.transaction {
            var moved: [String] = []
            for r in rows.rows.indices {
                let c = try decode(rows.text(r, 0), what: "cases")
                let gone = try db.query("DELETE FROM cases WHERE id = $1 AND version = $2", [.text(c.id), .optional(rows.text(r, 1))])
                guard gone.affected == 1 else { continue }
                try PGHistoryWriter.insert(c, into: db, encoder: encoder)
                moved.append(c.id)
            }
            try notify(moved)
        }
        for r in rows.rows.indices { if let c = try? decode(rows.text(r, 0), what: "cases") { cases[c.id] = nil } }
        try reloadAll()
    }

    public func close(now: Date) {
        if pending.isEmpty { try? retire(now: now) }
        db.close()
    }
}

/// An Int32 shared between threads.
final class PIDBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int32 = 0
    func set(_ v: Int32) { lock.lock(); value = v; lock.unlock() }
    func get() -> Int32 { lock.lock(); defer { lock.unlock() }; return value }
}
