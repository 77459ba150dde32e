import Foundation
import KefuBase

/// Business days (and optionally business hours) in one time zone: which weekdays are the weekend,
/// which dates are holidays. Date arithmetic is done on local day numbers and seconds-of-day rather
/// than through `Calendar`, because every open case's clocks are recomputed on every tick.
public struct BusinessCalendar: Sendable {
    public var zone: TimeZone
    /// Bit n set = weekday n is not worked (0 = Sunday … 6 = Saturday).
    public var weekendMask: UInt8
    public var holidays: HolidayRules
    /// Working hours as seconds of the local day, for business-hours clocks.
    public var opens: Int
    public var closes: Int

    public init(zone: TimeZone, weekend: Set<Int> = [0, 6], holidays: HolidayRules = HolidayRules(),
                opens: Int = 9 * 3600, closes: Int = 18 * 3600) {
        self.zone = zone
        self.weekendMask = weekend.reduce(0) { $0 | UInt8(1 << ($1 % 7)) }
        self.holidays = holidays
        self.opens = opens; self.closes = closes
    }

    // MARK: Local days

    /// Days since 1970-01-01 of a local wall-clock second count.
    package static func dayNumber(_ local: Int) -> Int { local >= 0 ? local / 86400 : (local - 86399) / 86400 }
    static func weekday(_ day: Int) -> Int { ((day + 4) % 7 + 7) % 7 }   // 1970-01-01 was a Thursday

    public func isBusinessDay(_ day: Int) -> Bool {
        weekendMask & UInt8(1 << Self.weekday(day)) == 0 && !holidays.contains(day: day)
    }

    func nextBusinessDay(after day: Int) -> Int {
        var d = day + 1
        // A calendar where nothing is ever worked would loop forever; ten years is a safe stop.
        while !isBusinessDay(d) && d - day < 3660 { d += 1 }
        return d
    }

    /// Wall-clock seconds since the epoch in this zone.
    func local(_ t: Date) -> Int {
        Int(t.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: t)
    }

    /// `local`, except in the hour repeated when clocks go back: there the wall clock has already
    /// shown the later times once, so it stays at the change's wall time until it catches up. Deadlines
    /// counted from it never move earlier for a later start.
    func steadyLocal(_ t: Date) -> Int {
        let l = local(t)
        guard let change = zone.nextDaylightSavingTimeTransition(after: t.addingTimeInterval(-3 * 3600)), change <= t else { return l }
        let before = change.addingTimeInterval(-1)
        guard zone.secondsFromGMT(for: before) > zone.secondsFromGMT(for: change) else { return l }
        return max(l, local(before) + 1)
    }

    /// The instant a local wall-clock time names. A time that does not exist (the hour skipped when
    /// clocks go forward) becomes the moment of the change, so that later local times never map to
    /// earlier instants; a time that exists twice becomes its later occurrence.
    func instant(_ local: Int) -> Date {
        let guess = local - zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local)))
        let t = local - zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess)))
        let date = Date(timeIntervalSince1970: TimeInterval(t))
        if self.local(date) == local { return date }
        let lo = Date(timeIntervalSince1970: TimeInterval(min(t, guess) - 2 * 3600))
        return zone.nextDaylightSavingTimeTransition(after: lo) ?? date
    }

    // MARK: Adding business time

    /// `n` business days after `start`, at the same wall-clock time. A start on a day off counts
    /// from the beginning of the next business day ("within 2 business days" of a Saturday ends
    /// when Tuesday ends).
    public func adding(businessDays n: Int, to start: Date) -> Date {
        let l = local(start)
        var day = Self.dayNumber(l)
        var secondOfDay = l - day * 86400
        if !isBusinessDay(day) { day = nextBusinessDay(after: day); secondOfDay = 0 }
        for _ in 0..<max(n, 0) { day = nextBusinessDay(after: day) }
        return instant(day * 86400 + secondOfDay)
    }

    /// `n` calendar days after `start` at the same wall-clock time (23 or 25 hours across a DST change).
    public func adding(calendarDays n: Int, to start: Date) -> Date {
        instant(steadyLocal(start) + n * 86400)
    }

    /// `seconds` of working time (business days, between `opens` and `closes`) after `start`.
    /// Ends at closing time rather than the next morning when the time runs out exactly then.
    public func adding(businessSeconds seconds: TimeInterval, to start: Date) -> Date {
        let l = local(start)
        var day = Self.dayNumber(l)
        var secondOfDay = l - day * 86400
        guard closes > opens else { return start.addingTimeInterval(seconds) }
        if !isBusinessDay(day) || secondOfDay >= closes { day = nextBusinessDay(after: day); secondOfDay = opens }
        secondOfDay = max(secondOfDay, opens)
        var left = Int(seconds.rounded(.up))
        while left > closes - secondOfDay {
            left -= closes - secondOfDay
            day = nextBusinessDay(after: day)
            secondOfDay = opens
        }
        return instant(day * 86400 + secondOfDay + max(left, 0))
    }
}

/// Holidays as rules: fixed dates (`2026-12-24`), yearly dates (`12-25`), and days relative to
/// Western Easter (`easter-2` Good Friday, `easter+1` Easter Monday).
public struct HolidayRules: Sendable, Equatable {
    public private(set) var dates: Set<Int> = []        // day numbers
    public private(set) var yearly: Set<Int> = []       // month * 100 + day
    public private(set) var easterOffsets: Set<Int> = []

    public init() {}

    /// Adds one rule; false when the text is none of the three forms.
    @discardableResult
    public mutating func add(_ rule: String) -> Bool {
        // Split by hand: the built-in lists are read at every start, and building a Regex per rule
        // cost ~25 ms of the first frame.
        let r = rule.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = r.split(separator: "-", omittingEmptySubsequences: false)
        let digits = { (s: Substring, n: Int) -> Int? in s.count == n && s.allSatisfy(\.isASCII) ? Int(s) : nil }
        if parts.count == 3, let y = digits(parts[0], 4), let mo = digits(parts[1], 2), let d = digits(parts[2], 2),
           (1...12).contains(mo), (1...Self.daysIn(month: mo, year: y)).contains(d) {
            dates.insert(Self.days(year: y, month: mo, day: d)); return true
        }
        if parts.count == 2, let mo = digits(parts[0], 2), let d = digits(parts[1], 2),
           (1...12).contains(mo), (1...Self.daysIn(month: mo, year: 2024)).contains(d) {
            yearly.insert(mo * 100 + d); return true
        }
        if r.hasPrefix("easter") {
            let rest = r.dropFirst(6).filter { $0 != " " }
            if rest.isEmpty { easterOffsets.insert(0); return true }
            guard let sign = rest.first, sign == "+" || sign == "-", let n = digits(rest.dropFirst(), rest.count - 1),
                  (1...3).contains(rest.count - 1) else { return false }
            easterOffsets.insert(sign == "-" ? -n : n); return true
        }
        return false
    }

    public mutating func formUnion(_ other: HolidayRules) {
        dates.formUnion(other.dates); yearly.formUnion(other.yearly); easterOffsets.formUnion(other.easterOffsets)
    }

    public var isEmpty: Bool { dates.isEmpty && yearly.isEmpty && easterOffsets.isEmpty }

    public func contains(day: Int) -> Bool {
        if isEmpty { return false }
        if dates.contains(day) { return true }
        let (y, m, d) = Self.civil(day)
        if yearly.contains(m * 100 + d) { return true }
        return !easterOffsets.isEmpty && easterOffsets.contains(day - Self.easter(year: y))
    }

    // Civil dates ↔ day numbers: the same arithmetic ISO 8601 parsing uses.
    static func days(year: Int, month: Int, day: Int) -> Int {
        Int(ISO8601.days(fromCivil: Int64(year), Int64(month), Int64(day)))
    }

    package static func civil(_ days: Int) -> (Int, Int, Int) {
        let (y, m, d) = ISO8601.civil(fromDays: Int64(days))
        return (Int(y), Int(m), Int(d))
    }

    static func daysIn(month: Int, year: Int) -> Int { Int(ISO8601.daysIn(month: Int64(month), year: Int64(year))) }

    /// Western Easter Sunday as a day number (the anonymous Gregorian algorithm).
    static func easter(year y: Int) -> Int {
        let a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return days(year: y, month: month, day: day)
    }
}
