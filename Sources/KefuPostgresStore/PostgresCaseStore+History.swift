import Foundation
import KefuBase
import KefuModel
import KefuPostgres

extension PostgresCaseStore {
    /// Closed cases not reopened since (an open case supersedes its history row), closed at or after
    /// `closedSince` when given, by number.
    public func closedCases(closedSince: Date? = nil) throws -> [Case] {
        let rows = try db.query("""
            SELECT body FROM history h
            WHERE ($1::timestamptz IS NULL OR h.closed_at >= $1::timestamptz)
              AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = h.id)
            ORDER BY number
            """, [.optional(closedSince.map(ISO8601.format))])
        return try rows.rows.indices.map { try decode(rows.text($0, 0), what: "history") }
    }

    /// The latest stored version of a closed case, or nil.
    public func closedCase(id: String) throws -> Case? {
        let rows = try db.query("SELECT body FROM history WHERE id = $1", [.text(id)])
        return try rows.isEmpty ? nil : decode(rows.text(0, 0), what: "history")
    }
}
