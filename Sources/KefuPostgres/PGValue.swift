import Foundation

/// One parameter of a statement, sent apart from the SQL text (`$1`, `$2`, …): values never become
/// part of a statement, so no value can change what a statement does.
public enum PGValue: Sendable, Equatable {
    case null
    case text(String)
    /// Sent in binary, for `bytea` columns.
    case bytes(Data)

    public static func int(_ n: Int) -> PGValue { .text(String(n)) }
    public static func bool(_ b: Bool) -> PGValue { .text(b ? "true" : "false") }
    public static func optional(_ s: String?) -> PGValue { s.map { .text($0) } ?? .null }
    /// A `text[]` parameter (use as `= ANY($1::text[])`), written as an array literal with every
    /// element quoted and escaped.
    public static func textArray(_ items: [String]) -> PGValue {
        let quoted = items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        return .text("{" + quoted.joined(separator: ",") + "}")
    }
}

/// A statement's result, copied out of libpq: column names and rows of text values (nil: SQL NULL),
/// as the server sends them in text format.
public struct PGRows: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String?]]
    /// Rows changed by an INSERT/UPDATE/DELETE (PQcmdTuples), 0 for others.
    public var affected: Int

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }

    public func text(_ row: Int, _ column: Int) -> String? { rows[row][column] }

    public func int(_ row: Int, _ column: Int) -> Int? { rows[row][column].flatMap { Int($0) } }

    /// A `bytea` value, which the text format writes as `\x` and hex digits.
    public func bytes(_ row: Int, _ column: Int) -> Data? {
        guard let s = rows[row][column] else { return nil }
        return PGRows.decodeHex(s)
    }

    static func decodeHex(_ s: String) -> Data? {
        var utf8 = Array(s.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
        utf8.removeFirst(2)
        var out = Data(capacity: utf8.count / 2)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var i = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
