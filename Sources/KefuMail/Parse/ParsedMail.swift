import Foundation

/// One header field of an inbound mail: unfolded, its value decoded from RFC 2047 encoded words.
public struct MailHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An attachment: what it is and how big, and — when the parse was asked to keep files — its bytes
/// (within the message's cap) or, above the cap, only their SHA-256.
public struct MailAttachment: Sendable, Equatable {
    /// Decoded from RFC 2231 or RFC 2047; `nil` when the part names no file.
    public var filename: String?
    /// Lowercased, e.g. `application/pdf`.
    public var mimeType: String
    /// Bytes after undoing the transfer encoding.
    public var size: Int

    /// The decoded bytes, when kept (`MIMEParser.parse(_:keepingAttachments:)` within the cap).
    public var data: Data?
    /// The decoded bytes' SHA-256, for a part kept out by the cap (its bytes were seen, not kept).
    public var sha256: String?
    /// An image shown inside the HTML text (Content-ID, no file name or disposition of its own).
    public var inline = false

    public init(filename: String?, mimeType: String, size: Int, inline: Bool = false) {
        self.filename = filename
        self.mimeType = mimeType
        self.size = size
        self.inline = inline
    }
}

/// An inbound e-mail reduced to what the inbox shows. Produced by `MIMEParser.parse`, which never fails:
/// whatever it had to guess or repair is listed in `warnings`.
public struct ParsedMail: Sendable {
    public var headers: [MailHeader] = []
    /// Without angle brackets.
    public var messageID: String?
    /// The first id, without angle brackets.
    public var inReplyTo: String?
    public var references: [String] = []
    public var from: MailAddress?
    public var to: [MailAddress] = []
    public var subject: String = ""
    /// `nil` when the Date header is missing or unparseable.
    public var date: Date?
    /// The first non-empty text/plain part, else the first HTML part as readable text; "\n" line ends.
    public var text: String = ""
    public var attachments: [MailAttachment] = []
    /// Repairs and guesses, each listed once, e.g. "unknown charset x-foo, read as Windows-1252".
    public var warnings: [String] = []
    /// The whole message as read, kept (not copied) only when it has no Message-ID: its SHA-256 is the
    /// stand-in id, so two different mails never share one and the same mail read again gets it again.
    /// Hashed when the id is needed, not while parsing.
    public var source: Data?
    /// Overrides the digest of `source` (a file read only in part names its whole size in it).
    public var sourceDigest: String?

    public init() {}

    /// The value of the first header called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { MailASCII.equalFold($0.name, name) }?.value
    }
}

/// Warnings collected during one parse, each kept once and in first-seen order, so a message with
/// 10,000 bad lines still yields a short list.
struct MailWarnings {
    private(set) var list: [String] = []
    private var seen: Set<String> = []

    mutating func add(_ warning: String) {
        if seen.insert(warning).inserted { list.append(warning) }
    }

    mutating func add(_ warning: String?) {
        if let warning { add(warning) }
    }
}
