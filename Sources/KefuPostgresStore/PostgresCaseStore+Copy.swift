import Foundation
import KefuBase
import KefuModel
import KefuMail
import KefuStore
import KefuPostgres

extension PostgresCaseStore {
    /// True when the database holds no case, closed case, order, outbox file or seen-list entry.
    public func isEmpty() throws -> Bool {
        let rows = try db.query("""
            SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM history) + (SELECT count(*) FROM orders)
                 + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM maildir_seen)
            """)
        return rows.int(0, 0) == 0
    }

    /// Everything in the database, read in one snapshot (a repeatable-read transaction).
    public func contents() throws -> StoreContents {
        var s = StoreContents()
        try db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        defer { try? db.execute("COMMIT") }
        let open = try db.query("SELECT body FROM cases ORDER BY number")
        s.openCases = try open.rows.indices.map { try decode(open.text($0, 0), what: "cases") }
        let closed = try db.query("SELECT body FROM history ORDER BY number")
        s.history = try closed.rows.indices.map { try decode(closed.text($0, 0), what: "history") }
        let orders = try db.query("SELECT key, body FROM orders ORDER BY key")
        for r in orders.rows.indices {
            do { s.orders.append(try PGJSONB.decode(ImportedOrder.self, from: orders.text(r, 1) ?? "")) } catch {
                throw KefuError.data("\(displayURL): orders \(orders.text(r, 0) ?? ""): \(KefuJSON.describe(error))")
            }
        }
        // Only replies still to send: a team reply sent, or claimed by a deliverer, must not go out again from the copy.
        let outbox = try db.query("SELECT name, content FROM outbox WHERE status IN ('local', 'queued', 'failed') ORDER BY name")
        s.outbox = outbox.rows.indices.map { (outbox.text($0, 0) ?? "", outbox.bytes($0, 1) ?? Data()) }
        s.seen = try db.query("SELECT key FROM maildir_seen ORDER BY key").rows.compactMap { $0[0] }
        let next = try db.query("SELECT value::int FROM kefu_meta WHERE key = 'next_number'")
        s.nextNumber = (next.isEmpty ? nil : next.int(0, 0)) ?? nextCaseNumber   // no row: nothing was ever saved
        return s
    }

    /// Replaces the database's contents with `s` in one transaction (all or nothing), and tells every
    /// listening inbox to reload ("*").
    public func replaceContents(with s: StoreContents) throws {
        do {
            try db.transaction {
                try db.execute("TRUNCATE cases, history, history_messages, orders, outbox, maildir_seen, kefu_meta")
                let encoder = KefuJSON.encoder()
                for c in s.history.sorted(by: { $0.number < $1.number }) { try PGHistoryWriter.insert(c, into: db, encoder: encoder) }
                try write(s.openCases.sorted { $0.number < $1.number })
                for o in s.orders {
                    try db.query("INSERT INTO orders (key, body) VALUES ($1, $2::jsonb)",
                                 [.text(o.key), .text(try PGJSONB.text(o, encoder: encoder))])
                }
                for f in s.outbox { try insertCopied(f) }
                if !s.seen.isEmpty {
                    try db.query("INSERT INTO maildir_seen (key) SELECT DISTINCT unnest($1::text[])", [.textArray(s.seen)])
                }
                try db.query("""
                    INSERT INTO kefu_meta (key, value) VALUES ('next_number', $1)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, [.int(s.nextNumber)])
                try db.notify(channel: Self.channel, payload: "*")
            }
        } catch { throw storeError(error) }
        try reloadAll()
    }

    /// A reply copied from a directory's outbox waits, set aside, for a person: the directory's kefu may
    /// still send it (or have sent it since the copy was read), so the team's deliverer sends it only once
    /// someone checked and retried it (`U`, `kefu outbox --retry`). Other files (delivery state) are kept
    /// as they were, for the copy back.
    func insertCopied(_ f: (name: String, content: Data)) throws {
        guard f.name.hasSuffix(".eml") else {
            try db.query("INSERT INTO outbox (name, content) VALUES ($1, $2)", [.text(f.name), .bytes(f.content)])
            return
        }
        let mail = MIMEParser.parse(f.content)
        try db.query("""
            INSERT INTO outbox (name, content, case_id, message_id, status, failure) VALUES ($1, $2, $3, $4, 'failed', $5)
            """, [.text(f.name), .bytes(f.content), .optional(mail.header("X-Kefu-Case")), .text(mail.messageID ?? f.name),
                  .text(Self.copiedReply)])
    }

    static let copiedReply = "copied from a directory store, whose kefu may send it too: check that store's sent mail first"
}
