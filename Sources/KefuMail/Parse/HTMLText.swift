import Foundation

/// HTML mail → text an agent can read in a terminal. Not a DOM: a single forward scan over bytes that
/// drops invisible elements, turns block elements into line breaks and collapses whitespace, which is
/// all the notice-style HTML from marketplaces needs.
enum HTMLText {
    enum Tag { case comment, br, li, cell, link, pre, hidden, paragraph, line }
    /// What each tag that matters does; one dictionary lookup per tag.
    static let tags: [String: Tag] = {
        var t: [String: Tag] = ["!--": .comment, "br": .br, "li": .li, "td": .cell, "th": .cell, "a": .link, "pre": .pre]
        // Content never shown.
        for n in ["script", "style", "head", "title", "noscript", "template", "xml"] { t[n] = .hidden }
        // A blank line around them.
        for n in ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"] { t[n] = .paragraph }
        // A line of their own.
        for n in ["div", "tr", "table", "ul", "ol", "dl", "dt", "dd", "section", "article", "header", "footer", "center",
                  "address", "form", "fieldset", "nav", "main", "aside", "figure", "figcaption", "caption", "tbody", "thead",
                  "tfoot"] { t[n] = .line }
        return t
    }()
    /// Links longer than this are left out of "text (url)": tracking URLs would drown the text.
    static let maxShownURL = 160

    static func convert(_ html: String) -> String {
        var html = html
        return html.withUTF8 { convert($0) }
    }

    static func convert(_ b: UnsafeBufferPointer<UInt8>) -> String {
        var w = Writer()
        var unclosed: Set<String> = [] // hidden elements already known to have no closing tag
        var link: (href: String, start: Int)?
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 38 { // &
                let (bytes, next) = entity(b, at: i)
                if bytes == [32] || bytes == [0xC2, 0xA0] { w.space() } else { w.text(bytes) }
                i = next
            } else if c == 60, i + 1 < b.count, let tag = readTag(b, at: i) {
                i = tag.end
                switch tags[tag.name] {
                case .comment?:
                    i = MailBytes.find(Array("-->".utf8), in: b, from: i, to: b.count).map { $0 + 3 } ?? b.count
                case .br?:
                    w.breaks = min(w.breaks + 1, 2)
                case .li?:
                    w.lineBreak(1)
                    if !tag.closing { w.text(Array("- ".utf8)) }
                case .cell?:
                    w.space()
                case .link?:
                    if !tag.closing {
                        link = (tag.href ?? "", w.out.count)
                    } else if let l = link {
                        w.linkTarget(l.href, textFrom: l.start)
                        link = nil
                    }
                case .pre?:
                    w.pre = max(0, w.pre + (tag.closing ? -1 : 1))
                    w.lineBreak(2)
                case .hidden?:
                    if !tag.closing, !unclosed.contains(tag.name) {
                        if let close = closing(tag.name, in: b, from: i) { i = close } else { unclosed.insert(tag.name) }
                    }
                case .paragraph?:
                    w.lineBreak(2)
                case .line?:
                    w.lineBreak(1)
                case nil:
                    break
                }
            } else if c == 32 || c == 9 || c == 10 || c == 13 || c == 12 {
                if w.pre > 0 {
                    if c == 10 { w.breaks += 1 } else if c != 13 { w.text([c]) }
                } else {
                    w.space()
                }
                i += 1
            } else {
                // A run of plain bytes up to the next markup or whitespace.
                var j = i + 1
                while j < b.count, b[j] != 60, b[j] != 38, b[j] > 32 { j += 1 }
                w.text(UnsafeBufferPointer(rebasing: b[i..<j]))
                i = j
            }
        }
        return String(decoding: w.out, as: UTF8.self)
    }

    /// Output with whitespace owed rather than written, so runs collapse and lines never end in spaces.
    struct Writer {
        var out: [UInt8] = []
        var breaks = 0
        var pendingSpace = false
        var pre = 0

        mutating func space() { pendingSpace = true }

        mutating func lineBreak(_ n: Int) { breaks = max(breaks, n) }

        mutating func text(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { text($0) }
        }

        mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard !bytes.isEmpty else { return }
            if breaks > 0 {
                if !out.isEmpty {
                    var trailing = 0
                    while trailing < out.count, out[out.count - 1 - trailing] == 10 { trailing += 1 }
                    for _ in 0..<max(0, min(breaks, 2) - trailing) { out.append(10) }
                }
            } else if pendingSpace, let last = out.last, last != 10, last != 32 {
                out.append(32)
            }
            breaks = 0
            pendingSpace = false
            out.append(contentsOf: bytes)
        }

        /// Appends " (url)" when the link's visible text does not already say where it goes.
        mutating func linkTarget(_ href: String, textFrom start: Int) {
            let h = Array(href.utf8)
            let mail = HTMLText.hasPrefix(h[...], HTMLText.mailto)
            guard mail || HTMLText.hasPrefix(h[...], HTMLText.http) || HTMLText.hasPrefix(h[...], HTMLText.https),
                  h.count <= HTMLText.maxShownURL, start <= out.count else { return }
            var lo = start, hi = out.count
            while lo < hi, MailBytes.isSpace(out[lo]) { lo += 1 }
            while hi > lo, MailBytes.isSpace(out[hi - 1]) { hi -= 1 }
            guard lo < hi, HTMLText.bare(out[lo..<hi]) != HTMLText.bare(h[...]) else { return }
            pendingSpace = true
            text(Array("(".utf8) + h.dropFirst(mail ? 7 : 0) + Array(")".utf8))
        }
    }

    // MARK: Tags

    /// A tag at `b[i] == "<"`: its lowercased name ("!--" for a comment, "!" for a doctype or CDATA),
    /// whether it closes, its href, and where it ends. `nil` when "<" is just text.
    static func readTag(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (name: String, closing: Bool, href: String?, end: Int)? {
        var j = i + 1
        if b[j] == 33 { // "!"
            if j + 2 < b.count, b[j + 1] == 45, b[j + 2] == 45 { return ("!--", false, nil, j + 3) }
            return ("!", false, nil, (MailBytes.find(62, in: b, from: j, to: b.count) ?? b.count - 1) + 1)
        }
        if b[j] == 63 { return ("?", false, nil, (MailBytes.find(62, in: b, from: j, to: b.count) ?? b.count - 1) + 1) }
        let closing = b[j] == 47
        if closing { j += 1 }
        let nameStart = j
        while j < b.count, isNameByte(b[j]) { j += 1 }
        guard j > nameStart, isLetter(b[nameStart]) else { return nil }
        var lowered = [UInt8]()
        for k in nameStart..<j { lowered.append(MailASCII.lower(b[k])) }
        let name = String(decoding: lowered, as: UTF8.self)
        var href: String?
        // Attributes: name[=value], value quoted with ' or " or bare; ">" inside quotes does not end the tag.
        while j < b.count, b[j] != 62 {
            if b[j] <= 32 || b[j] == 47 { j += 1; continue }
            let attrStart = j
            while j < b.count, b[j] > 32, b[j] != 61, b[j] != 62, b[j] != 47 { j += 1 }
            let isHref = j - attrStart == 4 && MailASCII.lower(b[attrStart]) == 104 && MailASCII.lower(b[attrStart + 1]) == 114
                && MailASCII.lower(b[attrStart + 2]) == 101 && MailASCII.lower(b[attrStart + 3]) == 102
            while j < b.count, b[j] <= 32 { j += 1 }
            guard j < b.count, b[j] == 61 else { continue }
            j += 1
            while j < b.count, b[j] <= 32 { j += 1 }
            var valueStart = j, valueEnd = j
            if j < b.count, b[j] == 34 || b[j] == 39 {
                let quote = b[j]
                valueStart = j + 1
                valueEnd = MailBytes.find(quote, in: b, from: valueStart, to: b.count) ?? b.count
                j = min(valueEnd + 1, b.count)
            } else {
                while j < b.count, b[j] > 32, b[j] != 62 { j += 1 }
                valueEnd = j
            }
            if isHref, valueStart <= valueEnd {
                href = MailASCII.trimmed(decodeEntities(ArraySlice(UnsafeBufferPointer(rebasing: b[valueStart..<valueEnd]))))
            }
        }
        return (name, closing, href, min(j + 1, b.count))
    }

    /// Where the content of a hidden element ends (after its closing tag); `nil` for an unclosed
    /// `<head>`, so a sender's missing `</head>` does not hide the whole mail.
    static func closing(_ name: String, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let needle = Array("</\(name)".utf8)
        var i = from
        while let lt = MailBytes.find(60, in: b, from: i, to: b.count) {
            if lt + needle.count <= b.count, b[lt + 1] == 47,
               zip(b[lt..<(lt + needle.count)], needle).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                return (MailBytes.find(62, in: b, from: lt, to: b.count) ?? b.count - 1) + 1
            }
            i = lt + 1
        }
        return name == "head" ? nil : b.count
    }

    /// Whether `s` starts with the lowercase ASCII `p`, ignoring case.
    static func hasPrefix(_ s: ArraySlice<UInt8>, _ p: [UInt8]) -> Bool {
        guard s.count >= p.count else { return false }
        var i = 0
        while i < p.count {
            if MailASCII.lower(s[s.startIndex + i]) != p[i] { return false }
            i += 1
        }
        return true
    }

    static let mailto = Array("mailto:".utf8), http = Array("http://".utf8), https = Array("https://".utf8)
    static let ignoredPrefixes = [mailto, https, http, Array("www.".utf8)]

    /// A link text or URL reduced for comparison: lowercased, without scheme, "www." and trailing "/".
    static func bare(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var v = s
        for p in ignoredPrefixes where hasPrefix(v, p) { v = v.dropFirst(p.count) }
        while v.last == 47 { v = v.dropLast() }
        var out = [UInt8]()
        out.reserveCapacity(v.count)
        for c in v { out.append(MailASCII.lower(c)) }
        return out
    }

    static func isLetter(_ c: UInt8) -> Bool { (65...90).contains(c) || (97...122).contains(c) }
    static func isNameByte(_ c: UInt8) -> Bool { isLetter(c) || (48...57).contains(c) || c == 45 || c == 58 }
}
