import Foundation
import KefuStore
import KefuPostgres

/// The Maildir seen-list in `maildir_seen`: whichever kefu runs the intake knows what the others filed.
extension PostgresCaseStore: MaildirSeenList {
    public func allKeys() throws -> Set<String> {
        do { return Set(try withReconnect { try db.query("SELECT key FROM maildir_seen") }.rows.compactMap { $0[0] }) } catch { throw storeError(error) }
    }

    public func add(_ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        do {
            _ = try withReconnect { try db.query("INSERT INTO maildir_seen (key) SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING", [.textArray(keys)]) }
        } catch { throw storeError(error) }
    }
}
