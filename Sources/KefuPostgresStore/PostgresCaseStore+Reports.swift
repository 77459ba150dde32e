import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuPostgres

/// The team store as the reports read it (`ReportSource`), and its order book.
extension PostgresCaseStore: ReportSource {
    /// Facts made from the closed cases' rows (whole JSONB bodies, so no facts table is needed).
    public func closedFacts(closedSince: Date?, openIDs: Set<String>, includeBuyer: Bool) throws -> [CaseFacts] {
        try closedCases(closedSince: closedSince).filter { !openIDs.contains($0.id) }.map { CaseFacts($0, includeBuyer: includeBuyer) }
    }

    public func importedOrders() throws -> [ImportedOrder]? {
        let rows = try db.query("SELECT key, body FROM orders ORDER BY key")
        guard !rows.isEmpty else { return nil }
        return try rows.rows.indices.map { r in
            do { return try PGJSONB.decode(ImportedOrder.self, from: rows.text(r, 1) ?? "") } catch {
                throw KefuError.data("\(displayURL): orders \(rows.text(r, 0) ?? ""): \(KefuJSON.describe(error))")
            }
        }
    }

    public func knownAgents() throws -> [AgentRef] { try agents().map(\.agent) }

    public func storedCase(id: String) throws -> Case? { try cases[id] ?? closedCase(id: id) }

    /// `kefu import orders`: merges into the `orders` table by the order book's rule
    /// (`OrderBook.merge`) in one transaction, the rows touched locked meanwhile; returns the merge
    /// and the whole book after it, which the caller joins onto the open cases.
    public func mergeOrders(_ incoming: [ImportedOrder]) throws -> (merge: OrderBook.MergeSummary, book: [String: ImportedOrder]) {
        let encoder = KefuJSON.encoder()
        do {
            let merge = try withReconnect {
                try db.transaction { () throws -> OrderBook.MergeSummary in
                    let keys = Array(Set(incoming.map(\.key)))
                    let rows = try db.query("SELECT key, body FROM orders WHERE key = ANY($1::text[]) FOR UPDATE", [.textArray(keys)])
                    var known: [String: ImportedOrder] = [:]
                    for r in rows.rows.indices {
                        known[rows.text(r, 0) ?? ""] = try PGJSONB.decode(ImportedOrder.self, from: rows.text(r, 1) ?? "")
                    }
                    let before = known
                    let merge = OrderBook.merge(incoming, into: &known)
                    for (key, o) in known where before[key] != o {
                        try db.query("""
                            INSERT INTO orders (key, body) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET body = excluded.body
                            """, [.text(key), .text(try PGJSONB.text(o, encoder: encoder))])
                    }
                    return merge
                }
            }
            var book: [String: ImportedOrder] = [:]
            for o in try importedOrders() ?? [] { book[o.key] = o }
            return (merge, book)
        } catch { throw storeError(error) }
    }
}
