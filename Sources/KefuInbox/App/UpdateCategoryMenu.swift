import Foundation
import KefuModel

/// Type-to-jump in the category menu (17 entries): letters typed move the cursor to the first
/// category they start (then to one with a word they start, then to one containing them).
enum CategoryJump {
    /// Whether the key types into the category menu's jump text instead of acting as its binding.
    static func types(_ ch: Character, in s: InboxState) -> Bool {
        guard case .menu(let m) = s.overlay, case .category = m.purpose else { return false }
        return ch.isLetter || (ch == "-" && !m.typed.isEmpty)
    }

    /// `text` typed (or, `replacing`, the jump text now): the cursor on the first match. Letters
    /// that match nothing are not taken, and the status line says so.
    static func typed(_ s: inout InboxState, _ m: Menu, _ text: String, replacing: Bool = false) -> [InboxEffect] {
        guard case .category = m.purpose else { return [] }
        var m = m
        let query = (replacing ? text : m.typed + text).lowercased()
        if query.isEmpty {
            m.typed = ""
        } else if let i = match(query, m.items) {
            m.typed = query
            m.selected = i
            m.top = InboxGeometry(s).menu(m).list.revealing(i).offset
        } else {
            s.statusLine = ("No category matches “\(DisplayText.sanitizeLine(query))”", true)
        }
        retitle(&m)
        s.overlay = .menu(m)
        return []
    }

    static func match(_ query: String, _ items: [String]) -> Int? {
        items.firstIndex { $0.hasPrefix(query) }
            ?? items.firstIndex { $0.split(separator: "-").contains { $0.hasPrefix(query) } }
            ?? items.firstIndex { $0.contains(query) }
    }

    /// The title shows the letters typed so far.
    static func retitle(_ m: inout Menu) {
        let base = m.title.components(separatedBy: " — jump: ").first ?? m.title
        m.title = m.typed.isEmpty ? base : base + " — jump: “\(m.typed)”"
    }
}
