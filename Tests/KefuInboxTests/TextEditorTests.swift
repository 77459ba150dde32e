import Testing
@testable import KefuInbox

@Suite struct TextEditorTests {

    private typealias Position = TextEditor.Position
    private typealias Row = TextEditor.VisualRow

    /// An editor holding `text` with the cursor at (line, column).
    private func editor(_ text: String, _ line: Int, _ column: Int) -> TextEditor {
        var e = TextEditor(text: text)
        e.setCursor(Position(line: line, column: column))
        return e
    }

    private func lines(_ e: TextEditor) -> [String] {
        e.lines.map { String($0) }
    }

    private func at(_ line: Int, _ column: Int) -> Position {
        Position(line: line, column: column)
    }

    /// Applies `move` `n` times.
    private func repeated(_ e: TextEditor, _ n: Int, _ move: (inout TextEditor) -> Void) -> TextEditor {
        var e = e
        for _ in 0..<n { move(&e) }
        return e
    }

    // MARK: Inserting

    @Test func emptyEditorHasOneEmptyLine() {
        let e = TextEditor()
        #expect(lines(e) == [""])
        #expect(e.cursor == at(0, 0))
        #expect(e.text == "")
        #expect(e.visualRows(width: 10) == [Row(line: 0, startColumn: 0, text: "")])
        #expect(e.cursorVisual(width: 10) == (0, 0))
    }

    @Test func insertASCII() {
        var e = TextEditor()
        e.insert("hello")
        #expect(lines(e) == ["hello"])
        #expect(e.cursor == at(0, 5))
        e.setCursor(at(0, 2))
        e.insert("XY")
        #expect(e.text == "heXYllo")
        #expect(e.cursor == at(0, 4))
    }

    @Test func insertCJK() {
        var e = TextEditor(text: "ab")
        e.insert("中文")
        #expect(e.lines == [["a", "b", "中", "文"]])
        #expect(e.cursor == at(0, 4))
        #expect(e.cursorVisual(width: 80) == (0, 6))   // a b = 2 cells, 中文 = 4
        e.moveLeft()
        #expect(e.cursorVisual(width: 80) == (0, 4))
    }

    @Test func zwjEmojiIsOneCharacterTwoColumns() {
        var e = TextEditor(text: "a👩‍💻b")
        #expect(e.lines[0].count == 3)
        #expect(e.lines[0][1] == "👩‍💻")
        #expect(e.cursorVisual(width: 80) == (0, 4))
        e.moveLeft()
        e.moveLeft()                                  // over the whole sequence at once
        #expect(e.cursor == at(0, 1))
        #expect(e.cursorVisual(width: 80) == (0, 1))
        e.deleteForward()
        #expect(e.text == "ab")
    }

    @Test func zwjSequenceTypedPieceByPieceJoins() {
        var e = TextEditor()
        e.insert("👩")
        e.insert("\u{200D}")
        e.insert("💻")
        #expect(e.lines == [["👩‍💻"]])
        #expect(e.cursor == at(0, 1))
        e.deleteBackward()                            // deletes the cluster, not its last scalar
        #expect(e.text == "")
    }

    @Test func combiningMarkJoinsItsBase() {
        var e = TextEditor(text: "cafe")
        e.insert("\u{301}")
        #expect(e.lines[0].count == 4)
        #expect(e.lines[0][3] == "e\u{301}")
        #expect(e.cursor == at(0, 4))
        #expect(e.cursorVisual(width: 80) == (0, 4))  // the mark takes no cell
        e.deleteBackward()
        #expect(e.text == "caf")
    }

    @Test func combiningMarkAtLineStartJoinsWhenLinesJoin() {
        var e = editor("e\n\u{301}x", 1, 0)
        e.deleteBackward()
        #expect(e.lines == [["e\u{301}", "x"]])
        #expect(e.cursor == at(0, 1))
    }

    @Test func newlinesSplitLines() {
        var e = TextEditor()
        e.insert("a\r\nb\rc\nd")
        #expect(lines(e) == ["a", "b", "c", "d"])
        #expect(e.cursor == at(3, 1))
        #expect(e.text == "a\nb\nc\nd")
    }

    @Test func multiLineInsertInTheMiddle() {
        var e = editor("hello world", 0, 5)
        e.insert("1\r\n2")
        #expect(lines(e) == ["hello1", "2 world"])
        #expect(e.cursor == at(1, 1))
    }

    /// Control and bidi characters stay in the text, one cell each, so the composer can show them
    /// ("␛"); `MailMessage` removes them from what is sent (issue 14: they used to vanish unseen,
    /// and a bidi override was neither shown nor removed).
    @Test func tabsBecomeSpacesAndControlsAreKeptToBeShown() {
        var e = TextEditor()
        e.insert("x\ty\u{07}\u{1B}[0mz\u{7F}\u{85}\u{202E}")
        #expect(e.text == "x    y\u{07}\u{1B}[0mz\u{7F}\u{85}\u{202E}")
        #expect(e.cursor == at(0, 15))
        #expect(e.cursorVisual(width: 80).column == 15, "one cell each")
        #expect(e.lines[0].map(TextEditor.glyph).joined() == "x    y␇␛[0mz␡\u{FFFD}\u{FFFD}")
    }

    // MARK: Deleting

    @Test func deleteBackwardJoinsWithPreviousLine() {
        var e = editor("ab\ncd", 1, 0)
        e.deleteBackward()
        #expect(lines(e) == ["abcd"])
        #expect(e.cursor == at(0, 2))
        e = editor("ab", 0, 0)
        e.deleteBackward()                            // at the start of the text: nothing
        #expect(e.text == "ab")
    }

    @Test func deleteForwardJoinsWithNextLine() {
        var e = editor("ab\ncd", 0, 2)
        e.deleteForward()
        #expect(lines(e) == ["abcd"])
        #expect(e.cursor == at(0, 2))
        e.moveLineEnd()
        e.deleteForward()                             // at the end of the text: nothing
        #expect(e.text == "abcd")
    }

    @Test func deleteToLineStart() {
        var e = editor("first\nhello world", 1, 6)
        e.deleteToLineStart()
        #expect(lines(e) == ["first", "world"])
        #expect(e.cursor == at(1, 0))
        e.deleteToLineStart()                         // at column 0: removes the line break
        #expect(lines(e) == ["firstworld"])
        #expect(e.cursor == at(0, 5))
    }

    // MARK: Horizontal moves

    @Test func leftAndRightCrossLineEnds() {
        var e = editor("ab\ncd", 1, 0)
        e.moveLeft()
        #expect(e.cursor == at(0, 2))
        e.moveRight()
        #expect(e.cursor == at(1, 0))
        e = editor("ab", 0, 0)
        e.moveLeft()
        #expect(e.cursor == at(0, 0))
        e.moveLineEnd()
        e.moveRight()
        #expect(e.cursor == at(0, 2))
        e.moveLineStart()
        #expect(e.cursor == at(0, 0))
    }

    @Test func setCursorClamps() {
        var e = TextEditor(text: "abc\nde")
        e.setCursor(at(-3, 99))
        #expect(e.cursor == at(0, 3))
        e.setCursor(at(7, -1))
        #expect(e.cursor == at(1, 0))
    }

    // MARK: Vertical moves

    @Test func upDownKeepGoalColumnAcrossShortLine() {
        var e = editor("abcdefgh\nab\nabcdefgh", 0, 6)
        e.moveDown()
        #expect(e.cursor == at(1, 2))
        e.moveDown()
        #expect(e.cursor == at(2, 6))
        e.moveUp()
        e.moveUp()
        #expect(e.cursor == at(0, 6))
    }

    @Test func horizontalMoveResetsGoal() {
        var e = editor("abcdefgh\nab\nabcdefgh", 2, 6)
        e.moveUp()
        #expect(e.cursor == at(1, 2))
        e.moveLeft()
        e.moveDown()
        #expect(e.cursor == at(2, 1))
    }

    @Test func editResetsGoal() {
        var e = editor("abcdefgh\nab\nabcdefgh", 0, 6)
        e.moveDown()
        e.insert("x")
        e.moveDown()
        #expect(e.cursor == at(2, 3))
    }

    @Test func upDownNeverLandInsideWideCharacter() {
        // Display columns of 中文字: 中 0–1, 文 2–3, 字 4–5.
        var e = editor("abcdef\n中文字\nabcdef", 0, 3)
        e.moveDown()
        #expect(e.cursor == at(1, 1))                 // column 3 is 文's second half: before 文
        #expect(e.cursorVisual(width: 80) == (1, 2))
        e.moveDown()
        #expect(e.cursor == at(2, 3))                 // the goal survived the wide line

        e = editor("abcdef\n中文字\nabcdef", 0, 4)
        e.moveDown()
        #expect(e.cursor == at(1, 2))                 // exactly between 文 and 字
        e = editor("abcdef\n中文字\nabcdef", 0, 6)
        e.moveDown()
        #expect(e.cursor == at(1, 3))
    }

    @Test func upDownOverEmoji() {
        var e = editor("abcd\na👩‍💻b", 0, 2)
        e.moveDown()
        #expect(e.cursor == at(1, 1))                 // column 2 is the emoji's second half
        e = editor("abcd\na👩‍💻b", 0, 3)
        e.moveDown()
        #expect(e.cursor == at(1, 2))
    }

    @Test func upOnFirstLineGoesToStartAndKeepsGoal() {
        var e = editor("abc\nabcdef", 1, 5)
        e.moveUp()
        #expect(e.cursor == at(0, 3))
        e.moveUp()
        #expect(e.cursor == at(0, 0))
        e.moveDown()
        #expect(e.cursor == at(1, 5))
        e.moveDown()
        #expect(e.cursor == at(1, 6))                 // last line: to the end
    }

    // MARK: Words

    @Test func wordMovesStopAtPunctuationRuns() {
        let text = "foo.bar, baz"
        var e = editor(text, 0, 12)
        var stops: [Int] = []
        for _ in 0..<6 {
            e.moveWordLeft()
            stops.append(e.cursor.column)
        }
        #expect(stops == [9, 7, 4, 3, 0, 0])

        e = editor(text, 0, 0)
        stops = []
        for _ in 0..<6 {
            e.moveWordRight()
            stops.append(e.cursor.column)
        }
        #expect(stops == [3, 4, 7, 8, 12, 12])
    }

    @Test func wordMovesCrossLineBreaks() {
        var e = editor("hello there\n  world", 1, 2)
        e.moveWordLeft()
        #expect(e.cursor == at(0, 6))
        e.moveWordRight()
        #expect(e.cursor == at(0, 11))
        e.moveWordRight()
        #expect(e.cursor == at(1, 7))
    }

    @Test func deleteWordBackwardOverPunctuation() {
        var e = TextEditor(text: "foo.bar, baz")
        var states: [String] = []
        for _ in 0..<5 {
            e.deleteWordBackward()
            states.append(e.text)
        }
        #expect(states == ["foo.bar, ", "foo.bar", "foo.", "foo", ""])
    }

    @Test func deleteWordBackwardOverCJK() {
        var e = TextEditor(text: "我想退款，订单123")
        var states: [String] = []
        for _ in 0..<5 {
            e.deleteWordBackward()
            states.append(e.text)
        }
        #expect(states == ["我想退款，订单", "我想退款，", "我想退款", "", ""])
    }

    @Test func wordMovesOverCJKAndLatinMix() {
        var e = TextEditor(text: "退款 refund中文")
        e.moveWordLeft()
        #expect(e.cursor == at(0, 9))                 // 中文 is its own run
        e.moveWordLeft()
        #expect(e.cursor == at(0, 3))
        e.moveWordLeft()
        #expect(e.cursor == at(0, 0))
    }

    @Test func deleteWordBackwardAtLineStartTakesLineBreakAndWord() {
        var e = editor("hello\nworld", 1, 0)
        e.deleteWordBackward()
        #expect(lines(e) == ["world"])
        #expect(e.cursor == at(0, 0))
    }

    // MARK: Soft wrap

    @Test func wrapsEnglishAtWordBoundaries() {
        let e = TextEditor(text: "hello world again")
        #expect(e.visualRows(width: 10) == [
            Row(line: 0, startColumn: 0, text: "hello "),
            Row(line: 0, startColumn: 6, text: "world "),
            Row(line: 0, startColumn: 12, text: "again"),
        ])
    }

    @Test func hardWrapsLongWord() {
        let e = TextEditor(text: "see internationalization now")
        #expect(e.visualRows(width: 10) == [
            Row(line: 0, startColumn: 0, text: "see "),
            Row(line: 0, startColumn: 4, text: "internatio"),
            Row(line: 0, startColumn: 14, text: "nalization"),
            Row(line: 0, startColumn: 25, text: "now"),   // the space after "nalization" hangs
        ])
    }

    @Test func spacesOverflowingAfterAWordHang() {
        let e = TextEditor(text: "abcdefghij   klm")
        #expect(e.visualRows(width: 10) == [
            Row(line: 0, startColumn: 0, text: "abcdefghij"),
            Row(line: 0, startColumn: 13, text: "klm"),
        ])
        #expect(editor("abcdefghij   klm", 0, 13).cursorVisual(width: 10) == (1, 0))
        #expect(editor("abcdefghij   klm", 0, 11).cursorVisual(width: 10) == (0, 10))
    }

    @Test func wrapsCJKPairwise() {
        let e = TextEditor(text: "中文中文中文")
        #expect(e.visualRows(width: 10) == [
            Row(line: 0, startColumn: 0, text: "中文中文中"),
            Row(line: 0, startColumn: 5, text: "文"),
        ])
        // An odd width leaves the last cell empty rather than halving a character.
        #expect(e.visualRows(width: 9) == [
            Row(line: 0, startColumn: 0, text: "中文中文"),
            Row(line: 0, startColumn: 4, text: "中文"),
        ])
    }

    @Test func wideCharacterThatDoesNotFitMovesToNextRow() {
        let e = TextEditor(text: "abcdefghi中x")
        #expect(e.visualRows(width: 10) == [
            Row(line: 0, startColumn: 0, text: "abcdefghi"),
            Row(line: 0, startColumn: 9, text: "中x"),
        ])
        // CJK after a word may break at the character boundary, not only at the space.
        #expect(TextEditor(text: "hi 中文中文中文").visualRows(width: 10).map(\.text) == ["hi 中文中", "文中文"])
    }

    @Test func wrapNeverSplitsGraphemes() {
        let e = TextEditor(text: "👩‍💻👩‍💻👩‍💻e\u{301}e\u{301}")
        #expect(e.visualRows(width: 5).map(\.text) == ["👩‍💻👩‍💻", "👩‍💻e\u{301}e\u{301}"])
    }

    @Test func everyLineGetsRowsAndEmptyLineGetsOne() {
        let e = TextEditor(text: "abc\n\nabcdefghijkl")
        #expect(e.visualRows(width: 10) == [
            Row(line: 0, startColumn: 0, text: "abc"),
            Row(line: 1, startColumn: 0, text: ""),
            Row(line: 2, startColumn: 0, text: "abcdefghij"),
            Row(line: 2, startColumn: 10, text: "kl"),
        ])
    }

    @Test func cursorOnWrappedRows() {
        let text = "hello world again"
        #expect(editor(text, 0, 17).cursorVisual(width: 10) == (2, 5))
        #expect(editor(text, 0, 5).cursorVisual(width: 10) == (0, 5))
        #expect(editor(text, 0, 6).cursorVisual(width: 10) == (1, 0))   // boundary: next row
        #expect(editor(text, 0, 12).cursorVisual(width: 10) == (2, 0))
        #expect(editor("ab\n" + text, 1, 8).cursorVisual(width: 10) == (2, 2))
    }

    @Test func cursorAtEndOfFullRowStaysOnLastRow() {
        #expect(TextEditor(text: "abcdefghij").cursorVisual(width: 10) == (0, 10))
        #expect(TextEditor(text: "abcdefghij").visualRows(width: 10).count == 1)
        #expect(TextEditor(text: "abcdefghij\nx").cursorVisual(width: 10) == (1, 1))
    }

    @Test func cursorOnWrappedCJK() {
        let text = "中文中文中文"
        #expect(editor(text, 0, 6).cursorVisual(width: 10) == (1, 2))
        #expect(editor(text, 0, 5).cursorVisual(width: 10) == (1, 0))
        #expect(editor(text, 0, 4).cursorVisual(width: 10) == (0, 8))
    }

    @Test func visualUpDownKeepsDisplayColumn() {
        var e = TextEditor(text: "hello world again")
        e.moveVisualUp(width: 10)
        #expect(e.cursor == at(0, 11))                // before the trailing space of "world "
        #expect(e.cursorVisual(width: 10) == (1, 5))
        e.moveVisualUp(width: 10)
        #expect(e.cursor == at(0, 5))
        e.moveVisualUp(width: 10)
        #expect(e.cursor == at(0, 0))                 // top row: to the start
        e = TextEditor(text: "hello world again")
        e.moveVisualUp(width: 10)
        e.moveVisualUp(width: 10)
        e.moveVisualDown(width: 10)
        e.moveVisualDown(width: 10)
        #expect(e.cursor == at(0, 17))
    }

    @Test func visualUpNeverLandsOnARowEnd() {
        // Column 6 of "hello " would show at the start of the next row, so stop before the space.
        var e = TextEditor(text: "hello abcdefghij")
        #expect(e.cursorVisual(width: 10) == (1, 10))
        e.moveVisualUp(width: 10)
        #expect(e.cursor == at(0, 5))
        #expect(e.cursorVisual(width: 10) == (0, 5))
        e.moveVisualDown(width: 10)                   // goal 10 was kept
        #expect(e.cursor == at(0, 16))
    }

    @Test func visualMovesCrossLinesAndWideCharacters() {
        var e = editor("ab\n中文中文中文", 1, 6)    // visual (2, 2)
        e.moveVisualUp(width: 10)
        #expect(e.cursor == at(1, 1))
        e.moveVisualUp(width: 10)
        #expect(e.cursor == at(0, 2))
        e = editor("abc\n中文中文中文", 0, 3)
        e.moveVisualDown(width: 10)
        #expect(e.cursor == at(1, 1))                 // column 3 is 文's second half
    }

    // MARK: Round trip

    @Test(arguments: ["", "a", "a\nb", "\n", "\n\n", "中文\n👩‍💻 e\u{301}\n\nend "])
    func textRoundTrips(_ text: String) {
        let e = TextEditor(text: text)
        #expect(e.text == text)
        #expect(e.lines.count == text.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(e.cursor.line == e.lines.count - 1)
        #expect(e.cursor.column == e.lines[e.lines.count - 1].count)
    }

    @Test func initNormalisesLikeInsert() {
        #expect(TextEditor(text: "a\r\nb\tc\u{1B}").text == "a\nb    c\u{1B}")
    }
}

/// Issue 17: kill to the end of the line and delete the whole line.
@Suite struct TextEditorKillTests {
    @Test func killToLineEndKeepsTheStartAndJoinsAtTheEnd() {
        var e = TextEditor(text: "Hello world\nsecond")
        e.setCursor(.init(line: 0, column: 5))
        e.deleteToLineEnd()
        #expect(e.text == "Hello\nsecond" && e.cursor == .init(line: 0, column: 5))
        e.deleteToLineEnd()                  // at the end: the line break goes, as in readline and emacs
        #expect(e.text == "Hellosecond" && e.cursor == .init(line: 0, column: 5))
    }

    @Test func deleteLineRemovesTheLineAndItsBreak() {
        var e = TextEditor(text: "one\ntwo\nthree")
        e.setCursor(.init(line: 1, column: 2))
        e.deleteLine()
        #expect(e.text == "one\nthree" && e.cursor == .init(line: 1, column: 0))
        e.setCursor(.init(line: 1, column: 3))
        e.deleteLine()                       // the last line: the one above keeps the cursor
        #expect(e.text == "one" && e.cursor == .init(line: 0, column: 0))
        e.deleteLine()                       // the only line is emptied
        #expect(e.text == "" && e.cursor == .init(line: 0, column: 0))
    }
}
