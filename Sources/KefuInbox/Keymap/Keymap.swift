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
// An overlay (a user's file) that binds an action in a section replaces that action's keys from the
// layers below in that section, so the action moves instead of gaining a key. [prompt] and [composer]
// refuse sequences starting with a printable key (it would no longer type).
//
// Effective bindings of a context are its own bindings laid over [global]'s (the context wins on an
// identical sequence). The text contexts [prompt] and [composer] do not inherit [global] sequences that
// start with a printable character: there those keys type text. Within an effective context no bound sequence may be a strict prefix of another,
// so a sequence resolves the moment it is complete and the matcher never needs a timeout.
import Foundation
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

    /// The built-in default keymap: the file `Keymaps/default.keymap` itself, which Package.swift
    /// bundles as a resource of this target (there is no copy to keep in step). Nil only in a broken
    /// installation, where `load` says so.
    public static let defaultText: String? = Bundle.module.url(forResource: "default", withExtension: "keymap")
        .flatMap { try? String(contentsOf: $0, encoding: .utf8) }

    /// Contexts where printable keys type text: they do not inherit [global] sequences that start
    /// with a printable character (so typing `q` in a search prompt types a q); their own sections
    /// can still bind such keys.
    public static let textContexts: Set<KeyContext> = [.prompt, .composer]

    /// The built-in keymap alone. The default file is checked by the tests, so this fails only in an
    /// installation without its resource bundle.
    public static let builtIn: Keymap = {
        do {
            return try Keymap.load()
        } catch {
            fatalError("the built-in keymap is invalid: \(error)")
        }
    }()

    /// Loads the built-in default keymap and lays each overlay over it, in order.
    /// An action an overlay binds in a section loses the keys earlier layers gave it in that section;
    /// for every key sequence an overlay binds, its action replaces the earlier one; `none` removes it.
    /// Printable keys cannot be bound in the text contexts. Throws the first `KeymapError` found.
    public static func load(
        default base: (text: String, name: String)? = nil,
        overlays: [(text: String, name: String)] = []
    ) throws -> Keymap {
        guard let base = base ?? defaultText.map({ ($0, defaultName) }) else {
            throw KeymapError(file: defaultName, line: 0, message: "the bundled default keymap is missing from the installation")
        }
        var own: [KeyContext: [[Key]: Entry]] = [:]
        var order = 0
        for (index, layer) in ([base] + overlays).enumerated() {
            let entries = try parseFile(layer.text, name: layer.name, order: &order)
            // An overlay that binds an action in a section moves it there: the keys earlier layers gave
            // that action in that section go (users expect `J = move-down` to free `j`, not add to it).
            if index > 0 {
                var moved: [KeyContext: Set<KeyAction>] = [:]
                for entry in entries { if let action = entry.action { moved[entry.context, default: []].insert(action) } }
                for (context, actions) in moved {
                    own[context] = own[context]?.filter { _, earlier in earlier.action.map { !actions.contains($0) } ?? true }
                }
            }
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
    /// that context's own section (in `KeyAction.allCases` order, the summary from its record), e.g.
    /// `  j, <Down>          move down / scroll down`. Contexts without bindings are left out; a blank
    /// line separates contexts. With a `width`, a summary that does not fit goes on under its own
    /// column (or under the keys, indented, when that column leaves too little room).
    public func helpLines(contexts: [KeyContext], width: Int? = nil) -> [String] {
        helpText(contexts: contexts, width: width).map(\.text)
    }

    /// `helpLines` with a note per action: an action `off` returns a reason for in a context gets
    /// " — off: REASON" after its summary, and its lines are marked `off` (drawn dim).
    public func helpText(contexts: [KeyContext], width: Int? = nil,
                         off: (KeyAction, KeyContext) -> String? = { _, _ in nil }) -> [(text: String, off: Bool)] {
        var blocks: [(header: String, rows: [(keys: String, summary: String, off: Bool)])] = []
        for context in contexts {
            let bindings = ownBindings(in: context)
            var rows: [(keys: String, summary: String, off: Bool)] = []
            for action in KeyAction.allCases {
                let keys = bindings.filter { $0.action == action }.map { notation($0.keys) }
                guard !keys.isEmpty else { continue }
                let why = off(action, context)
                rows.append((keys.joined(separator: ", "), action.summary + (why.map { " — off: " + $0 } ?? ""), why != nil))
            }
            if !rows.isEmpty { blocks.append((Self.helpTitle(context), rows)) }
        }
        let keysWidth = max(17, blocks.flatMap(\.rows).map(\.keys.count).max() ?? 0)
        var lines: [(text: String, off: Bool)] = []
        for (index, block) in blocks.enumerated() {
            if index > 0 { lines.append(("", false)) }
            lines.append((block.header, false))
            for row in block.rows {
                let padding = String(repeating: " ", count: keysWidth - row.keys.count)
                let line = "  \(row.keys)\(padding)  \(row.summary)"
                var wrapped = [line]
                if let width, DisplayText.width(line) > width {
                    let column = 2 + keysWidth + 2
                    if width - column >= 16 {
                        let parts = DisplayText.wrap(row.summary, to: width - column)
                        wrapped = ["  \(row.keys)\(padding)  \(parts[0])"] + parts.dropFirst().map { String(repeating: " ", count: column) + $0 }
                    } else {
                        wrapped = ["  \(row.keys)"] + DisplayText.wrap(row.summary, to: max(width - 6, 1)).map { "      " + $0 }
                    }
                }
                lines += wrapped.map { ($0, row.off) }
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
            // A key that could never do anything is a mistake worth naming (its record says where it works).
            if let action, context != .global, !action.record.contexts.contains(context) {
                let places = KeyContext.allCases.filter(action.record.contexts.contains).map { "[\($0.rawValue)]" }
                throw fail("'\(action.rawValue)' does nothing in [\(context.rawValue)]; it works in \(places.joined(separator: " "))")
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
                // In a text context a key that starts with a printable character would stop typing it.
                if action != nil, textContexts.contains(context), case .char(let c) = keys[0] {
                    throw fail("'\(notation(keys))' in [\(context.rawValue)] starts with the printable key"
                        + " '\(notation([.char(c)]))', which types text there; bind a key with a modifier"
                        + " (such as <C-x> or <M-x>) or a special key (such as <F2>)")
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
