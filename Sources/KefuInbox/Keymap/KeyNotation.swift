// Vim-style key notation: `j`, `gg`, `<C-x>`, `<C-x><C-c>`, `<Enter>`, `<PageDown>`, `<F1>`, `<Space>`.
//
// A key spec is a sequence of keys. Plain printable characters stand for themselves (any Unicode
// character, not only ASCII); bracketed names are case-insensitive. A `<` with no closing `>` is a
// literal `<`; `<lt>` always is. Keymap files separate key specs with whitespace and commas and
// start comments with `#`, so a lone comma and `#` are written `<Comma>` and `<Hash>` there.
//
// Terminals cannot tell some control keys apart, so these are normalised when parsed:
// `<C-i>` is `<Tab>`, `<C-m>` and `<C-j>` are `<Enter>`, `<C-h>` is `<BS>`, `<C-[>` is `<Esc>`.

/// Why a key spec could not be parsed.
public struct KeyNotationError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Parses a key spec such as `gg`, `<C-x>k` or `<S-Tab>` into the keys it names, in order.
public func parseKeys(_ s: String) throws -> [Key] {
    try KeyNotation.parseKeys(s)
}

/// The canonical notation of a key sequence, as the help screen shows it and as keymap files can
/// contain it: `gg`, `<C-x><C-c>`, `<Enter>`, `<PageDown>`, `<Space>`, `<lt>`.
public func notation(_ keys: [Key]) -> String {
    KeyNotation.notation(keys)
}

/// The same functions under a namespace: `KeyNotation.parseKeys("gg")`, `KeyNotation.notation(keys)`.
public enum KeyNotation {
    /// Parses a key spec such as `gg`, `<C-x>k` or `<S-Tab>` into the keys it names, in order.
    public static func parseKeys(_ s: String) throws -> [Key] {
        let chars = Array(s)
        guard !chars.isEmpty else { throw KeyNotationError("empty key sequence") }
        var keys: [Key] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "<", let close = KeyNotationScanner.closingBracket(chars, openingAt: i) {
                let name = String(chars[(i + 1)..<close])
                keys.append(try KeyNotationScanner.namedKey(name))
                i = close + 1
                continue
            }
            if c == " " {
                throw KeyNotationError("a literal space in \"\(s)\"; write <Space>")
            }
            if KeyNotationScanner.isControlOrNewline(c) {
                throw KeyNotationError("a control character in \"\(s)\"; write it as a name such as <Tab> or <C-x>")
            }
            keys.append(.char(c))
            i += 1
        }
        return keys
    }

    /// The canonical notation of a key sequence (see the free function `notation(_:)`).
    public static func notation(_ keys: [Key]) -> String {
        keys.map(\.notation).joined()
    }

    /// The canonical notation of one key.
    public static func notation(_ key: Key) -> String {
        key.notation
    }
}

extension Key {
    /// The canonical notation of this one key (see `notation(_:)`).
    public var notation: String {
        switch self {
        case .char(let c):
            switch c {
            case " ": return "<Space>"
            case "<": return "<lt>"
            case ",": return "<Comma>"
            case "#": return "<Hash>"
            default: return String(c)
            }
        case .ctrl(let c):
            return "<C-\(c)>"
        case .alt(let c):
            switch c {
            case " ": return "<M-Space>"
            case "<": return "<M-lt>"
            default: return "<M-\(c)>"
            }
        case .enter: return "<Enter>"
        case .esc: return "<Esc>"
        case .tab: return "<Tab>"
        case .backTab: return "<S-Tab>"
        case .backspace: return "<BS>"
        case .delete: return "<Del>"
        case .insert: return "<Insert>"
        case .up: return "<Up>"
        case .down: return "<Down>"
        case .left: return "<Left>"
        case .right: return "<Right>"
        case .pageUp: return "<PageUp>"
        case .pageDown: return "<PageDown>"
        case .home: return "<Home>"
        case .end: return "<End>"
        case .f(let n): return "<F\(n)>"
        }
    }
}

/// The shared scanning rules, also used by the keymap file parser to split key lists.
enum KeyNotationScanner {
    /// Longer than any key name (`<PageDown>`, `<S-Tab>`, `<F12>`).
    static let maxName = 16

    /// Index of the `>` closing a bracketed name that opens at `open`, or nil when the `<` is literal
    /// (no `>` before the end or before whitespace). `<M->>` closes at its second `>`.
    static func closingBracket(_ chars: [Character], openingAt open: Int) -> Int? {
        var j = open + 1
        while j < chars.count, chars[j] != ">" {
            // Key names are short: looking further would make "<<<<…" quadratic.
            if chars[j].isWhitespace || j - open > maxName { return nil }
            j += 1
        }
        guard j < chars.count else { return nil }
        // `<M->>`, `<A->>`, `<S->>`: the modifier's key is `>` itself.
        if j - open == 3, chars[j - 1] == "-", j + 1 < chars.count, chars[j + 1] == ">" {
            return j + 1
        }
        return j
    }

    static func isControlOrNewline(_ c: Character) -> Bool {
        if c.isNewline { return true }
        return c.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }
    }

    /// Plain names (lowercased) → keys.
    static let names: [String: Key] = {
        var table: [String: Key] = [
            "enter": .enter, "cr": .enter, "return": .enter, "nl": .enter,
            "esc": .esc, "escape": .esc,
            "tab": .tab,
            "btab": .backTab,
            "bs": .backspace, "backspace": .backspace,
            "del": .delete, "delete": .delete,
            "insert": .insert, "ins": .insert,
            "up": .up, "down": .down, "left": .left, "right": .right,
            "pageup": .pageUp, "pagedown": .pageDown,
            "home": .home, "end": .end,
        ]
        for n in 1...12 { table["f\(n)"] = .f(n) }
        for (name, c) in characterNames { table[name] = .char(c) }
        return table
    }()

    /// Names for characters that cannot be written plainly (lowercased).
    static let characterNames: [String: Character] = [
        "space": " ", "lt": "<", "bar": "|", "bslash": "\\", "comma": ",", "hash": "#",
    ]

    static func namedKey(_ name: String) throws -> Key {
        let lower = name.lowercased()
        if let key = names[lower] { return key }
        if name.isEmpty {
            throw KeyNotationError("empty key name <>; write <lt> for a literal <")
        }
        let parts = Array(name)
        if parts.count >= 3, parts[1] == "-" {
            let modifier = parts[0].lowercased()
            let rest = String(parts[2...])
            switch modifier {
            case "c":
                return try ctrlKey(rest, name: name)
            case "m", "a":
                return try altKey(rest, name: name)
            case "s":
                if rest.lowercased() == "tab" { return .backTab }
                if rest.count == 1, let c = rest.first, c.isLetter { return .char(Character(c.uppercased())) }
                throw KeyNotationError("unknown key <\(name)>: shift combines only with <Tab> or a letter")
            default:
                break
            }
        }
        throw KeyNotationError("unknown key name <\(name)>; write <lt> for a literal <")
    }

    private static func ctrlKey(_ rest: String, name: String) throws -> Key {
        guard rest.count == 1, let c = rest.first else {
            throw KeyNotationError("unknown key <\(name)>: ctrl combines only with a letter")
        }
        if c == "[" { return .esc }
        // Terminals send the same byte (0x1F) for Ctrl+_ and Ctrl+/: one key, written <C-_>.
        if c == "_" || c == "/" { return .ctrl("_") }
        guard c.isASCII, c.isLetter else {
            throw KeyNotationError("unknown key <\(name)>: ctrl combines only with a letter (or _)")
        }
        switch Character(c.lowercased()) {
        case "i": return .tab
        case "m", "j": return .enter
        case "h": return .backspace
        case let letter: return .ctrl(letter)
        }
    }

    private static func altKey(_ rest: String, name: String) throws -> Key {
        if rest.count == 1, let c = rest.first, !isControlOrNewline(c), c != " " {
            return .alt(c)
        }
        if let c = characterNames[rest.lowercased()] { return .alt(c) }
        throw KeyNotationError("unknown key <\(name)>: alt combines only with one character")
    }
}
