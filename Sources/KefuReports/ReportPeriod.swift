import Foundation
import KefuBase

/// The span a report covers, in the seller's configured zone: an ISO 8601 week (Monday 00:00 to the
/// next Monday 00:00 local time, so a case at 23:30 on Sunday belongs to that week) or whole days.
public struct ReportPeriod: Sendable, Equatable {
    public var start: Date
    /// Exclusive.
    public var end: Date
    /// `2026-W47`, or `2026-11-01..2026-11-30`.
    public var label: String
    public var zone: TimeZone
    /// The ISO week, when the period is one.
    public var isoWeek: (year: Int, week: Int)? { week.map { ($0.year, $0.week) } }
    private var week: ISOWeekKey?
    private var firstDay: Int64
    private var dayCount: Int64

    struct ISOWeekKey: Equatable, Sendable { var year: Int; var week: Int }

    public func contains(_ d: Date) -> Bool { d >= start && d < end }

    // MARK: ISO weeks

    /// Week `week` of ISO year `year` (1…52 or 53).
    public static func isoWeek(year: Int, week: Int, zone: TimeZone) throws -> ReportPeriod {
        guard (1...weeks(inISOYear: year)).contains(week) else {
            throw KefuError.usage("--week: \(year) has \(weeks(inISOYear: year)) ISO weeks, not \(week)")
        }
        let monday = mondayOfWeek1(Int64(year)) + Int64(week - 1) * 7
        var p = ReportPeriod(days: monday, count: 7, zone: zone)
        p.week = ISOWeekKey(year: year, week: week)
        p.label = String(format: "%04d-W%02d", year, week)
        return p
    }

    /// `2026-W47` (also `2026W47`, `2026-w47`); errors name the `--week` option.
    public static func parseWeek(_ text: String, zone: TimeZone) throws -> ReportPeriod {
        let parts = text.uppercased().replacingOccurrences(of: "-", with: "").split(separator: "W", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count),
              let y = Int(parts[0]), let w = Int(parts[1]) else {
            throw KefuError.usage("--week: \"\(text)\" is not an ISO week like 2026-W47")
        }
        return try isoWeek(year: y, week: w, zone: zone)
    }

    /// The last ISO week that ended at or before `now` in `zone` (on a Monday morning: the week just gone).
    public static func lastCompleteWeek(before now: Date, zone: TimeZone) -> ReportPeriod {
        let today = localDay(now, zone)
        let thisMonday = today - weekdayIndex(today)
        let (y, w) = isoWeekOf(day: thisMonday - 7)
        return try! isoWeek(year: y, week: w, zone: zone)
    }

    /// The ISO week (year, number) a day (days since 1970-01-01) falls in.
    static func isoWeekOf(day: Int64) -> (Int, Int) {
        let thursday = day - weekdayIndex(day) + 3   // the week's Thursday decides its year
        let year = ISO8601.civil(fromDays: thursday).0
        return (Int(year), Int((thursday - mondayOfWeek1(year)) / 7) + 1)
    }

    /// 52, or 53 when the year has 53 Thursdays' weeks (starts on a Thursday, or a leap year on a Wednesday).
    public static func weeks(inISOYear year: Int) -> Int {
        isoWeekOf(day: ISO8601.days(fromCivil: Int64(year), 12, 28)).1
    }

    static func mondayOfWeek1(_ year: Int64) -> Int64 {
        let jan4 = ISO8601.days(fromCivil: year, 1, 4)
        return jan4 - weekdayIndex(jan4)
    }

    /// Monday 0 … Sunday 6 (1970-01-01 was a Thursday).
    static func weekdayIndex(_ day: Int64) -> Int64 { ((day % 7) + 7 + 3) % 7 }

    // MARK: Days

    /// Whole days `from` through `to` (inclusive), `YYYY-MM-DD` in `zone`.
    public static func days(from: String, to: String, zone: TimeZone) throws -> ReportPeriod {
        let a = try parseDay(from, option: "--from"), b = try parseDay(to, option: "--to")
        guard a <= b else { throw KefuError.usage("--from \(from) is after --to \(to)") }
        var p = ReportPeriod(days: a, count: b - a + 1, zone: zone)
        p.label = from == to ? from : "\(from)..\(to)"
        return p
    }

    static func parseDay(_ text: String, option: String) throws -> Int64 {
        let f = text.split(separator: "-", omittingEmptySubsequences: false)
        guard f.count == 3, f[0].count == 4, f[1].count == 2, f[2].count == 2,
              let y = Int64(f[0]), let m = Int64(f[1]), let d = Int64(f[2]),
              (1...12).contains(m), (1...ISO8601.daysIn(month: m, year: y)).contains(d) else {
            throw KefuError.usage("\(option): \"\(text)\" is not a date like 2026-11-16")
        }
        return ISO8601.days(fromCivil: y, m, d)
    }

    /// The period of the same length just before this one (the previous ISO week for a week).
    public var previous: ReportPeriod {
        if week != nil {
            let (y, n) = Self.isoWeekOf(day: firstDay - 7)
            return try! Self.isoWeek(year: y, week: n, zone: zone)
        }
        var p = ReportPeriod(days: firstDay - dayCount, count: dayCount, zone: zone)
        p.label = "\(Self.dayText(firstDay - dayCount))..\(Self.dayText(firstDay - 1))"
        return p
    }

    private init(days first: Int64, count: Int64, zone: TimeZone) {
        firstDay = first; dayCount = count; self.zone = zone
        start = Self.midnight(first, zone); end = Self.midnight(first + count, zone)
        label = ""
    }

    static func dayText(_ day: Int64) -> String {
        let (y, m, d) = ISO8601.civil(fromDays: day)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The local calendar day of an instant.
    static func localDay(_ date: Date, _ zone: TimeZone) -> Int64 {
        let local = date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))
        return Int64((local / 86400).rounded(.down))
    }

    /// 00:00 local time on `day` (the first instant of the day where a DST change skips midnight).
    static func midnight(_ day: Int64, _ zone: TimeZone) -> Date {
        let naive = Double(day) * 86400
        var t = naive - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive)))
        // The offset at the guess may differ from the offset at the answer (a DST change that day).
        let again = naive - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: t)))
        if localDay(Date(timeIntervalSince1970: again), zone) == day { t = again }
        return Date(timeIntervalSince1970: t)
    }

    public static func == (a: ReportPeriod, b: ReportPeriod) -> Bool {
        a.start == b.start && a.end == b.end && a.label == b.label && a.zone == b.zone
    }
}
