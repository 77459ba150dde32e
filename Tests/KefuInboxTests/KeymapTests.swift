import Foundation
import Testing
@testable import KefuInbox

// MARK: Helpers

/// The package root, found from this file's path (Tests/KefuInboxTests/KeymapTests.swift).
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func keymapFile(_ name: String) throws -> String {
    let url = packageRoot.appendingPathComponent("Keymaps").appendingPathComponent(name)
    return String(decoding: try Data(contentsOf: url), as: UTF8.self)
}

private func loadUser(_ text: String, name: String = "user.keymap") throws -> Keymap {
    try Keymap.load(overlays: [(text, name)])
}

/// The error thrown when `text` is laid over the default keymap, as `file:line: message`.
private func loadError(_ text: String, name: String = "user.keymap") -> String? {
    do {
        _ = try loadUser(text, name: name)
        return nil
    } catch {
        return "\(error)"
    }
}

/// The 1-based number of the first line of `text` starting with `prefix` at or after the line `section`.
private func lineNumber(of prefix: String, in text: String, after section: String) -> Int? {
    var inSection = false
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        if line == section { inSection = true }
        if inSection, line.hasPrefix(prefix) { return index + 1 }
    }
    return nil
}

// MARK: Notation

@Test func notationRoundTrip() throws {
    let cases: [(String, [Key], String)] = [
        ("j", [.char("j")], "j"),
        ("G", [.char("G")], "G"),
        ("?", [.char("?")], "?"),
        ("/", [.char("/")], "/"),
        ("1", [.char("1")], "1"),
        ("ü", [.char("ü")], "ü"),
        ("gg", [.char("g"), .char("g")], "gg"),
        ("<C-x>k", [.ctrl("x"), .char("k")], "<C-x>k"),
        ("<c-X>", [.ctrl("x")], "<C-x>"),
        ("<C-x><C-c>", [.ctrl("x"), .ctrl("c")], "<C-x><C-c>"),
        ("<M-v>", [.alt("v")], "<M-v>"),
        ("<a-V>", [.alt("V")], "<M-V>"),
        ("<M-<>", [.alt("<")], "<M-lt>"),
        ("<M-lt>", [.alt("<")], "<M-lt>"),
        ("<M->>", [.alt(">")], "<M->>"),
        ("<M-Space>", [.alt(" ")], "<M-Space>"),
        ("<Enter>", [.enter], "<Enter>"),
        ("<cr>", [.enter], "<Enter>"),
        ("<RETURN>", [.enter], "<Enter>"),
        ("<Esc>", [.esc], "<Esc>"),
        ("<Tab>", [.tab], "<Tab>"),
        ("<S-Tab>", [.backTab], "<S-Tab>"),
        ("<BTab>", [.backTab], "<S-Tab>"),
        ("<BS>", [.backspace], "<BS>"),
        ("<Backspace>", [.backspace], "<BS>"),
        ("<Del>", [.delete], "<Del>"),
        ("<delete>", [.delete], "<Del>"),
        ("<Insert>", [.insert], "<Insert>"),
        ("<Up><Down><Left><Right>", [.up, .down, .left, .right], "<Up><Down><Left><Right>"),
        ("<pageup><PAGEDOWN>", [.pageUp, .pageDown], "<PageUp><PageDown>"),
        ("<Home><End>", [.home, .end], "<Home><End>"),
        ("<F1>", [.f(1)], "<F1>"),
        ("<f12>", [.f(12)], "<F12>"),
        ("<Space>", [.char(" ")], "<Space>"),
        ("<lt>", [.char("<")], "<lt>"),
        ("<Bar>", [.char("|")], "|"),
        ("<Comma><Hash>", [.char(","), .char("#")], "<Comma><Hash>"),
        ("<", [.char("<")], "<lt>"),
        ("a>", [.char("a"), .char(">")], "a>"),
        // Terminal aliases.
        ("<C-i>", [.tab], "<Tab>"),
        ("<C-m>", [.enter], "<Enter>"),
        ("<C-j>", [.enter], "<Enter>"),
        ("<C-h>", [.backspace], "<BS>"),
        ("<C-[>", [.esc], "<Esc>"),
    ]
    for (spec, keys, canonical) in cases {
        #expect(try parseKeys(spec) == keys, "parse \(spec)")
        #expect(notation(keys) == canonical, "notation of \(spec)")
        #expect(try parseKeys(canonical) == keys, "reparse \(canonical)")
    }

    // Every kind of key survives notation → parse.
    var all: [Key] = [
        .enter, .esc, .tab, .backTab, .backspace, .delete, .insert,
        .up, .down, .left, .right, .pageUp, .pageDown, .home, .end,
        .char(" "), .char("<"), .char(">"), .char("|"), .char(","), .char("#"), .char("="), .char("é"),
        .alt("x"), .alt("<"), .alt(">"), .alt(" "), .alt(","), .alt("-"),
    ]
    all += (1...12).map { Key.f($0) }
    all += "abcdefgklnopqrstuvwxyz".map { Key.ctrl($0) }
    for key in all {
        #expect(try parseKeys(notation([key])) == [key], "round trip \(key)")
    }
    #expect(try parseKeys(notation(all)) == all)
    // The same under the KeyNotation namespace.
    #expect(try KeyNotation.parseKeys("<C-x>k") == [.ctrl("x"), .char("k")])
    #expect(KeyNotation.notation([.ctrl("x"), .pageDown]) == "<C-x><PageDown>")
}

@Test func badNotation() {
    for spec in ["", " ", "<Ender>", "<>", "<C-1>", "<C-Up>", "<F13>", "<F0>", "<S-Up>", "<M-Enter>", "a\tb"] {
        #expect(throws: KeyNotationError.self, "\(spec.debugDescription)") { try parseKeys(spec) }
    }
}

// MARK: File errors

@Test func unknownSection() throws {
    let message = try #require(loadError("[global]\nq = quit\n[queues]\nj = move-down\n"))
    #expect(message.hasPrefix("user.keymap:3: unknown section [queues]"), "\(message)")
}

@Test func unknownActionSuggestsClosest() throws {
    let message = try #require(loadError("# mine\n[queue]\n\nj = mvoe-down\n"))
    #expect(message.hasPrefix("user.keymap:4: unknown action 'mvoe-down'"), "\(message)")
    #expect(message.contains("did you mean 'move-down'"), "\(message)")
    let other = try #require(loadError("[detail]\n1 = ofer-1\n"))
    #expect(other.contains("did you mean 'offer-1'"), "\(other)")
}

@Test func badKeyNotationInFile() throws {
    let message = try #require(loadError("[queue]\nj = move-down\n<PgDwn> = page-down\n"))
    #expect(message.hasPrefix("user.keymap:3: bad key notation '<PgDwn>'"), "\(message)")
}

@Test func missingEquals() throws {
    let message = try #require(loadError("[queue]\n\nj move-down\n"))
    #expect(message.hasPrefix("user.keymap:3: "), "\(message)")
    #expect(message.contains("'='"), "\(message)")
    let noAction = try #require(loadError("[queue]\nj =   # nothing\n"))
    #expect(noAction.hasPrefix("user.keymap:2: no action"), "\(noAction)")
}

@Test func bindingBeforeSection() throws {
    let message = try #require(loadError("# my keymap\n\nq = quit\n[global]\n"))
    #expect(message.hasPrefix("user.keymap:3: binding before any section"), "\(message)")
}

@Test func keymapErrorFields() {
    do {
        _ = try loadUser("[queue]\nj = jump\n", name: "a/b.keymap")
        Issue.record("expected an error")
    } catch let error as KeymapError {
        #expect(error.file == "a/b.keymap")
        #expect(error.line == 2)
        #expect(error.description == "a/b.keymap:2: \(error.message)")
    } catch {
        Issue.record("unexpected \(error)")
    }
}

@Test func twoActionsOnOneKeyInOneFile() throws {
    let text = "[queue]\nj = move-down\n# again\nk, j = move-up\n"
    let message = try #require(loadError(text))
    #expect(message.hasPrefix("user.keymap:4: 'j' in [queue]"), "\(message)")
    #expect(message.contains("line 2") && message.contains("line 4"), "\(message)")
    // The same action twice, or the same key in two sections, is fine.
    #expect(loadError("[queue]\nj = move-down\nj <Down> = move-down\n[detail]\nj = move-up\n") == nil)
    // `none` and an action for one key in one file contradict each other.
    #expect(loadError("[queue]\nx = none\nx = snooze\n")?.hasPrefix("user.keymap:3:") == true)
}

@Test func prefixConflictInOneFile() throws {
    let text = "[global]\n[queue]\ng = first\nj = move-down\ngg = last\n"
    let message = try #require(loadError(text))
    #expect(message.hasPrefix("user.keymap:5: in [queue], 'gg' (last) starts with 'g' (first), bound in [queue] at user.keymap:3"), "\(message)")
    #expect(message.contains("user.keymap:3"), "\(message)")
}

@Test func prefixConflictAcrossLayersNamesTheLaterFile() throws {
    // The user's [global] g conflicts with the default's [queue] gg.
    let message = try #require(loadError("[global]\n\ng = filter-all\n"))
    let defaultText = try #require(Keymap.defaultText)
    let ggLine = try #require(lineNumber(of: "<Home> gg", in: defaultText, after: "[queue]"))
    #expect(message.hasPrefix("user.keymap:3: in [queue], 'g' (filter-all) is a prefix of 'gg' (first), bound in [queue]"), "\(message)")
    #expect(message.contains("\(Keymap.defaultName):\(ggLine)"), "\(message)")
    // Any base text can stand in for the default.
    let defaultFirst = try Keymap.load(
        default: ("[queue]\ngg = first\n", "base.keymap"),
        overlays: [("[detail]\nj = move-down\n", "user.keymap")])
    #expect(defaultFirst.action(for: [.char("g"), .char("g")], in: .queue) == .first)
    let overlay = """
        [global]
        g = filter-all
        """
    let error = #expect(throws: KeymapError.self) {
        try Keymap.load(default: ("[queue]\ngg = first\n", "base.keymap"), overlays: [(overlay, "user.keymap")])
    }
    #expect(error?.file == "user.keymap")
    #expect(error?.line == 2)
    #expect(error?.message.contains("base.keymap:2") == true)
    // A prefix that exists only in another section is no conflict.
    #expect(loadError("[detail]\ngg = none\ng = first\n") == nil)
    // Unbinding the longer sequence makes room for the shorter one.
    let fixed = try loadUser("[queue]\ngg = none\ng = first\n")
    #expect(fixed.action(for: [.char("g")], in: .queue) == .first)
    #expect(fixed.action(for: [.char("g"), .char("g")], in: .detail) == .first)
}

// MARK: Layering

@Test func layeringOverridesAndNone() throws {
    let keymap = try loadUser("""
        [queue]
        j = move-up          # swap
        x = none
        <C-j> = none         # <C-j> is <Enter>
        [global]
        q = none
        <C-x><C-c> = quit
        """)
    #expect(keymap.action(for: [.char("j")], in: .queue) == .moveUp)
    #expect(keymap.keys(for: .moveDown, in: .queue) == [[.down]])
    // Binding move-up moves it: k and <Up> no longer move up in the queue (they still do in detail).
    #expect(keymap.keys(for: .moveUp, in: .queue) == [[.char("j")]])
    #expect(keymap.action(for: [.char("k")], in: .queue) == nil)
    #expect(keymap.action(for: [.char("k")], in: .detail) == .moveUp)
    #expect(keymap.action(for: [.char("x")], in: .queue) == nil)
    #expect(keymap.action(for: [.char("x")], in: .detail) == .noResponseNeeded)
    #expect(keymap.keys(for: .openDetail, in: .queue) == [[.char("l")], [.right]])
    #expect(keymap.action(for: [.char("q")], in: .queue) == nil)
    #expect(keymap.action(for: [.char("q")], in: .menu) == .cancel)
    #expect(keymap.keys(for: .quit, in: .detail) == [[.ctrl("x"), .ctrl("c")]])
    // Actions the file does not bind keep all their default keys.
    #expect(keymap.keys(for: .pageDown, in: .queue) == [[.pageDown], [.ctrl("f")]])
}

@Test func sectionNoneHidesGlobalBinding() throws {
    let keymap = try loadUser("[detail]\nq = none\n")
    #expect(keymap.action(for: [.char("q")], in: .detail) == nil)
    #expect(keymap.action(for: [.char("q")], in: .queue) == .quit)
    #expect(keymap.action(for: [.char("q")], in: .global) == .quit)
}

@Test func sectionOverridesGlobalAndTextContexts() {
    let keymap = Keymap.builtIn
    #expect(keymap.action(for: [.char("q")], in: .queue) == .quit)
    #expect(keymap.action(for: [.char("q")], in: .help) == .cancel)
    #expect(keymap.action(for: [.char("?")], in: .help) == .cancel)
    #expect(keymap.action(for: [.char("?")], in: .detail) == .help)
    // In text contexts printable global keys type text; other global keys still work.
    #expect(keymap.action(for: [.char("q")], in: .prompt) == nil)
    #expect(keymap.action(for: [.char("n")], in: .composer) == nil)
    #expect(keymap.action(for: [.ctrl("l")], in: .prompt) == .redraw)
    #expect(keymap.action(for: [.f(1)], in: .composer) == .help)
}

// MARK: Matching

@Test func matcherMultiKeySequences() throws {
    var matcher = KeySequenceMatcher(keymap: Keymap.builtIn)
    #expect(matcher.feed(.char("g"), context: .queue) == .pending)
    #expect(matcher.pending == [.char("g")])
    #expect(matcher.feed(.char("g"), context: .queue) == .action(.first))
    #expect(matcher.pending.isEmpty)

    // Pending, then a key that does not continue: the pending key is dropped, the new one tried alone.
    #expect(matcher.feed(.char("g"), context: .queue) == .pending)
    #expect(matcher.feed(.char("j"), context: .queue) == .action(.moveDown))
    // Pending, then a key that fails alone too: unbound reports everything discarded.
    #expect(matcher.feed(.char("g"), context: .queue) == .pending)
    #expect(matcher.feed(.char("!"), context: .queue) == .unbound([.char("g"), .char("!")]))
    // Fresh state afterwards.
    #expect(matcher.feed(.char("G"), context: .queue) == .action(.last))
    #expect(matcher.feed(.char("!"), context: .queue) == .unbound([.char("!")]))
    // Pending, then a key that starts a sequence itself.
    #expect(matcher.feed(.char("g"), context: .queue) == .pending)
    #expect(matcher.feed(.char("Q"), context: .queue) == .unbound([.char("g"), .char("Q")]))
    #expect(matcher.feed(.char("g"), context: .queue) == .pending)
    #expect(matcher.feed(.char("g"), context: .queue) == .action(.first))

    // Esc while pending cancels and does not also act (Esc alone is `back` in detail).
    #expect(matcher.feed(.char("g"), context: .detail) == .pending)
    #expect(matcher.feed(.esc, context: .detail) == .unbound([.char("g"), .esc]))
    #expect(matcher.feed(.esc, context: .detail) == .action(.back))

    // A pending sequence is dropped when the context changes.
    #expect(matcher.feed(.char("g"), context: .queue) == .pending)
    #expect(matcher.feed(.char("g"), context: .composer) == .unbound([.char("g")]))
    #expect(matcher.feed(.char("g"), context: .queue) == .pending)
    matcher.reset()
    #expect(matcher.pending.isEmpty)
    #expect(matcher.feed(.char("j"), context: .queue) == .action(.moveDown))
}

@Test func matcherCtrlXSequence() throws {
    let keymap = try Keymap.load(overlays: [(try keymapFile("emacs.keymap"), "Keymaps/emacs.keymap")])
    var matcher = KeySequenceMatcher(keymap: keymap)
    #expect(matcher.feed(.ctrl("x"), context: .queue) == .pending)
    #expect(matcher.feed(.ctrl("c"), context: .queue) == .action(.quit))
    #expect(matcher.feed(.ctrl("x"), context: .detail) == .pending)
    #expect(matcher.feed(.char("o"), context: .detail) == .action(.switchPane))
    #expect(matcher.feed(.ctrl("x"), context: .queue) == .pending)
    #expect(matcher.feed(.esc, context: .queue) == .unbound([.ctrl("x"), .esc]))
    // Esc that completes a binding acts.
    let escMap = try loadUser("[queue]\n<C-x><Esc> = redraw\n")
    var escMatcher = KeySequenceMatcher(keymap: escMap)
    #expect(escMatcher.feed(.ctrl("x"), context: .queue) == .pending)
    #expect(escMatcher.feed(.esc, context: .queue) == .action(.redraw))
    // In the composer, <C-c> alone is unbound so that <C-c><C-c> finishes the reply.
    #expect(matcher.feed(.ctrl("c"), context: .composer) == .pending)
    #expect(matcher.feed(.ctrl("c"), context: .composer) == .action(.confirm))
    #expect(matcher.feed(.ctrl("c"), context: .prompt) == .action(.cancel))
}

// MARK: Shipped keymaps

/// The built-in keymap is the file users copy: the bundle holds `Keymaps/default.keymap` as it is in
/// the source tree (Package.swift reaches it there; no Swift copy exists to drift).
@Test func builtInKeymapIsTheShippedFile() throws {
    let bytes = try Data(contentsOf: packageRoot.appendingPathComponent(Keymap.defaultName))
    #expect(Array(bytes) == Array(try #require(Keymap.defaultText).utf8))
    #expect(Keymap.builtIn.action(for: [.char("x")], in: .queue) == .noResponseNeeded)
}

@Test(arguments: ["default.keymap", "vim.keymap", "emacs.keymap"])
func shippedKeymapsLoadOverTheDefault(file: String) throws {
    let text = try keymapFile(file)
    let keymap = try Keymap.load(overlays: [(text, "Keymaps/\(file)")])
    #expect(keymap.action(for: [.char("g"), .char("g")], in: .queue) == .first)
    #expect(keymap.action(for: [.enter], in: .prompt) == .confirm)
    // Each is also complete on its own, as the base.
    let alone = try Keymap.load(default: (text, "Keymaps/\(file)"), overlays: [])
    for action in KeyAction.allCases {
        let bound = KeyContext.allCases.contains { !alone.keys(for: action, in: $0).isEmpty }
        #expect(bound, "\(file): \(action.rawValue) has no key")
    }
}

@Test(arguments: ["default.keymap", "vim.keymap", "emacs.keymap"])
func holdIsLInQueueAndDetail(file: String) throws {
    let alone = try Keymap.load(default: (try keymapFile(file), "Keymaps/\(file)"), overlays: [])
    #expect(alone.action(for: [.char("L")], in: .queue) == .toggleHold)
    #expect(alone.action(for: [.char("L")], in: .detail) == .toggleHold)
    #expect(Keymap.builtIn.action(for: [.char("L")], in: .detail) == .toggleHold)
    #expect(Keymap.builtIn.helpLines(contexts: [.queue]).contains { $0.hasPrefix("  L ") && $0.hasSuffix(KeyAction.toggleHold.summary) })
}

/// `Q` pins a quote in the detail pane; it was free there (and stays free in the queue) in every shipped keymap.
@Test(arguments: ["default.keymap", "vim.keymap", "emacs.keymap"])
func pinQuoteIsQInDetail(file: String) throws {
    let alone = try Keymap.load(default: (try keymapFile(file), "Keymaps/\(file)"), overlays: [])
    #expect(alone.action(for: [.char("Q")], in: .detail) == .pinQuote)
    #expect(alone.keys(for: .pinQuote, in: .detail) == [[.char("Q")]])
    #expect(alone.action(for: [.char("Q")], in: .queue) == nil)
    #expect(alone.action(for: [.char("q")], in: .detail) == .quit, "q still quits")
    let over = try Keymap.load(overlays: [(try keymapFile(file), "Keymaps/\(file)")])
    #expect(over.action(for: [.char("Q")], in: .detail) == .pinQuote)
    #expect(Keymap.builtIn.helpLines(contexts: [.detail]).contains { $0.hasPrefix("  Q ") && $0.hasSuffix(KeyAction.pinQuote.summary) })
}

/// A user file that binds an action in a section moves it: the default keys of that action in that
/// section are no longer bound, other sections and other actions keep theirs, and `none` still unbinds.
@Test func userBindingMovesTheActionInItsSection() throws {
    #expect(Keymap.builtIn.action(for: [.char("j")], in: .queue) == .moveDown)
    let keymap = try loadUser("[queue]\nJ = move-down\n")
    #expect(keymap.action(for: [.char("J")], in: .queue) == .moveDown)
    #expect(keymap.action(for: [.char("j")], in: .queue) == nil, "the default j no longer moves down")
    #expect(keymap.action(for: [.down], in: .queue) == nil, "nor <Down>: the user's file names the action's keys")
    #expect(keymap.keys(for: .moveDown, in: .queue) == [[.char("J")]])
    #expect(keymap.action(for: [.char("j")], in: .detail) == .moveDown, "other sections keep their keys")
    #expect(keymap.action(for: [.char("k")], in: .queue) == .moveUp, "other actions keep theirs")
    // Several keys in the user's file all stay bound; a [global] binding moves the [global] keys.
    let two = try loadUser("[queue]\nJ <F5> = move-down\n[global]\n<F10> = quit\n")
    #expect(two.keys(for: .moveDown, in: .queue) == [[.char("J")], [.f(5)]])
    #expect(two.action(for: [.char("q")], in: .queue) == nil && two.action(for: [.f(10)], in: .queue) == .quit)
    // `none` unbinds a key without moving anything else.
    let unbound = try loadUser("[queue]\nj = none\n")
    #expect(unbound.action(for: [.char("j")], in: .queue) == nil)
    #expect(unbound.action(for: [.down], in: .queue) == .moveDown)
    // A later overlay moves the action away from an earlier overlay's keys too.
    let layered = try Keymap.load(overlays: [("[queue]\nJ = move-down\n", "a.keymap"), ("[queue]\n<F5> = move-down\n", "b.keymap")])
    #expect(layered.keys(for: .moveDown, in: .queue) == [[.f(5)]])
}

/// A printable key bound in [composer] or [prompt] would stop typing that character: refused at load.
@Test func printableKeysAreRefusedInTextContexts() throws {
    for section in ["composer", "prompt"] {
        let message = try #require(loadError("# mine\n[\(section)]\nq = cancel\n"))
        #expect(message == "user.keymap:3: 'q' in [\(section)] starts with the printable key 'q', which types text there;"
                + " bind a key with a modifier (such as <C-x> or <M-x>) or a special key (such as <F2>)", "\(message)")
        #expect(loadError("[\(section)]\n<Space> = cancel\n")?.hasPrefix("user.keymap:2: '<Space>' in [\(section)] starts with the printable key") == true)
        #expect(loadError("[\(section)]\nx<C-c> = cancel\n")?.hasPrefix("user.keymap:2: 'x<C-c>' in [\(section)]") == true)
        // Modified and special keys are fine, and `none` on a printable key harms nothing.
        #expect(loadError("[\(section)]\n<M-q> <F2> = cancel\nq = none\n") == nil)
    }
    #expect(loadError("[queue]\nq = snooze\n") == nil, "outside text contexts printable keys bind as before")
}

@Test func vimFlavour() throws {
    let keymap = try Keymap.load(overlays: [(try keymapFile("vim.keymap"), "Keymaps/vim.keymap")])
    #expect(keymap.action(for: [.ctrl("d")], in: .queue) == .pageDown)
    #expect(keymap.action(for: [.ctrl("u")], in: .detail) == .pageUp)
    #expect(keymap.action(for: [.ctrl("u")], in: .prompt) == .clearLine)
    #expect(keymap.action(for: [.char("Z"), .char("Z")], in: .queue) == .quit)
    #expect(keymap.isPrefix([.char("Z")], in: .detail))
}

@Test func everyActionHasADefaultKey() {
    let keymap = Keymap.builtIn
    for action in KeyAction.allCases {
        let bound = KeyContext.allCases.contains { !keymap.keys(for: action, in: $0).isEmpty }
        #expect(bound, "\(action.rawValue) has no key in the default keymap")
    }
}

// MARK: Help

@Test func helpLines() {
    let lines = Keymap.builtIn.helpLines(contexts: [.global, .queue, .detail])
    #expect(lines.contains { $0.contains("gg") })
    #expect(lines.first == "Everywhere")
    // Summaries line up in one column, wide enough for the longest keys ("<Enter>, l, <Right>").
    #expect(lines.contains("  j, <Down>            move down / scroll down"))
    #expect(lines.contains("  <Enter>, l, <Right>  open the selected case"))
    let narrow = try! Keymap.load(default: ("[queue]\nj <Down> = move-down\n", "base.keymap")).helpLines(contexts: [.queue])
    #expect(narrow == ["Queue", "  j, <Down>          move down / scroll down"])
    #expect(lines.contains { $0.hasPrefix("  <Home>, gg ") && $0.hasSuffix(KeyAction.first.summary) })
    #expect(lines.contains { $0.hasPrefix("  ?, <F1> ") })
    #expect(lines.contains("Queue") && lines.contains("Case detail"))
    // Order follows KeyAction.allCases; actions without keys are left out.
    let queue = Keymap.builtIn.helpLines(contexts: [.queue])
    #expect(queue.first == "Queue")
    #expect(queue.count == 1 + 33)   // 16 case actions (with the weekly export and hold), team mode's reassign, next case and available, undo, 3 mark keys, 9 offers, the offer checklist
    #expect(queue[1].hasSuffix(KeyAction.moveDown.summary))
    #expect(!queue.contains { $0.hasSuffix(KeyAction.back.summary) })
    // Global keys are listed under [global], not repeated per section.
    #expect(!queue.contains { $0.hasSuffix(KeyAction.quit.summary) })
}

@Test func longKeySequencesAreAnErrorNamingTheLine() throws {
    // 100,000 keys: the prefix rule would compare every prefix (quadratic); refused before parsing.
    let long = String(repeating: "g", count: 100_000)
    #expect(loadError("[queue]\n\(long) = first\n") == "user.keymap:2: key sequence 'gggggggggggggggggggg…' is 100000 characters long; at most 8 keys are allowed")
    #expect(loadError("[queue]\n" + String(repeating: "<lt>", count: 9) + " = first\n")
            == "user.keymap:2: key sequence '<lt><lt><lt><lt><lt>…' has 9 keys; at most 8 are allowed")
    // "<<<<…" never looks for a closing ">" further than a key name could reach.
    #expect(loadError("[queue]\n" + String(repeating: "<", count: 100_000) + " = first\n")?.hasPrefix("user.keymap:2: key sequence") == true)
    #expect(KeyNotationScanner.closingBracket(Array("<" + String(repeating: "x", count: 40) + ">"), openingAt: 0) == nil)
    // A megabyte-long action name: the suggestion compares its start only.
    #expect(loadError("[queue]\nx = " + String(repeating: "firs", count: 250_000) + "\n")
            == "user.keymap:2: unknown action '" + String(repeating: "firs", count: 16) + "…'; did you mean 'filter-needs-reply'?")
    // Eight keys are fine.
    let map = try loadUser("[queue]\n<C-x>abcdefg = first\n")
    #expect(map.action(for: try parseKeys("<C-x>abcdefg"), in: .queue) == .first)
}
