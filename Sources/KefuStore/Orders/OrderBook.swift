import Foundation
import KefuBase
import KefuModel

/// Every order the agent has imported, kept in the store as `orders.jsonl` (one order per line, sorted
/// by channel and id). Cases join onto it by order id, and it is the denominator of the ODR.
///
/// The file is only ever replaced whole and atomically (temp file, fsync, rename, directory fsync), so
/// a crash leaves the old book or the new one. A line that does not decode stops the load with its
/// file and line, and nothing is written over it. Callers hold the store's writer lock while changing it.
public final class OrderBook {
    public static let fileName = "orders.jsonl"

    public let path: String
    public private(set) var orders: [String: ImportedOrder] = [:]
    private var dirty = false

    public struct MergeSummary: Sendable, Equatable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
        public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0) {
            self.added = added; self.updated = updated; self.unchanged = unchanged
        }
    }

    public static func load(storeDirectory: String) throws -> OrderBook {
        try OrderBook(path: storeDirectory + "/" + fileName)
    }

    init(path: String) throws {
        self.path = path
        let file = try LineFile(path: path)
        if let torn = file.tornTail, !torn.isEmpty {
            throw KefuError.data("\(path):\(file.tornLineNumber): truncated record (the file is only replaced whole, so it is damaged)")
        }
        let decoder = KefuJSON.decoder()
        for line in file.lines {
            let order: ImportedOrder
            do { order = try decoder.decode(ImportedOrder.self, from: line.bytes) } catch {
                throw KefuError.data("\(path):\(line.number): \(KefuJSON.describe(error))")
            }
            orders[order.key] = order
        }
    }

    public func lookup(channel: Channel, orderId: String) -> ImportedOrder? {
        orders[ImportedOrder.key(channel: channel, orderId: orderId)]
    }

    /// Adds new orders and updates known ones field by field (`ImportedOrder.updated(with:)`).
    /// Changes stay in memory until `save`.
    @discardableResult
    public func merge(_ incoming: [ImportedOrder]) -> MergeSummary {
        let s = Self.merge(incoming, into: &orders)
        if s.added + s.updated > 0 { dirty = true }
        return s
    }

    /// The merge rule on any book held as orders by key (the team store keeps its book in a table).
    public static func merge(_ incoming: [ImportedOrder], into orders: inout [String: ImportedOrder]) -> MergeSummary {
        var s = MergeSummary()
        for o in incoming {
            if let old = orders[o.key] {
                let new = old.updated(with: o)
                if new == old { s.unchanged += 1 } else { orders[o.key] = new; s.updated += 1 }
            } else {
                orders[o.key] = o; s.added += 1
            }
        }
        return s
    }

    /// Writes the book if it changed since it was loaded or saved.
    public func save() throws {
        guard dirty else { return }
        let encoder = KefuJSON.encoder()
        var out = Data()
        for key in orders.keys.sorted() {
            out.append(try encoder.encode(orders[key]!)); out.append(0x0A)
        }
        try DurableIO.replace(path, with: out)
        dirty = false
    }

    /// Orders purchased in `[from, to)`, optionally of one channel: the ODR's denominator (Amazon's
    /// window is the 60 days before now). Every order with a purchase date counts, cancelled ones too,
    /// as the marketplaces count orders placed; orders without a purchase date cannot be placed in a window.
    public func count(purchasedFrom from: Date, to: Date, channel: Channel? = nil) -> Int {
        orders.values.reduce(0) { n, o in
            guard let p = o.purchasedAt, p >= from, p < to, channel == nil || o.channel == channel else { return n }
            return n + 1
        }
    }
}
