import Foundation
import KefuBase
import KefuModel

/// `[attachments]`: how much of one message's files the store keeps, and how the agent opens them.
public struct AttachmentSettings: Sendable, Equatable {
    public static let defaultMaxPerMessage = AttachmentFile.defaultMaxPerMessage
    /// Decoded bytes of one message's attachments kept in the store; the rest stay in the Maildir.
    public var maxPerMessage = AttachmentSettings.defaultMaxPerMessage
    /// A command that opens any file (`xdg-open`), used instead of the mailcap; run with the file as its one argument.
    public var open: String?
    /// Mailcap files to read, in order; nil: `$MAILCAPS`, else `~/.mailcap` and `/etc/mailcap`.
    public var mailcaps: [String]?

    public init() {}
}

extension ConfigReader {
    /// `max-per-message` is bytes, or text like "25 MB", "500 KB".
    func attachments(_ root: TOMLTable) throws -> AttachmentSettings {
        var s = AttachmentSettings()
        guard let t = try table(root, "attachments") else { return s }
        try allow(t, ["max-per-message", "open", "mailcap"], at: "attachments")
        if let v = t["max-per-message"] {
            let bad = fail(t.line(of: "max-per-message"), "attachments.max-per-message", "expected a size such as \"25 MB\" or a number of bytes (0 … 1 GB)")
            if let n = v.intValue { s.maxPerMessage = n } else if let text = v.stringValue, let n = Self.byteSize(text) { s.maxPerMessage = n } else { throw bad }
            guard (0...(1 << 30)).contains(s.maxPerMessage) else { throw bad }
        }
        if let cmd = try nonBlank(t, "open", path: "attachments", expected: "expected a command such as \"xdg-open\"") { s.open = cmd }
        if let list = try strings(t, "mailcap", path: "attachments") {
            s.mailcaps = list.map { ($0 as NSString).expandingTildeInPath }
        }
        return s
    }

    /// "25 MB", "25MB", "500 kb", "1024": bytes (KB and MB are 1024-based, as sizes are shown).
    static func byteSize(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 10, let n = Int(digits) else { return nil }
        switch t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces) {
        case "", "B": return n
        case "K", "KB": return n << 10
        case "M", "MB": return n << 20
        case "G", "GB": return n << 30
        default: return nil
        }
    }
}
