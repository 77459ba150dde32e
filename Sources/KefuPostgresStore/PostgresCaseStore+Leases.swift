import Foundation
import KefuBase
import KefuModel
import KefuMail
import KefuStore
import KefuPostgres

/// Reply leases in `case_leases` (see `CaseLeasing`). Expiry is the server's clock; the primary key on
/// the case makes "take" one atomic statement, so two agents opening the composer together get one
/// lease between them.
extension PostgresCaseStore: CaseLeasing {
    /// Colleagues' inboxes hear of a taken or released lease like of any change to the case, so their
    /// "Lin is replying" comes and goes within the second.
    public func takeLease(_ seen: Case, agent: AgentRef, for duration: TimeInterval) throws -> LeaseGrant {
        let grant = try Self.takeLease(on: db, caseID: seen.id, agent: agent, activity: CaseActivity.count(seen, excluding: agent.id), for: duration)
        if case .granted = grant { try notify([seen.id]) }
        return grant
    }

    /// Takes the lease unless someone else holds a live one; the caller may hold a transaction.
    static func takeLease(on db: PGConnection, caseID: String, agent: AgentRef, activity: Int, for duration: TimeInterval) throws -> LeaseGrant {
        for _ in 0..<3 {   // a holder that lets go between the two statements: ask again
            let taken = try db.query("""
                INSERT INTO case_leases (case_id, agent_id, agent_name, activity, expires_at)
                SELECT $1, $2, $3, $4, now() + make_interval(secs => $5::float8) WHERE EXISTS (SELECT 1 FROM cases WHERE id = $1)
                ON CONFLICT (case_id) DO UPDATE SET agent_id = excluded.agent_id, agent_name = excluded.agent_name,
                    activity = excluded.activity, taken_at = now(), expires_at = excluded.expires_at
                    WHERE case_leases.expires_at <= now() OR case_leases.agent_id = excluded.agent_id
                RETURNING extract(epoch FROM expires_at)::float8
                """, [.text(caseID), .text(agent.id), .text(agent.name), .int(activity), .text(String(duration))])
            if let until = epoch(taken, 0, 0) {
                return .granted(CaseLease(caseID: caseID, agent: agent, expiresAt: until, activity: activity))
            }
            let holder = try db.query("""
                SELECT agent_id, agent_name, extract(epoch FROM expires_at)::float8 FROM case_leases
                WHERE case_id = $1 AND expires_at > now()
                """, [.text(caseID)])
            if let until = epoch(holder, 0, 2) {
                return .heldBy(AgentRef(id: holder.text(0, 0) ?? "", name: holder.text(0, 1) ?? ""), until: until)
            }
            if try db.query("SELECT 1 FROM cases WHERE id = $1", [.text(caseID)]).isEmpty {
                throw KefuError.data("\(caseID): no such open case")
            }
        }
        throw KefuError.data("\(caseID): the reply lease keeps changing hands; try again")
    }

    public func renewLease(caseID: String, agent: AgentRef, for duration: TimeInterval) throws -> LeaseGrant {
        // Still ours even if it ran out, as long as nobody took it since (taking replaces the holder).
        let renewed = try db.query("""
            UPDATE case_leases SET expires_at = now() + make_interval(secs => $3::float8)
            WHERE case_id = $1 AND agent_id = $2
            RETURNING activity, extract(epoch FROM expires_at)::float8
            """, [.text(caseID), .text(agent.id), .text(String(duration))])
        if let until = Self.epoch(renewed, 0, 1) {
            return .granted(CaseLease(caseID: caseID, agent: agent, expiresAt: until, activity: renewed.int(0, 0) ?? 0))
        }
        let holder = try db.query("""
            SELECT agent_id, agent_name, extract(epoch FROM expires_at)::float8 FROM case_leases WHERE case_id = $1 AND expires_at > now()
            """, [.text(caseID)])
        if let until = Self.epoch(holder, 0, 2) { return .heldBy(AgentRef(id: holder.text(0, 0) ?? "", name: holder.text(0, 1) ?? ""), until: until) }
        return .lost
    }

    public func releaseLease(caseID: String, agent: AgentRef) throws {
        let gone = try db.query("DELETE FROM case_leases WHERE case_id = $1 AND agent_id = $2", [.text(caseID), .text(agent.id)])
        if gone.affected > 0 { try notify([caseID]) }
    }

    public func clearance(caseID: String, agent: AgentRef) throws -> SendClearance {
        try clearance(caseID: caseID, agent: agent, locking: false)
    }

    /// With `locking`, inside the caller's transaction: the case row and the lease row stay locked until
    /// it ends, so nothing can be answered, noted or leased in between the check and the commit.
    func clearance(caseID: String, agent: AgentRef, locking: Bool) throws -> SendClearance {
        let row = locking
            ? try db.query("SELECT body FROM cases WHERE id = $1 FOR UPDATE", [.text(caseID)])
            : try db.query("SELECT body FROM cases WHERE id = $1", [.text(caseID)])
        let current = row.isEmpty ? nil : try decode(row.text(0, 0), what: "cases")
        let l = locking
            ? try db.query("SELECT agent_id, agent_name, activity, expires_at > now() FROM case_leases WHERE case_id = $1 FOR UPDATE", [.text(caseID)])
            : try db.query("SELECT agent_id, agent_name, activity, expires_at > now() FROM case_leases WHERE case_id = $1", [.text(caseID)])
        let lease = l.isEmpty ? nil : (holder: AgentRef(id: l.text(0, 0) ?? "", name: l.text(0, 1) ?? ""), live: l.text(0, 3) == "t", activity: l.int(0, 2) ?? 0)
        return SendClearance.decide(for: agent, current: current, lease: lease)
    }

    public func replying() throws -> [String: AgentRef] {
        let rows = try db.query("SELECT l.case_id, l.agent_id, l.agent_name FROM case_leases l JOIN cases c ON c.id = l.case_id WHERE l.expires_at > now()")
        var out: [String: AgentRef] = [:]
        for r in rows.rows { if let id = r[0] { out[id] = AgentRef(id: r[1] ?? "", name: r[2] ?? "") } }
        return out
    }

    /// Team mode's send: checks the lease and the case's news, queues the reply in the shared outbox
    /// (with its case and author, for the one deliverer), records it on the case and lets the lease go,
    /// all in one transaction with the case and lease rows locked. Anything but `.clear` changes nothing.
    /// `notBefore`: the deliverer leaves it alone until then (the undo-send grace period, `takeBack`).
    public func queueReply(_ mail: MailMessage, recording c: Case, as agent: AgentRef, notBefore: Date? = nil) throws -> SendClearance {
        let name = try Outbox(storeDirectory: directory).fileName(for: mail)
        let verdict: SendClearance
        do {
            verdict = try db.transaction { () throws -> SendClearance in
                let v = try clearance(caseID: c.id, agent: agent, locking: true)
                guard v == .clear else { return v }
                try db.query("INSERT INTO outbox (name, content, case_id, agent_id, status, not_before) VALUES ($1, $2, $3, $4, 'queued', $5)",
                             [.text(name), .bytes(Data(mail.rendered().utf8)), .text(c.id), .text(agent.id), .optional(notBefore.map(ISO8601.format))])
                try write([c])
                try db.query("DELETE FROM case_leases WHERE case_id = $1", [.text(c.id)])
                return v
            }
        } catch { throw storeError(error) }
        if verdict == .clear { _ = try reload(ids: [c.id]) }
        return verdict
    }

    /// Undo send in team mode: removes the queued reply unless the deliverer already claimed it.
    /// True when it was taken back (the caller then saves the case without the reply).
    public func takeBack(_ mail: MailMessage) throws -> Bool {
        let name = try Outbox(storeDirectory: directory).fileName(for: mail)
        do {
            return try db.query("DELETE FROM outbox WHERE name = $1 AND status = 'queued'", [.text(name)]).affected == 1
        } catch { throw storeError(error) }
    }

    static func epoch(_ rows: PGRows, _ row: Int, _ column: Int) -> Date? {
        guard row < rows.count, let t = rows.text(row, column), let s = Double(t) else { return nil }
        return Date(timeIntervalSince1970: s)
    }
}
