import Foundation
import KefuModel

/// One history event in words, for `kefu show` and the detail pane's history: type, text, offers with
/// their amounts, times. Every part is neutralised (texts come from notes, notices and imports).
public enum EventText {
    /// Shown for a note whose author was not recorded (older stores, no `[agent] name` configured).
    public static let unknownAuthor = "author unknown"

    public static func parts(_ e: CaseEvent, stamp: (Date) -> String) -> [String] {
        let s = DisplayText.sanitizeLine
        var parts = [e.type.rawValue]
        if e.type == .note { parts.append("by " + s(e.from ?? unknownAuthor)) }
        if let t = e.text { parts.append(s(t)) }
        if let o = e.offers { parts.append(o.map(s).joined(separator: ",")) }
        if let a = e.amounts { parts.append(a.map(\.description).map(s).joined(separator: " + ")) }
        if let u = e.until { parts.append("until \(stamp(u))") }
        return parts
    }

    /// The events the detail pane's history lists: what was offered and decided, not every delivery.
    static func isDecision(_ e: CaseEvent) -> Bool {
        switch e.type {
        case .received, .note: return false
        default: return true
        }
    }
}
