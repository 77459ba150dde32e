import Foundation

/// Hand-rolled ISO 8601 for the store's hot path: Foundation's formatters cost microseconds per date,
/// and a case carries a dozen dates. Output is always UTC (`2026-11-21T09:30:00Z`, fractions only when present).
public enum ISO8601 {
    /// Years outside 0000…9999 have no four-digit form: such a time is written as the nearest end of
    /// that range (it can only be shown, never stored: `StoreLimits` refuses it before a save).
    public static func format(_ date: Date) -> String {
        let raw = date.timeIntervalSince1970
        let t = raw.isNaN ? 0 : min(max(raw, -62_167_219_200), 253_402_300_799)
        var secs = Int64(t.rounded(.down))
        var millis = Int64(((t - Double(secs)) * 1000).rounded())
        if millis == 1000 { secs += 1; millis = 0 }
        let days = Int64((Double(secs) / 86400).rounded(.down))
        let rem = secs - days * 86400
        let (y, m, d) = civil(fromDays: days)
        // Bytes by hand: String(format:) costs microseconds, and every stored case has many dates.
        var out = [UInt8](repeating: 0, count: millis == 0 ? 20 : 24)
        func put(_ v: Int64, _ at: Int, _ width: Int) {
            var v = v
            for k in stride(from: at + width - 1, through: at, by: -1) { out[k] = UInt8(48 + v % 10); v /= 10 }
        }
        put(y, 0, 4); out[4] = 45; put(m, 5, 2); out[7] = 45; put(d, 8, 2); out[10] = 84
        put(rem / 3600, 11, 2); out[13] = 58; put(rem % 3600 / 60, 14, 2); out[16] = 58; put(rem % 60, 17, 2)
        if millis != 0 { out[19] = 46; put(millis, 20, 3) }
        out[out.count - 1] = 90
        return String(decoding: out, as: UTF8.self)
    }

    /// Accepts `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM` / `±HHMM`; `T` may be a space.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    package static func parse(bytes all: UnsafeBufferPointer<UInt8>) -> Date? {
        var end = all.count
        while end > 0, all[end - 1] == 0x20 { end -= 1 }
        let u = UnsafeBufferPointer(rebasing: all[0..<end])
        var i = 0
        func num(_ n: Int) -> Int64? {
            guard i + n <= u.count else { return nil }
            var v: Int64 = 0
            for k in 0..<n {
                let c = u[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool { if i < u.count, u[i] == c { i += 1; return true }; return false }
        guard let y = num(4), expect(0x2D), let mo = num(2), expect(0x2D), let d = num(2) else { return nil }
        guard i < u.count, u[i] == 0x54 || u[i] == 0x74 || u[i] == 0x20 else { return nil }
        i += 1
        guard let h = num(2), expect(0x3A), let mi = num(2) else { return nil }
        var s: Int64 = 0
        var frac = 0.0
        if expect(0x3A) {
            guard let sv = num(2) else { return nil }
            s = sv
            if expect(0x2E) || expect(0x2C) {
                var scale = 0.1
                var digits = 0
                while i < u.count, u[i] >= 0x30, u[i] <= 0x39 {
                    frac += Double(u[i] - 0x30) * scale; scale /= 10; i += 1; digits += 1
                }
                guard digits > 0 else { return nil }
            }
        }
        guard (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d),
              h <= 23, mi <= 59, s <= 60 else { return nil }
        var offset: Int64 = 0
        guard i < u.count else { return nil } // a zone is required: local times are ambiguous
        if u[i] == 0x5A || u[i] == 0x7A { i += 1 } else if u[i] == 0x2B || u[i] == 0x2D {
            let sign: Int64 = u[i] == 0x2D ? -1 : 1
            i += 1
            guard let oh = num(2) else { return nil }
            _ = expect(0x3A)
            guard let om = num(2), oh <= 23, om <= 59 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else { return nil }
        guard i == u.count else { return nil }
        let secs = days(fromCivil: y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset
        return Date(timeIntervalSince1970: Double(secs) + frac)
    }

    package static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian).
    package static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    package static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
