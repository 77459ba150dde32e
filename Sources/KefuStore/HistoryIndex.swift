import Foundation
import KefuBase
import KefuModel

/// `history/index.tsv` in memory: which closed case holds an order, a thread or a message id.
/// Later lines win (a case retired twice has two lines; the newer one is current).
public struct HistoryIndex: Sendable {
    public private(set) var entries: [String: HistoryEntry] = [:]
    private var byOrder: [String: String] = [:]
    private var byThread: [String: String] = [:]
    private var byMessage: [String: String] = [:]
    public private(set) var warnings: [String] = []
    /// With `keepLines`: each line read and where it starts in the file, oldest first.
    private(set) var linesWithOffsets: [(HistoryEntry, UInt64)] = []
    /// How many lookup keys the lines hold (an id, an order, a thread, each message id).
    private(set) var keyCount = 0

    static let empty = HistoryIndex()
    private init() {}

    /// The lines from byte `offset` on (the tail `HistoryLookupFile` has not absorbed yet); a torn
    /// last line is left for the store to repair.
    init(path: String, from offset: UInt64, keepLines: Bool) throws {
        guard offset > 0 else { self = try HistoryIndex(path: path, keepLines: keepLines); return }
        guard let h = FileHandle(forReadingAtPath: path) else { throw DurableIO.errno("open", path) }
        defer { try? h.close() }
        try h.seek(toOffset: offset)
        let data = try h.readToEnd() ?? Data()
        var at = offset
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            if let e = HistoryEntry(line: Substring(String(decoding: line, as: UTF8.self))) { insert(e, at: keepLines ? at : nil) }
            at += UInt64(line.count + 1)
        }
    }

    init(path: String, keepLines: Bool = false) throws {
        let file = try LineFile(path: path)
        for line in file.lines {
            guard let text = String(data: line.bytes, encoding: .utf8), let e = HistoryEntry(line: Substring(text)) else {
                throw KefuError.data("\(path):\(line.number): not a valid index line (run `kefu check`)")
            }
            insert(e, at: keepLines ? UInt64(line.bytes.startIndex) : nil)   // a slice of the file read whole: its index is its offset
        }
        if file.tornTail != nil {
            warnings.append("\(path):\(file.tornLineNumber): an interrupted index write was ignored")
        }
    }

    mutating func add(contentsOf data: Data) {
        for line in data.split(separator: 0x0A) {
            if let text = String(data: line, encoding: .utf8), let e = HistoryEntry(line: Substring(text)) { insert(e) }
        }
    }

    private mutating func insert(_ e: HistoryEntry, at offset: UInt64? = nil) {
        if let offset { linesWithOffsets.append((e, offset)) }
        keyCount += 1 + (e.orderId == nil ? 0 : 1) + (e.threadKey == nil ? 0 : 1) + e.messageIds.count
        entries[e.id] = e
        if let o = e.orderId { byOrder[Self.key(e.channel, o)] = e.id }
        if let t = e.threadKey { byThread[Self.key(e.channel, t)] = e.id }
        for m in e.messageIds { byMessage[Self.key(e.channel, m)] = e.id }
    }

    package static func key(_ channel: Channel, _ value: String) -> String { channel.rawValue + "\u{1F}" + value }

    public var count: Int { entries.count }
    public func entry(id: String) -> HistoryEntry? { entries[id] }
    public func caseID(channel: Channel, orderId: String) -> String? { byOrder[Self.key(channel, orderId)] }
    public func caseID(channel: Channel, threadKey: String) -> String? { byThread[Self.key(channel, threadKey)] }
    public func caseID(channel: Channel, messageId: String) -> String? { byMessage[Self.key(channel, messageId)] }
    /// Month files that hold current records, oldest first.
    public var files: [String] { Set(entries.values.map(\.file)).sorted() }
}
