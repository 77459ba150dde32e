import Testing
@testable import KefuInbox
import KefuBase

@Suite struct DisplayTextTests {

    // MARK: width

    @Test func asciiWidth() {
        #expect(DisplayText.width("") == 0)
        #expect(DisplayText.width("hello, world") == 12)
        #expect(DisplayText.width(of: "a") == 1)
        #expect(DisplayText.width(of: " ") == 1)
        #expect(DisplayText.width(of: "~") == 1)
        // Controls never take a cell (they are sanitised away before display anyway).
        #expect(DisplayText.width(of: "\u{1B}") == 0)
        #expect(DisplayText.width(of: "\u{7F}") == 0)
        #expect(DisplayText.width(of: "\r\n") == 0)
        #expect(DisplayText.width("a\tb") == 2)
    }

    @Test func latinAndOtherNarrowScripts() {
        #expect(DisplayText.width("café") == 4)                 // precomposed é
        #expect(DisplayText.width("Привет") == 6)
        #expect(DisplayText.width("שלום") == 4)
        #expect(DisplayText.width("ｱｲｳ") == 3)                   // halfwidth katakana stay narrow
    }

    @Test func cjkIsWide() {
        #expect(DisplayText.width("中文") == 4)
        #expect(DisplayText.width(of: "中") == 2)
        #expect(DisplayText.width("订单号123") == 9)
        #expect(DisplayText.width(of: "\u{3000}") == 2)        // ideographic space
        #expect(DisplayText.width(of: "\u{20000}") == 2)       // CJK Extension B
    }

    @Test func kanaAndHangulAreWide() {
        #expect(DisplayText.width("ひらがな") == 8)
        #expect(DisplayText.width("カタカナ") == 8)
        #expect(DisplayText.width("한국어") == 6)
        // Conjoining jamo L+V+T form one wide cluster.
        #expect(DisplayText.width(of: "\u{1100}\u{1161}\u{11A8}") == 2)
    }

    @Test func fullwidthFormsAreWide() {
        #expect(DisplayText.width(of: "Ａ") == 2)
        #expect(DisplayText.width("ＡＢＣ") == 6)
        #expect(DisplayText.width(of: "￥") == 2)               // U+FFE5
        #expect(DisplayText.width(of: "！") == 2)               // U+FF01
    }

    @Test func emojiWidths() {
        #expect(DisplayText.width(of: "😀") == 2)
        #expect(DisplayText.width(of: "👩‍💻") == 2)             // ZWJ sequence
        #expect(DisplayText.width(of: "👨‍👩‍👧‍👦") == 2)             // long ZWJ family
        #expect(DisplayText.width(of: "🇩🇪") == 2)             // flag = regional-indicator pair
        #expect(DisplayText.width(of: "\u{1F1E9}") == 1)       // lone regional indicator
        #expect(DisplayText.width(of: "\u{26A0}\u{FE0F}") == 2) // ⚠️ with VS16
        #expect(DisplayText.width(of: "\u{26A0}") == 1)        // ⚠ text presentation
        #expect(DisplayText.width(of: "1\u{FE0F}\u{20E3}") == 2) // 1️⃣ keycap
        #expect(DisplayText.width(of: "👍🏽") == 2)              // skin tone
        #expect(DisplayText.width("ok 👍") == 5)
        // The whole string is counted per cluster, not per scalar.
        #expect(DisplayText.width("🇩🇪👩‍💻1️⃣") == 6)
    }

    @Test func combiningAndZeroWidth() {
        let decomposed = "e\u{0301}"
        #expect(decomposed.count == 1)
        #expect(DisplayText.width(of: Character(decomposed)) == 1)
        #expect(DisplayText.width("cafe\u{0301}") == 4)
        #expect(DisplayText.width(of: "\u{0301}") == 0)        // lone combining mark
        #expect(DisplayText.width(of: "\u{200B}") == 0)        // ZWSP
        #expect(DisplayText.width(of: "\u{200D}") == 0)        // ZWJ
        #expect(DisplayText.width(of: "\u{FE0F}") == 0)        // lone VS16
        #expect(DisplayText.width(of: "\u{3099}") == 0)        // combining kana voiced mark
        #expect(DisplayText.width("か\u{3099}") == 2)           // が, decomposed
        #expect(DisplayText.width(of: "a\u{FE0F}") == 1)       // VS16 on a non-emoji does not widen
        #expect(DisplayText.width(of: "\u{00A9}\u{200D}") == 1) // a dangling ZWJ joins nothing
        #expect(DisplayText.width(of: "\u{00A9}\u{FE0F}") == 2) // ©️ emoji presentation
    }

    @Test func indicSpacingVowelsAndConjunctsTakeACellEach() {
        // Like wcwidth: spacing vowel signs (Mc) and each consonant of a conjunct take a cell,
        // the virama (Mn) takes none, even when Unicode groups them into one cluster.
        #expect(DisplayText.width(of: "\u{0915}\u{093E}") == 2)           // का
        #expect(DisplayText.width("\u{0915}\u{094D}\u{0937}") == 2)      // क्ष
        #expect(DisplayText.width("नमस्ते") == 4)
        // A cluster never claims more than the two cells the grid can give it.
        let conjunctWithVowel = "\u{0915}\u{094D}\u{0937}\u{093F}"   // क्षि: one cluster (GB9c), 3 spacing scalars
        #expect(conjunctWithVowel.count == 1)
        #expect(DisplayText.width(of: conjunctWithVowel.first!) == 2)
        #expect(DisplayText.width(conjunctWithVowel) == 2)
    }

    @Test func stringWidthEqualsSumOfClusterWidths() {
        let corpus = [
            "plain ascii", "中文 and English", "👩‍💻 codes, 🇩🇪 flag, ⚠️ warn, 1️⃣ one",
            "cafe\u{0301} naïve", "Привет мир", "مرحبا بالعالم", "สวัสดีครับ", "नमस्ते दुनिया",
            "👍🏽👨‍👩‍👧‍👦🏳️‍🌈", "\u{1F1E9}x\u{1F1E9}\u{1F1EA}\u{1F1EB}", "ｱｲｳ ＡＢＣ 한국어 ひらがな",
            "a\u{FE0F}b\u{200D}c", "\r\n\t\u{1B}", "\u{0301}\u{200B}\u{FEFF}",
        ]
        for s in corpus {
            #expect(DisplayText.width(s) == s.reduce(0) { $0 + DisplayText.width(of: $1) }, "\(s)")
        }
        #expect(DisplayText.width("🇩🇪🇫🇷") == 4)
        #expect(DisplayText.width("\u{1F1E9}\u{1F1EA}\u{1F1EB}") == 3)   // flag + lone indicator
    }

    // MARK: sanitising

    @Test func c0ControlsBecomeControlPictures() {
        #expect(DisplayText.sanitizeLine("a\u{1B}[31mred") == "a␛[31mred")
        #expect(DisplayText.sanitizeLine("ding\u{07}") == "ding␇")
        #expect(DisplayText.sanitizeLine("x\u{00}y") == "x␀y")
        #expect(DisplayText.sanitizeLine("abc\u{08}\u{08}") == "abc␈␈")
        #expect(DisplayText.sanitizeLine("a\u{7F}b") == "a␡b")
        #expect(DisplayText.sanitizeLine("\u{1B}]0;pwned\u{07}") == "␛]0;pwned␇")
    }

    @Test func tabAndLineBreaksBecomeSpaces() {
        #expect(DisplayText.sanitizeLine("a\tb") == "a b")
        #expect(DisplayText.sanitizeLine("a\r\nb") == "a b")
        #expect(DisplayText.sanitizeLine("a\rb") == "a b")
        #expect(DisplayText.sanitizeLine("a\nb") == "a b")
        #expect(DisplayText.sanitizeLine("a\r\n\r\nb") == "a  b")
        #expect(DisplayText.sanitizeLine("a\n\rb") == "a  b")  // LF then CR: two breaks
        let out = DisplayText.sanitizeLine("one\r\ntwo\rthree\n")
        #expect(out == "one two three ")
        #expect(!out.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func c1ControlsBecomeReplacementChar() {
        #expect(DisplayText.sanitizeLine("a\u{85}b") == "a\u{FFFD}b")       // NEL
        #expect(DisplayText.sanitizeLine("\u{9B}31m") == "\u{FFFD}31m")     // CSI
        #expect(DisplayText.sanitizeLine("\u{80}\u{9F}") == "\u{FFFD}\u{FFFD}")
    }

    @Test func bidiControlsBecomeReplacementChar() {
        // "Trojan source" style: RLO would visually reverse the rest of the line.
        #expect(DisplayText.sanitizeLine("refund\u{202E}gnp.exe") == "refund\u{FFFD}gnp.exe")
        #expect(DisplayText.sanitizeLine("\u{2066}x\u{2069}") == "\u{FFFD}x\u{FFFD}")
        #expect(DisplayText.sanitizeLine("a\u{200E}b\u{200F}c\u{061C}d") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d")
        let all = (0x202A...0x202E).map { Character(Unicode.Scalar($0)!) }
        #expect(DisplayText.sanitizeLine(String(all)) == String(repeating: "\u{FFFD}", count: 5))
    }

    @Test func cleanTextIsUnchanged() {
        for s in ["", "plain", "中文 😀 café", "👩‍💻 e\u{0301}", "Ａ ｱ 한국어"] {
            #expect(DisplayText.sanitizeLine(s) == s)
        }
        // Joiners and marks in the middle are legitimate and kept.
        #expect(DisplayText.sanitizeLine("a\u{200D}b\u{FE0F}") == "a\u{200D}b\u{FE0F}")
    }

    @Test func leadingJoinersAndMarksCannotAttachToPreviousCell() {
        #expect(DisplayText.sanitizeLine("\u{FE0F}hi") == "hi")
        #expect(DisplayText.sanitizeLine("\u{200D}\u{FE0F}hi") == "hi")
        #expect(DisplayText.sanitizeLine("\u{0301}x") == "\u{25CC}\u{0301}x")
        #expect(DisplayText.sanitizeLine("\u{200D}\u{0301}") == "\u{25CC}\u{0301}")
        #expect(DisplayText.sanitizeLine("\u{FE0F}") == "")
        #expect(DisplayText.width(DisplayText.sanitizeLine("\u{0301}x")) == 2)
        // Each line of lines() is protected on its own.
        #expect(DisplayText.lines("a\n\u{0301}b") == ["a", "\u{25CC}\u{0301}b"])
    }

    @Test func linesSplitsOnAllBreakStyles() {
        #expect(DisplayText.lines("a\r\nb") == ["a", "b"])
        #expect(DisplayText.lines("a\rb\nc\r\nd") == ["a", "b", "c", "d"])
        #expect(DisplayText.lines("a\r\n\r\nb") == ["a", "", "b"])
        #expect(DisplayText.lines("a\n") == ["a", ""])
        #expect(DisplayText.lines("") == [""])
        #expect(DisplayText.lines("no breaks") == ["no breaks"])
        #expect(DisplayText.lines("\t\u{1B}x\r\ny\u{202E}") == [" ␛x", "y\u{FFFD}"])
        let windows = DisplayText.lines("Hello,\r\nmy order\r\nis late\r\n")
        #expect(windows == ["Hello,", "my order", "is late", ""])
        for line in windows {
            #expect(!line.contains("\r"))
            #expect(!line.unicodeScalars.contains { $0 == "\r" || $0 == "\n" })
        }
    }

    // MARK: truncate / fit

    @Test func truncateASCII() {
        #expect(DisplayText.truncate("hello", to: 5) == "hello")
        #expect(DisplayText.truncate("hello", to: 10) == "hello")
        #expect(DisplayText.truncate("hello world", to: 8) == "hello w…")
        #expect(DisplayText.truncate("hello", to: 1) == "…")
        #expect(DisplayText.truncate("hello", to: 0) == "")
        #expect(DisplayText.truncate("hello", to: -3) == "")
        #expect(DisplayText.truncate("", to: 3) == "")
    }

    @Test func truncateNeverSplitsWideChars() {
        #expect(DisplayText.truncate("中文字", to: 6) == "中文字")
        #expect(DisplayText.truncate("中文字", to: 5) == "中文…")
        #expect(DisplayText.truncate("中文字", to: 4) == "中…")
        #expect(DisplayText.width(DisplayText.truncate("中文字", to: 4)) == 3)
        #expect(DisplayText.truncate("中文字", to: 3) == "中…")
        #expect(DisplayText.truncate("中文字", to: 2) == "…")
        #expect(DisplayText.truncate("中文字", to: 1) == "…")
        #expect(DisplayText.truncate("a中文", to: 4) == "a中…")
        #expect(DisplayText.truncate("a中文", to: 3) == "a…")
    }

    @Test func truncateKeepsClustersWhole() {
        #expect(DisplayText.truncate("🇩🇪🇫🇷🇮🇹", to: 5) == "🇩🇪🇫🇷…")
        #expect(DisplayText.truncate("👩‍💻👩‍💻", to: 3) == "👩‍💻…")
        #expect(DisplayText.truncate("cafe\u{0301}s", to: 5) == "cafe\u{0301}s")
        #expect(DisplayText.truncate("cafe\u{0301}s!", to: 5) == "cafe\u{0301}…")
        #expect(DisplayText.truncate("cafe\u{0301}", to: 4) == "cafe\u{0301}")
        for cols in 1...12 {
            let t = DisplayText.truncate("订单 #A123 已发货 😀", to: cols)
            #expect(DisplayText.width(t) <= cols)
            #expect(t.hasSuffix("…"))
        }
    }

    @Test func fitPadsToExactWidth() {
        #expect(DisplayText.fit("ab", to: 5) == "ab   ")
        #expect(DisplayText.fit("hello world", to: 5) == "hell…")
        #expect(DisplayText.fit("中文字", to: 4) == "中… ")
        #expect(DisplayText.fit("中", to: 3) == "中 ")
        #expect(DisplayText.fit("", to: 3) == "   ")
        #expect(DisplayText.fit("x", to: 0) == "")
        for cols in 1...20 {
            for s in ["", "plain text here", "中文字符串测试", "😀👩‍💻🇩🇪 mix 한국", "e\u{0301}e\u{0301}"] {
                #expect(DisplayText.width(DisplayText.fit(s, to: cols)) == cols)
            }
        }
    }

    // MARK: wrap

    @Test func wrapEnglishAtSpaces() {
        #expect(DisplayText.wrap("the quick brown fox jumps", to: 10) == ["the quick", "brown fox", "jumps"])
        #expect(DisplayText.wrap("hello world", to: 5) == ["hello", "world"])
        #expect(DisplayText.wrap("hello world", to: 11) == ["hello world"])
        #expect(DisplayText.wrap("ab   cd", to: 3) == ["ab", "cd"])
        #expect(DisplayText.wrap("", to: 10) == [""])
        #expect(DisplayText.wrap("anything", to: 0) == [""])
    }

    @Test func wrapCJKWithoutSpaces() {
        let lines = DisplayText.wrap("我的订单还没有到", to: 5)
        #expect(lines == ["我的", "订单", "还没", "有到"])
        #expect(DisplayText.wrap("我的订单还没有到", to: 6) == ["我的订", "单还没", "有到"])
        #expect(DisplayText.wrap("中文", to: 1) == ["…", "…"])   // degenerate: wide char in 1 column
        let mixed = DisplayText.wrap("abc中文字def", to: 4)
        #expect(mixed == ["abc", "中文", "字", "def"])   // a break next to a wide character, as the composer breaks
        for l in mixed { #expect(DisplayText.width(l) <= 4) }
    }

    @Test func wrapLongURL() {
        let url = "https://shop.example.com/orders/123456789"
        let lines = DisplayText.wrap("see \(url) please", to: 12)
        #expect(lines == ["see", "https://shop", ".example.com", "/orders/1234", "56789 please"])
        #expect(lines.joined() == "see" + url + " please")
        for l in lines { #expect(DisplayText.width(l) <= 12) }
    }

    @Test func wrapKeepsEmojiAndCombiningWhole() {
        let lines = DisplayText.wrap("👩‍💻👩‍💻👩‍💻", to: 5)
        #expect(lines == ["👩‍💻👩‍💻", "👩‍💻"])
        #expect(DisplayText.wrap("e\u{0301}e\u{0301}e\u{0301}", to: 2) == ["e\u{0301}e\u{0301}", "e\u{0301}"])
    }

    @Test func wrapNeverExceedsColumns() {
        let text = "Hi 客服, my order #A-1234 (订单号) hasn't arrived 😀 https://example.com/track?id=9999999 한국어 텍스트"
        for cols in 1...30 {
            let lines = DisplayText.wrap(text, to: cols)
            #expect(!lines.isEmpty)
            for l in lines { #expect(DisplayText.width(l) <= cols) }
        }
    }

    // MARK: properties over generated text

    /// Deterministic pseudo-random strings built from awkward pieces.
    private static func generated(count: Int) -> [String] {
        let pieces = [
            "a", "Z", " ", " ", "  ", "-", "/", "中", "文", "字", "ｱ", "Ａ", "한", "か\u{3099}", "e\u{0301}",
            "😀", "👩‍💻", "🇩🇪", "\u{1F1EB}", "⚠️", "1️⃣", "👍🏽", "का", "क्ष", "\u{200B}", "\u{0301}",
            "\r\n", "\r", "\n", "\t", "\u{1B}", "\u{07}", "\u{7F}", "\u{85}", "\u{9B}", "\u{202E}",
            "\u{2066}", "\u{200F}", "\u{FE0F}", "\u{200D}", "https://x.example/a?b=1",
            "\u{0915}\u{094D}\u{0937}\u{093F}", "\u{FF76}\u{FF9E}", "\u{0BA4}\u{0BBE}", "\u{0915}\u{094D}\u{0937}\u{094D}\u{092E}",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        return (0..<count).map { _ in
            (0..<next(14)).map { _ in pieces[next(pieces.count)] }.joined()
        }
    }

    @Test func sanitisedTextHasNoControlsOrBidi() {
        for raw in Self.generated(count: 300) {
            let lines = DisplayText.lines(raw)
            let line = DisplayText.sanitizeLine(raw)
            var breaks = 0
            var previousWasCR = false
            for sc in raw.unicodeScalars {
                if sc == "\r" || (sc == "\n" && !previousWasCR) { breaks += 1 }
                previousWasCR = sc == "\r"
            }
            #expect(lines.count == breaks + 1)
            for out in lines + [line] {
                for sc in out.unicodeScalars {
                    let v = sc.value
                    #expect(!(v < 0x20 || (0x7F...0x9F).contains(v)), "control U+\(String(v, radix: 16)) in \(out.debugDescription)")
                    #expect(![0x061C, 0x200E, 0x200F].contains(v) && !(0x202A...0x202E).contains(v)
                            && !(0x2066...0x2069).contains(v), "bidi control in \(out.debugDescription)")
                }
                if let first = out.unicodeScalars.first {
                    #expect(first != "\u{200D}" && first != "\u{FE0F}")
                }
            }
        }
    }

    @Test func fittingInvariantsHoldForGeneratedText() {
        for raw in Self.generated(count: 300) {
            let s = DisplayText.sanitizeLine(raw)
            #expect(DisplayText.width(s) == s.reduce(0) { $0 + DisplayText.width(of: $1) })
            for ch in s { #expect((0...2).contains(DisplayText.width(of: ch))) }
            for cols in [1, 2, 3, 5, 8, 13] {
                let t = DisplayText.truncate(s, to: cols)
                #expect(DisplayText.width(t) <= cols)
                #expect(DisplayText.width(t) >= min(cols, DisplayText.width(s)) - 1)
                if t != s {
                    #expect(t.hasSuffix("…"))
                    #expect(s.hasPrefix(String(t.dropLast())))
                }
                #expect(DisplayText.width(DisplayText.fit(s, to: cols)) == cols)
                let wrapped = DisplayText.wrap(s, to: cols)
                #expect(!wrapped.isEmpty)
                for l in wrapped { #expect(DisplayText.width(l) <= cols, "\(l.debugDescription) at \(cols)") }
                if cols >= 2 {
                    // Nothing but spaces at breaks is lost.
                    #expect(wrapped.joined().filter { $0 != " " } == s.filter { $0 != " " })
                }
            }
        }
    }
}

/// One wrap rule: the screen's wrapping and the composer's rows agree, for CJK and for ASCII.
@Suite struct OneWrapRuleTests {
    /// The composer's rows of `text` at `width`, as drawn.
    func editorRows(_ text: String, _ width: Int) -> [String] {
        TextEditor(text: text).visualRows(width: width).map { row in
            var t = row.text
            while t.last == " " { t.removeLast() }
            return t
        }
    }

    @Test func screenAndComposerWrapMixedTextAlike() {
        for text in ["Lampe 坏了，我想退货 please help", "我的订单还没有到，请帮我查一下。", "注文番号 302-123 の商品が届きません",
                     "Hallo, die Lampe ist kaputt angekommen und ich möchte Ersatz"] {
            for width in [4, 7, 10, 13, 20] {
                #expect(DisplayText.wrap(text, to: width) == editorRows(text, width), "\(text) at \(width)")
            }
        }
    }

    @Test func theASCIIFastScanFollowsTheSameRule() {
        var random = RandomSource(seed: 11)
        let alphabet = Array("ab cd  efg hijklmnop q")
        for _ in 0..<2_000 {
            let n = Int(random.next() % 40)
            let text = String((0..<n).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            let width = 1 + Int(random.next() % 12)
            // Trailing spaces are not drawn: only what shows must agree.
            let shown = DisplayText.wrap(text, to: width).map { String($0.reversed().drop { $0 == " " }.reversed()) }
            #expect(shown == editorRows(text, width), "“\(text)” at \(width)")
        }
    }
}
