import Foundation
import KefuBase
import KefuModel
import KefuStore

/// What the intake reads while it files mail: the open cases, the index of closed ones, new case
/// ids and imported orders. The store answers for an import from the command line; the inbox
/// answers from its own state and a batch prefetched off the UI thread, so filing there is pure.
public protocol IntakeSource: AnyObject {
    var openCases: [String: Case] { get }
    func historyCaseID(channel: Channel, orderId: String) -> String?
    func historyCaseID(channel: Channel, threadKey: String) -> String?
    func historyCaseID(channel: Channel, messageId: String) -> String?
    /// The latest stored version of a closed case.
    func historyCase(id: String) throws -> Case?
    func allocateID() -> String
    func order(channel: Channel, orderId: String) throws -> ImportedOrder?
    /// One open case, also one not in `openCases` (a store writing through, see `CaseStore.writeThrough`).
    func openCase(id: String) throws -> Case?
    func isOpen(_ id: String) -> Bool
}

extension IntakeSource {
    public func openCase(id: String) throws -> Case? { openCases[id] }
    public func isOpen(_ id: String) -> Bool { openCases[id] != nil }
}

/// The store itself: its open cases, its history index, its id counter, its order book.
final class StoreIntakeSource: IntakeSource {
    let store: CaseStore
    /// On disk: an import never loads the history index, however long the history.
    private let history: HistoryLookupFile
    /// Read on first need only: most imports never create a case with an order id the book holds.
    private var orders: OrderBook?
    private var ordersLoaded: Bool

    init(_ store: CaseStore, orders: OrderBook?) throws {
        self.store = store
        history = try store.historyLookups()
        self.orders = orders
        ordersLoaded = orders != nil
    }

    var openCases: [String: Case] { store.cases }
    func historyCaseID(channel: Channel, orderId: String) -> String? { history.caseID(channel: channel, orderId: orderId) }
    func historyCaseID(channel: Channel, threadKey: String) -> String? { history.caseID(channel: channel, threadKey: threadKey) }
    func historyCaseID(channel: Channel, messageId: String) -> String? { history.caseID(channel: channel, messageId: messageId) }
    func historyCase(id: String) throws -> Case? { try store.historyCase(id: id) }
    func allocateID() -> String { store.allocateID() }
    func openCase(id: String) throws -> Case? { try store.openCase(id: id) }
    func isOpen(_ id: String) -> Bool { store.isOpen(id) }

    func order(channel: Channel, orderId: String) throws -> ImportedOrder? {
        if !ordersLoaded {
            ordersLoaded = true
            if DurableIO.exists(store.directory + "/" + OrderBook.fileName) { orders = try OrderBook.load(storeDirectory: store.directory) }
        }
        return orders?.lookup(channel: channel, orderId: orderId)
    }
}

/// What a batch of mail can match outside the open cases, looked up before filing: the closed
/// cases its order ids, thread keys and message ids name (read whole), and its imported orders.
/// Built on the intake's own thread; filing then needs no file.
public struct PrefetchedIntake: Sendable, Equatable {
    package var byOrder: [String: String] = [:]
    var byThread: [String: String] = [:]
    var byMessage: [String: String] = [:]
    package var closed: [String: Case] = [:]
    var orders: [String: ImportedOrder] = [:]

    public init() {}

    /// Every lookup `Intake.add` could make for these messages, answered by `history` and `book`.
    public static func prefetch(_ messages: [InboundMessage], history: HistoryLookup?, orders book: OrderBook?) throws -> PrefetchedIntake {
        var p = PrefetchedIntake()
        let readCase = { (id: String) in try history?.closedCase(id: id) }
        func keep(_ id: String?, _ table: WritableKeyPath<PrefetchedIntake, [String: String]>, _ key: String) throws {
            guard let id else { return }
            p[keyPath: table][key] = id
            if p.closed[id] == nil, let c = try readCase(id) { p.closed[id] = c }
        }
        for m in messages {
            let key = { HistoryIndex.key(m.channel, $0) }
            if let o = m.orderId {
                if let h = history { try keep(h.caseID(channel: m.channel, orderId: o), \.byOrder, key(o)) }
                if let found = book?.lookup(channel: m.channel, orderId: o) { p.orders[ImportedOrder.key(channel: m.channel, orderId: o)] = found }
            }
            guard let h = history else { continue }
            for id in [m.messageId, PersonalData.purgedID(m.messageId)] + m.threadIds {
                // Only the id: a duplicate is skipped whole, so its case need not be read.
                if let c = h.caseID(channel: m.channel, messageId: id) { p.byMessage[key(id)] = c }
            }
            for t in m.threadIds { if let id = p.byMessage[key(t)], p.closed[id] == nil, let c = try readCase(id) { p.closed[id] = c } }
            if m.orderId == nil, !(m.from.address ?? "").isEmpty {
                let t = Intake.threadKey(address: m.from.address, subject: m.subject)
                try keep(h.caseID(channel: m.channel, threadKey: t), \.byThread, key(t))
            }
        }
        return p
    }
}

/// The inbox's view for filing: its own open cases and case counter, and a prefetched batch.
public final class PrefetchedIntakeSource: IntakeSource {
    public let openCases: [String: Case]
    let prefetched: PrefetchedIntake
    /// The next case number; read back after filing to carry the counter on.
    public private(set) var nextNumber: Int

    public init(openCases: [String: Case], prefetched: PrefetchedIntake, nextNumber: Int) {
        self.openCases = openCases; self.prefetched = prefetched; self.nextNumber = nextNumber
    }

    public func historyCaseID(channel: Channel, orderId: String) -> String? { prefetched.byOrder[HistoryIndex.key(channel, orderId)] }
    public func historyCaseID(channel: Channel, threadKey: String) -> String? { prefetched.byThread[HistoryIndex.key(channel, threadKey)] }
    public func historyCaseID(channel: Channel, messageId: String) -> String? { prefetched.byMessage[HistoryIndex.key(channel, messageId)] }
    public func historyCase(id: String) throws -> Case? { prefetched.closed[id] }
    public func allocateID() -> String {
        defer { nextNumber += 1 }
        return "K-\(nextNumber)"
    }
    public func order(channel: Channel, orderId: String) throws -> ImportedOrder? {
        prefetched.orders[ImportedOrder.key(channel: channel, orderId: orderId)]
    }
}

/// One batch of new mail for the inbox: the files read and classified, and what they may match
/// outside the open cases. Made on the intake's thread; filed by the pure update.
public struct MailBatch: Sendable {
    public var items: [MaildirItem]
    public var prefetched: PrefetchedIntake
    public init(items: [MaildirItem], prefetched: PrefetchedIntake = PrefetchedIntake()) {
        self.items = items; self.prefetched = prefetched
    }
}
