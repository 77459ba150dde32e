import Foundation

/// Derives every clock of a case from its messages and events. Pure: the same case, policy and
/// `now` always give the same clocks. Runs for every open case on every tick, so it walks the
/// messages once and touches a calendar only for the kinds that count business time.
public enum Clocks {
    /// Inbound kinds the 24 h reply clock counts; notices with their own clock (claims, returns,
    /// eBay requests, feedback) are answered on their own terms.
    package static func startsReplyClock(_ m: Message) -> Bool {
        guard m.direction == .inbound else { return false }
        switch m.kind {
        case nil, .buyerMessage?, .cancellationRequest?: return true
        default: return false
        }
    }

    public static func all(_ c: Case, at now: Date, policy: SLAPolicy = .standard) -> [CaseClock] {
        let c = c.withLiveEvents   // an undone action never happened
        var out: [CaseClock] = []
        let limits = policy.limits(channel: c.channel, marketplace: c.marketplace)
        let resolvedAt = c.status == .resolved ? resolvedTime(c) : nil
        let responses = responseTimes(c)

        if let r = reply(c, hours: limits.replyHours ?? 24, responses: responses, resolved: resolvedAt != nil) {
            out.append(r.clock)
            if let sla = policy.companySLA[c.channel] {
                let due = sla.calendar.adding(businessSeconds: sla.hours * 3600, to: r.clock.start)
                if due < r.clock.dueAt {
                    out.append(settle(.companySLA, start: r.clock.start, due: due, doneAt: r.answeredAt,
                                      resolvedAt: resolvedAt, stopOnResolve: true,
                                      reason: .companyHours(sla.hours)))
                }
            }
        }
        if c.kinds.count > 1 || (c.kinds.first.map { $0 != .buyerMessage } ?? false) {
            kindClocks(c, limits: limits, policy: policy, responses: responses, resolvedAt: resolvedAt, now: now, into: &out)
        }
        for e in c.events {
            switch e.type {
            case .promised:
                guard let until = e.until else { continue }
                // Strictly after: the reply that carried the promise does not keep it.
                let done = earliest(responses.first { $0 > e.at }, handled(c, .promise, from: e.at))
                out.append(settle(.promise, start: e.at, due: until, doneAt: done, resolvedAt: resolvedAt,
                                  stopOnResolve: true, reason: .promise))
            case .returnReceived:
                guard !out.contains(where: { $0.kind == .returnRefund }) else { continue }
                let days = limits.returnRefundBusinessDays ?? 2
                let due = policy.calendar(for: c).adding(businessDays: days, to: e.at)
                let done = firstEvent(c, .refundIssued, from: e.at, or: handled(c, .returnRefund, from: e.at))
                out.append(settle(.returnRefund, start: e.at, due: due, doneAt: done, resolvedAt: resolvedAt,
                                  stopOnResolve: false, reason: .refundAfterReturn(days)))
            default: continue
            }
        }
        if c.status == .snoozed, let until = c.snoozedUntil {
            let since = c.events.last(where: { $0.type == .snoozed })?.at ?? c.updatedAt
            out.append(CaseClock(.snooze, start: min(since, until), dueAt: until, state: .running, reason: .snooze))
        }
        return out
    }

    /// The running clock due first that can make the case urgent, or nil.
    public static func mostUrgent(_ c: Case, at now: Date, policy: SLAPolicy = .standard) -> CaseClock? {
        guard c.status != .resolved else { return nil }
        var best: CaseClock?
        for k in all(c, at: now, policy: policy) where k.isUrgent {
            if best == nil || k.dueAt < best!.dueAt { best = k }
        }
        return best
    }

    /// When a snoozed case comes back: at the chosen time, or earlier when an urgent deadline would
    /// otherwise come due unseen (from the warning threshold on) — unless it already had when the
    /// agent snoozed it.
    /// `urgent` is the case's `mostUrgent` clock (callers have it already).
    public static func wakeTime(_ c: Case, urgent: CaseClock?, warnWithin: TimeInterval) -> Date? {
        let c = c.withLiveEvents   // an undone action never happened
        guard c.status == .snoozed, let until = c.snoozedUntil else { return nil }
        let since = c.events.last(where: { $0.type == .snoozed })?.at ?? c.updatedAt
        guard let k = urgent else { return until }
        let warn = k.dueAt.addingTimeInterval(-warnWithin)
        return warn > since && warn < until ? warn : until
    }

    // MARK: The reply clock

    /// 24 h (configurable) from the oldest inbound message not yet answered. A response answers every
    /// message before it; a later buyer message re-arms the clock.
    static func reply(_ c: Case, hours: Double, responses: [Date], resolved: Bool) -> (clock: CaseClock, answeredAt: Date?)? {
        var pending: Date?              // the oldest unanswered message of the current round
        var lastRound: (start: Date, answered: Date)?
        var i = 0
        for m in c.messages where startsReplyClock(m) {
            while i < responses.count && responses[i] < m.at {
                if let p = pending { lastRound = (p, responses[i]); pending = nil }
                i += 1
            }
            if pending == nil { pending = m.at }
        }
        if let p = pending, i < responses.count { lastRound = (p, responses[i]); pending = nil }
        let window = hours * 3600
        if let p = pending {
            return (CaseClock(.reply, start: p, dueAt: p.addingTimeInterval(window), state: resolved ? .stopped : .running,
                              reason: resolved ? .caseResolved : .unanswered), nil)
        }
        guard let r = lastRound else { return nil }
        let due = r.start.addingTimeInterval(window)
        return (CaseClock(.reply, start: r.start, dueAt: due, state: r.answered <= due ? .met : .breached,
                          reason: .answeredAfter(r.answered.timeIntervalSince(r.start))), r.answered)
    }

    // MARK: Clocks of the request kinds

    static func kindClocks(_ c: Case, limits: ClockLimits, policy: SLAPolicy, responses: [Date], resolvedAt: Date?,
                           now: Date, into out: inout [CaseClock]) {
        var seen = Set<RequestKind>()
        for m in c.messages where m.direction == .inbound {
            guard let kind = m.kind, kind != .buyerMessage, kind != .cancellationRequest, seen.insert(kind).inserted else { continue }
            let t = m.at
            switch kind {
            case .returnRequest:
                let h = limits.returnAnswerHours ?? 24
                let done = first(responses, from: t, or: handled(c, .returnAnswer, from: t))
                out.append(settle(.returnAnswer, start: t, due: t.addingTimeInterval(h * 3600), doneAt: done,
                                  resolvedAt: resolvedAt, stopOnResolve: true, reason: .returnAnswer(h)))
            case .aToZClaim:
                let h = limits.aToZHours ?? 72
                let done = earliest(handled(c, .aToZ, from: t), firstEvent(c, .refundIssued, from: t))
                out.append(settle(.aToZ, start: t, due: m.dueAt ?? t.addingTimeInterval(h * 3600), doneAt: done,
                                  resolvedAt: resolvedAt, stopOnResolve: false,
                                  reason: m.dueAt != nil ? .claimStated : .claimHours(h)))
            case .chargeback:
                let days = limits.chargebackDays ?? 7
                let due = m.dueAt ?? policy.calendar(for: c).adding(calendarDays: days, to: t)
                let done = earliest(handled(c, .chargeback, from: t), firstEvent(c, .refundIssued, from: t))
                out.append(settle(.chargeback, start: t, due: due, doneAt: done, resolvedAt: resolvedAt, stopOnResolve: false,
                                  reason: m.dueAt != nil ? .disputeDueDate : .chargebackDays(days)))
            case .inrRequest, .snadRequest:
                let days = limits.ebayRequestBusinessDays ?? 3
                let due = policy.calendar(for: c).adding(businessDays: days, to: t)
                let done = earliest(first(responses, from: t, or: handled(c, .ebayRequest, from: t)), firstEvent(c, .refundIssued, from: t))
                out.append(settle(.ebayRequest, start: t, due: due, doneAt: done, resolvedAt: resolvedAt, stopOnResolve: false,
                                  reason: .ebayDays(days)))
            case .negativeFeedback:
                let days = limits.feedbackRemovalDays ?? 90
                let due = policy.calendar(for: c).adding(calendarDays: days, to: t)
                let state: CaseClock.State = resolvedAt != nil || due <= now ? .stopped : .running
                out.append(CaseClock(.feedbackRemoval, start: t, dueAt: due, state: state,
                                     reason: due <= now ? .feedbackWindowClosed : .feedbackWindow(days)))
            case .buyerMessage, .cancellationRequest: break
            }
        }
    }

    // MARK: Helpers

    /// What answers buyer messages, in time order: our replies, "no response needed", and a reply
    /// marked handled outside kefu.
    static func responseTimes(_ c: Case) -> [Date] {
        var out: [Date] = []
        for m in c.messages where m.direction == .outbound { out.append(m.at) }
        for e in c.events where e.type == .noResponseNeeded || (e.type == .handled && e.text == ClockKind.reply.rawValue) {
            out.append(e.at)
        }
        if out.count > 1 { out.sort() }
        return out
    }

    /// A clock's state from when its action was done (if it was) and whether the case is resolved.
    /// Resolving a case stops a clock that waits on the buyer; for a dispute it counts as the answer.
    static func settle(_ kind: ClockKind, start: Date, due: Date, doneAt: Date?, resolvedAt: Date?, stopOnResolve: Bool,
                       reason: ClockReason) -> CaseClock {
        if let d = doneAt { return CaseClock(kind, start: start, dueAt: due, state: d <= due ? .met : .breached, reason: reason) }
        if let r = resolvedAt {
            if stopOnResolve { return CaseClock(kind, start: start, dueAt: due, state: .stopped, reason: .caseResolved) }
            return CaseClock(kind, start: start, dueAt: due, state: r <= due ? .met : .breached, reason: .caseResolved)
        }
        return CaseClock(kind, start: start, dueAt: due, state: .running, reason: reason)
    }

    static func first(_ sorted: [Date], from t: Date, or other: Date?) -> Date? {
        earliest(sorted.first { $0 >= t }, other)
    }

    static func earliest(_ a: Date?, _ b: Date?) -> Date? {
        switch (a, b) {
        case let (x?, y?): return min(x, y)
        default: return a ?? b
        }
    }

    static func firstEvent(_ c: Case, _ type: EventType, from t: Date, or other: Date? = nil) -> Date? {
        earliest(c.events.first { $0.type == type && $0.at >= t }?.at, other)
    }

    /// The agent marked this clock done outside kefu.
    static func handled(_ c: Case, _ kind: ClockKind, from t: Date) -> Date? {
        c.events.first { $0.type == .handled && $0.text == kind.rawValue && $0.at >= t }?.at
    }

    package static func resolvedTime(_ c: Case) -> Date {
        let c = c.withLiveEvents   // an undone action never happened
        return c.events.last { $0.type == .statusChanged && ($0.text?.hasSuffix("→resolved") ?? false) }?.at ?? c.updatedAt
    }
}
