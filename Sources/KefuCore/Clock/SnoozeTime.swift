import Foundation

/// Parses what an agent types for "snooze until": `2h`, `30m`, `1d`, `1h30m`, `14:00` (today, or
/// tomorrow if past), `tomorrow 9:00`, `2026-11-22 14:00`, or a full ISO 8601 time.
/// Wall-clock forms are read in the agent's time zone.
public enum SnoozeTime {
    /// `2h`, `30m`, `1d`, `1h30m`, `90 min` → seconds; nil when the text is not a duration.
    public static func duration(_ input: String) -> TimeInterval? {
        let s = input.trimmingCharacters(in: .whitespaces).lowercased()
        guard let m = s.wholeMatch(of: /(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?/),
              m.1 != nil || m.2 != nil || m.3 != nil else { return nil }
        // "999999999999999d" is not a duration: too many digits or an overflowing sum is nil, never a trap.
        var seconds = 0
        for (digits, unit) in [(m.1, 86400), (m.2, 3600), (m.3, 60)] {
            guard let n = Int(digits ?? "0") else { return nil }
            let (part, o1) = n.multipliedReportingOverflow(by: unit)
            let (sum, o2) = seconds.addingReportingOverflow(part)
            if o1 || o2 { return nil }
            seconds = sum
        }
        return TimeInterval(seconds)
    }

    public static func parse(_ input: String, now: Date, timeZone: TimeZone) -> Date? {
        let s = input.trimmingCharacters(in: .whitespaces).lowercased()
        guard !s.isEmpty else { return nil }
        if let secs = duration(s) { return secs > 0 ? now.addingTimeInterval(secs) : nil }
        if let d = ISO8601.parse(input.trimmingCharacters(in: .whitespaces)) { return d > now ? d : nil }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        if let m = s.wholeMatch(of: /(tomorrow\s+)?(\d{1,2}):(\d{2})/), let h = Int(m.2), let mi = Int(m.3), h < 24, mi < 60 {
            var day = cal.startOfDay(for: now)
            if m.1 != nil { day = cal.date(byAdding: .day, value: 1, to: day)! }
            guard var t = cal.date(bySettingHour: h, minute: mi, second: 0, of: day) else { return nil }
            if m.1 == nil && t <= now { t = cal.date(byAdding: .day, value: 1, to: t)! }
            return t
        }
        if let m = s.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})[ t](\d{1,2}):(\d{2})/) {
            let c = DateComponents(year: Int(m.1), month: Int(m.2), day: Int(m.3), hour: Int(m.4), minute: Int(m.5))
            if let d = cal.date(from: c), d > now { return d }
        }
        return nil
    }
}
