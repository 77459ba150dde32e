import Foundation
import KefuModel
import KefuConfig

/// Amounts in several currencies added up in one (`[report] currency` and `[report.rates]`).
/// Each currency's sum is converted at its rate and rounded to cents; the total is the sum of
/// those. A currency without a rate is listed as not converted, never added.
public struct ConvertedTotal: Codable, Sendable, Equatable {
    public struct Line: Codable, Sendable, Equatable {
        public var from: ReportMoney
        /// Units of the report currency per unit of `from` ("1" for the report currency itself).
        public var rate: String
        public var amount: ReportMoney
    }
    public var total: ReportMoney
    public var converted: [Line]
    public var notConverted: [ReportMoney]

    /// nil when there is nothing to convert.
    static func make(_ amounts: [Money], settings: ReportSettings) -> ConvertedTotal? {
        guard let target = settings.currency, !amounts.isEmpty else { return nil }
        var lines: [Line] = [], missing: [ReportMoney] = [], sum = Decimal(0)
        for m in amounts {
            let rate: Decimal? = m.currency == target ? 1 : settings.rates[m.currency]
            guard let rate else { missing.append(ReportMoney(m)); continue }
            var exact = m.amount * rate, rounded = Decimal()
            NSDecimalRound(&rounded, &exact, Money.minorUnits(target), .bankers)
            sum += rounded
            lines.append(Line(from: ReportMoney(m), rate: rate.description, amount: ReportMoney(Money(rounded, target))))
        }
        return ConvertedTotal(total: ReportMoney(Money(sum, target)), converted: lines, notConverted: missing)
    }
}
