import Foundation
import KefuModel

/// The open cases by id, remembering which ids were written since the queue last looked, so the
/// queue recomputes those cases only (see `QueueIndex`). Every write goes through the subscript.
public struct CaseTable: Sendable, Collection, CustomReflectable {
    public private(set) var byID: [String: Case]
    /// Ids written (or removed) since `takeChanged`.
    private var changed: Set<String> = []

    public init(_ cases: [Case]) {
        // One copy of each case (a copy retains every string and array it holds): 10k cases at open.
        byID = [:]
        byID.reserveCapacity(cases.count)
        for c in cases { byID[c.id] = c }   // a repeated id: the last wins
    }

    public subscript(id: String) -> Case? {
        get { byID[id] }
        set { byID[id] = newValue; changed.insert(id) }
    }

    public var values: Dictionary<String, Case>.Values { byID.values }
    public var keys: Dictionary<String, Case>.Keys { byID.keys }

    mutating func takeChanged() -> Set<String> {
        defer { changed.removeAll(keepingCapacity: true) }
        return changed
    }

    public typealias Index = Dictionary<String, Case>.Index
    public var startIndex: Index { byID.startIndex }
    public var endIndex: Index { byID.endIndex }
    public func index(after i: Index) -> Index { byID.index(after: i) }
    public subscript(position: Index) -> (key: String, value: Case) { byID[position] }
    public var count: Int { byID.count }
    public var isEmpty: Bool { byID.isEmpty }

    /// Compared and printed as the cases alone: which ids await the queue is bookkeeping.
    public var customMirror: Mirror { Mirror(reflecting: byID) }
}
