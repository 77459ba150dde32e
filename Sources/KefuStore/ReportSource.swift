import Foundation
import KefuBase
import KefuModel

/// What the reports (`kefu export weekly|cases|photos`, `kefu stats`) read of a store besides the open
/// cases the caller holds: the closed cases' facts, the order book, the team's agents, one case whole.
/// Both stores answer it, so one report builder serves the directory and the database alike.
public protocol ReportSource: AnyObject {
    /// Where attachments kept by this machine's intake live (photos are read from there).
    var directory: String { get }
    /// Facts of the closed cases closed at or after `closedSince` (some earlier ones may come too:
    /// reports place every case in their own periods) and not superseded by one of `openIDs`.
    func closedFacts(closedSince: Date?, openIDs: Set<String>, includeBuyer: Bool) throws -> [CaseFacts]
    /// The same, where only cases opened since `quotesFrom` need their buyer quotes (a weekly summary
    /// quotes its period's cases only); a source may bring every quote (the default does).
    func closedFacts(closedSince: Date?, openIDs: Set<String>, includeBuyer: Bool, quotesFrom: Date?) throws -> [CaseFacts]
    /// Every imported order; nil when none was ever imported (reports then say "n/a").
    func importedOrders() throws -> [ImportedOrder]?
    /// The agents the store knows by id and name (a team store's `kefu agent` list); [] for a
    /// one-agent directory store, whose agent is the configuration's `[agent]`.
    func knownAgents() throws -> [AgentRef]
    /// A case, open or closed, as stored.
    func storedCase(id: String) throws -> Case?
}

extension ReportSource {
    public func closedFacts(closedSince: Date?, openIDs: Set<String>, includeBuyer: Bool, quotesFrom: Date?) throws -> [CaseFacts] {
        try closedFacts(closedSince: closedSince, openIDs: openIDs, includeBuyer: includeBuyer)
    }
}

extension CaseStore: ReportSource {
    public func closedFacts(closedSince: Date?, openIDs: Set<String>, includeBuyer: Bool) throws -> [CaseFacts] {
        try historyFacts(closedSince: closedSince, includeBuyer: includeBuyer, openIDs: openIDs)
    }

    public func closedFacts(closedSince: Date?, openIDs: Set<String>, includeBuyer: Bool, quotesFrom: Date?) throws -> [CaseFacts] {
        try historyFacts(closedSince: closedSince, includeBuyer: includeBuyer, openIDs: openIDs, quotesFrom: quotesFrom)
    }

    public func importedOrders() throws -> [ImportedOrder]? {
        guard DurableIO.exists(directory + "/" + OrderBook.fileName) else { return nil }
        return Array(try OrderBook.load(storeDirectory: directory).orders.values)
    }

    public func knownAgents() throws -> [AgentRef] { [] }

    public func storedCase(id: String) throws -> Case? { try cases[id] ?? historyCase(id: id) }
}
