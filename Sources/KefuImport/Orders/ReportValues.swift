import Foundation
import KefuBase
import KefuModel

/// The value formats the order reports use. Each parser returns nil for text it does not accept;
/// the caller names the file, line and column.
enum ReportValues {
    /// Amazon `2026-11-14T09:12:33+00:00`, Shopify `2026-11-14 09:12:33 +0100`: a time with a zone.
    static func dateTime(_ text: String) -> Date? {
        if let d = ISO8601.parse(text) { return d }
        // Shopify puts a space before the offset.
        guard let sp = text.lastIndex(of: " "), text[text.index(after: sp)...].first.map({ $0 == "+" || $0 == "-" }) == true else { return nil }
        return ISO8601.parse(String(text[..<sp]) + String(text[text.index(after: sp)...]))
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// eBay Seller Hub dates: `Nov-14-26` (US sites), `14-Nov-26` (UK/EU sites), `2026-11-14`; a full
    /// ISO time is accepted too. A bare day carries no time or zone, so it is read as 12:00 UTC: that
    /// instant falls on the same calendar day from UTC−11 to UTC+11, which is what a day-granular
    /// report (and the ODR's 60-day window) needs.
    static func day(_ text: String) -> Date? {
        if let d = dateTime(text) { return d }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        guard parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isASCII) }) else { return nil }
        // A two-digit year is this century's.
        let year: (String) -> Int? = { t in Int(t).map { t.count == 2 ? 2000 + $0 : $0 } }
        var y: Int?, m: Int?, d: Int?
        if parts[0].count == 4 {
            y = Int(parts[0]); m = Int(parts[1]); d = Int(parts[2])
        } else if let mon = months.firstIndex(of: parts[0].lowercased()) {
            m = mon + 1; d = Int(parts[1]); y = year(parts[2])
        } else if let mon = months.firstIndex(of: parts[1].lowercased()) {
            d = Int(parts[0]); m = mon + 1; y = year(parts[2])
        }
        guard let y, let m, let d, y >= 1970, (1...12).contains(m), d >= 1,
              Int64(d) <= ISO8601.daysIn(month: Int64(m), year: Int64(y)) else { return nil }
        let days = ISO8601.days(fromCivil: Int64(y), Int64(m), Int64(d))
        return Date(timeIntervalSince1970: Double(days * 86400 + 12 * 3600))
    }

    /// A whole number ≥ 0 (Amazon writes 0 for a cancelled line).
    static func quantity(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 6, text.allSatisfy(\.isASCII), let n = Int(text), n >= 0 else { return nil }
        return n
    }

    /// Currency marks eBay puts on amounts. Longer marks first so `AU $` is not read as `$`.
    static let currencyMarks: [(String, String)] = [
        ("US $", "USD"), ("US$", "USD"), ("AU $", "AUD"), ("AU$", "AUD"), ("A$", "AUD"), ("C $", "CAD"), ("CA$", "CAD"),
        ("C$", "CAD"), ("HK$", "HKD"), ("NZ$", "NZD"), ("$", "USD"), ("£", "GBP"), ("€", "EUR"), ("¥", "JPY"), ("CHF", "CHF"),
    ]

    /// An amount with an optional currency: `12.50` (with `currency` from elsewhere), `EUR 12.50`, `12,50 EUR`,
    /// `$1,234.50`, `£8.99`, `AU $12.50`. A comma is a decimal comma when it is the only separator and one or
    /// two digits follow it; otherwise commas group thousands.
    static func money(_ text: String, currency fallback: String?) -> Result<Money, MoneyError> {
        var s = text.trimmingCharacters(in: .whitespaces)
        var currency: String?
        for (mark, code) in currencyMarks {
            if s.hasPrefix(mark) { currency = code; s = String(s.dropFirst(mark.count)); break }
            if s.hasSuffix(mark) { currency = code; s = String(s.dropLast(mark.count)); break }
        }
        if currency == nil {
            let words = s.split(separator: " ")
            if words.count == 2 {
                if Money.isCurrencyCode(String(words[0])) { currency = String(words[0]); s = String(words[1]) }
                else if Money.isCurrencyCode(String(words[1])) { currency = String(words[1]); s = String(words[0]) }
            }
        }
        s = s.trimmingCharacters(in: .whitespaces)
        if s.contains(","), !s.contains(".") {
            let after = s.split(separator: ",", omittingEmptySubsequences: false)
            if after.count == 2, (1...2).contains(after[1].count) { s = s.replacingOccurrences(of: ",", with: ".") }
        }
        s = s.replacingOccurrences(of: ",", with: "")
        guard let amount = Money.parseAmount(s) else { return .failure(.notAnAmount) }
        guard let code = currency ?? fallback else { return .failure(.noCurrency) }
        guard Money.isCurrencyCode(code) else { return .failure(.badCurrency(code)) }
        return .success(Money(amount, code))
    }

    enum MoneyError: Error, Equatable {
        case notAnAmount, noCurrency, badCurrency(String)
    }

    /// `total ÷ quantity` rounded to the currency's minor unit (cents; whole yen): Amazon's `item-price` is the price of the whole line.
    static func unitPrice(_ total: Money, quantity: Int) -> Money {
        guard quantity > 1 else { return total }
        var exact = total.amount / Decimal(quantity)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, Money.minorUnits(total.currency), .plain)
        return Money(rounded, total.currency)
    }
}
