import Foundation
import KefuBase

/// RFC 4180 CSV: fields with a comma, quote or line break are quoted (quotes doubled), lines end in
/// CRLF, and the text starts with a UTF-8 byte-order mark so spreadsheet programs read Chinese and
/// Japanese titles as UTF-8 instead of the local code page.
///
/// Every field is also made inert for spreadsheets (OWASP's CSV injection rule): a field starting
/// with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`, so `=HYPERLINK(…)` in a buyer's title or
/// SKU shows as text instead of running. A plain number (`-3`, `-12.50`: `^-?[0-9]+(\.[0-9]+)?$`)
/// stays as it is — it cannot run, and the weekly `change` column must stay a number.
public enum CSV {
    public static let bom = "\u{FEFF}"

    /// One field: made inert, control and bidi characters shown as their visible stand-ins
    /// (`TerminalText.block`: line breaks and TAB kept, "\r\n" read as "\n"), then quoted if needed.
    public static func field(_ s: String) -> String {
        // Neutralised first: `block` drops a joiner at the start of a line, which would otherwise hide
        // an `=` behind it from `inert` and bring it to the front after.
        let s = inert(TerminalText.block(s))
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `s`, or `'` + `s` when a spreadsheet would read `s` as a formula (see the type's comment).
    public static func inert(_ s: String) -> String {
        guard let first = s.utf8.first else { return s }
        switch first {
        // LF too: `field` neutralises first, which reads a CR as a line break.
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D, 0x0A:
            return isPlainNumber(s) ? s : "'" + s
        default:
            return s
        }
    }

    /// `^-?[0-9]+(\.[0-9]+)?$`
    static func isPlainNumber(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        func digits(_ u: inout Substring.UTF8View.SubSequence) -> Bool {
            let n = u.prefix { (0x30...0x39).contains($0) }.count
            u = u.dropFirst(n)
            return n > 0
        }
        guard digits(&u) else { return false }
        if u.isEmpty { return true }
        guard u.first == UInt8(ascii: ".") else { return false }
        u = u.dropFirst()
        return digits(&u) && u.isEmpty
    }

    public static func document(header: [String], rows: [[String]]) -> String {
        var out = bom
        for r in [header] + rows { out += r.map(field).joined(separator: ",") + "\r\n" }
        return out
    }
}
