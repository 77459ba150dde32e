import Foundation
import KefuModel

/// `Q`: the agent pins a buyer quote (and their translation) to the case for the weekly summary.
/// Two prompts — the quote, prefilled with the scrubbed excerpt of the latest buyer message, then the
/// translation (optional) — and one save. On a case with a pinned quote, `Q` first offers a menu:
/// edit it, pin the latest buyer message instead, or remove it. Esc cancels at every step.
extension InboxUpdate {
    static func pinQuote(_ s: inout InboxState) {
        guard requireCase(&s), let c = s.selectedCase else { return }
        let suggestion = PinnedQuote.suggestion(for: c)
        guard let q = c.pinnedQuote else {
            openPinPrompt(&s, text: suggestion ?? "", translation: "")
            return
        }
        var choices: [PinChoice] = [.edit], items = ["Edit the pinned quote and its translation"]
        if let suggestion, suggestion != q.text {
            choices.append(.replace); items.append("Pin the latest buyer message instead")
        }
        choices.append(.remove); items.append("Remove the pinned quote")
        s.overlay = .menu(Menu(title: "Pinned quote of \(c.id)", items: items, selected: 0, purpose: .pinnedQuote(choices)))
    }

    static func openPinPrompt(_ s: inout InboxState, text: String, translation: String) {
        s.overlay = .prompt(Prompt(kind: .pinQuote, text: text, cursor: text.count, translation: translation))
    }

    static func pinChoice(_ s: inout InboxState, _ choice: PinChoice) -> [InboxEffect] {
        guard let c = s.selectedCase else { return [] }
        switch choice {
        case .edit:
            openPinPrompt(&s, text: c.pinnedQuote?.text ?? "", translation: c.pinnedQuote?.translation ?? "")
            return []
        case .replace:
            openPinPrompt(&s, text: PinnedQuote.suggestion(for: c) ?? "", translation: "")
            return []
        case .remove:
            return change(&s, touch: false) { c, now in
                c.unpinQuote(at: now)
                return "pinned quote removed"
            }
        }
    }

    /// The quote: scrubbed as the report's quotes are; the translation prompt follows, showing what will be pinned.
    static func pinTextConfirmed(_ s: inout InboxState, _ p: Prompt) -> [InboxEffect] {
        guard let c = s.selectedCase else { s.overlay = .none; return [] }
        guard !p.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            s.overlay = .none
            s.statusLine = ("Nothing pinned: the quote is empty", false)
            return []
        }
        guard let text = PinnedQuote.scrub(p.text, buyerName: c.buyer.name) else {
            s.overlay = .prompt(p)
            s.statusLine = ("Nothing is left to pin once personal data is removed", true)
            return []
        }
        s.overlay = .prompt(Prompt(kind: .pinTranslation, text: p.translation, cursor: p.translation.count, quote: text))
        s.statusLine = ("Pinning “\(text)”", false)
        return []
    }

    static func pinTranslationConfirmed(_ s: inout InboxState, _ p: Prompt) -> [InboxEffect] {
        guard let c = s.selectedCase else { s.overlay = .none; return [] }
        var translation: String?
        if !p.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard let t = PinnedQuote.scrub(p.text, buyerName: c.buyer.name) else {
                s.overlay = .prompt(p)
                s.statusLine = ("Nothing is left of the translation once personal data is removed", true)
                return []
            }
            translation = t
        }
        s.overlay = .none
        let text = p.quote
        return change(&s, touch: false) { c, now in
            c.pin(PinnedQuote(text: text, language: PinnedQuote.language(nil, for: c), translation: translation, at: now))
            return "quote pinned for the weekly summary"
        }
    }
}
