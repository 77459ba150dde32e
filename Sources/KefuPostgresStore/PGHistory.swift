import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuPostgres

/// Writes a closed case into `history` with its lookups, in the caller's transaction. The message ids
/// are the ones `history/index.tsv` keeps (messages, and filed notices' ids); a later retirement of
/// the same key wins, as a later index line does.
enum PGHistoryWriter {
    static func insert(_ c: Case, into db: PGConnection, encoder: JSONEncoder) throws {
        let body = try PGJSONB.text(c, encoder: encoder)
        try db.query("""
            INSERT INTO history (id, number, channel, order_id, thread_key, category, opened_at, closed_at, seq, body)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nextval('history_seq'), $9::jsonb)
            ON CONFLICT (id) DO UPDATE SET number = excluded.number, channel = excluded.channel, order_id = excluded.order_id,
                thread_key = excluded.thread_key, category = excluded.category, opened_at = excluded.opened_at,
                closed_at = excluded.closed_at, seq = excluded.seq, body = excluded.body
            """, [.text(c.id), .int(c.number), .text(c.channel.rawValue), .optional(c.order?.id), .optional(c.threadKey),
                  .text(c.category.rawValue), .text(ISO8601.format(c.openedAt)), .text(ISO8601.format(c.updatedAt)), .text(body)])
        try insertLookups(c, into: db)
    }

    /// The message ids `history/index.tsv` keeps (messages, and filed notices' ids), pointing at `c`.
    static func insertLookups(_ c: Case, into db: PGConnection) throws {
        let ids = c.messages.map(\.sourceId) + c.events.compactMap { $0.type.isFiledNotice ? $0.messageId : nil }
        guard !ids.isEmpty else { return }
        try db.query("""
            INSERT INTO history_messages (channel, message_id, case_id)
            SELECT $1, m, $2 FROM unnest($3::text[]) AS m
            ON CONFLICT (channel, message_id) DO UPDATE SET case_id = excluded.case_id
            """, [.text(c.channel.rawValue), .text(c.id), .textArray(ids)])
    }
}

/// History lookups answered by the server's indexes, on a connection of their own (the intake's thread
/// asks; a lock keeps one question at a time on it).
public final class PGHistoryLookup: HistoryLookup, @unchecked Sendable {
    let db: PGConnection
    private let lock = NSLock()

    public init(url: String) throws { db = try PGConnection(url: url) }

    private func one(_ rows: () throws -> PGRows) -> String? {
        lock.lock(); defer { lock.unlock() }
        // A lookup that cannot be answered is a miss: the intake then files the mail as a new case.
        return (try? reconnecting(rows)).flatMap { $0.isEmpty ? nil : $0.text(0, 0) }
    }

    /// Once more after reopening a connection that broke (a server restart): the lookup is kept for
    /// the whole session of the intake's thread.
    private func reconnecting(_ rows: () throws -> PGRows) throws -> PGRows {
        do { return try rows() } catch where !db.isConnected {
            try db.reconnect()
            return try rows()
        }
    }

    public func caseID(channel: Channel, orderId: String) -> String? {
        one { try db.query("SELECT id FROM history WHERE channel = $1 AND order_id = $2 ORDER BY seq DESC LIMIT 1", [.text(channel.rawValue), .text(orderId)]) }
    }

    public func caseID(channel: Channel, threadKey: String) -> String? {
        one { try db.query("SELECT id FROM history WHERE channel = $1 AND thread_key = $2 ORDER BY seq DESC LIMIT 1", [.text(channel.rawValue), .text(threadKey)]) }
    }

    public func caseID(channel: Channel, messageId: String) -> String? {
        one { try db.query("SELECT case_id FROM history_messages WHERE channel = $1 AND message_id = $2", [.text(channel.rawValue), .text(messageId)]) }
    }

    public func closedCase(id: String) throws -> Case? {
        lock.lock(); defer { lock.unlock() }
        let rows: PGRows
        do { rows = try reconnecting { try db.query("SELECT body FROM history WHERE id = $1", [.text(id)]) } } catch let e as PGError { throw e.kefuError }
        guard let text = rows.rows.first?[0] else { return nil }
        do { return try PGJSONB.decode(Case.self, from: text) } catch {
            throw KefuError.data("\(db.displayURL): history \(id): \(KefuJSON.describe(error))")
        }
    }
}
