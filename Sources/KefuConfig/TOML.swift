// A small, strict TOML 1.0 reader for kefu's config.toml.
//
// Hand-written rather than a dependency: the format is small, and what matters most is that every mistake is
// reported as `file:line: message` so a user can fix their file. It works on the UTF-8 bytes of the text.
// Dates and times are validated but kept as text: what "09:00" means depends on a time zone only the caller knows.
import KefuBase

/// A parse error naming the file and the 1-based line, e.g. `config.toml:12: duplicate key "reply-hours"`.
public typealias TOMLError = FileLineError

/// A TOML value. Dates and times hold the text as written, after checking its shape and ranges.
public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case date(String)  // local date "2026-12-25"
    case time(String)  // local time "09:00:00" or "09:00"
    case dateTime(String)  // offset or local date-time, as written
    case array([TOMLValue])
    case table(TOMLTable)
}

extension TOMLValue {
    /// The TOML name of the value's type, for messages like `"hours" must be an integer, not a string`.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .bool: "boolean"
        case .date: "date"
        case .time: "time"
        case .dateTime: "date-time"
        case .array: "array"
        case .table: "table"
        }
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var intValue: Int? { if case .integer(let i) = self { i } else { nil } }
    /// Integers count too, so `hours = 8` and `hours = 8.0` read the same.
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .float(let d): d
        default: nil
        }
    }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var arrayValue: [TOMLValue]? { if case .array(let a) = self { a } else { nil } }
    public var tableValue: TOMLTable? { if case .table(let t) = self { t } else { nil } }
}

/// A table: its keys in definition order, each with the line it was defined on.
/// Equality compares contents only, not key order or line numbers (TOML tables are unordered).
public struct TOMLTable: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// Keys in the order they were first defined.
    public private(set) var keys: [String] = []
    /// Line of the table header that opened this table (0 for the root); for a table made by dotted keys
    /// or an inline table, the line of its key.
    public var line = 0
    private var values: [String: TOMLValue] = [:]
    private var lines: [String: Int] = [:]

    public init() {}

    public init(dictionaryLiteral elements: (String, TOMLValue)...) {
        for (key, value) in elements { set(key, value, line: 0) }
    }

    public subscript(key: String) -> TOMLValue? { values[key] }

    /// The 1-based line where the key was defined (for error messages of the caller, e.g. "expected a number").
    public func line(of key: String) -> Int? { lines[key] }

    mutating func set(_ key: String, _ value: TOMLValue, line: Int) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        lines[key] = line
    }

    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool { lhs.values == rhs.values }
}

public enum TOML {
    /// Parses a whole document; `file` only names it in error messages.
    public static func parse(_ text: String, file: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(text, file: file)
        return try parser.document()
    }
}

// MARK: - Parser

private struct TOMLParser {
    let bytes: [UInt8]
    let file: String
    var pos = 0
    /// Arrays and inline tables open around the value being read: hostile nesting is an error naming
    /// the line, not a stack overflow (values are read recursively).
    var depth = 0
    static let maxDepth = 32
    /// Parts of one dotted key: `a.b.c…` with 100,000 parts would build 100,000 nested tables.
    static let maxKeyParts = 32
    /// Offsets of every "\n", so an offset turns into a line number by binary search.
    let newlines: [Int]

    init(_ text: String, file: String) {
        let bytes = Array(text.utf8)
        self.bytes = bytes
        self.file = file
        newlines = bytes.indices.filter { bytes[$0] == C.lf }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }  // UTF-8 byte order mark
    }

    // MARK: Reading bytes

    var line: Int {
        var lo = 0, hi = newlines.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if newlines[mid] < pos { lo = mid + 1 } else { hi = mid }
        }
        return lo + 1
    }

    func fail(_ message: String, _ line: Int? = nil) -> TOMLError {
        TOMLError(file: file, line: line ?? self.line, message: message)
    }

    var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }
    func at(_ offset: Int) -> UInt8? { pos + offset < bytes.count ? bytes[pos + offset] : nil }
    var atNewline: Bool { peek == C.lf || (peek == C.cr && at(1) == C.lf) }
    var atLineEnd: Bool { peek == nil || peek == C.hash || atNewline }

    mutating func take(_ c: UInt8) -> Bool {
        guard peek == c else { return false }
        pos += 1
        return true
    }

    mutating func takeNewline() -> Bool {
        guard atNewline else { return false }
        pos += peek == C.cr ? 2 : 1
        return true
    }

    mutating func skipSpaces() {
        while peek == C.space || peek == C.tab { pos += 1 }
    }

    mutating func skipComment() throws(TOMLError) {
        pos += 1
        while let c = peek, !atNewline {
            guard !isControl(c) else { throw fail("control character \(hex(c)) is not allowed in a comment") }
            pos += 1
        }
    }

    /// Whitespace, newlines and comments, as allowed between array items.
    mutating func skipBlank() throws(TOMLError) {
        repeat {
            skipSpaces()
            if peek == C.hash { try skipComment() }
        } while takeNewline()
    }

    /// After a value or header only a comment may follow on the same line.
    mutating func endOfLine(after what: String) throws(TOMLError) {
        skipSpaces()
        if peek == C.hash { try skipComment() }
        guard peek == nil || takeNewline() else { throw fail("expected a newline after \(what), found \(found)") }
    }

    /// The next character, for messages.
    var found: String {
        guard let c = peek else { return "end of file" }
        if atNewline { return "end of line" }
        return isControl(c) ? hex(c) : "\"" + character(at: pos) + "\""
    }

    /// The whole (possibly multi-byte) character starting at `offset`.
    func character(at offset: Int) -> String {
        let c = bytes[offset]
        if isControl(c) { return hex(c) }
        let length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
        return String(decoding: bytes[offset..<min(offset + length, bytes.count)], as: UTF8.self)
    }

    // MARK: Document structure

    mutating func document() throws(TOMLError) -> TOMLTable {
        let root = Node(.root, path: [], line: 0)
        var table = root
        while true {
            skipSpaces()
            if peek == nil { break }
            var what = "the value"
            if peek == C.lbracket {
                table = try header(root)
                what = "the table header"
            } else if !atLineEnd {
                try keyValue(into: table)
            }
            try endOfLine(after: what)
        }
        return root.build()
    }

    /// `[a.b]` or `[[a.b]]`; returns the table that the following key/value lines go into.
    mutating func header(_ root: Node) throws(TOMLError) -> Node {
        let line = self.line
        pos += 1
        let isArray = take(C.lbracket)
        skipSpaces()
        let path = try key()
        guard take(C.rbracket), !isArray || take(C.rbracket) else {
            throw fail("expected \(isArray ? "\"]]\"" : "\"]\"") to close the table header, found \(found)")
        }
        return try open(path, in: root, line: line, isArray: isArray)
    }

    /// Finds or creates the table a header names. A table may be defined once; super-tables created along
    /// the way stay "implicit" until their own header defines them.
    func open(_ path: [String], in root: Node, line: Int, isArray: Bool) throws(TOMLError) -> Node {
        var name: String { isArray ? "array of tables [[\(keyText(path))]]" : "table [\(keyText(path))]" }
        var node = root
        for (i, key) in path.dropLast().enumerated() {
            switch node.entries[key] {
            case nil: node = node.child(key, .implicit, line: line)
            case .table(let next)?: node = next
            case .tables(let elements)?: node = elements[elements.count - 1]  // the most recent [[element]]
            case let entry?:
                throw fail("cannot define \(name): " + conflict(entry, Array(path[...i]), node.lines[key]), line)
            }
        }
        let key = path[path.count - 1]
        let created = Node(.header, path: path, line: line)
        if isArray && node.append(created, to: key) { return created }
        switch (node.entries[key], isArray) {
        case (nil, _):
            node.add(key, isArray ? .tables([created]) : .table(created), line: line)
            return created
        case (.table(let table)?, false) where table.origin == .implicit:
            table.origin = .header
            table.line = line
            node.lines[key] = line
            return table
        case (.table(let table)?, false):
            throw fail("duplicate table [\(keyText(path))] (first defined on line \(table.line))", line)
        case (let entry?, _):
            throw fail("cannot define \(name): " + conflict(entry, path, node.lines[key]), line)
        }
    }

    /// `key = value`, at the top level or inside an inline table.
    mutating func keyValue(into table: Node) throws(TOMLError) {
        let line = self.line
        let path = try key()
        guard take(C.equals) else { throw fail("expected \"=\" after key \(quoted(path)), found \(found)") }
        skipSpaces()
        guard !atLineEnd else { throw fail("missing value for key \(quoted(path))") }
        let value = try value()
        try assign(path, value, in: table, line: line)
    }

    /// Defines `path = value` in `base`. Dotted keys may only pass through tables that dotted keys created:
    /// tables from headers, inline tables and arrays are closed to them.
    func assign(_ path: [String], _ value: TOMLValue, in base: Node, line: Int) throws(TOMLError) {
        var node = base
        for (i, key) in path.dropLast().enumerated() {
            switch node.entries[key] {
            case nil: node = node.child(key, .dotted, line: line)
            case .table(let next)? where next.origin == .dotted: node = next
            case let entry?:
                throw fail("cannot define key \(quoted(path)): " + conflict(entry, Array(path[...i]), node.lines[key]), line)
            }
        }
        let key = path[path.count - 1]
        guard node.entries[key] == nil else { throw fail("duplicate key \(quoted(path))", line) }
        node.add(key, .value(value), line: line)
    }

    /// Why the existing `entry` at `path` (defined on `line`) cannot be defined or extended again.
    func conflict(_ entry: Node.Entry, _ path: [String], _ line: Int?) -> String {
        let on = "(line \(line ?? 0))"
        switch entry {
        case .value(.table): return "\(quoted(path)) is an inline table \(on) and cannot be extended"
        case .value(let value): return "\(quoted(path)) is already \(article(value.typeName)) \(on)"
        case .table(let table):
            let how = table.origin == .dotted ? "dotted keys" : "a table header"
            return "table [\(keyText(table.path))] was already created by \(how) \(on)"
        case .tables: return "\(quoted(path)) is already an array of tables \(on)"
        }
    }

    // MARK: Keys

    /// A possibly dotted key; also eats the whitespace after it.
    mutating func key() throws(TOMLError) -> [String] {
        var parts = [try simpleKey()]
        skipSpaces()
        while take(C.dot) {
            guard parts.count < Self.maxKeyParts else { throw fail("key has more than \(Self.maxKeyParts) dotted parts") }
            skipSpaces()
            parts.append(try simpleKey())
            skipSpaces()
        }
        return parts
    }

    mutating func simpleKey() throws(TOMLError) -> String {
        if let q = peek, q == C.quote || q == C.apos {
            guard at(1) != q || at(2) != q else { throw fail("a multi-line string cannot be a key") }
            return try singleLineString()
        }
        let start = pos
        while let c = peek, isBare(c) { pos += 1 }
        guard pos > start else { throw fail("expected a key, found \(found)") }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    // MARK: Values

    mutating func value() throws(TOMLError) -> TOMLValue {
        switch peek {
        case C.quote?, C.apos?: .string(try string())
        case C.lbracket?: try array()
        case C.lbrace?: try inlineTable()
        default: try scalar()
        }
    }

    mutating func array() throws(TOMLError) -> TOMLValue {
        let start = line
        try enter()
        defer { depth -= 1 }
        pos += 1
        var items: [TOMLValue] = []
        while true {
            try skipBlank()
            if take(C.rbracket) { return .array(items) }
            guard peek != nil else { throw fail("unterminated array (missing \"]\")", start) }
            items.append(try value())
            try skipBlank()
            if take(C.rbracket) { return .array(items) }
            guard peek != nil else { throw fail("unterminated array (missing \"]\")", start) }
            guard take(C.comma) else { throw fail("expected \",\" or \"]\" in the array from line \(start), found \(found)") }
        }
    }

    mutating func enter() throws(TOMLError) {
        guard depth < Self.maxDepth else { throw fail("arrays and inline tables nested deeper than \(Self.maxDepth) levels") }
        depth += 1
    }

    /// `{ a = 1, b.c = 2 }`: on one line, no trailing comma, and closed once written.
    mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        let start = line
        let table = Node(.inline, path: [], line: start)
        try enter()
        defer { depth -= 1 }
        pos += 1
        skipSpaces()
        if take(C.rbrace) { return .table(table.build()) }
        while true {
            guard !atLineEnd else { throw fail("unterminated inline table (it must close on its line)", start) }
            try keyValue(into: table)
            skipSpaces()
            if take(C.rbrace) { return .table(table.build()) }
            guard !atLineEnd else { throw fail("unterminated inline table (it must close on its line)", start) }
            guard take(C.comma) else { throw fail("expected \",\" or \"}\" in inline table, found \(found)") }
            skipSpaces()
            guard peek != C.rbrace else { throw fail("trailing comma is not allowed in an inline table") }
        }
    }

    /// Booleans, numbers, dates and times: a run of token characters, classified afterwards.
    mutating func scalar() throws(TOMLError) -> TOMLValue {
        let start = pos
        scanToken()
        // A date-time may separate date and time with a space: "2026-12-25 09:00:00".
        if pos - start == 10, bytes[start + 4] == C.minus, peek == C.space,
           isDigit(at(1)), isDigit(at(2)), at(3) == C.colon {
            pos += 1
            scanToken()
        }
        let token = Array(bytes[start..<pos])
        let text = String(decoding: token, as: UTF8.self)
        guard let first = token.first else { throw fail("expected a value, found \(found)") }
        if text == "true" || text == "false" { return .bool(text == "true") }
        if token.count >= 5 && token[4] == C.minus && token[..<4].allSatisfy({ isDigit($0) }) {
            return try dateValue(token, text)
        }
        if token.contains(C.colon) {
            guard timeEnd(token, from: 0) == token.count else { throw fail("invalid time \"\(text)\"") }
            return .time(text)
        }
        if isDigit(first) || [C.plus, C.minus, C.dot].contains(first) || text == "inf" || text == "nan" {
            return try number(token, text)
        }
        throw fail("invalid value \"\(text)\" (strings must be quoted)")
    }

    mutating func scanToken() {
        while let c = peek, isBare(c) || c == C.plus || c == C.dot || c == C.colon { pos += 1 }
    }

    func dateValue(_ t: [UInt8], _ text: String) throws(TOMLError) -> TOMLValue {
        if t.count <= 10 {
            guard t.count == 10 && validDate(t) else { throw fail("invalid date \"\(text)\"") }
            return .date(text)
        }
        guard validDate(t), [C.space, UInt8(ascii: "T"), UInt8(ascii: "t")].contains(t[10]),
              let end = timeEnd(t, from: 11), validOffset(t, from: end)
        else { throw fail("invalid date-time \"\(text)\"") }
        return .dateTime(text)
    }

    /// Decimal (no leading zeros), `0x`/`0o`/`0b` (unsigned) and floats; `_` only between two digits.
    func number(_ t: [UInt8], _ text: String) throws(TOMLError) -> TOMLValue {
        var invalid: TOMLError { fail("invalid number \"\(text)\"") }
        var tooBig: TOMLError { fail("integer \"\(text)\" is out of range") }
        let signed = t[0] == C.plus || t[0] == C.minus
        let body = signed ? Array(t[1...]) : t
        if body == Array("inf".utf8) { return .float(t[0] == C.minus ? -.infinity : .infinity) }
        if body == Array("nan".utf8) { return .float(.nan) }
        let radixes: [UInt8: Int] = [UInt8(ascii: "x"): 16, UInt8(ascii: "o"): 8, UInt8(ascii: "b"): 2]
        if !signed, t.count > 2, t[0] == C.zero, let radix = radixes[t[1]] {
            guard validDigits(t[2...], radix: radix) else { throw invalid }
            guard let value = Int(withoutUnderscores(t[2...]), radix: radix) else { throw tooBig }
            return .integer(value)
        }
        let n = t.count
        func digitsEnd(_ from: Int) -> Int {
            var j = from
            while j < n, isDigit(t[j]) || t[j] == C.underscore { j += 1 }
            return j
        }
        let intStart = signed ? 1 : 0
        var j = digitsEnd(intStart)
        guard validDigits(t[intStart..<j], radix: 10) else { throw invalid }
        guard j - intStart == 1 || t[intStart] != C.zero else { throw fail("leading zeros are not allowed in \"\(text)\"") }
        var isFloat = false
        if j < n, t[j] == C.dot {
            let end = digitsEnd(j + 1)
            guard validDigits(t[(j + 1)..<end], radix: 10) else { throw invalid }
            (j, isFloat) = (end, true)
        }
        if j < n, t[j] == UInt8(ascii: "e") || t[j] == UInt8(ascii: "E") {
            j += 1
            if j < n, t[j] == C.plus || t[j] == C.minus { j += 1 }
            let end = digitsEnd(j)
            guard validDigits(t[j..<end], radix: 10) else { throw invalid }
            (j, isFloat) = (end, true)
        }
        guard j == n else { throw invalid }
        let plain = withoutUnderscores(t[...])
        if isFloat {
            guard let value = Double(plain) else { throw invalid }
            return .float(value)
        }
        guard let value = Int(plain) else { throw tooBig }
        return .integer(value)
    }

    // MARK: Strings

    mutating func string() throws(TOMLError) -> String {
        let q = peek ?? C.quote
        if at(1) == q && at(2) == q { return try multilineString(literal: q == C.apos) }
        return try singleLineString()
    }

    /// `"..."` with escapes or `'...'` taken as is; neither may span lines.
    mutating func singleLineString() throws(TOMLError) -> String {
        let quote = bytes[pos]
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek, !atNewline else {
                throw fail("unterminated string (missing closing \(quote == C.quote ? "\"" : "'"))")
            }
            pos += 1
            if c == quote { return String(decoding: out, as: UTF8.self) }
            if c == C.backslash && quote == C.quote { try escape(into: &out) } else { try plain(c, into: &out) }
        }
    }

    /// `"""..."""` or `'''...'''`. A newline right after the opening quotes is dropped, and up to two quotes
    /// may sit right before the closing three. Only the basic form has escapes and line-ending backslashes.
    mutating func multilineString(literal: Bool) throws(TOMLError) -> String {
        let quote = literal ? C.apos : C.quote
        let start = line
        pos += 3
        _ = takeNewline()
        var out: [UInt8] = []
        while let c = peek {
            if c == quote {
                var run = 1
                while at(run) == quote { run += 1 }
                pos += run
                guard run >= 3 else { out += repeatElement(quote, count: run); continue }
                guard run <= 5 else { throw fail("too many quotes at the end of a multi-line string") }
                out += repeatElement(quote, count: run - 3)
                return String(decoding: out, as: UTF8.self)
            }
            if takeNewline() {
                out.append(C.lf)
            } else {
                pos += 1
                if c == C.backslash && !literal { try backslash(into: &out) } else { try plain(c, into: &out) }
            }
        }
        let closing = literal ? "'''" : "\"\"\""
        throw fail("unterminated multi-line string (missing closing \(closing))", start)
    }

    /// After `\` in a multi-line basic string: at the end of a line it eats the newline and all whitespace
    /// (newlines included) up to the next text; anywhere else it starts an escape.
    mutating func backslash(into out: inout [UInt8]) throws(TOMLError) {
        let escapeStart = pos
        skipSpaces()
        guard atNewline else {
            pos = escapeStart
            return try escape(into: &out)
        }
        repeat { skipSpaces() } while takeNewline()
    }

    mutating func escape(into out: inout [UInt8]) throws(TOMLError) {
        guard let e = peek, !atNewline else { throw fail("unterminated string (a \"\\\" ends the line)") }
        pos += 1
        switch e {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(C.tab)
        case UInt8(ascii: "n"): out.append(C.lf)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(C.cr)
        case C.quote, C.backslash: out.append(e)
        case UInt8(ascii: "u"): try unicodeEscape(digits: 4, into: &out)
        case UInt8(ascii: "U"): try unicodeEscape(digits: 8, into: &out)
        default: throw fail("invalid escape \"\\\(character(at: pos - 1))\" in string")
        }
    }

    mutating func unicodeEscape(digits: Int, into out: inout [UInt8]) throws(TOMLError) {
        let start = pos
        var scalar: UInt32 = 0
        for _ in 0..<digits {
            guard let c = peek, let d = hexValue(c) else {
                throw fail("invalid unicode escape: \\\(digits == 4 ? "u" : "U") needs \(digits) hex digits")
            }
            scalar = scalar * 16 + d
            pos += 1
        }
        guard let s = Unicode.Scalar(scalar) else {
            let text = String(decoding: bytes[start..<pos], as: UTF8.self)
            throw fail("invalid unicode escape \"\(text)\": not a Unicode scalar value")
        }
        out += Array(String(s).utf8)
    }

    /// An ordinary string character: anything but control characters (tab is fine).
    func plain(_ c: UInt8, into out: inout [UInt8]) throws(TOMLError) {
        guard !isControl(c) else { throw fail("control character \(hex(c)) is not allowed in a string; use an escape") }
        out.append(c)
    }
}

// MARK: - Tables under construction

extension TOMLParser {
    /// A table while parsing: a class so headers and dotted keys can extend it in place.
    /// `origin` records how it came to exist, which decides whether it may be extended later.
    final class Node {
        enum Origin { case root, implicit, header, dotted, inline }
        enum Entry {
            case value(TOMLValue)  // includes inline tables and static arrays, which are closed
            case table(Node)
            case tables([Node])  // an array of tables, from [[header]]
        }

        var origin: Origin
        var line: Int
        let path: [String]
        var keys: [String] = []
        var entries: [String: Entry] = [:]
        var lines: [String: Int] = [:]

        init(_ origin: Origin, path: [String], line: Int) {
            self.origin = origin
            self.path = path
            self.line = line
        }

        func add(_ key: String, _ entry: Entry, line: Int) {
            if entries.updateValue(entry, forKey: key) == nil { keys.append(key) }
            lines[key] = line
        }

        /// Adds an element to the array of tables at `key`, if there is one there. The array is taken out
        /// of `entries` while appending, so it is not copied each time.
        func append(_ element: Node, to key: String) -> Bool {
            guard case .tables? = entries[key], case .tables(var elements)? = entries.removeValue(forKey: key) else {
                return false
            }
            elements.append(element)
            entries[key] = .tables(elements)
            return true
        }

        func child(_ key: String, _ origin: Origin, line: Int) -> Node {
            let node = Node(origin, path: path + [key], line: line)
            add(key, .table(node), line: line)
            return node
        }

        func build() -> TOMLTable {
            var table = TOMLTable()
            table.line = line
            for key in keys {
                guard let entry = entries[key], let line = lines[key] else { continue }
                switch entry {
                case .value(let value): table.set(key, value, line: line)
                case .table(let node): table.set(key, .table(node.build()), line: line)
                case .tables(let nodes): table.set(key, .array(nodes.map { .table($0.build()) }), line: line)
                }
            }
            return table
        }
    }
}

// MARK: - Helpers

// Members of the parser rather than free functions, so they cannot clash with names elsewhere in the module.
extension TOMLParser {
    enum C {
        static let tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20
        static let quote = UInt8(ascii: "\""), apos = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")
        static let hash = UInt8(ascii: "#"), equals = UInt8(ascii: "="), comma = UInt8(ascii: ","), dot = UInt8(ascii: ".")
        static let lbracket = UInt8(ascii: "["), rbracket = UInt8(ascii: "]")
        static let lbrace = UInt8(ascii: "{"), rbrace = UInt8(ascii: "}")
        static let plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), underscore = UInt8(ascii: "_")
        static let colon = UInt8(ascii: ":"), zero = UInt8(ascii: "0")
    }

    func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
    func isControl(_ c: UInt8) -> Bool { (c < 0x20 && c != C.tab) || c == 0x7F }
    func isBare(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c == C.underscore || c == C.minus
    }

    func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: UInt32(c - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    func hex(_ c: UInt8) -> String {
        let digits = String(c, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// Non-empty digits of `radix`, where every `_` sits between two digits.
    func validDigits(_ s: ArraySlice<UInt8>, radix: Int) -> Bool {
        guard let first = s.first, let last = s.last, first != C.underscore, last != C.underscore else { return false }
        var previous: UInt8 = 0
        for c in s {
            if c == C.underscore {
                if previous == C.underscore { return false }
            } else if (hexValue(c).map { $0 >= radix } ?? true) {
                return false
            }
            previous = c
        }
        return true
    }

    func withoutUnderscores(_ s: ArraySlice<UInt8>) -> String {
        String(decoding: s.filter { $0 != C.underscore }, as: UTF8.self)
    }

    /// Exactly `count` decimal digits at `i`.
    func digits(_ t: [UInt8], _ i: Int, _ count: Int) -> Int? {
        guard i + count <= t.count else { return nil }
        var value = 0
        for c in t[i..<(i + count)] {
            guard isDigit(c) else { return nil }
            value = value * 10 + Int(c - C.zero)
        }
        return value
    }

    /// `YYYY-MM-DD` in the first ten bytes, a real calendar day.
    func validDate(_ t: [UInt8]) -> Bool {
        guard let y = digits(t, 0, 4), t[4] == C.minus, let m = digits(t, 5, 2), t.count > 7, t[7] == C.minus,
              let d = digits(t, 8, 2), (1...12).contains(m) else { return false }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction` at `i`; returns where it ends. (TOML 1.0 requires the
    /// seconds; we also take "09:00", the natural way to write opening hours.)
    func timeEnd(_ t: [UInt8], from i: Int) -> Int? {
        guard let h = digits(t, i, 2), h < 24, i + 2 < t.count, t[i + 2] == C.colon,
              let m = digits(t, i + 3, 2), m < 60 else { return nil }
        var j = i + 5
        guard j < t.count, t[j] == C.colon else { return j }
        guard let s = digits(t, j + 1, 2), s <= 60 else { return nil }  // 60: leap second
        j += 3
        guard j < t.count, t[j] == C.dot else { return j }
        j += 1
        let fraction = j
        while j < t.count, isDigit(t[j]) { j += 1 }
        return j > fraction ? j : nil
    }

    /// Nothing (a local date-time), `Z`, or `+HH:MM` / `-HH:MM` at `i`, ending the token.
    func validOffset(_ t: [UInt8], from i: Int) -> Bool {
        if i == t.count { return true }
        if t[i] == UInt8(ascii: "Z") || t[i] == UInt8(ascii: "z") { return i + 1 == t.count }
        guard t[i] == C.plus || t[i] == C.minus, let h = digits(t, i + 1, 2), h < 24, i + 3 < t.count,
              t[i + 3] == C.colon, let m = digits(t, i + 4, 2), m < 60 else { return false }
        return i + 6 == t.count
    }

    func article(_ word: String) -> String {
        let vowel = word.first.map { "aeiou".contains($0) } ?? false
        return (vowel ? "an " : "a ") + word
    }

    /// A key path as TOML would write it: bare parts as is, others quoted.
    func keyText(_ path: [String]) -> String {
        path.map { part in
            if !part.isEmpty && part.utf8.allSatisfy({ isBare($0) }) { return part }
            var escaped = ""
            for ch in part {
                if ch == "\\" || ch == "\"" { escaped.append("\\") }
                escaped.append(ch)
            }
            return "\"" + escaped + "\""
        }.joined(separator: ".")
    }

    /// A key for messages: `"reply-hours"`, or `site."google.com"` when it already has quotes.
    func quoted(_ path: [String]) -> String {
        let text = keyText(path)
        return text.contains("\"") ? text : "\"" + text + "\""
    }
}
