import Foundation
import KefuModel

/// How urgent a deadline looks, in one place for the queue, the detail pane and `kefu list`:
/// overdue is red with `!`, due within the warning threshold yellow with `~` (markers stay without colour).
public enum Urgency {
    public static let defaultWarnWithin: TimeInterval = 2 * 3600

    public static func role(remaining: TimeInterval, warnWithin: TimeInterval = defaultWarnWithin) -> Role {
        remaining <= 0 ? .overdue : remaining <= warnWithin ? .soon : .normal
    }

    public static func marker(_ role: Role) -> String {
        switch role { case .overdue: return "!"; case .soon: return "~"; default: return " " }
    }

    /// The queue's due cell: marker, countdown (or the status when no clock runs), role.
    public static func dueCell(_ e: QueueEntry, at now: Date, warnWithin: TimeInterval = defaultWarnWithin) -> (text: String, role: Role) {
        guard let r = e.remaining(at: now) else { return ("  " + e.status.rawValue, .normal) }
        let role = role(remaining: r, warnWithin: warnWithin)
        return (marker(role) + " " + Countdown.text(r), role)
    }
}
