import Foundation
import KefuBase

/// The buyer's own words for the product team, without personal data: a short excerpt of a message
/// with e-mail addresses, links, phone/order/tracking numbers, postal addresses and the buyer's name
/// replaced, quoted text, greetings, sign-offs, signatures and control characters dropped (`QuoteScrub`). Hand-written scanning (no Regex): it runs for
/// every case that retires to history.
public enum BuyerQuote {
    public static let maxLength = 140

    public static func excerpt(_ body: String, buyerName: String?, maxLength: Int = maxLength) -> String? {
        var lines: [String] = []
        // The quote shows the first `maxLength` characters: what lies far beyond never reaches it, so
        // a huge message costs no more than its first few thousand characters.
        for line in body.prefix(readLimit).split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix(">") || t.hasPrefix("---") { continue }
            if lines.isEmpty {
                if isGreeting(t) { continue }
                t = QuoteScrub.stripGreeting(t)
                if t.isEmpty { continue }
            }
            // A sign-off (`Thanks, Mary`, `Mit freundlichen Grüßen`, `谢谢 王伟`): the rest is a signature.
            if let before = QuoteScrub.beforeSignOff(t) {
                if !before.isEmpty { lines.append(before) }
                break
            }
            lines.append(t)
        }
        // A name alone on the last line (a signature without a closing).
        while lines.count > 1, let last = lines.last, QuoteScrub.isNameLine(last) { lines.removeLast() }
        return clean(lines, buyerName: buyerName, maxLength: maxLength)
    }

    /// How much of a message a quote reads.
    static let readLimit = 4000

    /// Chosen lines made fit for the report (the automatic excerpt's and a pinned quote's last step):
    /// postal addresses, control and bidi characters, the buyer's name, e-mail addresses, links and
    /// numbers of 7 or more digits replaced, lines joined, at most `maxLength` characters. Nil when empty.
    static func clean(_ lines: [String], buyerName: String?, maxLength: Int) -> String? {
        var text = lines.map(QuoteScrub.addresses).joined(separator: " ")
        text = String(String.UnicodeScalarView(text.unicodeScalars.map { TerminalText.isNeutralised($0.value) ? " " : $0 }))
        if let name = buyerName?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
            text = text.replacingOccurrences(of: name, with: "[name]", options: .caseInsensitive)
            for part in name.split(separator: " ") where part.count >= 2 {
                text = replaceWord(String(part), in: text)
            }
        }
        text = text.split(separator: " ", omittingEmptySubsequences: true).map { word -> String in
            if word.contains("@") { return "[e-mail]" }
            let lower = word.lowercased()
            if lower.contains("http://") || lower.contains("https://") || lower.hasPrefix("www.") { return "[link]" }
            return String(word)
        }.joined(separator: " ")
        text = maskNumbers(text)
        guard !text.isEmpty else { return nil }
        return truncate(text, maxLength)
    }

    /// "Hello," "Dear seller," "Hallo Markus," "こんにちは": a short first line ending in a comma or alone.
    public static func isGreeting(_ line: String) -> Bool {
        let words = line.split(separator: " ").count
        guard words <= 3, line.count <= 30 else { return false }
        if line.hasSuffix(",") || line.hasSuffix("、") || line.hasSuffix("!") { return true }
        let lower = line.lowercased()
        return ["hello", "hi", "hallo", "bonjour", "hola", "ciao", "guten tag", "dear", "こんにちは", "你好"].contains { lower.hasPrefix($0) } && words <= 2
    }

    /// Replaces `word` where it stands as a word of its own (a name part inside another word stays).
    static func replaceWord(_ word: String, in text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let r = rest.range(of: word, options: .caseInsensitive) {
            let before = r.lowerBound == rest.startIndex ? nil : rest[rest.index(before: r.lowerBound)]
            let after = r.upperBound == rest.endIndex ? nil : rest[r.upperBound]
            let isWord = !(before?.isLetter ?? false) && !(after?.isLetter ?? false)
            out += rest[..<r.lowerBound] + (isWord ? "[name]" : rest[r])
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    /// Runs of digits and separators holding 7 or more digits — phone, order, tracking numbers — become `[number]`.
    static func maskNumbers(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber || chars[i] == "+" || chars[i] == "(" else { out.append(chars[i]); i += 1; continue }
            var j = i, digits = 0, lastDigit = i
            while j < chars.count, chars[j].isASCII, chars[j].isNumber || " -+()./".contains(chars[j]) {
                if chars[j].isNumber { digits += 1; lastDigit = j }
                j += 1
            }
            if digits >= 7 {
                out += "[number]"
                i = lastDigit + 1
            } else {
                // A run starting later inside this one ends at `j` with fewer digits: skip it whole
                // (one step at a time would be quadratic in a line of "((((((…").
                out.append(contentsOf: chars[i..<j]); i = j
            }
        }
        return out
    }

    static func truncate(_ text: String, _ max: Int) -> String {
        guard text.count > max else { return text }
        var cut = String(text.prefix(max - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > max / 2 { cut = String(cut[..<space]) }
        return cut.trimmingCharacters(in: CharacterSet(charactersIn: " ,.;:")) + "…"
    }
}
