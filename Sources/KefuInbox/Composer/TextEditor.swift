import KefuBase

/// The reply composer's editing model: lines of grapheme clusters and a cursor. A pure value type;
/// the composer view draws `visualRows(width:)` and puts the terminal cursor at
/// `cursorVisual(width:)`.
///
/// Columns count `Character`s (grapheme clusters), so the cursor can never sit inside an emoji
/// sequence or between a base and its combining marks. Display columns (what the terminal shows)
/// come from `DisplayText.width(of:)`: CJK and emoji take 2 cells, combining marks 0.
///
/// Control and bidi characters (pasted, typed, or back from the agent's editor: ESC, BEL, DEL, C1,
/// U+202E…) stay in the text so the composer can show them (`glyph(_:)`, one cell each, e.g. "␛");
/// they never leave: `MailMessage` removes them from what is sent.
///
/// Equality includes the remembered goal column of up/down moves: two editors with the same text and
/// cursor can still behave differently on the next up/down move.
public struct TextEditor: Sendable, Equatable {

    /// A place between two characters; column `lines[line].count` is the end of the line.
    public struct Position: Sendable, Equatable, Comparable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        public static func < (a: Position, b: Position) -> Bool {
            (a.line, a.column) < (b.line, b.column)
        }
    }

    /// One soft-wrapped screen row: `text` is drawn from column `startColumn` of `lines[line]`.
    /// Spaces that overflow the right edge right after a word "hang": they belong to the row but
    /// are not in `text`, so the next row starts with the next word rather than a blank.
    public struct VisualRow: Sendable, Equatable {
        public var line: Int
        public var startColumn: Int
        public var text: String

        public init(line: Int, startColumn: Int, text: String) {
            self.line = line
            self.startColumn = startColumn
            self.text = text
        }
    }

    /// The display column that up/down moves aim for, so passing through a short line (or a wide
    /// character) doesn't lose the column. Survives consecutive vertical moves; edits and
    /// horizontal moves clear it.
    private enum Goal: Sendable, Equatable {
        case line(Int)              // within a logical line
        case row(Int, width: Int)   // within a visual row, for that pane width
    }

    /// Never empty: an empty text is one empty line.
    public private(set) var lines: [[Character]]
    public private(set) var cursor: Position
    private var goal: Goal?

    /// The cursor starts at the end of `text`, which is normalised as by `insert(_:)`.
    public init(text: String = "") {
        lines = Self.normalizedLines(text).map(Array.init)
        cursor = Position(line: lines.count - 1, column: lines[lines.count - 1].count)
    }

    /// The lines joined by "\n".
    public var text: String {
        lines.map { String($0) }.joined(separator: "\n")
    }

    // MARK: - Editing

    /// Inserts at the cursor and leaves the cursor after the insertion. "\r\n", "\r", "\n" (and
    /// U+2028/U+2029) split lines, a tab becomes four spaces (the cell grid has no tab stops),
    /// other control characters are dropped.
    public mutating func insert(_ s: String) {
        let pieces = Self.normalizedLines(s)
        if pieces == [""] { return }
        replace(cursor..<cursor, with: pieces)
    }

    /// Replaces whole lines `range` with `s` (normalised as by `insert`), the cursor after it.
    public mutating func replaceLines(_ range: Range<Int>, with s: String) {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= lines.count else { return }
        let last = range.upperBound - 1
        replace(Position(line: range.lowerBound, column: 0)..<Position(line: last, column: lines[last].count), with: Self.normalizedLines(s))
    }

    /// Backspace: deletes the character before the cursor, or joins with the previous line.
    public mutating func deleteBackward() {
        guard let before = position(before: cursor) else { return }
        replace(before..<cursor, with: [""])
    }

    /// Delete: deletes the character after the cursor, or joins with the next line.
    public mutating func deleteForward() {
        guard let after = position(after: cursor) else { return }
        replace(cursor..<after, with: [""])
    }

    /// Ctrl-U: deletes from the line start to the cursor. At column 0 it removes the line break
    /// instead, so repeated presses keep clearing upwards.
    public mutating func deleteToLineStart() {
        if cursor.column == 0 {
            deleteBackward()
        } else {
            replace(Position(line: cursor.line, column: 0)..<cursor, with: [""])
        }
    }

    /// Ctrl-K: deletes from the cursor to the end of the line; at the end it removes the line break
    /// instead, so repeated presses keep joining (readline, emacs).
    public mutating func deleteToLineEnd() {
        let end = Position(line: cursor.line, column: lines[cursor.line].count)
        if cursor == end { deleteForward() } else { replace(cursor..<end, with: [""]) }
    }

    /// Deletes the cursor's whole line with its break; the cursor goes to the start of the line that
    /// takes its place (the one above, for the last line). The only line is emptied.
    public mutating func deleteLine() {
        let l = cursor.line
        if lines.count == 1 {
            replace(Position(line: 0, column: 0)..<Position(line: 0, column: lines[0].count), with: [""])
        } else if l < lines.count - 1 {
            replace(Position(line: l, column: 0)..<Position(line: l + 1, column: 0), with: [""])
        } else {
            replace(Position(line: l - 1, column: lines[l - 1].count)..<Position(line: l, column: lines[l].count), with: [""])
            cursor = Position(line: l - 1, column: 0)
        }
        goal = nil
    }

    /// Ctrl-W: deletes back to where `moveWordLeft` would go.
    public mutating func deleteWordBackward() {
        let start = wordBoundary(from: cursor, forward: false)
        if start < cursor { replace(start..<cursor, with: [""]) }
    }

    // MARK: - Horizontal moves

    /// Crosses line ends: at column 0 goes to the end of the previous line.
    public mutating func moveLeft() {
        if let p = position(before: cursor) { cursor = p }
        goal = nil
    }

    /// Crosses line ends: at the end of a line goes to the start of the next one.
    public mutating func moveRight() {
        if let p = position(after: cursor) { cursor = p }
        goal = nil
    }

    public mutating func moveLineStart() {
        cursor.column = 0
        goal = nil
    }

    public mutating func moveLineEnd() {
        cursor.column = lines[cursor.line].count
        goal = nil
    }

    /// To the start of the previous word (see `wordBoundary`).
    public mutating func moveWordLeft() {
        cursor = wordBoundary(from: cursor, forward: false)
        goal = nil
    }

    /// To the end of the next word (see `wordBoundary`).
    public mutating func moveWordRight() {
        cursor = wordBoundary(from: cursor, forward: true)
        goal = nil
    }

    /// Moves to `p`, clamped into the text.
    public mutating func setCursor(_ p: Position) {
        let line = min(max(p.line, 0), lines.count - 1)
        cursor = Position(line: line, column: min(max(p.column, 0), lines[line].count))
        goal = nil
    }

    // MARK: - Vertical moves

    /// To the previous logical line at the goal display column. On the first line, goes to the
    /// start of the text but keeps the goal, so moving back down returns to the same column.
    public mutating func moveUp() { moveLine(by: -1) }

    /// To the next logical line at the goal display column; on the last line, to the end.
    public mutating func moveDown() { moveLine(by: 1) }

    /// To the visual row above at the goal display column, for a pane `width` columns wide.
    public mutating func moveVisualUp(width: Int) { moveRow(by: -1, width: width) }

    /// To the visual row below at the goal display column, for a pane `width` columns wide.
    public mutating func moveVisualDown(width: Int) { moveRow(by: 1, width: width) }

    private mutating func moveLine(by delta: Int) {
        let column: Int
        if case .line(let c) = goal { column = c } else { column = Self.width(lines[cursor.line][..<cursor.column]) }
        let target = cursor.line + delta
        if target < 0 {
            cursor = Position(line: 0, column: 0)
        } else if target >= lines.count {
            cursor = end
        } else {
            cursor = Position(line: target, column: Self.offset(in: lines[target][...], atDisplayColumn: column))
        }
        goal = .line(column)
    }

    private mutating func moveRow(by delta: Int, width: Int) {
        let rows = rowSpans(width: width)
        let (row, current) = cursorVisual(width: width)
        let column: Int
        if case .row(let c, let w) = goal, w == width { column = c } else { column = current }
        let target = row + delta
        if target < 0 {
            cursor = Position(line: 0, column: 0)
        } else if target >= rows.count {
            cursor = end
        } else {
            let (line, span) = rows[target]
            var c = span.start + Self.offset(in: lines[line][span.start..<span.visibleEnd], atDisplayColumn: column)
            // The end of a row that isn't a line's last would show at the start of the next row.
            if c == span.end && c < lines[line].count { c -= 1 }
            cursor = Position(line: line, column: c)
        }
        goal = .row(column, width: width)
    }

    // MARK: - Soft wrap

    /// The text soft-wrapped for a pane `width` display columns wide. Rows break after the spaces
    /// that follow a word, or on either side of a wide character (CJK has no spaces); a word too
    /// long for a row is cut at the last character that fits. Graphemes are never split and a wide
    /// character that doesn't fit moves to the next row. An empty line gives one empty row.
    /// (Only with `width` 1 can a row overflow: a wide character then sits alone on its row.)
    public func visualRows(width: Int) -> [VisualRow] {
        rowSpans(width: width).map { line, span in
            VisualRow(line: line, startColumn: span.start, text: String(lines[line][span.start..<span.visibleEnd]))
        }
    }

    /// The cursor's row index in `visualRows(width:)` and its display column in that row. At a
    /// boundary between two rows of a line the cursor shows at the start of the lower row; at the
    /// end of a line it stays on the line's last row, so `column` can equal `width` when that
    /// row is full (likewise just before spaces hanging past the edge).
    public func cursorVisual(width: Int) -> (row: Int, column: Int) {
        let rows = rowSpans(width: width)
        let row = rows.lastIndex { Position(line: $0.line, column: $0.span.start) <= cursor } ?? 0
        let start = rows[row].span.start
        return (row, min(Self.width(lines[cursor.line][start..<cursor.column]), max(width, 1)))
    }

    private typealias Span = SoftWrap.Span

    private func rowSpans(width: Int) -> [(line: Int, span: Span)] {
        lines.indices.flatMap { line in
            SoftWrap.spans(of: lines[line], width: max(width, 1), cellWidth: Self.cellWidth).map { (line, $0) }
        }
    }

    // MARK: - Words

    private enum WordClass {
        case blank, word, ideograph, other
    }

    /// Letters, digits and "_" make words; punctuation and symbols make their own runs (as in Vim).
    /// Han and kana make separate runs because Chinese and Japanese put no spaces between words,
    /// so a run stops at the next punctuation mark or script change.
    private static func wordClass(_ ch: Character) -> WordClass {
        if ch.isWhitespace { return .blank }   // including the "\n" between lines
        let first = ch.unicodeScalars.first!
        if first.properties.isIdeographic || (0x3040...0x30FF).contains(first.value) { return .ideograph }
        if ch.isLetter || ch.isNumber || ch == "_" { return .word }
        return .other
    }

    /// Emacs-style word motion: skip blanks (line breaks count as blanks), then one run of
    /// characters of the same class.
    private func wordBoundary(from p: Position, forward: Bool) -> Position {
        let p = skip(from: p, forward: forward) { $0 == .blank }
        guard let ch = forward ? character(after: p) : character(before: p) else { return p }
        let cls = Self.wordClass(ch)
        return skip(from: p, forward: forward) { $0 == cls }
    }

    private func skip(from p: Position, forward: Bool, while matches: (WordClass) -> Bool) -> Position {
        var p = p
        while let ch = forward ? character(after: p) : character(before: p), matches(Self.wordClass(ch)) {
            p = (forward ? position(after: p) : position(before: p))!
        }
        return p
    }

    // MARK: - Helpers

    private var end: Position {
        Position(line: lines.count - 1, column: lines[lines.count - 1].count)
    }

    private func position(before p: Position) -> Position? {
        if p.column > 0 { return Position(line: p.line, column: p.column - 1) }
        if p.line > 0 { return Position(line: p.line - 1, column: lines[p.line - 1].count) }
        return nil
    }

    private func position(after p: Position) -> Position? {
        if p.column < lines[p.line].count { return Position(line: p.line, column: p.column + 1) }
        if p.line < lines.count - 1 { return Position(line: p.line + 1, column: 0) }
        return nil
    }

    /// The character before `p`; a line break reads as "\n".
    private func character(before p: Position) -> Character? {
        if p.column > 0 { return lines[p.line][p.column - 1] }
        return p.line > 0 ? "\n" : nil
    }

    /// The character after `p`; a line break reads as "\n".
    private func character(after p: Position) -> Character? {
        if p.column < lines[p.line].count { return lines[p.line][p.column] }
        return p.line < lines.count - 1 ? "\n" : nil
    }

    /// Replaces `range` with `pieces` (normalised lines, at least one) and puts the cursor after
    /// them. The joined line is re-segmented, so a combining mark or ZWJ typed on its own joins
    /// the character before it, just as if both had been pasted together.
    private mutating func replace(_ range: Range<Position>, with pieces: [String]) {
        let lo = range.lowerBound, hi = range.upperBound
        var new = pieces
        new[0] = String(lines[lo.line][..<lo.column]) + new[0]
        let column = new[new.count - 1].count
        new[new.count - 1] += String(lines[hi.line][hi.column...])
        lines.replaceSubrange(lo.line...hi.line, with: new.map(Array.init))
        let line = lo.line + new.count - 1
        cursor = Position(line: line, column: min(column, lines[line].count))
        goal = nil
    }

    /// Splits text into lines as `insert(_:)` describes.
    private static func normalizedLines(_ s: String) -> [String] {
        var lines = [String.UnicodeScalarView()]
        var afterCR = false
        for sc in s.unicodeScalars {
            defer { afterCR = sc == "\r" }
            switch sc {
            case "\n" where afterCR:
                continue   // the "\r" already broke the line
            case "\n", "\r", "\u{2028}", "\u{2029}":
                lines.append(String.UnicodeScalarView())
            case "\t":
                lines[lines.count - 1].append(contentsOf: "    ".unicodeScalars)
            default:
                // Control and bidi characters stay, to be shown (see the type's comment).
                lines[lines.count - 1].append(sc)
            }
        }
        return lines.map(String.init)
    }

    /// The cells `ch` takes in the composer: its visible stand-in's single cell for a control or
    /// bidi character, else its display width.
    static func cellWidth(_ ch: Character) -> Int {
        if let first = ch.unicodeScalars.first, TerminalText.isNeutralised(first.value) { return 1 }
        return DisplayText.width(of: ch)
    }

    /// What the composer draws for `ch`: a control or bidi character as its visible stand-in
    /// ("␛", "␇", "␡", "�"), anything else as it is.
    public static func glyph(_ ch: Character) -> String {
        guard let first = ch.unicodeScalars.first, let v = TerminalText.visible(first) else { return String(ch) }
        return String(v)
    }

    /// Display width of some characters.
    private static func width(_ chars: ArraySlice<Character>) -> Int {
        chars.reduce(0) { $0 + Self.cellWidth($1) }
    }

    /// The offset into `chars` nearest to display column `column` without passing it: a wide
    /// character whose second half is at `column` is left to the right of the result.
    private static func offset(in chars: ArraySlice<Character>, atDisplayColumn column: Int) -> Int {
        var used = 0
        for (i, ch) in chars.enumerated() {
            used += Self.cellWidth(ch)
            if used > column { return i }
        }
        return chars.count
    }
}
