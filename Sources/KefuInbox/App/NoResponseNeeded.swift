import Foundation
import KefuModel

/// The "no response needed" state and what it cannot do on its own: Amazon counts a message as
/// answered only when it is marked so in Seller Central, and there is no API for that (DOMAIN.md).
enum NoResponseNeeded {
    static let amazonReminder: String? = "Amazon: also mark the message “No response needed” in Seller Central, or it counts as late"

    static func reminder(_ c: Case) -> String? { c.channel == .amazon ? amazonReminder : nil }

    /// Adds `more` to a change's status line, before its closing "· u to undo" hint.
    static func addToStatus(_ s: inout InboxState, _ more: String) {
        guard let line = s.statusLine, !line.isError else { return }
        var text = line.text
        if let tail = text.range(of: " · ", options: .backwards), text[tail.upperBound...].contains("undo") {
            text.insert(contentsOf: more, at: tail.lowerBound)
        } else {
            text += more
        }
        s.statusLine = (text, false)
    }

    /// The detail pane's lines for a case in this state (short: facts are not wrapped).
    static func facts(_ c: Case, zone: TimeZone) -> [StyledLine] {
        guard c.status == .noResponseNeeded else { return [] }
        let when = c.events.last { $0.type == .noResponseNeeded }.map { " (marked \(LocalTime.stamp($0.at, in: zone)))" } ?? ""
        var out = [StyledLine("No response needed\(when)", Style(.dim))]
        if c.channel == .amazon { out.append(StyledLine("  Amazon: mark it “No response needed” in Seller Central too", Style(.soon))) }
        return out
    }
}

extension DetailContent {
    /// The case's decisions after the thread (`toggle-history`): offers with amounts, status and
    /// category changes, snoozes, promises, deliveries — in the agent's zone.
    static func history(_ c: Case, zone: TimeZone, width: Int) -> [StyledLine] {
        let events = c.events.filter(EventText.isDecision)
        var out = [StyledLine(""), StyledLine("History (\(events.count) event\(events.count == 1 ? "" : "s"))", Style(.dim, bold: true))]
        for e in events {
            let stamp = { LocalTime.stamp($0, in: zone) }
            out += indented(([stamp(e.at)] + EventText.parts(e, stamp: stamp)).joined(separator: "  "), width: width, Style(.dim))
        }
        if events.isEmpty { out.append(StyledLine("  nothing recorded yet", Style(.dim))) }
        return out
    }
}
