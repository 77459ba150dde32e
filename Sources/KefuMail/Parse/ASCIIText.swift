import Foundation

/// ASCII-only string helpers. Mail syntax (header names, labels, tokens) is ASCII, and Foundation's
/// `trimmingCharacters` / `caseInsensitiveCompare` go through NSString on Linux: they were a third of
/// the parse time of a typical HTML notice.
enum MailASCII {
    /// `s` without leading and trailing ASCII whitespace (and `extra` bytes, e.g. quotes).
    static func trimmed(_ s: String, extra: [UInt8] = []) -> String {
        let u = s.utf8
        func trim(_ b: UInt8) -> Bool { MailBytes.isSpace(b) || b == 12 || extra.contains(b) }
        var lo = u.startIndex, hi = u.endIndex
        while lo < hi, trim(u[lo]) { lo = u.index(after: lo) }
        while hi > lo, trim(u[u.index(before: hi)]) { hi = u.index(before: hi) }
        return lo == u.startIndex && hi == u.endIndex ? s : String(s[lo..<hi])
    }

    /// ASCII case-insensitive equality.
    static func equalFold(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { lower($0) == lower($1) }
    }

    static func lower(_ c: UInt8) -> UInt8 { (65...90).contains(c) ? c | 0x20 : c }

    /// `s` without ASCII spaces and tabs.
    static func removingSpaces(_ s: String) -> String {
        s.utf8.contains { $0 == 32 || $0 == 9 } ? String(decoding: s.utf8.filter { $0 != 32 && $0 != 9 }, as: UTF8.self) : s
    }
}
