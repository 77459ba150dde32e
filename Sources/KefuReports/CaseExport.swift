import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuPlaybook

/// `kefu export cases`: one row per case opened in the period, as CSV (with a BOM) or JSON lines.
/// Buyer name, address and country only with `includePII` (DOMAIN.md: personal data stays out of exports).
public enum CaseExport {
    public struct Row: Codable, Sendable, Equatable {
        public var id: String
        public var channel: String
        public var marketplace: String?
        public var orderId: String?
        public var sku: String?
        public var category: String
        public var status: String
        public var openedAt: String
        public var firstResponseMinutes: Double?
        public var resolvedAt: String?
        public var offers: [String]
        /// Partial and full refunds, per currency (one entry per currency; never added across them).
        public var refunds: [ReportMoney]
        /// Every buyer message answered within the reply window: true; one late: false; none decided: nil.
        public var slaMet: Bool?
        public var buyerName: String?
        public var buyerAddress: String?
        public var buyerCountry: String?
    }

    public static func rows(_ facts: [CaseFacts], period: ReportPeriod, now: Date, policy: SLAPolicy,
                            playbook: Playbook?, includePII: Bool) -> [Row] {
        facts.filter { period.contains($0.openedAt) }
            .sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
            .map { f in
                let outcomes = f.responses(at: now, policy: policy).map(\.outcome)
                let met: Bool? = outcomes.contains(.late) ? false : outcomes.contains(.met) ? true : nil
                return Row(id: f.id, channel: f.channel.rawValue, marketplace: f.marketplace, orderId: f.orderId, sku: f.sku,
                           category: f.category.rawValue, status: f.status.rawValue, openedAt: ISO8601.format(f.openedAt),
                           firstResponseMinutes: f.firstResponseMinutes, resolvedAt: f.resolvedAt.map(ISO8601.format),
                           offers: f.offers.flatMap(\.offers),
                           refunds: GiveawayTally.refunds(f.offers, playbook: playbook).map(ReportMoney.init), slaMet: met,
                           buyerName: includePII ? f.buyer?.name : nil, buyerAddress: includePII ? f.buyer?.address : nil,
                           buyerCountry: includePII ? f.buyer?.country : nil)
            }
    }

    public static let header = ["id", "channel", "marketplace", "order_id", "sku", "category", "status", "opened",
                                "first_response_minutes", "resolved", "offers", "refund_amount", "refund_currency", "sla_met"]
    public static let piiHeader = ["buyer_name", "buyer_address", "buyer_country"]

    /// Several refund currencies on one case (rare) are listed in the same order in both refund columns, `;`-separated.
    public static func csv(_ rows: [Row], includePII: Bool) -> String {
        CSV.document(header: header + (includePII ? piiHeader : []), rows: rows.map { r in
            [r.id, r.channel, r.marketplace ?? "", r.orderId ?? "", r.sku ?? "", r.category, r.status, r.openedAt,
             r.firstResponseMinutes.map { String(Int($0)) } ?? "", r.resolvedAt ?? "", r.offers.joined(separator: ";"),
             r.refunds.map(\.amount).joined(separator: ";"), r.refunds.map(\.currency).joined(separator: ";"),
             r.slaMet.map { $0 ? "true" : "false" } ?? ""]
                + (includePII ? [r.buyerName ?? "", r.buyerAddress ?? "", r.buyerCountry ?? ""] : [])
        })
    }

    public static func jsonl(_ rows: [Row]) throws -> String {
        let e = KefuJSON.encoder()
        return try rows.map { KefuJSON.terminalSafeText(try e.encode($0)) + "\n" }.joined()
    }
}
