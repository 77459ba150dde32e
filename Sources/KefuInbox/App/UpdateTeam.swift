import Foundation
import KefuModel
import KefuStore

/// Team mode (issue 20): the composer's reply lease, the clearance asked just before sending, who is
/// replying, owners, `mine`, reassigning, "next case" and availability. All of it is effects and
/// their answers; on a JSON store `s.team` is nil and none of it runs.
extension InboxUpdate {
    /// After every action: the lease follows the composer (taken when one opens on a case, released
    /// when it closes), is renewed on the ticks, and who is replying is read again on a timer and on
    /// every colleague's change.
    static func teamFollowUp(_ s: inout InboxState, _ action: InboxAction) -> [InboxEffect] {
        guard var t = s.team, !s.readOnly else { return [] }
        var effects: [InboxEffect] = []
        let composing = composingCase(s)
        if let lease = t.lease, composing != lease.caseID {
            // A next-case lease stays while its case is selected and no composer is open.
            let keptForReading = lease.reading && composing == nil && s.selectedID == lease.caseID
            if !keptForReading {
                if case .refused = lease.phase {} else { effects.append(.releaseLease(caseID: lease.caseID)) }   // never ours
                t.lease = nil
            }
        }
        if let id = composing {
            if var lease = t.lease, lease.caseID == id {
                lease.reading = false
                if case .held = lease.phase, s.now >= lease.renewAt {
                    lease.renewAt = s.now.addingTimeInterval(TeamState.renewEvery)
                    effects.append(.renewLease(caseID: id))
                }
                t.lease = lease
            } else if let c = s.cases[id] {
                t.lease = ReplyLease(caseID: id, seen: c, phase: .asking, renewAt: s.now.addingTimeInterval(TeamState.renewEvery))
                effects.append(.takeLease(c))
            }
        }
        s.team = t
        return effects + refreshIfDue(&s, action)
    }

    /// The case whose reply is being written: in the composer, or waiting under its file prompt.
    static func composingCase(_ s: InboxState) -> String? {
        switch s.overlay {
        case .composer(let cs): return cs.requeue == nil ? cs.caseID : nil
        case .prompt(let p): return p.composer.flatMap { $0.requeue == nil ? $0.caseID : nil }
        default: return nil
        }
    }

    static func refreshIfDue(_ s: inout InboxState, _ action: InboxAction) -> [InboxEffect] {
        switch action {
        case .casesChangedElsewhere: return requestTeamLoad(&s)
        case .tick where s.now >= (s.team?.nextLoad ?? .distantFuture): return requestTeamLoad(&s)
        default: return []
        }
    }

    /// One `.loadTeam` at a time: asked again once it answers when something changed meanwhile.
    static func requestTeamLoad(_ s: inout InboxState) -> [InboxEffect] {
        guard var t = s.team else { return [] }
        defer { s.team = t }
        if t.loading { t.loadAgain = true; return [] }
        t.loading = true
        t.nextLoad = s.now.addingTimeInterval(TeamState.refreshEvery)
        return [.loadTeam]
    }

    static func teamLoaded(_ s: inout InboxState, _ snap: TeamSnapshot) -> [InboxEffect] {
        guard var t = s.team else { return [] }
        t.loading = false
        t.replying = snap.replying
        t.agents = snap.agents
        if let mine = snap.agents.first(where: { $0.agent.id == t.me.id }) { t.available = mine.available }
        let ownersChanged = t.owners != snap.owners
        if ownersChanged { t.owners = snap.owners; t.ownersVersion += 1 }
        let again = t.loadAgain
        t.loadAgain = false
        s.team = t
        if ownersChanged && t.mineOnly { s.refresh(); keepSelection(&s) }
        return again ? requestTeamLoad(&s) : []
    }

    static func teamFailed(_ s: inout InboxState, caseID: String?, _ message: String) -> [InboxEffect] {
        guard var t = s.team else { return [] }
        if caseID == nil { t.loading = false }
        if let id = caseID, t.clearing == id {
            t.clearing = nil
            s.statusLine = ("Not sent: the team store did not answer (\(message)); your text is kept — send again", true)
        } else {
            s.statusLine = ("Team: \(message)", true)
        }
        s.team = t
        return []
    }

    /// "HH:MM" in the agent's zone.
    static func hourMinute(_ s: InboxState, _ d: Date) -> String { String(LocalTime.stamp(d, in: s.agentTimeZone).suffix(5)) }

    static func leaseAnswered(_ s: inout InboxState, _ id: String, _ grant: LeaseGrant) -> [InboxEffect] {
        guard var t = s.team else { return [] }
        guard var lease = t.lease, lease.caseID == id else {
            // The composer closed before the store answered: a lease granted meanwhile is let go.
            if case .granted = grant, composingCase(s) != id { return [.releaseLease(caseID: id)] }
            return []
        }
        defer { s.team = t }
        switch grant {
        case .granted(let l):
            if case .refused = lease.phase { s.statusLine = ("\(id): you are replying now", false) }
            lease.phase = .held(until: l.expiresAt)
            t.lease = lease
        case .heldBy(let who, let until):
            let name = DisplayText.sanitizeLine(who.name)
            t.replying[id] = who
            guard case .composer(let cs) = s.overlay, cs.caseID == id, cs.edited else {
                // Nothing typed yet: the composer does not stay open on a case a colleague is answering.
                if composingCase(s) == id { s.overlay = .none }
                t.lease = nil
                s.statusLine = ("\(id): \(name) is replying (until \(hourMinute(s, until))) — leave it to them, or try again then", true)
                return []
            }
            lease.phase = .refused(by: who)
            t.lease = lease
            s.statusLine = ("\(id): \(name) is replying (until \(hourMinute(s, until))) — your text is kept, but it cannot be sent while they are", true)
        case .lost:
            // Ours ran out and the case changed hands meanwhile: taken again with the case as the agent
            // last decided on it, so the send shows whatever came in since.
            lease.phase = .asking
            t.lease = lease
            s.statusLine = ("\(id): your reply lease ran out meanwhile; taken again — sending checks for news first", true)
            return [.takeLease(lease.seen)]
        }
        return []
    }

    /// Before a reply is queued in team mode: the store decides (lease, news since the composer
    /// opened). Nil: go ahead (a JSON store, or the store just cleared this case).
    static func teamSendGate(_ s: inout InboxState, _ cs: ComposerState) -> [InboxEffect]? {
        guard var t = s.team else { return nil }
        defer { s.team = t }
        if t.cleared == cs.caseID { t.cleared = nil; return nil }
        t.clearing = cs.caseID
        s.statusLine = ("\(cs.caseID): checking that nobody else answered…", false)
        return [.checkClearance(caseID: cs.caseID)]
    }

    static func clearanceAnswered(_ s: inout InboxState, _ id: String, _ verdict: SendClearance) -> [InboxEffect] {
        guard var t = s.team, t.clearing == id else { return [] }
        t.clearing = nil
        defer { s.team = t }
        guard case .composer(let cs) = s.overlay, cs.caseID == id else {
            s.statusLine = ("\(id): not sent — the composer was closed", true)
            return []
        }
        switch verdict {
        case .clear:
            t.cleared = id
            s.team = t
            let effects = sendReply(&s, cs)
            t = s.team ?? t
            t.cleared = nil
            return effects
        case .refused(let who):
            t.replying[id] = who
            t.lease?.phase = .refused(by: who)
            s.statusLine = ("Not sent: \(DisplayText.sanitizeLine(who.name)) is replying to \(id) — your text is kept; send again once they are done", true)
        case .held(let news):
            t.lease?.relook = true
            s.statusLine = ("Not sent: \(describe(news, t)) since you started — read it, then send again (your text is kept)", true)
            return [.reloadCases([id])]
        case .noLease:
            s.statusLine = ("Not sent: you held no reply lease on \(id) (it ran out); taking it again — send again", true)
            if let seen = t.lease?.seen {
                t.lease?.phase = .asking
                return [.takeLease(seen)]
            }
        case .gone:
            s.statusLine = ("Not sent: \(id) is no longer open (resolved or retired meanwhile); your text is kept", true)
        }
        return []
    }

    /// "1 new buyer message, 1 note by Lin"
    static func describe(_ n: CaseNews, _ t: TeamState) -> String {
        func count(_ k: Int, _ one: String, _ many: String) -> String? { k == 0 ? nil : "\(k) \(k == 1 ? one : many)" }
        let by = n.by.map { DisplayText.sanitizeLine(t.name(of: $0)) }.joined(separator: ", ")
        var parts = [count(n.messages, "new buyer message", "new buyer messages")]
        let ours = [count(n.replies, "reply", "replies"), count(n.notes, "note", "notes")].compactMap { $0 }
        if !ours.isEmpty { parts.append(ours.joined(separator: ", ") + (by.isEmpty ? "" : " by \(by)")) }
        return parts.compactMap { $0 }.joined(separator: ", ")
    }

    /// The send was held for news: once the case is read again, the lease is taken anew with the case
    /// as the agent now sees it, so sending again is a new decision.
    static func relook(_ s: inout InboxState, _ changed: [Case]) -> [InboxEffect] {
        guard var t = s.team, var lease = t.lease, lease.relook, let c = changed.first(where: { $0.id == lease.caseID }) else { return [] }
        let news = newsText(since: lease.seen, now: c, t)
        lease.relook = false
        lease.seen = c
        lease.phase = .asking
        t.lease = lease
        s.team = t
        // The composer covers the thread: what came in is said here, so the agent reads it before sending.
        if !news.isEmpty { s.statusLine = ("News on \(c.id) — \(news) — send again to send your reply as it is", true) }
        return [.takeLease(c)]
    }

    /// What `now` holds that `seen` did not, newest first: buyer messages, and replies and notes by
    /// others, each as its author and first line ("buyer: “Any news?” · note by Lin: “called the carrier”").
    static func newsText(since seen: Case, now: Case, _ t: TeamState) -> String {
        let known = Set(seen.messages.map(\.sourceId))
        var items: [(Date, String)] = now.messages.filter { $0.direction == .inbound && !known.contains($0.sourceId) }
            .map { ($0.at, "buyer: “\(QueueText.firstLine($0.body))”") }
        for e in now.events.dropFirst(seen.events.count) where e.by != t.me.id && (e.type == .note || e.type == .replied) {
            let who = e.by.map { DisplayText.sanitizeLine(t.name(of: $0)) } ?? e.from.map(DisplayText.sanitizeLine) ?? "someone"
            let text = e.type == .note ? QueueText.firstLine(e.text ?? "") : now.messages.first { $0.sourceId == e.messageId }.map { QueueText.firstLine($0.body) } ?? ""
            items.append((e.at, "\(e.type == .note ? "note" : "reply") by \(who): “\(text)”"))
        }
        return items.sorted { $0.0 > $1.0 }.map(\.1).joined(separator: " · ")
    }
}
