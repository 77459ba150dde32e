import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuPostgres

/// Everything a store holds that `kefu store copy` moves: open cases, closed cases, the order book,
/// the outbox's files, the Maildir seen-list and the next case number. Read whole into memory.
public struct StoreContents {
    public var openCases: [Case] = []
    public var history: [Case] = []
    public var orders: [ImportedOrder] = []
    /// Outbox file names (`….eml`, `….eml.state`) and their bytes.
    public var outbox: [(name: String, content: Data)] = []
    public var seen: [String] = []
    public var nextNumber = 1001

    public init() {}

    public var isEmpty: Bool { openCases.isEmpty && history.isEmpty && orders.isEmpty && outbox.isEmpty && seen.isEmpty }

    /// Counts and SHA-256 checksums per part, over a canonical form (sorted; cases and orders in kefu's
    /// JSON with sorted keys): equal summaries mean equal contents, whatever store holds them.
    public func summary() throws -> [(part: String, count: Int, sha256: String)] {
        let encoder = KefuJSON.encoder()
        func digest<T: Encodable>(_ items: [T]) throws -> String {
            var all = Data()
            for item in items { all.append(try encoder.encode(item)); all.append(0x0A) }
            return SHA256.hex(all)
        }
        var outboxBytes = Data()
        for f in outbox.sorted(by: { $0.name < $1.name }) {
            outboxBytes.append(Data(f.name.utf8)); outboxBytes.append(0); outboxBytes.append(f.content); outboxBytes.append(0)
        }
        return [
            ("open cases", openCases.count, try digest(openCases.sorted { $0.id < $1.id })),
            ("closed cases", history.count, try digest(history.sorted { $0.id < $1.id })),
            ("orders", orders.count, try digest(orders.sorted { $0.key < $1.key })),
            ("outbox files", outbox.count, SHA256.hex(outboxBytes)),
            ("seen-list", seen.count, SHA256.hex(Data(seen.sorted().joined(separator: "\n").utf8))),
            ("next case number", nextNumber, SHA256.hex(Data(String(nextNumber).utf8))),
        ]
    }

    // MARK: The JSON directory store

    public static func read(json store: CaseStore) throws -> StoreContents {
        var s = StoreContents()
        s.openCases = store.openCases.sorted { $0.number < $1.number }
        try store.forEachHistoryCase { s.history.append($0) }
        s.orders = Array(try OrderBook.load(storeDirectory: store.directory).orders.values)
        let outboxDir = store.directory + "/outbox"
        if DurableIO.exists(outboxDir) {
            let names = try FileManager.default.contentsOfDirectory(atPath: outboxDir)
            for n in names.sorted() where n.hasSuffix(".eml") || n.hasSuffix(".eml.state") {
                s.outbox.append((n, try DurableIO.read(outboxDir + "/" + n)))
            }
        }
        let seenPath = store.directory + "/intake/maildir-seen"
        if DurableIO.exists(seenPath) {
            s.seen = Set(try LineFile(path: seenPath).lines.compactMap { String(data: $0.bytes, encoding: .utf8) }).sorted()
        }
        s.nextNumber = store.nextCaseNumber
        return s
    }

    /// Fills a new JSON store (the caller made sure it is empty).
    public func write(json store: CaseStore, now: Date) throws {
        try store.importHistory(history.sorted { $0.number < $1.number })
        store.raiseNextCaseNumber(to: nextNumber)
        try store.save(openCases.sorted { $0.number < $1.number })
        // Keep every case where it was: nothing retires while copying.
        try store.compact(now: now, retireAfter: .infinity)
        let book = try OrderBook.load(storeDirectory: store.directory)
        book.merge(orders)
        try book.save()
        if !outbox.isEmpty {
            try DurableIO.makeDirectory(store.directory + "/outbox")
            for f in outbox { try DurableIO.replace(store.directory + "/outbox/" + f.name, with: f.content) }
        }
        if !seen.isEmpty {
            try DurableIO.makeDirectory(store.directory + "/intake")
            try DurableIO.replace(store.directory + "/intake/maildir-seen", with: Data(seen.map { $0 + "\n" }.joined().utf8))
        }
    }
}
