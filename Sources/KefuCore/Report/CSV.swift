import Foundation

/// RFC 4180 CSV: fields with a comma, quote or line break are quoted (quotes doubled), lines end in
/// CRLF, and the text starts with a UTF-8 byte-order mark so spreadsheet programs read Chinese and
/// Japanese titles as UTF-8 instead of the local code page.
public enum CSV {
    public static let bom = "\u{FEFF}"

    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func document(header: [String], rows: [[String]]) -> String {
        var out = bom
        for r in [header] + rows { out += r.map(field).joined(separator: ",") + "\r\n" }
        return out
    }
}
