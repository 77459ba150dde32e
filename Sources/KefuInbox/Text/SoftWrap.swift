/// The one soft-wrap rule, for the composer and for every wrapped text on screen, so CJK wraps
/// the same in both: rows break after the spaces that follow a word, or on either side of a wide
/// character (CJK has no spaces; UAX #14 allows a break next to ideographs and emoji); a word too
/// long for a row is cut at the last character that fits. Graphemes are never split; a wide
/// character that does not fit moves to the next row. Only with `width` 1 can a row overflow.
enum SoftWrap {
    /// A row's extent in its line: characters `start..<end` belong to it, `start..<visibleEnd`
    /// are drawn (the rest are spaces hanging past the edge).
    struct Span: Equatable {
        var start: Int
        var visibleEnd: Int
        var end: Int
    }

    /// The rows of one line (at least one, empty for an empty line).
    static func spans(of chars: [Character], width: Int, cellWidth: (Character) -> Int) -> [Span] {
        var spans: [Span] = []
        var start = 0
        repeat {
            let span = span(of: chars, from: start, width: width, cellWidth)
            spans.append(span)
            start = span.end
        } while start < chars.count
        return spans
    }

    /// The greedy row starting at `start`.
    private static func span(of chars: [Character], from start: Int, width: Int, _ cellWidth: (Character) -> Int) -> Span {
        var used = 0
        var lastBreak: Int? = nil   // the last place in this row where a break is allowed
        var sawWord = false         // a non-space character is in the row so far
        for i in start..<chars.count {
            let ch = chars[i]
            let w = cellWidth(ch)
            if i > start && canBreak(chars[i - 1], ch, afterWord: sawWord, cellWidth) { lastBreak = i }
            if used + w > width {
                if ch == " " && sawWord {
                    // The spaces after a word hang past the edge rather than open the next row.
                    let end = chars[i...].firstIndex { $0 != " " } ?? chars.count
                    return Span(start: start, visibleEnd: i, end: end)
                }
                let end = lastBreak ?? max(i, start + 1)
                return Span(start: start, visibleEnd: end, end: end)
            }
            if ch != " " { sawWord = true }
            used += w
        }
        return Span(start: start, visibleEnd: chars.count, end: chars.count)
    }

    /// Between `a` and `b`: after the spaces that follow a word (leading spaces of a row are not a
    /// break, or an indent would get a row of its own), or next to a wide character.
    private static func canBreak(_ a: Character, _ b: Character, afterWord: Bool, _ cellWidth: (Character) -> Int) -> Bool {
        (a == " " && b != " " && afterWord) || cellWidth(a) == 2 || cellWidth(b) == 2
    }
}
