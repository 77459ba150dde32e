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
    /// Hand-written: this runs for every price of every case the store loads.
    public static func parseAmount(_ text: String) -> Decimal? {
        var negative = false, seenDot = false, intDigits = 0, fracDigits = 0
        var mantissa: UInt64 = 0
        var sawAny = false
        for (i, b) in text.utf8.enumerated() {
            switch b {
            case UInt8(ascii: "-") where i == 0: negative = true
            case UInt8(ascii: "."):
                guard !seenDot, intDigits > 0 else { return nil }
                seenDot = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if seenDot { fracDigits += 1 } else { intDigits += 1 }
                guard intDigits <= 13, fracDigits <= 6 else { return nil }
                mantissa = mantissa * 10 + UInt64(b - UInt8(ascii: "0"))
                sawAny = true
            default: return nil
            }
        }
        guard sawAny, !(seenDot && fracDigits == 0) else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: -fracDigits, significand: Decimal(mantissa))
    }

    public static func isCurrencyCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// The currency's decimals (ISO 4217 minor units): 0 for JPY or KRW, 3 for the dinars, else 2.
    public static func minorUnits(_ currency: String) -> Int {
        if zeroDecimal.contains(currency) { return 0 }
        if threeDecimal.contains(currency) { return 3 }
        return 2
    }
    static let zeroDecimal: Set = ["JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF", "XPF", "KMF", "GNF", "RWF", "VUV", "DJF", "BIF"]
    static let threeDecimal: Set = ["BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"]

    /// The amount with exactly the currency's decimals ("5" EUR → "5.00", "12800" JPY → "12800"),
    /// rounded half to even, for display and reports.
    public var amountText: String {
        let digits = Money.minorUnits(currency)
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, digits, .bankers)
        let s = rounded.description
        guard digits > 0 else { return s }
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            return decimals >= digits ? s : s + String(repeating: "0", count: digits - decimals)
        }
        return s + "." + String(repeating: "0", count: digits)
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
