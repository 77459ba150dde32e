import Foundation
import KefuPostgres

/// The store's tables, as numbered migrations recorded in `schema_migrations`. Applying runs in one
/// transaction under an advisory lock (two kefus starting together do not both migrate) and skips
/// what the table says was applied, so it is idempotent; a database migrated by a newer kefu is refused.
public enum PGSchema {
    struct Migration { let version: Int; let description: String; let sql: StaticString }

    /// Append only: a released migration never changes (databases out there recorded it as applied).
    static let migrations: [Migration] = [
        Migration(version: 1, description: "cases, history and its lookups, order book, outbox, seen-list", sql: """
            CREATE TABLE kefu_meta (key text PRIMARY KEY, value text NOT NULL);
            -- Open (and recently resolved) cases: the queue's columns indexed, the whole case as JSONB.
            CREATE TABLE cases (
                id text PRIMARY KEY,
                number integer NOT NULL,
                status text NOT NULL,
                channel text NOT NULL,
                marketplace text,
                category text NOT NULL,
                due_at timestamptz,
                snoozed_until timestamptz,
                updated_at timestamptz NOT NULL,
                version bigint NOT NULL DEFAULT 1,
                body jsonb NOT NULL
            );
            CREATE INDEX cases_queue ON cases (status, due_at);
            CREATE INDEX cases_marketplace ON cases (marketplace);
            CREATE INDEX cases_category ON cases (category);
            CREATE INDEX cases_updated ON cases (updated_at);
            -- Closed cases; `seq` orders retirements (a later one wins a lookup, as in history/index.tsv).
            CREATE SEQUENCE history_seq;
            CREATE TABLE history (
                id text PRIMARY KEY,
                number integer NOT NULL,
                channel text NOT NULL,
                order_id text,
                thread_key text,
                category text NOT NULL,
                opened_at timestamptz NOT NULL,
                closed_at timestamptz NOT NULL,
                seq bigint NOT NULL,
                body jsonb NOT NULL
            );
            CREATE INDEX history_order ON history (channel, order_id, seq);
            CREATE INDEX history_thread ON history (channel, thread_key, seq);
            CREATE INDEX history_closed ON history (closed_at);
            CREATE TABLE history_messages (
                channel text NOT NULL,
                message_id text NOT NULL,
                case_id text NOT NULL REFERENCES history (id) ON DELETE CASCADE,
                PRIMARY KEY (channel, message_id)
            );
            CREATE INDEX history_messages_case ON history_messages (case_id);
            CREATE TABLE orders (key text PRIMARY KEY, body jsonb NOT NULL);
            -- The outbox's files (`<name>.eml` and its `.state`), byte for byte.
            CREATE TABLE outbox (name text PRIMARY KEY, content bytea NOT NULL, queued_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE maildir_seen (key text PRIMARY KEY);
            """),
        TeamSchema.migration,
        TeamSchema.outboxState,
    ]

    public static var latestVersion: Int { migrations.last!.version }

    /// Brings the database up to the latest version; returns the versions applied now (empty when
    /// it already was).
    @discardableResult
    public static func migrate(_ db: PGConnection) throws -> [Int] {
        try db.transaction {
            // One migrator at a time: the lock is held until this transaction ends.
            try db.query("SELECT pg_advisory_xact_lock(7202611)")
            try db.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    description text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let done = Set(try db.query("SELECT version FROM schema_migrations").rows.compactMap { $0[0].flatMap { Int($0) } })
            if let newest = done.max(), newest > latestVersion {
                throw PGError("\(db.displayURL): the database schema is at version \(newest), written by a newer kefu (this one knows up to \(latestVersion)); upgrade kefu")
            }
            var applied: [Int] = []
            for m in migrations where !done.contains(m.version) {
                try db.execute(m.sql)
                try db.query("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)", [.int(m.version), .text(m.description)])
                applied.append(m.version)
            }
            return applied
        }
    }
}
