import Foundation

/// Team mode's tables (migration 2): agents, case owners, reply leases, and the outbox's claim columns.
enum TeamSchema {
    static let migration = PGSchema.Migration(version: 2, description: "team: agents, case owners, reply leases, outbox claims", sql: """
        CREATE TABLE agents (
            id text PRIMARY KEY,
            name text NOT NULL,
            available boolean NOT NULL DEFAULT false,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        -- The owner lives in its own column, never in the case's JSON: a save of a stale copy of the case
        -- (the upsert names its columns) cannot undo a reassignment.
        ALTER TABLE cases ADD COLUMN owner text REFERENCES agents (id) ON DELETE SET NULL;
        CREATE INDEX cases_owner ON cases (owner, status);
        -- One lease per case: the primary key makes taking one atomic (INSERT … ON CONFLICT). Times are
        -- the server's, so agents' clocks never disagree about expiry. No foreign key to cases (a store
        -- copy truncates them): a lease on a case no longer open blocks nothing and expires.
        CREATE TABLE case_leases (
            case_id text PRIMARY KEY,
            agent_id text NOT NULL,
            agent_name text NOT NULL,
            activity integer NOT NULL,
            taken_at timestamptz NOT NULL DEFAULT now(),
            expires_at timestamptz NOT NULL
        );
        CREATE INDEX case_leases_agent ON case_leases (agent_id);
        -- A team reply is queued for the one deliverer, which claims it (in-flight, with its name) before
        -- sending: never twice. 'local' (the default) is a copy of a reply the sending kefu delivers from
        -- its own outbox directory (CaseStoring.queueReply): never claimed, so never sent a second time.
        ALTER TABLE outbox
            ADD COLUMN status text NOT NULL DEFAULT 'local' CHECK (status IN ('local', 'queued', 'in-flight', 'sent', 'failed')),
            ADD COLUMN case_id text,
            ADD COLUMN agent_id text,
            ADD COLUMN claimed_by text,
            ADD COLUMN claimed_at timestamptz,
            ADD COLUMN sent_at timestamptz,
            ADD COLUMN not_before timestamptz,
            ADD COLUMN failure text;
        CREATE INDEX outbox_pending ON outbox (status, queued_at);
        CREATE INDEX outbox_case ON outbox (case_id);
        """)

    /// Migration 3: what the JSON outbox's `.state` files hold, for the shared outbox the inbox lists:
    /// attempts and the retry time after a failure, the hold while an agent edits a queued reply, and the
    /// Message-ID the inbox names a reply by.
    static let outboxState = PGSchema.Migration(version: 3, description: "team outbox: attempts, retry time, edit hold", sql: """
        ALTER TABLE outbox
            ADD COLUMN attempts integer NOT NULL DEFAULT 0,
            ADD COLUMN last_attempt_at timestamptz,
            ADD COLUMN next_attempt_at timestamptz,
            ADD COLUMN editing_since timestamptz,
            ADD COLUMN message_id text;
        CREATE INDEX outbox_message ON outbox (message_id);
        """)
}
