import Foundation
import KefuModel

/// `[report]` in config.toml: the one currency the weekly summary adds money up in, and the rates
/// that convert other currencies to it (`[report.rates] EUR = 1.08`: 1 EUR is 1.08 of the report currency).
public struct ReportSettings: Sendable, Equatable {
    /// nil: no converted totals, money stays per currency only.
    public var currency: String?
    /// Currency → units of `currency` per 1 unit of it.
    public var rates: [String: Decimal] = [:]

    public init(currency: String? = nil, rates: [String: Decimal] = [:]) {
        self.currency = currency; self.rates = rates
    }

    static let rateRange: ClosedRange<Double> = 0.000001...1_000_000
}

extension ConfigReader {
    func report(_ root: TOMLTable) throws -> ReportSettings {
        var s = ReportSettings()
        guard let t = try table(root, "report") else { return s }
        try allow(t, ["currency", "rates"], at: "report")
        if let v = t["currency"] {
            guard let c = v.stringValue, Money.isCurrencyCode(c) else {
                throw fail(t.line(of: "currency"), "report.currency", "expected an ISO 4217 currency code in upper case, e.g. \"USD\"")
            }
            s.currency = c
        }
        guard let rates = try table(t, "rates", path: "report") else { return s }
        guard let target = s.currency else {
            throw fail(t.line(of: "rates"), "report.rates", "needs report.currency, the currency the rates convert to")
        }
        for cur in rates.keys.sorted() {
            let key = "report.rates.\(cur)"
            guard Money.isCurrencyCode(cur) else { throw fail(rates.line(of: cur), key, "not an ISO 4217 currency code in upper case (e.g. EUR)") }
            guard cur != target else { throw fail(rates.line(of: cur), key, "is the report currency itself (it needs no rate)") }
            let v = rates[cur]!
            let rate: Decimal?
            switch v {
            case .integer(let i): rate = Decimal(i)
            case .float(let d) where d.isFinite:
                // Out of range is out of range, before a huge exponent could fail to read as a decimal.
                rate = ReportSettings.rateRange.contains(d) ? Decimal(string: "\(d)", locale: Locale(identifier: "en_US_POSIX")) : Decimal(-1)
            case .string(let text): rate = Money.parseAmount(text)
            default: rate = nil
            }
            guard let r = rate else {
                throw fail(rates.line(of: cur), key, "expected a number (1 \(cur) in \(target), e.g. 1.08), found \(v.typeName)")
            }
            let d = NSDecimalNumber(decimal: r).doubleValue
            guard ReportSettings.rateRange.contains(d) else {
                throw fail(rates.line(of: cur), key, "must be above 0 and at most 1000000 (1 \(cur) in \(target))")
            }
            s.rates[cur] = r
        }
        return s
    }
}
