import Foundation

/// RFC 5322 dates, including the obsolete forms (two-digit years, named zones, no seconds, comments)
/// and the ctime-like `Tue Feb  3 10:00:00 2026` some gateways write. Token-based rather than one
/// fixed format, and computed by hand (no DateFormatter/Calendar: both are slow and locale-bound).
enum MailDate {
    static let months: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map { Array($0.utf8) }
    /// RFC 5322 4.3 obs-zone, in minutes east of UTC.
    static let zones: [[UInt8]: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
        "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    ].reduce(into: [:]) { $0[Array($1.key.utf8)] = $1.value }

    static func parse(_ text: String) -> Date? {
        // Lowercased bytes without comments such as "(CET)", split at whitespace and commas.
        var tokens: [ArraySlice<UInt8>] = []
        var bytes: [UInt8] = []
        var depth = 0
        for c in text.utf8.prefix(200) {
            if c == 40 { depth += 1 } else if c == 41 { depth = max(0, depth - 1) } else if depth == 0 { bytes.append(MailASCII.lower(c)) }
        }
        tokens = bytes.split(whereSeparator: { $0 == 32 || $0 == 9 || $0 == 44 || $0 == 13 || $0 == 10 })
        guard tokens.count <= 12 else { return nil }

        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?, offset: Int?
        for raw in tokens {
            var token = raw
            if time != nil, offset == nil, let z = zone(token) { offset = z; continue }
            if time == nil, token.contains(58) {
                // "10:00:00", or "10:00:00+0100" glued together.
                if let sign = token.firstIndex(where: { $0 == 43 || $0 == 45 }) {
                    offset = zone(token[sign...])
                    token = token[..<sign]
                }
                let parts = token.split(separator: 58, omittingEmptySubsequences: false).map(number)
                guard parts.count == 2 || parts.count == 3, let h = parts[0], let m = parts[1] else { return nil }
                time = (h, m, parts.count == 3 ? (parts[2] ?? 0) : 0)
                continue
            }
            if let m = monthIndex(token), token.allSatisfy({ (97...122).contains($0) || $0 == 46 }) {
                month = m
                continue
            }
            if token.count <= 4, let n = number(token) {
                if token.count <= 2, day == nil, n >= 1 { day = n } else if year == nil { year = normalizedYear(n, digits: token.count) }
                continue
            }
            // "3-feb-2026" (seen from old gateways).
            let dashed = token.split(separator: 45)
            if dashed.count == 3, let d = number(dashed[0]), let m = monthIndex(dashed[1]), let y = number(dashed[2]) {
                day = d; month = m; year = normalizedYear(y, digits: dashed[2].count)
                continue
            }
            // Weekday names and anything unknown are ignored.
        }
        guard let d = day, let mo = month, let y = year, let (h, mi, s) = time else { return nil }
        guard (1900...9999).contains(y), d >= 1, d <= daysIn(mo, y), (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s)
        else { return nil }
        let days = daysFromCivil(y, mo, d)
        let seconds = days * 86_400 + h * 3600 + mi * 60 + min(s, 59) - (offset ?? 0) * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// 1–12 for a token starting with a month's three letters.
    private static func monthIndex(_ t: ArraySlice<UInt8>) -> Int? {
        months.firstIndex { t.starts(with: $0) }.map { $0 + 1 }
    }

    /// 1–4 ASCII digits as a number.
    private static func number(_ t: ArraySlice<UInt8>) -> Int? {
        guard !t.isEmpty, t.count <= 4, t.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return t.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// "+0900", "-0130", "gmt", "est", military letters (taken as UTC, per RFC 5322 4.3).
    private static func zone(_ t: ArraySlice<UInt8>) -> Int? {
        if let z = zones[Array(t)] { return z }
        if t.count == 1, let c = t.first, (97...122).contains(c) { return 0 }
        guard let sign = t.first, sign == 43 || sign == 45 else { return nil }
        let digits = t.dropFirst().filter { $0 != 58 }
        guard digits.count == 4, let v = number(digits[...]) else { return nil }
        guard v / 100 <= 23, v % 100 <= 59 else { return nil }
        let minutes = (v / 100) * 60 + v % 100
        return sign == 45 ? -minutes : minutes
    }

    /// RFC 5322 4.3: two-digit years below 50 are 20xx, others 19xx; three-digit years add 1900.
    private static func normalizedYear(_ n: Int, digits: Int) -> Int {
        switch digits {
        case ...2: return n < 50 ? 2000 + n : 1900 + n
        case 3: return 1900 + n
        default: return n
        }
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        guard (1...12).contains(month) else { return 0 }
        if month == 2 { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28 }
        return [4, 6, 9, 11].contains(month) ? 30 : 31
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
