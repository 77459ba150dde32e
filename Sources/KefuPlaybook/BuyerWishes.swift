import Foundation
import KefuModel

/// What the buyer asks for in their own words ("I want a return", "one size up", "please cancel"), found
/// with the playbook's `wishes` phrases (the lint's word syntax: a space matches spaces or hyphens, a
/// trailing `*` lets the word go on). A phrase right after a negation ("I don't want a refund",
/// "nicht zurückschicken") does not count.
public struct BuyerWishes: Sendable {
    let patterns: [(name: String, regex: NSRegularExpression)]

    public init(_ table: [String: [String]]) {
        patterns = table.keys.sorted().compactMap { name in
            let words = table[name] ?? []
            return words.isEmpty ? nil : (name, ReplyLint.Patterns.words(words))
        }
    }

    /// The wishes found in `text`.
    public func found(in text: String) -> Set<String> {
        let ns = text as NSString
        var out = Set<String>()
        for (name, re) in patterns {
            let hit = re.matches(in: text, range: NSRange(location: 0, length: ns.length)).contains { m in
                let start = max(0, m.range.location - Self.negationReach)
                // Only within the phrase's own clause: "nicht kaputt, bitte erstatten" is a wish.
                let before = String(ns.substring(with: NSRange(location: start, length: m.range.location - start))
                    .split(omittingEmptySubsequences: false, whereSeparator: { ",.;:!?。、，！？".contains($0) }).last ?? "")
                return Self.negation.firstMatch(in: before, range: NSRange(location: 0, length: (before as NSString).length)) == nil
            }
            if hit { out.insert(name) }
        }
        return out
    }

    /// UTF-16 units before a phrase that a negation may stand in ("don't want to", "ne veux pas").
    static let negationReach = 16
    static let negation = ReplyLint.Patterns.regex(
        #"(?<![\p{L}])(?:not|no|don't|dont|never|nicht|kein\p{L}*|nie|pas|ne|jamais|non|nunca|mai)(?![\p{L}])|n't|不要|不想|不用|没|沒|別|别"#)

    /// The buyer's words since our last reply (all of them before the first): their messages and the
    /// requests they filed, not the marketplace's claim, chargeback or feedback notices.
    public static func buyerText(_ c: Case) -> String {
        let lastOut = c.messages.lastIndex { $0.direction == .outbound }
        let recent = c.messages[(lastOut.map { $0 + 1 } ?? 0)...]
        return recent.filter { m in
            guard m.direction == .inbound else { return false }
            switch m.kind {
            case .aToZClaim?, .chargeback?, .negativeFeedback?: return false
            default: return true
            }
        }.map(\.body).joined(separator: "\n")
    }

    /// A buyer message carries a picture or a video (as the intake lists attachments: name, type, size).
    public static func hasMedia(_ c: Case) -> Bool {
        c.messages.contains { m in
            m.direction == .inbound && (m.attachments ?? []).contains { a in
                let l = a.lowercased()
                return l.contains("image/") || l.contains("video/")
                    || mediaExtensions.contains { l.contains(".\($0)") }
            }
        }
    }

    static let mediaExtensions = ["jpg", "jpeg", "png", "heic", "heif", "gif", "webp", "mp4", "mov", "m4v", "3gp", "avi"]
}
