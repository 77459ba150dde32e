import Foundation
import KefuBase

/// One RFC 1524 mailcap entry: `type/subtype; command; flag; flag=value …`.
public struct MailcapEntry: Sendable, Equatable {
    /// Lowercased; `image/*` or `image` (the same) match every image type.
    public var type: String
    public var command: String
    /// A text-mode viewer: it gets the terminal (kefu's screen is suspended while it runs).
    public var needsTerminal = false
    /// Prints the file as text: kefu shows its output in `$PAGER`.
    public var copiousOutput = false
    /// A command whose exit status 0 means the entry applies (`test=test -n "$DISPLAY"`).
    public var test: String?
    /// `FILE:LINE`, for messages.
    public var source: String
}

/// The user's mailcap files as mutt and run-mailcap read them: `$MAILCAPS` (colon-separated), else
/// `~/.mailcap` then `/etc/mailcap`. The first entry whose type matches and whose test passes wins.
///
/// Safety: the file name put in for `%s` is always a path kefu chose (`isSafePath`: letters, digits,
/// `/._-` only), quoted for the shell unless the entry already quotes it; the type for `%t` is reduced
/// to the same kind of characters. The buyer's file name never reaches a command. An entry using
/// other `%` codes (`%{charset}`, `%n`, `%F`) is skipped.
public enum Mailcap {
    public static func files(environment env: [String: String], home: String = NSHomeDirectory()) -> [String] {
        if let list = env["MAILCAPS"], !list.isEmpty { return list.split(separator: ":").map(String.init) }
        return [(env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home) + "/.mailcap", "/etc/mailcap"]
    }

    /// Entries of every readable file, in order (a missing file is normal; a file over 1 MB is not a mailcap).
    public static func load(_ paths: [String]) -> [MailcapEntry] {
        paths.flatMap { path -> [MailcapEntry] in
            guard (0...(1 << 20)).contains(DurableIO.regularFileSize(path)), let data = FileManager.default.contents(atPath: path) else { return [] }
            return parse(String(decoding: data, as: UTF8.self), file: path)
        }
    }

    public static func parse(_ text: String, file: String) -> [MailcapEntry] {
        var out: [MailcapEntry] = []
        var pending = "", startLine = 0
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if pending.isEmpty { startLine = i + 1 }
            if line.hasSuffix("\\") && !line.hasSuffix("\\\\") { pending += line.dropLast(); continue }
            let full = pending + line
            pending = ""
            let trimmed = full.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = splitFields(trimmed)
            guard fields.count >= 2 else { continue }
            let type = fields[0].lowercased()
            guard !type.isEmpty, type.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 }) else { continue }
            var e = MailcapEntry(type: type.contains("/") ? type : type + "/*", command: fields[1], source: "\(file):\(startLine)")
            for flag in fields.dropFirst(2) {
                let parts = flag.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                switch parts[0].lowercased() {
                case "needsterminal": e.needsTerminal = true
                case "copiousoutput": e.copiousOutput = true
                case "test" where parts.count == 2: e.test = parts[1]
                default: break   // print=, edit=, description=, nametemplate=, x-…: not used to view
                }
            }
            out.append(e)
        }
        return out
    }

    /// Fields split at `;`, where `\;` is a literal semicolon; each trimmed.
    static func splitFields(_ s: String) -> [String] {
        var fields: [String] = [], cur = ""
        var escaped = false
        for ch in s {
            if escaped { cur.append(ch == ";" ? ";" : "\\"); if ch != ";" { cur.append(ch) }; escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == ";" { fields.append(cur.trimmingCharacters(in: .whitespaces)); cur = ""; continue }
            cur.append(ch)
        }
        if escaped { cur.append("\\") }
        fields.append(cur.trimmingCharacters(in: .whitespaces))
        return fields
    }

    public static func matches(_ pattern: String, _ type: String) -> Bool {
        let t = type.lowercased()
        if pattern == t { return true }
        guard pattern.hasSuffix("/*") else { return false }
        return t.hasPrefix(pattern.dropLast(1))
    }

    /// Letters, digits and `/._-`: a path that means the same quoted or not, in any quoting context.
    public static func isSafePath(_ p: String) -> Bool {
        !p.isEmpty && p.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-".unicodeScalars.contains($0)) }
    }

    /// The command with `%s`, `%t` and `%%` put in, and whether the file goes on standard input (no `%s`).
    /// nil for an unsupported `%` code or an unsafe path.
    public static func expand(_ template: String, file: String, type: String) -> (command: String, stdin: Bool)? {
        guard isSafePath(file) else { return nil }
        let safeType = String(String.UnicodeScalarView(type.lowercased().unicodeScalars.filter {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/.+-".unicodeScalars.contains($0))
        }))
        var out = "", usedFile = false
        var quote: Character? = nil
        var chars = Array(template)[...]
        while let ch = chars.popFirst() {
            if ch == "\\" && quote != "'" { out.append(ch); if let n = chars.popFirst() { out.append(n) }; continue }
            if ch == "'" || ch == "\"" {
                if quote == nil { quote = ch } else if quote == ch { quote = nil }
                out.append(ch); continue
            }
            guard ch == "%" else { out.append(ch); continue }
            switch chars.popFirst() {
            case "s": out += quote == nil ? "'\(file)'" : file; usedFile = true
            case "t": out += quote == nil ? "'\(safeType)'" : safeType
            case "%": out += "%"
            default: return nil
            }
        }
        return (out, !usedFile)
    }
}
