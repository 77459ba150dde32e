import Foundation
import KefuModel
import KefuStore
import KefuPlaybook

/// Money and goods given to buyers, as the weekly summary counts them (DOMAIN.md "The weekly summary").
public enum GiveawayKind: String, Codable, CaseIterable, Sendable {
    case partialRefund = "partial-refund", fullRefund = "full-refund", reship, part, gift

    public var label: String {
        switch self {
        case .partialRefund: return "partial refund"
        case .fullRefund: return "full refund"
        case .reship: return "reship"
        case .part: return "part"
        case .gift: return "gift"
        }
    }

    static func of(_ a: OfferAction) -> GiveawayKind? {
        switch a {
        case .partialRefund: return .partialRefund
        case .fullRefund, .returnAndRefund: return .fullRefund
        case .reship: return .reship
        case .sendPart: return .part
        case .gift: return .gift
        default: return nil
        }
    }
}

/// One kind of give-away: how many offers, and their value per currency (never added across currencies).
public struct Giveaway: Codable, Sendable, Equatable {
    public var kind: GiveawayKind
    public var count: Int
    public var amounts: [ReportMoney]
}

/// An amount as reports print it: two decimals, its currency.
public struct ReportMoney: Codable, Sendable, Equatable {
    public var amount: String
    public var currency: String
    public init(_ m: Money) { amount = m.amountText; currency = m.currency }
    public var text: String { "\(amount) \(currency)" }
}

/// Sorts `offer-chosen` events into give-away kinds.
struct GiveawayTally {
    private var counts: [GiveawayKind: Int] = [:]
    private var totals: [GiveawayKind: MoneyTotals] = [:]
    private var all = MoneyTotals()

    /// The offer's action: from the playbook, else the id itself (`reship`), else its action prefix
    /// (`partial-refund-10`), so events written under an older playbook still count.
    static func action(_ id: String, playbook: Playbook?) -> OfferAction? {
        if let a = playbook?.offer(id)?.action { return a }
        if let a = OfferAction(rawValue: id) { return a }
        return OfferAction.allCases.filter { id.hasPrefix($0.rawValue + "-") }.max { $0.rawValue.count < $1.rawValue.count }
    }

    /// Each give-away offer counts once (an event with numbered choices counts every choice offered).
    /// The event's amounts belong to its refund offer, else its first other give-away; amounts on an
    /// event without one (a paid order cancelled after shipment) are money back, so a full refund.
    ///
    /// `cancelledBeforeShipment`: the event cancelled an order that had not shipped
    /// (`CaseFacts.isCancellationBeforeShipment`). Its full refund, and its amounts unless a partial
    /// refund owns them, are the buyer's own money back for goods never sent: not given away. They
    /// are returned instead, for the report to show apart.
    @discardableResult
    mutating func add(_ e: CaseFacts.Offers, playbook: Playbook?, cancelledBeforeShipment: Bool = false) -> [Money] {
        var kinds = e.offers.compactMap { Self.action($0, playbook: playbook).flatMap(GiveawayKind.of) }
        if cancelledBeforeShipment { kinds.removeAll { $0 == .fullRefund } }
        for k in kinds { counts[k, default: 0] += 1 }
        guard !e.amounts.isEmpty else { return [] }
        // Only when no give-away is left to own them (a gift or a partial refund keeps its money).
        if cancelledBeforeShipment && kinds.isEmpty { return e.amounts }
        let owner = kinds.first { $0 == .partialRefund || $0 == .fullRefund } ?? kinds.first ?? .fullRefund
        if kinds.isEmpty { counts[owner, default: 0] += 1 }
        for m in e.amounts { totals[owner, default: MoneyTotals()].add(m); all.add(m) }
        return []
    }

    /// Every amount counted, per currency (what a converted total adds up).
    var money: [Money] { all.sorted }

    var result: [Giveaway] {
        GiveawayKind.allCases.compactMap { k in
            guard let n = counts[k] else { return nil }
            return Giveaway(kind: k, count: n, amounts: (totals[k]?.sorted ?? []).map(ReportMoney.init))
        }
    }

    /// Refunds only (partial and full), per currency: what `export cases` calls the refund.
    static func refunds(_ offers: [CaseFacts.Offers], playbook: Playbook?) -> [Money] {
        var t = GiveawayTally()
        for e in offers { t.add(e, playbook: playbook) }
        var sum = MoneyTotals()
        for k in [GiveawayKind.partialRefund, .fullRefund] { for m in t.totals[k]?.sorted ?? [] { sum.add(m) } }
        return sum.sorted
    }
}

extension CaseFacts {
    /// An `offer-chosen` event that cancels an order before it shipped: it offers `cancel-order`, or the
    /// case is a cancellation request, and the order has no ship date at or before the event.
    func isCancellationBeforeShipment(_ e: Offers, playbook: Playbook?) -> Bool {
        if let s = shippedAt, s <= e.at { return false }
        return kinds.contains(.cancellationRequest)
            || e.offers.contains { GiveawayTally.action($0, playbook: playbook) == .cancelOrder }
    }
}
