import Foundation
import KefuBase

/// Parses what an agent types for "snooze until": `2h`, `30m`, `1d`, `1h30m`, `14:00` (today, or
/// tomorrow if past), `tomorrow 9:00`, `2026-11-22 14:00`, or a full ISO 8601 time.
/// Wall-clock forms are read in the agent's time zone.
public enum SnoozeTime {
    /// The longest duration anything accepts (snooze, promise, `warn-within`): ten years. Longer ones
    /// are refused with a message, never multiplied into an overflow.
    public static let maxDuration: TimeInterval = 3650 * 86400
    public static let maxDurationText = "3650 days"

    public enum Duration: Equatable, Sendable {
        case seconds(TimeInterval)
        /// A duration, but longer than `maxDuration`.
        case tooLong
        /// Not a duration at all.
        case none
    }

    /// `2h`, `30m`, `1d`, `1h30m`, `90 min` → seconds; `.tooLong` past `maxDuration` (however many
    /// digits were typed); `.none` when the text is not a duration.
    public static func readDuration(_ input: String) -> Duration {
        let s = input.trimmingCharacters(in: .whitespaces).lowercased()
        guard s.utf8.count <= 200,
              let m = s.wholeMatch(of: /(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?/.asciiOnlyDigits()),
              m.1 != nil || m.2 != nil || m.3 != nil else { return .none }
        var total: TimeInterval = 0
        for (digits, unit) in [(m.1, 86400.0), (m.2, 3600.0), (m.3, 60.0)] {
            guard let digits else { continue }
            // More than 9 digits is past any limit; fewer fit a Double exactly.
            let significant = digits.drop { $0 == "0" }
            guard significant.count <= 9, let n = Int(significant.isEmpty ? "0" : significant) else { return .tooLong }
            total += TimeInterval(n) * unit
        }
        return total > maxDuration ? .tooLong : .seconds(total)
    }

    /// The seconds of `readDuration`; nil when the text is not a duration or is too long.
    public static func duration(_ input: String) -> TimeInterval? {
        if case .seconds(let s) = readDuration(input) { return s }
        return nil
    }

    /// Why a snooze or promise time was refused, for the prompt.
    public enum Refusal: Error, Equatable, Sendable {
        /// Not a time, or not in the future.
        case notAFutureTime
        /// Further ahead than `maxDuration`.
        case tooFar
    }

    /// `parse`, telling a time too far ahead apart from text that is not a time.
    public static func read(_ input: String, now: Date, timeZone: TimeZone) -> Result<Date, Refusal> {
        if case .tooLong = readDuration(input.lowercased()) { return .failure(.tooFar) }
        guard let d = parse(input, now: now, timeZone: timeZone) else { return .failure(.notAFutureTime) }
        return d.timeIntervalSince(now) > maxDuration ? .failure(.tooFar) : .success(d)
    }

    public static func parse(_ input: String, now: Date, timeZone: TimeZone) -> Date? {
        let s = input.trimmingCharacters(in: .whitespaces).lowercased()
        guard !s.isEmpty else { return nil }
        switch readDuration(s) {
        case .seconds(let secs): return secs > 0 ? now.addingTimeInterval(secs) : nil
        case .tooLong: return nil
        case .none: break
        }
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
