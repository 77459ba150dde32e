import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuPostgres

/// `kefu purge` and `kefu check` on the team store. The rules are the directory store's
/// (`PurgePolicy`, `PersonalData.scrub`); what differs is only where the cases live.
extension PostgresCaseStore {
    /// Scrubs every due case, open or closed, in one transaction (all or nothing), and notifies the
    /// open ones. A closed case's lookups by message id are rewritten with its renamed ids, so the old
    /// ids (which may hold the buyer's address) leave the database too, and so do the cases' sent replies.
    /// Kept attachments are files on agents' machines, not the database's: each agent's directory keeps them.
    public func purge(policy: PurgePolicy, now: Date, dryRun: Bool) throws -> PurgeReport {
        var report = PurgeReport(dryRun: dryRun)
        let open = openCases.filter { policy.isDue($0, now: now) }
        let closed = try closedCases().filter { policy.isDue($0, now: now) }
        report.active = open.map(\.id)
        report.closed = closed.map(\.id)
        // A case purged in the open set (now or before) may still have an older version in history,
        // superseded but stored: it goes too, its ids renamed as the open version's are.
        let purgedOpen = open + openCases.filter { $0.purgedAt != nil }
        let stale = try purgedOpen.compactMap { c in try closedCase(id: c.id).flatMap { PersonalData.remains($0) ? ($0, c) : nil } }
        // Sent replies are the database's too (the team's outbox keeps them, `status = 'sent'`): a purged
        // case's go with it, as the directory store removes its sent mail.
        let purgedIDs = (open + closed).map(\.id) + stale.map(\.0.id)
        report.sentRemoved = try db.query("SELECT name FROM outbox WHERE status = 'sent' AND case_id = ANY($1::text[]) ORDER BY name",
                                          [.textArray(purgedIDs)]).rows.compactMap { $0[0] }
        guard !dryRun, !(open.isEmpty && closed.isEmpty && stale.isEmpty) else { return report }
        let scrubbed = open.map { PersonalData.scrub($0, at: now) }
        let encoder = KefuJSON.encoder()
        do {
            try withReconnect {
                try db.transaction {
                    for c in closed { try PGHistoryWriter.rewrite(PersonalData.scrub(c, at: now), in: db, encoder: encoder) }
                    for (old, current) in stale {
                        let scrubbedOld = PersonalData.scrub(old, at: current.purgedAt ?? now, renamed: PersonalData.renamedIDs(current))
                        try PGHistoryWriter.rewrite(scrubbedOld, in: db, encoder: encoder)
                    }
                    try write(scrubbed)
                    try db.query("DELETE FROM outbox WHERE status = 'sent' AND case_id = ANY($1::text[])", [.textArray(purgedIDs)])
                }
            }
        } catch { throw storeError(error) }
        _ = try reload(ids: scrubbed.map(\.id))
        return report
    }

    /// What `kefu check` can say of a database: the schema version, and that every case and closed
    /// case decodes and is within the store's limits. Nothing to repair or reindex: the server commits
    /// whole transactions and keeps its own indexes.
    public func check() throws -> (open: Int, closed: Int, schema: Int, problems: [String]) {
        var problems: [String] = []
        func each(_ table: String, _ rows: PGRows) -> Int {
            for r in rows.rows.indices {
                do {
                    let c = try decode(rows.text(r, 1), what: table)
                    for p in StoreLimits.violations(c) { problems.append("\(table) \(rows.text(r, 0) ?? "?"): \(p)") }
                } catch { problems.append("\(error)") }
            }
            return rows.rows.count
        }
        let open = each("cases", try db.query("SELECT id, body FROM cases ORDER BY number"))
        let closed = each("history", try db.query("SELECT id, body FROM history ORDER BY number"))
        let schema = try db.query("SELECT max(version) FROM schema_migrations").int(0, 0) ?? 0
        return (open, closed, schema, problems)
    }
}

extension PGHistoryWriter {
    /// Replaces a closed case's row in place (its retirement order, `seq`, kept) and its message lookups.
    static func rewrite(_ c: Case, in db: PGConnection, encoder: JSONEncoder) throws {
        try db.query("UPDATE history SET body = $2::jsonb, thread_key = $3, order_id = $4 WHERE id = $1",
                     [.text(c.id), .text(try PGJSONB.text(c, encoder: encoder)), .optional(c.threadKey), .optional(c.order?.id)])
        try db.query("DELETE FROM history_messages WHERE case_id = $1", [.text(c.id)])
        try insertLookups(c, into: db)
    }
}
