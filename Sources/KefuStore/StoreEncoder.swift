import Foundation
import KefuBase
import KefuModel

/// The store's one encoder: cases and the records holding them go through `CaseWriter`, anything
/// else (and a case it cannot write) through `KefuJSON.encoder()`. The bytes are the same either way.
struct StoreEncoder {
    private let fallback = KefuJSON.encoder()

    func encode<T: Encodable>(_ value: T) throws -> Data {
        let fast: Data?
        switch value {
        case let c as Case: fast = CaseWriter.data(c)
        case let r as JournalRecord: fast = CaseWriter.data(r)
        case let r as HistoryRecord: fast = CaseWriter.data(r)
        default: fast = nil
        }
        return try fast ?? fallback.encode(value)
    }
}

extension Sequence<Case> {
    /// By case number (K-1001 before K-1002), each id parsed once rather than on every comparison.
    func sortedByNumber() -> [Case] {
        let all = Array(self)
        let numbers = all.map(\.number)
        return all.indices.sorted { numbers[$0] < numbers[$1] }.map { all[$0] }
    }
}
