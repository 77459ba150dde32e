import Foundation

/// An amount in one ISO 4217 currency. Stored as a decimal string ("12.50"), never a binary float.
public struct Money: Hashable, Sendable, Codable {
    public var amount: Decimal
    public var currency: String

    public init(_ amount: Decimal, _ currency: String) {
        self.amount = amount
        self.currency = currency
    }

    /// Parses "12.50"-style decimal text; nil for anything else (no exponents, no grouping, no locale).
    public static func parseAmount(_ text: String) -> Decimal? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.wholeMatch(of: /-?[0-9]{1,15}(\.[0-9]{1,6})?/) != nil else { return nil }
        return Decimal(string: t, locale: Locale(identifier: "en_US_POSIX"))
    }

    public static func isCurrencyCode(_ code: String) -> Bool {
        code.wholeMatch(of: /[A-Z]{3}/) != nil
    }

    public var amountText: String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .bankers)
        let s = rounded.description
        // Always two decimals for display and storage consistency ("5" → "5.00").
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            return decimals >= 2 ? s : s + String(repeating: "0", count: 2 - decimals)
        }
        return s + ".00"
    }

    public var description: String { "\(amountText) \(currency)" }

    enum CodingKeys: String, CodingKey { case amount, currency }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .amount)
        guard let value = Money.parseAmount(text) else {
            throw DecodingError.dataCorruptedError(forKey: .amount, in: c, debugDescription: "not a decimal amount: \(text)")
        }
        amount = value
        currency = try c.decode(String.self, forKey: .currency)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(amount.description, forKey: .amount)
        try c.encode(currency, forKey: .currency)
    }
}

/// Sums kept per currency: amounts in different currencies are never added together.
public struct MoneyTotals: Equatable, Sendable {
    public private(set) var byCurrency: [String: Decimal] = [:]
    public init() {}
    public mutating func add(_ m: Money) { byCurrency[m.currency, default: 0] += m.amount }
    public var sorted: [Money] { byCurrency.keys.sorted().map { Money(byCurrency[$0]!, $0) } }
}
