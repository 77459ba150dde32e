import Foundation
import KefuModel
import KefuStore

/// The weekly problem summary as a plain value: what every format prints, and the JSON schema
/// (README "Weekly summary and exports"). Built by `WeeklyReport.build` from case facts.
///
/// What counts in a period: cases *opened* in it (per product, by category), cases *resolved* in it,
/// messages that arrived or left in it, offers chosen in it (with the money given away), notices
/// (A-to-z, chargeback, negative feedback) that arrived in it. Buyer messages and their first
/// responses are those received in it.
public struct WeeklyReport: Codable, Sendable {
    public static let schema = "kefu.weekly/2"

    public struct Period: Codable, Sendable, Equatable {
        public var label: String
        public var from: Date
        /// Exclusive.
        public var to: Date
        public var timeZone: String
    }
    public struct Count: Codable, Sendable, Equatable {
        public var name: String
        public var count: Int
        public var previous: Int
    }
    public struct Product: Codable, Sendable {
        /// nil for cases without an order item SKU.
        public var sku: String?
        public var asin: String?
        public var title: String?
        public var opened: Int
        public var previousOpened: Int
        public var change: Int
        public var resolved: Int
        public var resolvedWithoutReturn: Int
        public var categories: [Count]
        public var offers: [Count]
        public var givenAway: [Giveaway]
        /// The money of `givenAway` in the report currency (`[report] currency`); nil without one.
        public var givenAwayConverted: ConvertedTotal?
        public var quotes: [ReportQuote]
        /// Units of this SKU in the orders purchased in the period (order book, cancelled orders left
        /// out); nil when no orders were imported or the cases have no SKU.
        public var unitsSold: Int?
        /// opened ÷ unitsSold × 100; nil without units sold.
        public var casesPer100Units: Double?
        /// Cases opened in each of the last 8 periods, oldest first, this period last (`trendPeriods`).
        public var trend: [Int]
        /// Cases opened in the period whose buyer sent photos the store keeps, by case number; nil when none.
        public var photos: [CasePhotos]? = nil
    }
    /// A case's kept photos: `kefu export photos` copies them, `kefu attachments ID` lists them.
    public struct CasePhotos: Codable, Sendable, Equatable {
        public var caseId: String
        public var count: Int
    }
    /// A product × category whose cases rose most against the four periods before.
    public struct TopChange: Codable, Sendable, Equatable {
        public var sku: String?
        public var title: String?
        public var category: String
        public var count: Int
        /// The mean of the counts of the four periods before this one (empty periods count as 0).
        public var average: Double
        /// count − average.
        public var rise: Double
        /// count ÷ the product's units sold × 100; nil without units sold.
        public var casesPer100Units: Double?
    }
    /// One marketplace's ODR components over the 60 days: orders with each kind of defect.
    public struct MarketplaceODR: Codable, Sendable, Equatable {
        /// `amazon.de`; the channel (`ebay`, `shop`) where a case or order names no marketplace.
        public var marketplace: String
        /// Orders purchased in the window with this marketplace; nil when no orders were imported.
        public var orders: Int?
        public var aToZClaims: Int
        public var chargebacks: Int
        public var negativeFeedback: Int
        public var defectOrders: Int
        /// Each count ÷ orders × 100; nil without orders.
        public var aToZPercent: Double?
        public var chargebackPercent: Double?
        public var negativeFeedbackPercent: Double?
        public var percent: Double?
    }
    /// Money the cancellation of an unshipped order paid back: not given away, shown apart.
    public struct MoneyBack: Codable, Sendable, Equatable {
        public var count: Int
        public var amounts: [ReportMoney]
    }
    public struct SLA: Codable, Sendable {
        public var replyHours: Double
        public var met: Int
        public var late: Int
        public var pending: Int
        /// met ÷ (met + late) × 100; nil when nothing is decided.
        public var metPercent: Double?
    }
    public struct FirstResponse: Codable, Sendable {
        public var answered: Int
        public var medianMinutes: Double?
        public var p90Minutes: Double?
    }
    public struct ODR: Codable, Sendable {
        public var windowDays: Int
        public var defectOrders: Int
        /// Orders purchased in the window; nil when no orders were imported.
        public var orders: Int?
        /// defectOrders ÷ orders × 100.
        public var percent: Double?
    }
    public struct Totals: Codable, Sendable {
        public var opened: Int
        public var previousOpened: Int
        public var resolved: Int
        public var previousResolved: Int
        public var messagesIn: Int
        public var messagesOut: Int
        public var sla: SLA
        public var firstResponse: FirstResponse
        /// Windows of 7, 30 and 90 days ending with the period.
        public var lateResponse: [LateResponseRate]
        public var aToZClaims: Int
        public var chargebacks: Int
        public var negativeFeedback: Int
        public var givenAway: [Giveaway]
        public var givenAwayConverted: ConvertedTotal?
        /// Offers that cancelled an order before it shipped: money back, not given away.
        public var cancelledBeforeShipment: MoneyBack
        public var odr: ODR
        public var odrByMarketplace: [MarketplaceODR]
    }

    public var schema: String
    public var period: Period
    public var previousPeriod: Period
    public var generatedAt: Date
    /// Nothing happened in the period: no case opened or resolved, no message in or out.
    public var empty: Bool
    /// `[report] currency`, when converted totals are wanted.
    public var currency: String?
    /// Labels of the periods of `Product.trend`, oldest first.
    public var trendPeriods: [String]
    /// Up to five product × category pairs, the largest rise first.
    public var topChanges: [TopChange]
    public var products: [Product]
    public var totals: Totals
    /// Per agent who answered in the period (a reply, "no response needed" or handled event naming
    /// them): replies sent, first responses, their median and the reply window met or not. Absent
    /// when no such event names an agent (a one-agent store records no author on old events).
    public var agents: [AgentFigures]? = nil

    public var productsWithCases: [Product] { products.filter { $0.opened > 0 } }
}

extension LateResponseRate: Decodable {
    enum DecodeKeys: String, CodingKey { case days, messages, met, late, pending }
    public init(from decoder: Decoder) throws {
        let k = try decoder.container(keyedBy: DecodeKeys.self)
        self.init(days: try k.decode(Int.self, forKey: .days), messages: try k.decode(Int.self, forKey: .messages),
                  met: try k.decode(Int.self, forKey: .met), late: try k.decode(Int.self, forKey: .late),
                  pending: try k.decode(Int.self, forKey: .pending))
    }
}

extension WeeklyReport {
    /// Cases per 100 units sold, the one formula every rate in the report uses; nil without units sold.
    static func per100Units(_ cases: Int, unitsSold: Int?) -> Double? {
        unitsSold.flatMap { $0 > 0 ? Double(cases) / Double($0) * 100 : nil }
    }
}
