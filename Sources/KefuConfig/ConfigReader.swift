import Foundation
import KefuBase
import KefuModel

/// Typed reads from a parsed TOML table, each failure naming `file:line: key: what was expected`.
struct ConfigReader {
    var file: String

    func fail(_ line: Int?, _ key: String, _ message: String) -> KefuError {
        .data("\(file):\(line ?? 0): \(key): \(message)")
    }

    /// `key` as a string with something in it (a command, a path, a name); nil when absent. Anything
    /// else is an error naming the line, `path.key` and `expected`.
    func nonBlank(_ t: TOMLTable, _ key: String, path: String, expected: String) throws -> String? {
        guard let v = t[key] else { return nil }
        guard let s = v.stringValue, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail(t.line(of: key), "\(path).\(key)", expected)
        }
        return s
    }

    /// Rejects keys kefu does not know: a typo must not silently fall back to a default.
    func allow(_ t: TOMLTable, _ known: [String], at path: String) throws {
        for k in t.keys where !known.contains(k) {
            let full = path.isEmpty ? k : "\(path).\(k)"
            throw fail(t.line(of: k), full, "unknown setting (known here: \(known.joined(separator: ", ")))")
        }
    }

    func table(_ t: TOMLTable, _ key: String, path: String = "") throws -> TOMLTable? {
        guard let v = t[key] else { return nil }
        guard let sub = v.tableValue else {
            throw fail(t.line(of: key), path.isEmpty ? key : "\(path).\(key)", "expected a table, found \(v.typeName)")
        }
        return sub
    }

    func number(_ t: TOMLTable, _ key: String, path: String, range: ClosedRange<Double>) throws -> Double? {
        guard let v = t[key] else { return nil }
        guard let d = v.doubleValue, d.isFinite else { throw fail(t.line(of: key), "\(path).\(key)", "expected a number, found \(v.typeName)") }
        guard range.contains(d) else { throw fail(t.line(of: key), "\(path).\(key)", "must be between \(fmt(range.lowerBound)) and \(fmt(range.upperBound))") }
        return d
    }

    func integer(_ t: TOMLTable, _ key: String, path: String, range: ClosedRange<Int>) throws -> Int? {
        guard let v = t[key] else { return nil }
        guard let i = v.intValue else { throw fail(t.line(of: key), "\(path).\(key)", "expected a whole number, found \(v.typeName)") }
        guard range.contains(i) else { throw fail(t.line(of: key), "\(path).\(key)", "must be between \(range.lowerBound) and \(range.upperBound)") }
        return i
    }

    func strings(_ t: TOMLTable, _ key: String, path: String) throws -> [String]? {
        guard let v = t[key] else { return nil }
        guard let a = v.arrayValue else { throw fail(t.line(of: key), "\(path).\(key)", "expected a list of strings, found \(v.typeName)") }
        return try a.map {
            switch $0 {
            case .string(let s), .date(let s): return s
            default: throw fail(t.line(of: key), "\(path).\(key)", "expected a list of strings, found a \($0.typeName) in it")
            }
        }
    }

    func zone(_ v: TOMLValue, _ key: String, line: Int?) throws -> TimeZone {
        guard let s = v.stringValue else { throw fail(line, key, "expected a time zone name such as \"Asia/Shanghai\"") }
        guard let z = TimeZone(identifier: s) else { throw fail(line, key, "unknown time zone \"\(s)\" (use an IANA name such as \"Europe/Berlin\")") }
        return z
    }

    /// `"2h"`, `"90m"`, `"1h30m"`, or a number of hours.
    func duration(_ v: TOMLValue, _ key: String, line: Int?) throws -> TimeInterval {
        let tooLong = fail(line, key, "too long (at most \(SnoozeTime.maxDurationText))")
        if let h = v.doubleValue, h >= 0, h.isFinite {
            guard h * 3600 <= SnoozeTime.maxDuration else { throw tooLong }
            return h * 3600
        }
        if let s = v.stringValue {
            switch SnoozeTime.readDuration(s) {
            case .seconds(let d): return d
            case .tooLong: throw tooLong
            case .none: break
            }
        }
        throw fail(line, key, "expected a duration such as \"2h\", \"90m\" or a number of hours")
    }

    static let limitKeys = ["reply-hours", "return-answer-hours", "return-refund-business-days", "a-to-z-hours",
                            "chargeback-days", "ebay-request-business-days", "feedback-removal-days"]

    func limits(_ t: TOMLTable, path: String) throws -> ClockLimits {
        try allow(t, Self.limitKeys, at: path)
        let hours = 0.25...(24.0 * 365)
        return ClockLimits(
            replyHours: try number(t, "reply-hours", path: path, range: hours),
            returnAnswerHours: try number(t, "return-answer-hours", path: path, range: hours),
            returnRefundBusinessDays: try integer(t, "return-refund-business-days", path: path, range: 0...365),
            aToZHours: try number(t, "a-to-z-hours", path: path, range: hours),
            chargebackDays: try integer(t, "chargeback-days", path: path, range: 1...365),
            ebayRequestBusinessDays: try integer(t, "ebay-request-business-days", path: path, range: 0...365),
            feedbackRemovalDays: try integer(t, "feedback-removal-days", path: path, range: 1...3650))
    }

    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    func weekdays(_ t: TOMLTable, _ key: String, path: String) throws -> Set<Int>? {
        guard let names = try strings(t, key, path: path) else { return nil }
        return Set(try names.map { n in
            guard let i = Self.dayNames.firstIndex(of: String(n.lowercased().prefix(3))) else {
                throw fail(t.line(of: key), "\(path).\(key)", "\"\(n)\" is not a weekday (mon, tue, … sun)")
            }
            return i
        })
    }

    func holidays(_ t: TOMLTable, path: String) throws -> HolidayRules? {
        guard let list = try strings(t, "holidays", path: path) else { return nil }
        var rules = HolidayRules()
        for s in list where !rules.add(s) {
            throw fail(t.line(of: "holidays"), "\(path).holidays", "\"\(s)\" is not a date (2026-12-24), a yearly date (12-25) or easter±N")
        }
        return rules
    }

    /// `"09:00"` → seconds of the day.
    func timeOfDay(_ t: TOMLTable, _ key: String, path: String) throws -> Int? {
        guard let v = t[key] else { return nil }
        let s: String
        switch v { case .string(let x), .time(let x): s = x; default: s = "" }
        guard let m = s.wholeMatch(of: /(\d{1,2}):(\d{2})(?::00)?/), let h = Int(m.1), let mi = Int(m.2),
              h <= 24, mi < 60, h * 60 + mi <= 24 * 60 else {
            throw fail(t.line(of: key), "\(path).\(key)", "expected a time of day such as \"09:00\"")
        }
        return h * 3600 + mi * 60
    }

    func calendar(_ t: TOMLTable, path: String, base: BusinessCalendar) throws -> BusinessCalendar {
        try allow(t, ["time-zone", "weekend", "holidays", "builtin-holidays"], at: path)
        var cal = base
        if let v = t["time-zone"] { cal.zone = try zone(v, "\(path).time-zone", line: t.line(of: "time-zone")) }
        if let w = try weekdays(t, "weekend", path: path) { cal = BusinessCalendar(zone: cal.zone, weekend: w, holidays: cal.holidays, opens: cal.opens, closes: cal.closes) }
        if let v = t["builtin-holidays"] {
            guard let keep = v.boolValue else { throw fail(t.line(of: "builtin-holidays"), "\(path).builtin-holidays", "expected true or false") }
            if !keep { cal.holidays = HolidayRules() }
        }
        if let h = try holidays(t, path: path) { cal.holidays.formUnion(h) }
        return cal
    }

    func companySLA(_ t: TOMLTable, path: String, zone fallback: TimeZone) throws -> CompanySLA {
        try allow(t, ["hours", "days", "open", "close", "time-zone", "holidays"], at: path)
        guard let hours = try number(t, "hours", path: path, range: 0.25...(24.0 * 60)) else {
            throw fail(t.line, path, "needs `hours`, the business hours the company allows for a reply")
        }
        var z = fallback
        if let v = t["time-zone"] { z = try zone(v, "\(path).time-zone", line: t.line(of: "time-zone")) }
        let days = try weekdays(t, "days", path: path) ?? [1, 2, 3, 4, 5]
        let opens = try timeOfDay(t, "open", path: path) ?? 9 * 3600
        let closes = try timeOfDay(t, "close", path: path) ?? 18 * 3600
        guard closes > opens else { throw fail(t.line(of: "close") ?? t.line, "\(path).close", "must be after `open`") }
        guard !days.isEmpty else { throw fail(t.line(of: "days"), "\(path).days", "needs at least one working day") }
        let weekend = Set(0..<7).subtracting(days)
        let cal = BusinessCalendar(zone: z, weekend: weekend, holidays: try holidays(t, path: path) ?? HolidayRules(),
                                   opens: opens, closes: closes)
        return CompanySLA(hours: hours, calendar: cal)
    }

    func fmt(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
}
