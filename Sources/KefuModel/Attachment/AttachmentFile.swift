import Foundation

/// A file that came with a message. Kept in the store under its SHA-256 (`AttachmentStore`), or — when
/// the message's files passed `[attachments] max-per-message` — left in the Maildir and referenced by
/// the mail file, the part's place among the message's attachments, its size and its hash.
public struct AttachmentFile: Codable, Hashable, Sendable {
    /// As the sender named it, without control characters and path; nil when unnamed. Buyer text: shown
    /// neutralised, never used as a path (`SafeFileName`).
    public var name: String?
    /// Lowercased `type/subtype`, as the sender declared it.
    public var type: String
    /// Bytes after undoing the transfer encoding.
    public var size: Int
    /// 64 lowercase hex digits. nil only for a part the Maildir read limit cut off (its bytes were never seen whole).
    public var sha256: String?
    /// Set when the file was not copied into the store: the mail file it is in, as it was named at intake
    /// (a mail reader may since have moved it from new/ to cur/; `AttachmentSource` looks there too).
    public var leftIn: String?
    /// With `leftIn`: the part's index among the message's attachments.
    public var part: Int?
    /// An image the HTML text shows inline (by Content-ID) rather than a file the sender attached.
    public var inline: Bool?

    /// The highest part index a reference may name (the MIME parser's part limit).
    public static let maxPart = 5_000
    /// `[attachments] max-per-message` unless configured: a message's files kept in the store, in bytes.
    public static let defaultMaxPerMessage = 25 << 20

    public init(name: String?, type: String, size: Int, sha256: String?, leftIn: String? = nil, part: Int? = nil, inline: Bool? = nil) {
        self.name = name; self.type = type; self.size = size; self.sha256 = sha256
        self.leftIn = leftIn; self.part = part; self.inline = inline == true ? true : nil
    }

    /// In the store (as opposed to left in the Maildir).
    public var isKept: Bool { leftIn == nil && sha256 != nil }
    public var isImage: Bool { type.hasPrefix("image/") }

    /// "240 KB", "1.5 MB".
    public static func sizeText(_ n: Int) -> String {
        n < 1024 ? "\(n) B" : n < 1024 * 1024 ? "\(n / 1024) KB" : String(format: "%.1f MB", Double(n) / 1_048_576)
    }

    /// "photo.jpg (image/jpeg, 240 KB)", plus "left in the Maildir" when not kept. Raw: neutralise to show.
    public var summary: String {
        "\(name ?? "unnamed") (\(type), \(Self.sizeText(size)))" + (leftIn != nil ? ", left in the Maildir" : "")
    }
}

extension Case {
    /// The hashes of every file this case keeps in the store.
    public var keptAttachments: Set<String> {
        var out: Set<String> = []
        for m in messages { for f in m.files ?? [] where f.isKept { out.insert(f.sha256!) } }
        return out
    }
}

extension Case {
    /// Every file of the case's messages, oldest message first: what the inbox numbers and `kefu attachments` lists.
    public var attachmentList: [(file: AttachmentFile, at: Date, inbound: Bool)] {
        messages.flatMap { m in (m.files ?? []).map { (file: $0, at: m.at, inbound: m.direction == .inbound) } }
    }
}
