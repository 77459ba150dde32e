import Foundation
import KefuBase
import KefuModel

/// `meta.json`: what kind of store this is. Written once at creation.
struct StoreMeta: Codable {
    var schemaVersion: Int
    var createdAt: Date
    var name: String
}

/// First line of `active.jsonl`: the journal sequence the snapshot includes, and the next case number.
struct SnapshotHeader: Codable {
    var schemaVersion: Int
    var seq: Int
    var nextNumber: Int
    /// The retirement this snapshot completed (see `RetirementIntent`), if it retired cases.
    var retirement: String? = nil
}

/// One line of `journal.jsonl`: an atomic change of one or more whole cases (last write wins on replay).
struct JournalRecord: Codable {
    var seq: Int
    var nextNumber: Int
    var cases: [Case]
}

/// One line of `history/YYYY-MM.jsonl`: a closed case as it was when it was retired.
struct HistoryRecord: Codable {
    var seq: Int
    var `case`: Case
}

/// One line of `history/index.tsv`: enough about a closed case to group new mail with it, deduplicate
/// imports and build reports, without decoding the case itself.
public struct HistoryEntry: Sendable, Equatable {
    public var id: String
    public var seq: Int
    public var file: String
    public var channel: Channel
    public var orderId: String?
    public var threadKey: String?
    /// Kept as text and parsed on use: the index is read whole for every import, the dates rarely.
    var openedText: String
    var closedText: String
    public var openedAt: Date { ISO8601.parse(openedText) ?? .distantPast }
    public var closedAt: Date { ISO8601.parse(closedText) ?? .distantPast }
    public var category: Category
    public var sku: String?
    public var messageIds: [String]
    /// Where the case's line starts in its month file, so opening a closed case reads that one line.
    /// A hint, checked against the line's id and seq: a month rewritten by a purge moves lines, and
    /// an index from before offsets has none; then the month is searched.
    public var offset: UInt64?

    init(case c: Case, seq: Int, file: String, offset: UInt64?) {
        id = c.id; self.seq = seq; self.file = file; self.offset = offset; channel = c.channel; orderId = c.order?.id
        threadKey = c.threadKey; openedText = ISO8601.format(c.openedAt); closedText = ISO8601.format(c.updatedAt); category = c.category
        sku = c.firstSKU
        messageIds = c.messages.map(\.sourceId) + c.events.compactMap { $0.type.isFiledNotice ? $0.messageId : nil }
    }

    // Tab-separated; tabs, newlines and backslashes inside fields are escaped, ids are joined by US (0x1F).
    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\\" || $0 == "\r" || $0 == "\u{1F}" }) else { return s }
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{1F}": out += "\\u"
            default: out.append(ch)
            }
        }
        return out
    }

    static func unescape(_ s: Substring) -> String {
        guard s.contains("\\") else { return String(s) }
        var out = ""
        var it = s.makeIterator()
        while let ch = it.next() {
            if ch == "\\", let n = it.next() {
                switch n { case "t": out += "\t"; case "n": out += "\n"; case "r": out += "\r"; case "u": out += "\u{1F}"; default: out.append(n) }
            } else { out.append(ch) }
        }
        return out
    }

    var line: String {
        [id, String(seq), file, channel.rawValue, orderId ?? "", threadKey ?? "",
         openedText, closedText, category.rawValue, sku ?? ""]
            .map(Self.escape).joined(separator: "\t")
            + "\t" + messageIds.map(Self.escape).joined(separator: "\u{1F}")
            + (offset.map { "\t\($0)" } ?? "")
    }

    init?(line: Substring) {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard f.count == 11 || f.count == 12, let seq = Int(f[1]), let ch = Channel(rawValue: String(f[3])),
              f[6].count >= 17, f[7].count >= 17,
              let cat = Category(rawValue: String(f[8])) else { return nil }
        id = Self.unescape(f[0]); self.seq = seq; file = Self.unescape(f[2]); channel = ch
        orderId = f[4].isEmpty ? nil : Self.unescape(f[4]); threadKey = f[5].isEmpty ? nil : Self.unescape(f[5])
        openedText = String(f[6]); closedText = String(f[7]); category = cat; sku = f[9].isEmpty ? nil : Self.unescape(f[9])
        messageIds = f[10].isEmpty ? [] : f[10].split(separator: "\u{1F}", omittingEmptySubsequences: false).map { Self.unescape($0) }
        offset = f.count == 12 ? UInt64(f[11]) : nil
    }
}
