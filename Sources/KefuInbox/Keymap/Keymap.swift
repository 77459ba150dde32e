// The keymap: the file format, layering a user's file over the built-in default, the prefix rule,
// the runtime sequence matcher and the help listing.
//
// File format (see Keymaps/default.keymap for the commented original):
//
//     # comment                  whole line, or after whitespace at the end of a line
//     [queue]                    a section: one of the KeyContext raw values
//     j <Down> = move-down       KEYS = action; KEYS are key specs separated by whitespace or commas
//     x = none                   unbind these keys in this section (also hides a [global] binding there)
//
// Effective bindings of a context are its own bindings laid over [global]'s (the context wins on an
// identical sequence). The text contexts [prompt] and [composer] do not inherit [global] sequences that
// start with a printable character: there those keys type text. Within an effective context no bound sequence may be a strict prefix of another,
// so a sequence resolves the moment it is complete and the matcher never needs a timeout.
import KefuBase


/// A problem in a keymap file, located at `file:line`.
public typealias KeymapError = FileLineError

/// What a key press amounts to, given the keys typed before it.
public enum KeyMatch: Equatable, Sendable {
    /// A binding is complete.
    case action(KeyAction)
    /// The keys so far start at least one longer binding; more keys are needed.
    case pending
    /// Nothing is bound to these keys (all keys of the sequence so far); they are discarded.
    case unbound([Key])
}

public struct Keymap: Sendable {
    /// One effective binding and where it came from.
    public struct Binding: Equatable, Sendable {
        public var keys: [Key]
        public var action: KeyAction
        public var context: KeyContext
        public var file: String
        public var line: Int
        /// Position across all layered files: later files and later lines have larger values.
        var order: Int
        /// The section the binding was written in (`.global` for an inherited binding).
        var section: KeyContext
    }

    /// One line's binding of one key sequence as parsed; `action == nil` is `none`.
    struct Entry: Sendable {
        var keys: [Key]
        var action: KeyAction?
        var context: KeyContext
        var file: String
        var line: Int
        var order: Int
    }

    /// Each context's own entries after layering (`none` entries kept to hide [global] bindings).
    private var own: [KeyContext: [[Key]: Entry]]
    /// Each context's effective bindings (own over global, without `none`).
    private var effective: [KeyContext: [[Key]: Binding]]
    /// Every strict prefix of an effective binding, per context.
    private var prefixes: [KeyContext: Set<[Key]>]

    public static let defaultName = "Keymaps/default.keymap"

    /// Contexts where printable keys type text: they do not inherit [global] sequences that start
    /// with a printable character (so typing `q` in a search prompt types a q); their own sections
    /// can still bind such keys.
    public static let textContexts: Set<KeyContext> = [.prompt, .composer]

    /// The built-in keymap alone. The default text is checked by the tests, so this cannot fail.
    public static let builtIn: Keymap = {
        do {
            return try Keymap.load()
        } catch {
            fatalError("the built-in keymap is invalid: \(error)")
        }
    }()

    /// Loads the built-in default keymap and lays each overlay over it, in order.
    /// For every key sequence an overlay binds in a section, its action replaces the earlier one;
    /// `none` removes it. Throws the first `KeymapError` found.
    public static func load(
        default base: (text: String, name: String) = (Keymap.defaultText, Keymap.defaultName),
        overlays: [(text: String, name: String)] = []
    ) throws -> Keymap {
        var own: [KeyContext: [[Key]: Entry]] = [:]
        var order = 0
        for layer in [base] + overlays {
            let entries = try parseFile(layer.text, name: layer.name, order: &order)
            for entry in entries {
                if entry.action == nil && entry.context == .global {
                    own[.global, default: [:]][entry.keys] = nil
                } else {
                    own[entry.context, default: [:]][entry.keys] = entry
                }
            }
        }
        return try Keymap(own: own)
    }

    private init(own: [KeyContext: [[Key]: Entry]]) throws {
        self.own = own
        var effective: [KeyContext: [[Key]: Binding]] = [:]
        var prefixes: [KeyContext: Set<[Key]>] = [:]
        var conflict: (later: Binding, earlier: Binding)?

        for context in KeyContext.allCases {
            var merged: [[Key]: Entry] = [:]
            if context != .global {
                merged = own[.global] ?? [:]
                if Self.textContexts.contains(context) {
                    merged = merged.filter { keys, _ in
                        if case .char = keys.first { return false }
                        return true
                    }
                }
            }
            merged.merge(own[context] ?? [:]) { _, mine in mine }
            var table: [[Key]: Binding] = [:]
            for (keys, entry) in merged {
                guard let action = entry.action else { continue }
                table[keys] = Binding(
                    keys: keys, action: action, context: context,
                    file: entry.file, line: entry.line, order: entry.order, section: entry.context)
            }
            var starts: Set<[Key]> = []
            for binding in table.values where binding.keys.count > 1 {
                for length in 1..<binding.keys.count {
                    let prefix = Array(binding.keys.prefix(length))
                    starts.insert(prefix)
                    if let shorter = table[prefix] {
                        let (later, earlier) = shorter.order > binding.order ? (shorter, binding) : (binding, shorter)
                        if conflict == nil || later.order < conflict!.later.order
                            || (later.order == conflict!.later.order && earlier.order < conflict!.earlier.order) {
                            conflict = (later, earlier)
                        }
                    }
                }
            }
            effective[context] = table
            prefixes[context] = starts
        }

        if let c = conflict {
            let laterIsShorter = c.later.keys.count < c.earlier.keys.count
            let relation = laterIsShorter ? "is a prefix of" : "starts with"
            throw KeymapError(
                file: c.later.file, line: c.later.line,
                message: "in [\(c.later.context.rawValue)], '\(notation(c.later.keys))' (\(c.later.action.rawValue))"
                    + " \(relation) '\(notation(c.earlier.keys))' (\(c.earlier.action.rawValue)),"
                    + " bound in [\(c.earlier.section.rawValue)] at \(c.earlier.file):\(c.earlier.line);"
                    + " a bound key sequence cannot also start a longer one, so change one of them"
                    + " or unbind it with '= none'")
        }
        self.effective = effective
        self.prefixes = prefixes
    }

    // MARK: Lookup

    /// The action bound to exactly `keys` in `context` (its own bindings over [global]).
    public func action(for keys: [Key], in context: KeyContext) -> KeyAction? {
        effective[context]?[keys]?.action
    }

    /// Whether `keys` is the start of a longer binding in `context`.
    public func isPrefix(_ keys: [Key], in context: KeyContext) -> Bool {
        prefixes[context]?.contains(keys) ?? false
    }

    /// The effective bindings of `context` (including those inherited from [global]), in file order.
    public func bindings(in context: KeyContext) -> [Binding] {
        (effective[context] ?? [:]).values.sorted { $0.order < $1.order }
    }

    /// Every key sequence that performs `action` in `context`, [global] bindings included, in file order.
    public func keys(for action: KeyAction, in context: KeyContext) -> [[Key]] {
        bindings(in: context).filter { $0.action == action }.map(\.keys)
    }

    /// The bindings written in `context`'s own section (for [global], the global ones), in file order.
    public func ownBindings(in context: KeyContext) -> [Binding] {
        guard let table = effective[context] else { return [] }
        return (own[context] ?? [:]).values
            .compactMap { entry in entry.action == nil ? nil : table[entry.keys] }
            .sorted { $0.order < $1.order }
    }

    // MARK: Help

    /// The help listing: for each context, a header line, then one line per action that has keys in
    /// that context's own section (in `KeyAction.allCases` order), e.g. `  j, <Down>          move down / scroll down`.
    /// Contexts without bindings are left out; a blank line separates contexts.
    public func helpLines(contexts: [KeyContext]) -> [String] {
        var blocks: [(header: String, rows: [(keys: String, summary: String)])] = []
        for context in contexts {
            let bindings = ownBindings(in: context)
            var rows: [(keys: String, summary: String)] = []
            for action in KeyAction.allCases {
                let keys = bindings.filter { $0.action == action }.map { notation($0.keys) }
                if !keys.isEmpty { rows.append((keys.joined(separator: ", "), action.summary)) }
            }
            if !rows.isEmpty { blocks.append((Self.helpTitle(context), rows)) }
        }
        let width = max(17, blocks.flatMap(\.rows).map(\.keys.count).max() ?? 0)
        var lines: [String] = []
        for (index, block) in blocks.enumerated() {
            if index > 0 { lines.append("") }
            lines.append(block.header)
            for row in block.rows {
                let padding = String(repeating: " ", count: width - row.keys.count)
                lines.append("  \(row.keys)\(padding)  \(row.summary)")
            }
        }
        return lines
    }

    static func helpTitle(_ context: KeyContext) -> String {
        switch context {
        case .global: return "Everywhere"
        case .queue: return "Queue"
        case .detail: return "Case detail"
        case .prompt: return "Prompts"
        case .menu: return "Menus"
        case .help: return "Help"
        case .composer: return "Composer"
        }
    }

    // MARK: Parsing

    /// Parses one keymap file into entries, in file order, checking everything that can be checked
    /// within the file alone (the prefix rule is checked on the layered result).
    static func parseFile(_ text: String, name: String, order: inout Int) throws -> [Entry] {
        var entries: [Entry] = []
        var context: KeyContext?
        // Per context and key sequence: the action (nil = none) and line that bound it in this file.
        var seen: [KeyContext: [[Key]: (action: KeyAction?, line: Int)]] = [:]

        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            func fail(_ message: String) -> KeymapError {
                KeymapError(file: name, line: lineNumber, message: message)
            }
            let line = stripComment(Substring(rawLine)).trimmingWhitespace()
            if line.isEmpty { continue }

            if line.hasPrefix("["), line.hasSuffix("]"), !line.contains("=") {
                let sectionName = line.dropFirst().dropLast().trimmingWhitespace().lowercased()
                guard let section = KeyContext(rawValue: sectionName) else {
                    let all = KeyContext.allCases.map { "[\($0.rawValue)]" }.joined(separator: " ")
                    throw fail("unknown section [\(sectionName)]; the sections are \(all)")
                }
                context = section
                continue
            }

            guard let equals = line.lastIndex(of: "=") else {
                throw fail("expected 'KEYS = action' but there is no '=' in '\(line)'")
            }
            let lhs = line[..<equals].trimmingWhitespace()
            let rhs = line[line.index(after: equals)...].trimmingWhitespace()
            guard let context else {
                throw fail("binding before any section header; start with a section such as [global]")
            }
            guard !lhs.isEmpty else { throw fail("no keys before '='") }
            guard !rhs.isEmpty else { throw fail("no action after '='") }

            let action: KeyAction?
            if rhs.lowercased() == "none" {
                action = nil
            } else if let known = KeyAction(rawValue: rhs.lowercased()) {
                action = known
            } else {
                throw fail("unknown action '\(rhs.count > 64 ? rhs.prefix(64) + "…" : rhs)'; did you mean '\(closestActionName(to: rhs.lowercased()))'?")
            }

            for spec in splitKeySpecs(lhs) {
                // Checked before parsing: the prefix rule compares every prefix of every sequence.
                guard spec.count <= maxSequenceText else {
                    throw fail("key sequence '\(spec.prefix(20))…' is \(spec.count) characters long; at most \(maxSequence) keys are allowed")
                }
                let keys: [Key]
                do {
                    keys = try parseKeys(spec)
                } catch {
                    throw fail("bad key notation '\(spec)': \(error)")
                }
                guard keys.count <= maxSequence else {
                    throw fail("key sequence '\(spec.prefix(20))…' has \(keys.count) keys; at most \(maxSequence) are allowed")
                }
                if let earlier = seen[context]?[keys], earlier.action != action {
                    throw fail("'\(notation(keys))' in [\(context.rawValue)] is bound to"
                        + " '\(earlier.action?.rawValue ?? "none")' at line \(earlier.line)"
                        + " and to '\(action?.rawValue ?? "none")' at line \(lineNumber)")
                }
                seen[context, default: [:]][keys] = (action, lineNumber)
                order += 1
                entries.append(Entry(
                    keys: keys, action: action, context: context,
                    file: name, line: lineNumber, order: order))
            }
        }
        return entries
    }

    /// Longest key sequence a binding may have, and the longest text that can spell one (`<PageDown>`×8).
    static let maxSequence = 8
    static let maxSequenceText = 128

    /// The line without a comment: `#` at the start of the line or after whitespace starts one.
    static func stripComment(_ line: Substring) -> Substring {
        var previousIsSpace = true
        for index in line.indices {
            let c = line[index]
            if c == "#", previousIsSpace { return line[..<index] }
            previousIsSpace = c.isWhitespace
        }
        return line
    }

    /// Splits the keys side of a binding at whitespace and at commas outside `<…>`.
    static func splitKeySpecs(_ text: Substring) -> [String] {
        let chars = Array(text)
        var specs: [String] = []
        var current = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace || c == "," {
                if !current.isEmpty { specs.append(current) }
                current = ""
                i += 1
            } else if c == "<", let close = KeyNotationScanner.closingBracket(chars, openingAt: i) {
                current += String(chars[i...close])
                i = close + 1
            } else {
                current.append(c)
                i += 1
            }
        }
        if !current.isEmpty { specs.append(current) }
        return specs
    }

    static func closestActionName(to name: String) -> String {
        // Action names are short: a megabyte-long typo is compared by its start (edit distance is
        // length × length).
        let name = String(name.prefix(64))
        let candidates = KeyAction.allCases.map(\.rawValue) + ["none"]
        var best = candidates[0]
        var bestDistance = Int.max
        for candidate in candidates {
            let d = editDistance(name, candidate)
            if d < bestDistance {
                best = candidate
                bestDistance = d
            }
        }
        return best
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        guard let start = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        let end = lastIndex(where: { !$0.isWhitespace })!
        return self[start...end]
    }
}

/// Turns key presses into actions through a keymap, one key at a time, handling multi-key sequences.
/// Because no bound sequence is a prefix of another, a sequence resolves as soon as it is complete.
public struct KeySequenceMatcher: Sendable {
    public var keymap: Keymap
    /// The keys typed so far of a sequence that is not complete yet (for a status line: `g…`).
    public private(set) var pending: [Key] = []
    private var pendingContext: KeyContext = .global

    public init(keymap: Keymap) {
        self.keymap = keymap
    }

    /// Forgets a half-typed sequence (for example when the focus changes).
    public mutating func reset() {
        pending = []
    }

    /// Feeds one key press typed in `context`.
    /// - A complete binding gives `.action`; the start of a longer binding gives `.pending`.
    /// - When a pending sequence plus this key is neither, the pending keys are dropped and this key is
    ///   tried alone; if that fails too, `.unbound` reports all the discarded keys.
    /// - `<Esc>` while pending only cancels (`.unbound`) unless it completes a binding.
    /// A pending sequence typed in another context is dropped first.
    public mutating func feed(_ key: Key, context: KeyContext) -> KeyMatch {
        if !pending.isEmpty, pendingContext != context { pending = [] }
        guard !pending.isEmpty else { return start(key, context: context) }

        let sequence = pending + [key]
        pending = []
        if let action = keymap.action(for: sequence, in: context) { return .action(action) }
        if keymap.isPrefix(sequence, in: context) {
            pending = sequence
            pendingContext = context
            return .pending
        }
        if key == .esc { return .unbound(sequence) }
        let fresh = start(key, context: context)
        if case .unbound = fresh { return .unbound(sequence) }
        return fresh
    }

    private mutating func start(_ key: Key, context: KeyContext) -> KeyMatch {
        if let action = keymap.action(for: [key], in: context) { return .action(action) }
        if keymap.isPrefix([key], in: context) {
            pending = [key]
            pendingContext = context
            return .pending
        }
        return .unbound([key])
    }
}

// MARK: - The built-in default keymap

extension Keymap {
    /// The built-in default keymap, byte for byte the file `Keymaps/default.keymap` (a test checks).
    public static let defaultText: String = """
    # kefu keymap: the built-in default.
    #
    # kefu always loads this keymap first, then lays your own keymap over it:
    #     $XDG_CONFIG_HOME/kefu/keymap      (usually ~/.config/kefu/keymap)
    # To start one, copy this file, Keymaps/vim.keymap or Keymaps/emacs.keymap there and edit it.
    # Every action is listed in the help screen (?) with the keys it has.
    #
    # Format
    #     [section]        one of [global] [queue] [detail] [prompt] [menu] [help] [composer]
    #     KEYS = action    KEYS: one or more key sequences, separated by spaces or commas
    #     KEYS = none      unbind these keys in this section
    #     # comment        a whole line, or after a space at the end of a line
    #
    # Layering: for every key sequence your file binds in a section, your action replaces the
    # default one; `none` removes it. Keys you do not mention keep their default action, and an
    # action can have any number of keys. [global] keys work in every section unless that section
    # binds the same keys (or sets them to none); in [prompt] and [composer], where printable keys
    # type text, [global] keys that start with a printable character do not apply.
    #
    # Key notation (vim style; names in <...> are case-insensitive)
    #     j  G  ?  /  1  ü         a printable character, as itself
    #     gg  <C-x><C-c>           a sequence: the keys one after another
    #     <C-x>                    Ctrl+x (<C-i> is <Tab>, <C-m> is <Enter>, <C-h> is <BS>, <C-[> is <Esc>)
    #     <M-x>  <A-x>             Alt+x (Meta)
    #     <Enter> <Esc> <Tab> <S-Tab> <BS> <Del> <Insert>
    #     <Up> <Down> <Left> <Right> <PageUp> <PageDown> <Home> <End> <F1> ... <F12>
    #     <Space> <lt> <Bar> <Comma> <Hash>    space, <, |, comma and #
    #
    # Sequences: within a section (together with [global]) a bound key sequence may not also be
    # the start of a longer one: `g` and `gg` cannot both be bound. So a sequence acts the moment
    # it is complete and kefu never waits to guess what you meant. <Esc> cancels a half-typed one.

    [global]
    q                           = quit
    ? <F1>                      = help
    /                           = search
    <C-l>                       = redraw
    <Tab>                       = switch-pane
    n                           = filter-needs-reply
    o                           = filter-overdue
    w                           = filter-waiting
    z                           = filter-snoozed
    r                           = filter-resolved
    a                           = filter-all
    U                           = outbox

    [queue]
    # The case list.
    j <Down>                    = move-down
    k <Up>                      = move-up
    <PageDown> <C-f>            = page-down
    <PageUp> <C-b>              = page-up
    <Home> gg                   = first
    <End> G                     = last
    <Enter> l <Right>           = open-detail
    x                           = no-response-needed
    s                           = snooze
    c                           = set-category
    R                           = toggle-resolved
    N                           = add-note
    P                           = promise
    H                           = clock-actions
    L                           = toggle-hold
    W                           = export-weekly
    # Reply with one of the case's offers (numbered as in the detail pane), or tick several.
    1                           = offer-1
    2                           = offer-2
    3                           = offer-3
    4                           = offer-4
    5                           = offer-5
    6                           = offer-6
    7                           = offer-7
    8                           = offer-8
    9                           = offer-9
    <Space>                     = choose-offers

    [detail]
    # One case: the movement keys scroll the thread.
    j <Down>                    = move-down
    k <Up>                      = move-up
    <PageDown> <C-f>            = page-down
    <PageUp> <C-b>              = page-up
    <Home> gg                   = first
    <End> G                     = last
    <Esc> h <Left>              = back
    x                           = no-response-needed
    s                           = snooze
    c                           = set-category
    R                           = toggle-resolved
    N                           = add-note
    P                           = promise
    H                           = clock-actions
    L                           = toggle-hold
    Q                           = pin-quote
    # Buyer messages: original / machine translation / both (with [translate] command in config.toml).
    T                           = toggle-translation
    # The offers of the playbook for this case, numbered as on screen.
    1                           = offer-1
    2                           = offer-2
    3                           = offer-3
    4                           = offer-4
    5                           = offer-5
    6                           = offer-6
    7                           = offer-7
    8                           = offer-8
    9                           = offer-9
    <Space>                     = choose-offers

    [prompt]
    # One-line input: search, snooze time, notes. Other printable keys type text.
    <Enter>                     = confirm
    <Esc> <C-c>                 = cancel
    <BS>                        = delete-back
    <C-u>                       = clear-line
    <Left>                      = cursor-left
    <Right>                     = cursor-right

    [menu]
    # Choosing from a list: category, snooze presets.
    j <Down>                    = move-down
    k <Up>                      = move-up
    <Enter>                     = confirm
    <Esc> q                     = cancel
    # In the offer checklist: tick entries, or tick one by its number.
    <Space> x                   = toggle
    1                           = offer-1
    2                           = offer-2
    3                           = offer-3
    4                           = offer-4
    5                           = offer-5
    6                           = offer-6
    7                           = offer-7
    8                           = offer-8
    9                           = offer-9

    [help]
    j <Down>                    = move-down
    k <Up>                      = move-up
    <PageDown>                  = page-down
    <PageUp>                    = page-up
    <Home> gg                   = first
    <End> G                     = last
    <Esc> q ?                   = cancel

    [composer]
    # Writing a reply. Other printable keys and <Enter> type text.
    <C-d>                       = confirm
    <Esc> <C-c>                 = cancel
    <BS>                        = delete-back
    <Del>                       = delete-forward
    <C-w>                       = delete-word-back
    <C-u>                       = clear-line
    <Left>                      = cursor-left
    <Right>                     = cursor-right
    <Up>                        = move-up
    <Down>                      = move-down
    <PageUp>                    = page-up
    <PageDown>                  = page-down
    <Home> <C-a>                = line-start
    <End> <C-e>                 = line-end
    <M-b>                       = word-left
    <M-f>                       = word-right
    <C-t>                       = switch-language
    <C-x><C-e> <C-o>            = external-editor
    # With a translator: the paragraph you typed into the buyer's language; the reply read back in yours.
    <M-t>                       = translate-reply
    <M-r>                       = check-translation

    """
}
