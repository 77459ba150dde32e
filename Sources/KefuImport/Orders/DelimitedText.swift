import Foundation
import KefuMail

/// A reader for the CSV (RFC 4180) and tab-separated text that marketplaces export.
///
/// CSV: fields may be quoted; a quoted field holds commas, doubled quotes and newlines. A quote inside an
/// unquoted field is taken literally (exports do write `12" pan`). TSV is Amazon's flat file: no quoting at
/// all, a field ends at a tab and a record at a newline, so a title starting with `"` stays as written.
/// Both accept a UTF-8 BOM and CRLF or LF. Garbage never traps: it becomes problems with line numbers.
public enum DelimitedText {
    public enum Separator: UInt8, Sendable { case comma = 0x2C, tab = 0x09 }

    public struct Record: Sendable, Equatable {
        /// The physical line the record starts on (1-based), which a quoted newline can make differ from its index.
        public var line: Int
        public var fields: [String]
        /// Columns whose bytes were not valid UTF-8 (decoded with U+FFFD).
        public var invalidUTF8: [Int] = []
        /// The record had a quoting problem (listed in `problems`): its fields are what could be read.
        public var broken = false
        public var isBlank: Bool { !broken && fields.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
    }

    public struct Problem: Error, Sendable, Equatable {
        public var line: Int
        public var message: String
    }

    public struct Parsed: Sendable {
        public var records: [Record] = []
        public var problems: [Problem] = []
    }

    /// Text problems that make the whole file unreadable (checked before any record is split).
    public static func encodingProblem(_ bytes: [UInt8]) -> Problem? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return Problem(line: 1, message: "the file is UTF-16 text; export or save it as UTF-8 (in Excel: \"CSV UTF-8\")")
        }
        // UTF-16 without a BOM shows as ASCII interleaved with NULs.
        let head = bytes.prefix(64)
        if head.count >= 4, head.enumerated().filter({ $0.offset % 2 == 1 }).allSatisfy({ $0.element == 0 })
            || head.enumerated().filter({ $0.offset % 2 == 0 }).allSatisfy({ $0.element == 0 }) {
            return Problem(line: 1, message: "the file looks like UTF-16 text; export or save it as UTF-8")
        }
        if let nul = bytes.firstIndex(of: 0) {
            let line = 1 + bytes[..<nul].lazy.filter { $0 == 0x0A }.count
            return Problem(line: line, message: "binary data (a NUL byte), not a text report")
        }
        return nil
    }

    /// The separator of the first non-blank line: a tab there means TSV.
    public static func guessSeparator(_ bytes: [UInt8]) -> Separator {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[start..<end]
            if line.contains(0x09) { return .tab }
            if line.contains(where: { $0 != 0x0D && $0 != 0x20 && $0 != 0x2C }) { return .comma }
            start = end + 1
        }
        return .comma
    }

    /// Splits `bytes` into records. `progress` is called with the byte offset every few thousand records.
    public static func parse(_ bytes: [UInt8], separator: Separator, progress: ((Int) -> Void)? = nil) -> Parsed {
        var out = Parsed()
        let sep = separator.rawValue
        let quoting = separator == .comma
        let n = bytes.count
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var fields: [String] = []
        var invalid: [Int] = []
        var field: [UInt8] = []
        var recordLine = 1
        var recordBroken = false

        func endField() {
            if let s = MailCharset.validUTF8(field[...]) { fields.append(s) } else {
                invalid.append(fields.count)
                fields.append(String(decoding: field, as: UTF8.self))
            }
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            out.records.append(Record(line: recordLine, fields: fields, invalidUTF8: invalid, broken: recordBroken))
            fields.removeAll(keepingCapacity: true)
            invalid.removeAll()
            recordBroken = false
            recordLine = line
            if out.records.count % 4096 == 0 { progress?(i) }
        }

        while i < n {
            let b = bytes[i]
            if quoting && b == 0x22 && field.isEmpty {
                // A quoted field: runs to the next quote not doubled.
                let openedAt = line
                i += 1
                var closed = false
                while i < n {
                    let c = bytes[i]
                    if c == 0x22 {
                        if i + 1 < n && bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                        i += 1; closed = true; break
                    }
                    if c == 0x0A { line += 1 }
                    field.append(c)
                    i += 1
                }
                guard closed else {
                    out.problems.append(Problem(line: openedAt, message: "unterminated quoted field (the quote opened on this line never closes)"))
                    recordBroken = true
                    break
                }
                // After the closing quote only a separator or the end of the line may follow.
                var j = i
                while j < n, bytes[j] == 0x20 { j += 1 }
                if j < n, bytes[j] != sep, bytes[j] != 0x0A, bytes[j] != 0x0D {
                    if !recordBroken { out.problems.append(Problem(line: line, message: "text after the closing quote of field \(fields.count + 1)")) }
                    recordBroken = true
                    while j < n, bytes[j] != sep, bytes[j] != 0x0A { j += 1 }
                }
                i = j
                // The field is done; mark it non-empty so a following quote byte is not taken as an opener.
                if i < n, bytes[i] == sep { endField(); i += 1; continue }
                continue
            }
            switch b {
            case sep: endField(); i += 1
            case 0x0A:
                if field.last == 0x0D { field.removeLast() }
                i += 1
                line += 1
                endRecord()
            case 0x0D where i + 1 < n && bytes[i + 1] == 0x0A:
                i += 1 // the LF ends the record
            default:
                field.append(b); i += 1
            }
        }
        if recordBroken {
            // An unterminated quote swallowed the rest of the file: keep what the record had, marked broken.
            endRecord()
        } else if !field.isEmpty || !fields.isEmpty {
            if field.last == 0x0D { field.removeLast() }
            endRecord()
        }
        progress?(n)
        return out
    }
}
