import Foundation

/// How each buyer message was answered: the first response after it, and whether that came within
/// the reply window. The weekly report and `kefu stats` are built from these.
public struct MessageResponse: Sendable, Equatable {
    public enum Outcome: String, Sendable, Codable { case met, late, pending }
    public var caseID: String
    public var channel: Channel
    public var receivedAt: Date
    public var dueAt: Date
    public var respondedAt: Date?
    public var outcome: Outcome

    public var firstResponse: TimeInterval? { respondedAt.map { $0.timeIntervalSince(receivedAt) } }
}

/// The late response rate over one window: buyer messages received in it that were answered after
/// the reply window, or not at all once it ran out. Messages still inside their window are pending
/// and left out of the rate.
public struct LateResponseRate: Sendable, Equatable, Encodable {
    public var days: Int
    public var messages: Int
    public var met: Int
    public var late: Int
    public var pending: Int
    /// The memberwise initializer, spelled out because the report's decoder lives in another target.
    package init(days: Int, messages: Int, met: Int, late: Int, pending: Int) {
        self.days = days; self.messages = messages; self.met = met; self.late = late; self.pending = pending
    }
    /// late ÷ (met + late); nil when nothing is decided yet.
    public var rate: Double? { met + late == 0 ? nil : Double(late) / Double(met + late) }

    enum CodingKeys: String, CodingKey { case days, messages, met, late, pending, rate }
    public func encode(to encoder: Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(days, forKey: .days); try k.encode(messages, forKey: .messages); try k.encode(met, forKey: .met)
        try k.encode(late, forKey: .late); try k.encode(pending, forKey: .pending); try k.encode(rate, forKey: .rate)
    }
}

public enum ResponseMetrics {
    /// One entry per buyer message the reply clock counts (notices with their own clocks are not
    /// buyer messages). A response is a reply or "no response needed" at or after the message.
    public static func responses(_ c: Case, at now: Date, policy: SLAPolicy = .standard) -> [MessageResponse] {
        responses(caseID: c.id, channel: c.channel, marketplace: c.marketplace, rounds: replyRounds(c), at: now, policy: policy)
    }

    /// Each buyer message the reply clock counts, with the first response at or after it. This is
    /// all `responses` needs of a case, so closed cases keep only this (`CaseFacts`) for reports.
    public static func replyRounds(_ c: Case) -> [(at: Date, answeredAt: Date?)] {
        let answers = Clocks.responseTimes(c)
        var out: [(at: Date, answeredAt: Date?)] = []
        var i = 0
        for m in c.messages where Clocks.startsReplyClock(m) {
            while i < answers.count && answers[i] < m.at { i += 1 }
            out.append((m.at, i < answers.count ? answers[i] : nil))
        }
        return out
    }

    /// The outcome of each round at `now`, under the reply window of the case's channel and marketplace.
    public static func responses(caseID: String, channel: Channel, marketplace: String?, rounds: [(at: Date, answeredAt: Date?)],
                                 at now: Date, policy: SLAPolicy = .standard) -> [MessageResponse] {
        let window = (policy.limits(channel: channel, marketplace: marketplace).replyHours ?? 24) * 3600
        return rounds.map { r in
            let due = r.at.addingTimeInterval(window)
            let outcome: MessageResponse.Outcome
            if let a = r.answeredAt { outcome = a <= due ? .met : .late } else { outcome = now < due ? .pending : .late }
            return MessageResponse(caseID: caseID, channel: channel, receivedAt: r.at, dueAt: due,
                                   respondedAt: r.answeredAt, outcome: outcome)
        }
    }

    /// Rates over the windows ending at `now`, by when the message was received.
    public static func lateRates(_ all: [MessageResponse], at now: Date, windows: [Int] = [7, 30, 90]) -> [LateResponseRate] {
        windows.map { days in
            let from = now.addingTimeInterval(-Double(days) * 86400)
            var r = LateResponseRate(days: days, messages: 0, met: 0, late: 0, pending: 0)
            for m in all where m.receivedAt > from && m.receivedAt <= now {
                r.messages += 1
                switch m.outcome {
                case .met: r.met += 1
                case .late: r.late += 1
                case .pending: r.pending += 1
                }
            }
            return r
        }
    }

    /// Median and p90 of sorted first-response times, in whole minutes (what reports print).
    public static func medianAndP90Minutes(_ sorted: [TimeInterval]) -> (median: Double?, p90: Double?) {
        (percentile(sorted, 0.5).map { ($0 / 60).rounded() }, percentile(sorted, 0.9).map { ($0 / 60).rounded() })
    }

    /// The value below which `p` of the sorted values lie (nearest rank), or nil for none.
    public static func percentile(_ sorted: [TimeInterval], _ p: Double) -> TimeInterval? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// What `kefu stats` prints: late response rates and first-response times per window, overall and
/// per channel.
public struct ResponseSummary: Sendable, Encodable {
    public struct Window: Sendable, Encodable {
        public var days: Int
        public var lateResponse: LateResponseRate
        public var answered: Int
        public var medianFirstResponseMinutes: Double?
        public var p90FirstResponseMinutes: Double?

        enum CodingKeys: String, CodingKey { case days, lateResponse, answered, medianFirstResponseMinutes, p90FirstResponseMinutes }
        public func encode(to encoder: Encoder) throws {
            var k = encoder.container(keyedBy: CodingKeys.self)
            try k.encode(days, forKey: .days); try k.encode(lateResponse, forKey: .lateResponse); try k.encode(answered, forKey: .answered)
            try k.encode(medianFirstResponseMinutes, forKey: .medianFirstResponseMinutes)
            try k.encode(p90FirstResponseMinutes, forKey: .p90FirstResponseMinutes)
        }
    }
    public var now: Date
    public var windows: [Window]
    public var byChannel: [String: [Window]]

    public init(_ responses: [MessageResponse], at now: Date, windows days: [Int] = [7, 30, 90]) {
        self.now = now
        windows = Self.windows(responses, now, days)
        var byChannel: [String: [Window]] = [:]
        for ch in Channel.allCases {
            let mine = responses.filter { $0.channel == ch }
            if !mine.isEmpty { byChannel[ch.rawValue] = Self.windows(mine, now, days) }
        }
        self.byChannel = byChannel
    }

    static func windows(_ responses: [MessageResponse], _ now: Date, _ days: [Int]) -> [Window] {
        let rates = ResponseMetrics.lateRates(responses, at: now, windows: days)
        return zip(days, rates).map { d, rate in
            let from = now.addingTimeInterval(-Double(d) * 86400)
            let times = responses.filter { $0.receivedAt > from && $0.receivedAt <= now }.compactMap(\.firstResponse).sorted()
            let minutes = ResponseMetrics.medianAndP90Minutes(times)
            return Window(days: d, lateResponse: rate, answered: times.count,
                          medianFirstResponseMinutes: minutes.median, p90FirstResponseMinutes: minutes.p90)
        }
    }
}
