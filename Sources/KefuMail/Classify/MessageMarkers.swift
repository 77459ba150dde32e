import Foundation

/// The buyer's own words inside a marketplace notice: the text between the begin and end marker lines,
/// cut earlier where a quoted original starts.
///
/// The older Amazon template frames them with `------------- Begin message -------------` /
/// `------------- End message -------------`, the current one with `Message:` / `End message`, each
/// localised. The non-English lines below are the project's own reconstructions of those templates
/// (written from the documented English form and the few localised markers the domain notes list), not
/// copies of real notices; extend the tables when a real notice shows another wording.
enum MessageMarkers {
    /// Folded marker words, without the dashes or the colon that must frame them.
    static let begin: Set<String> = [
        "begin message", "message", "start of message",
        "anfang der nachricht", "nachricht", "beginn der nachricht",
        "debut du message", "message du client",
        "messaggio", "inizio messaggio", "inizio del messaggio",
        "mensaje", "inicio del mensaje", "comienzo del mensaje",
        "メッセージはここから", "メッセージ", "メッセージ本文",
        "new message", "neue nachricht", "nouveau message", "nuovo messaggio", "nuevo mensaje",
    ]
    static let end: Set<String> = [
        "end message", "end of message",
        "ende der nachricht", "nachricht ende",
        "fin du message",
        "fine messaggio", "fine del messaggio",
        "fin del mensaje", "fin de mensaje",
        "メッセージはここまで", "メッセージ終わり",
    ]
    /// Begin markers that stand alone, without dashes or a colon (end markers always may).
    static let bare: Set<String> = ["メッセージはここから", "メッセージはここまで"]

    /// Marker lines are short; longer lines are not looked at (keeps a 20 MB body cheap).
    static let maxMarkerBytes = 80

    enum Marker { case begin(rest: String), end }

    /// A line that is a marker: `--- words ---`, `words:` (the rest of the line, if any, is already the
    /// buyer's text) or a bare Japanese marker.
    static func marker(_ line: Substring) -> Marker? {
        // A long line can only be "Message: <text>"; look no further than its first few bytes for the colon.
        let head = line.utf8.count <= maxMarkerBytes ? line : line.prefix(40)
        let t = NoticeText.trimmed(head)
        guard !t.isEmpty else { return nil }
        var words = t
        var rest = ""
        if t.hasPrefix("---") || t.hasPrefix("===") {
            guard head.endIndex == line.endIndex else { return nil }
            words = NoticeText.trimmed(t.trimmingCharacters(in: CharacterSet(charactersIn: "-=")))
        } else if let colon = t.firstIndex(where: { $0 == ":" || $0 == "：" }) {
            words = String(t[..<colon])
            let restStart = line.index(line.startIndex, offsetBy: t.distance(from: t.startIndex, to: colon) + 1 + leadingSpace(line))
            rest = NoticeText.trimmed(line[restStart...])
        } else if head.endIndex != line.endIndex {
            return nil
        } else {
            // A bare line: the Japanese markers, or an end marker (the current template's "End message").
            let key = NoticeText.folded(t)
            if bare.contains(t) || end.contains(key) { return end.contains(key) ? .end : .begin(rest: "") }
            return nil
        }
        let key = NoticeText.trimmed(NoticeText.folded(words))
        if end.contains(key) { return rest.isEmpty ? .end : nil }
        if begin.contains(key) { return .begin(rest: rest) }
        return nil
    }

    private static func leadingSpace(_ line: Substring) -> Int {
        line.prefix { $0.unicodeScalars.allSatisfy(\.properties.isWhitespace) }.count
    }

    /// eBay frames a member message with "New message from: NAME" and ends it at "Reply" or the item lines.
    static let ebayBegin: Set<String> = [
        "new message from", "neue nachricht von", "nouveau message de", "nuovo messaggio da", "nuevo mensaje de",
    ]
    static let ebayEnd: Set<String> = ["reply", "respond", "antworten", "repondre", "rispondi", "responder"]

    enum Style { case amazon, ebay }

    struct Extracted: Equatable {
        var body: String
        /// Stopped at an end marker or a quoted original (not at the end of the text).
        var foundEnd: Bool
        /// The marker lines and everything between them (the notice's own lines are outside).
        var lines: Range<Int>
    }

    /// The framed text, or nil when no begin marker is found. Without an end marker the text runs to
    /// a quoted original or the end.
    static func extract(_ lines: [Substring], style: Style = .amazon) -> Extracted? {
        var start: Int?
        var first = ""
        for (n, line) in lines.enumerated() {
            if case .begin(let rest)? = marker(line) {
                start = n
                first = rest
                break
            }
            if style == .ebay, line.utf8.count <= 200, let (label, _) = NoticeText.labelled(line), ebayBegin.contains(label) {
                start = n
                break
            }
        }
        guard let start else { return nil }
        var body: [Substring] = first.isEmpty ? [] : [Substring(first)]
        var foundEnd = false
        var n = start + 1
        while n < lines.count {
            let line = lines[n]
            if case .end? = marker(line) {
                foundEnd = true
                break
            }
            if style == .ebay, line.utf8.count <= 200, isEbayEnd(line) {
                foundEnd = true
                break
            }
            if QuoteCut.startsQuote(lines, at: n) {
                foundEnd = true
                break
            }
            body.append(line)
            n += 1
        }
        return Extracted(body: tidy(body), foundEnd: foundEnd, lines: start..<min(n + 1, lines.count))
    }

    private static func isEbayEnd(_ line: Substring) -> Bool {
        let f = NoticeText.trimmed(NoticeText.folded(line))
        if ebayEnd.contains(f) { return true }
        if let (label, _) = NoticeText.labelled(line), let field = NoticeFields.labels[label] {
            return field == .itemNumber || field == .title
        }
        return false
    }

    /// Lines joined, blank lines at both ends and trailing spaces removed.
    static func tidy(_ lines: [Substring]) -> String {
        var out = lines.map { line -> Substring in
            var l = line
            while let last = l.unicodeScalars.last, last == " " || last == "\t" { l = Substring(l.unicodeScalars.dropLast()) }
            return l
        }
        while let f = out.first, NoticeText.trimmed(f).isEmpty { out.removeFirst() }
        while let l = out.last, NoticeText.trimmed(l).isEmpty { out.removeLast() }
        return out.joined(separator: "\n")
    }
}

/// Where a quoted earlier message starts inside a reply: `>` lines, "On … wrote:", "-----Original
/// Message-----", Outlook's "From: … Sent: …" block, and their localised forms (own reconstructions).
enum QuoteCut {
    static let separators = [
        "original message", "ursprungliche nachricht", "originalnachricht", "message d'origine", "message original",
        "messaggio originale", "mensaje original", "元のメッセージ", "転送メッセージ", "forwarded message",
    ]
    /// An attribution line, folded: its first word, a word inside, and it ends with ":" — "On Fri, 20 Nov
    /// 2026, Jane <j@example.com> wrote:", "Am 20.11.2026 um 09:12 schrieb Lampen-Shop:", "Le … a écrit :".
    static let attributions: [(start: String, verb: String)] = [
        ("on ", " wrote"), ("am ", " schrieb"), ("le ", " a ecrit"), ("il ", " ha scritto"), ("el ", " escribio"),
        ("op ", " geschreven"), ("em ", " escreveu"),
    ]
    static let headerStarts = ["from:", "von:", "de:", "da:", "差出人:", "送信者:"]
    static let headerFollows = ["sent:", "date:", "gesendet:", "datum:", "envoye:", "date :", "inviato:", "data:", "enviado:", "fecha:", "送信日時:", "日付:"]

    static func startsQuote(_ lines: [Substring], at n: Int) -> Bool {
        let line = lines[n]
        if line.utf8.first == 62 { return true } // ">"
        guard line.utf8.count <= 300 else { return false }
        let f = NoticeText.trimmed(NoticeText.folded(line))
        if f.hasPrefix(">") { return true }
        if f.hasPrefix("---") || f.hasPrefix("___") || f.hasPrefix("-----") {
            return separators.contains { f.contains($0) }
        }
        if f.hasSuffix(":"), attributions.contains(where: { f.hasPrefix($0.start) && f.contains($0.verb) }) { return true }
        // Attribution wrapped onto two lines: "On Mon, 3 Feb 2026 at 10:00, Jane <j@example.com>" / "wrote:".
        if n + 1 < lines.count, lines[n + 1].utf8.count <= 300 {
            let joined = f + " " + NoticeText.trimmed(NoticeText.folded(lines[n + 1]))
            if joined.hasSuffix(":"), attributions.contains(where: { f.hasPrefix($0.start) && joined.contains($0.verb) && !f.contains($0.verb) }) {
                return true
            }
        }
        if f.hasSuffix("書きました:") || f.hasSuffix("のメッセージ:") && f.contains("<") { return true }
        if headerStarts.contains(where: { f.hasPrefix($0) }), n + 1 < lines.count {
            for k in (n + 1)..<min(n + 4, lines.count) {
                let next = NoticeText.trimmed(NoticeText.folded(lines[k]))
                if headerFollows.contains(where: { next.hasPrefix($0) }) { return true }
            }
        }
        return false
    }
}
