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

    init(path: String) throws {
        let file = try LineFile(path: path)
        for line in file.lines {
            guard let text = String(data: line.bytes, encoding: .utf8), let e = HistoryEntry(line: Substring(text)) else {
                throw KefuError.data("\(path):\(line.number): not a valid index line (run `kefu check`)")
            }
            insert(e)
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

    private mutating func insert(_ e: HistoryEntry) {
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
