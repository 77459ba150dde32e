import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuPostgres

/// Agents, owners, assignment and "next case" on the shared store. Owners live in `cases.owner`;
/// every change of owner notifies the case ids like any other change, so inboxes refresh.
extension PostgresCaseStore: CaseTeam {
    /// The transaction-level lock that makes assignments (and the round-robin cursor) one at a time.
    static let assignLock = "7202613"

    /// Adds the agent or updates their name; availability is kept (new agents start away).
    public func registerAgent(_ agent: AgentRef) throws {
        try db.query("""
            INSERT INTO agents (id, name) VALUES ($1, $2)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = now()
            """, [.text(agent.id), .text(agent.name)])
    }

    /// `kefu agent available|away`; registers the agent first when new.
    public func setAvailable(_ agent: AgentRef, _ available: Bool) throws {
        try db.transaction {
            try registerAgent(agent)
            try db.query("UPDATE agents SET available = $2, updated_at = now() WHERE id = $1", [.text(agent.id), .bool(available)])
        }
    }

    public func agents() throws -> [TeamAgent] {
        let rows = try db.query("""
            SELECT a.id, a.name, a.available, count(c.id) FROM agents a
            LEFT JOIN cases c ON c.owner = a.id AND c.status <> 'resolved'
            GROUP BY a.id, a.name, a.available ORDER BY a.id
            """)
        return rows.rows.indices.map { r in
            TeamAgent(agent: AgentRef(id: rows.text(r, 0) ?? "", name: rows.text(r, 1) ?? ""), available: rows.text(r, 2) == "t",
                      openCases: rows.int(r, 3) ?? 0)
        }
    }

    /// Each open case's owner (agent id), for the inbox's `mine` filter and owner column.
    public func owners() throws -> [String: String] {
        let rows = try db.query("SELECT id, owner FROM cases WHERE owner IS NOT NULL")
        var out: [String: String] = [:]
        for r in rows.rows { if let id = r[0], let o = r[1] { out[id] = o } }
        return out
    }

    /// Gives each of `caseIDs` that has no owner to an available agent by `policy` (new cases the
    /// intake filed); returns who got what. Cases owned meanwhile are left alone.
    @discardableResult
    public func assign(_ caseIDs: [String], policy: AssignPolicy) throws -> [String: String] {
        guard policy != .none, !caseIDs.isEmpty else { return [:] }
        return try db.transaction { () throws -> [String: String] in
            try db.query("SELECT pg_advisory_xact_lock($1::bigint)", [.text(Self.assignLock)])
            let rows = try db.query("""
                SELECT a.id, count(c.id) FROM agents a LEFT JOIN cases c ON c.owner = a.id AND c.status <> 'resolved'
                WHERE a.available GROUP BY a.id
                """)
            var candidates = rows.rows.indices.map { AssignPolicy.Candidate(id: rows.text($0, 0) ?? "", openCases: rows.int($0, 1) ?? 0) }
            var last = try db.query("SELECT value FROM kefu_meta WHERE key = 'assign_last'").rows.first?[0] ?? nil
            var given: [String: String] = [:]
            for id in caseIDs {
                guard let who = policy.choose(among: candidates, lastAssigned: last) else { break }
                let done = try db.query("UPDATE cases SET owner = $2 WHERE id = $1 AND owner IS NULL", [.text(id), .text(who)])
                guard done.affected == 1 else { continue }
                given[id] = who
                last = who
                if let i = candidates.firstIndex(where: { $0.id == who }) { candidates[i].openCases += 1 }
            }
            if let last {
                try db.query("""
                    INSERT INTO kefu_meta (key, value) VALUES ('assign_last', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, [.text(last)])
            }
            try notify(Array(given.keys).sorted())
            return given
        }
    }

    /// Gives the case to `agentID`, or to nobody with nil. Throws naming the case or agent not found.
    public func reassign(_ caseID: String, to agentID: String?) throws {
        do {
            try db.transaction {
                let done = try db.query("UPDATE cases SET owner = $2 WHERE id = $1", [.text(caseID), .optional(agentID)])
                guard done.affected == 1 else { throw KefuError.data("\(caseID): no such open case") }
                try notify([caseID])
            }
        } catch let e as PGError where e.sqlState == "23503" {
            throw KefuError.data("\(agentID ?? ""): no such agent (run `kefu agent available` as them first)")
        }
    }

    /// "Next case": the most urgent case needing a reply that is unowned or `agent`'s and that nobody
    /// is replying to, claimed in one transaction: the row is locked with SKIP LOCKED (agents asking
    /// together get different cases, nobody waits), becomes `agent`'s, and `agent` takes its reply
    /// lease. `ranked` is the inbox's queue order (its clocks know urgency); without it, stated
    /// deadlines first, then oldest. Nil when nothing is left.
    public func nextCase(for agent: AgentRef, ranked: [String]? = nil, leaseFor duration: TimeInterval) throws -> Case? {
        let claimed = try db.transaction { () throws -> Case? in
            var skip: [String] = []
            for _ in 0..<8 {   // a case someone leased outside this query (the composer) is skipped, then the next
                let pick = try ranked.map {
                    try db.query("""
                        SELECT c.id, c.body FROM unnest($1::text[]) WITH ORDINALITY AS q(id, rank) JOIN cases c ON c.id = q.id
                        WHERE c.status = 'needs-reply' AND (c.owner IS NULL OR c.owner = $2) AND NOT (c.id = ANY($3::text[]))
                          AND NOT EXISTS (SELECT 1 FROM case_leases l WHERE l.case_id = c.id AND l.expires_at > now() AND l.agent_id <> $2)
                        ORDER BY q.rank LIMIT 1 FOR UPDATE OF c SKIP LOCKED
                        """, [.textArray($0), .text(agent.id), .textArray(skip)])
                } ?? db.query("""
                    SELECT c.id, c.body FROM cases c
                    WHERE c.status = 'needs-reply' AND (c.owner IS NULL OR c.owner = $1) AND NOT (c.id = ANY($2::text[]))
                      AND NOT EXISTS (SELECT 1 FROM case_leases l WHERE l.case_id = c.id AND l.expires_at > now() AND l.agent_id <> $1)
                    ORDER BY c.due_at NULLS LAST, c.number LIMIT 1 FOR UPDATE OF c SKIP LOCKED
                    """, [.text(agent.id), .textArray(skip)])
                guard let id = pick.rows.first?[0] ?? nil else { return nil }
                let c = try decode(pick.text(0, 1), what: "cases")
                // The lease's primary key is the arbiter against a composer opened on this case meanwhile.
                guard case .granted = try Self.takeLease(on: db, caseID: id, agent: agent,
                                                         activity: CaseActivity.count(c, excluding: agent.id), for: duration) else {
                    skip.append(id)
                    continue
                }
                try db.query("UPDATE cases SET owner = $2 WHERE id = $1 AND owner IS NULL", [.text(id), .text(agent.id)])
                try notify([id])
                return c
            }
            return nil
        }
        if let claimed { _ = try reload(ids: [claimed.id]) }
        return claimed
    }
}
