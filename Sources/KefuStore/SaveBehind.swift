import Foundation
import KefuBase
import KefuModel

/// One batch of an import being encoded on another thread (`CaseStore.saveBehind`): its cases as
/// saved, and, once done, their JSON or the first reason one cannot be stored.
final class BehindSave: @unchecked Sendable {
    /// By id: the store answers `openCase` from here until the batch is in the journal.
    let cases: [String: Case]
    let ordered: [Case]
    /// The store's counter when the batch was handed over, as `save` would write it then.
    let nextNumber: Int
    private let done = DispatchGroup()
    private var json: (bytes: [UInt8], ranges: [Range<Int>])?
    private var refusal: Error?

    private static let queue = DispatchQueue(label: "kefu.store.save-behind")

    init(_ changed: [Case], nextNumber: Int) {
        ordered = changed
        self.nextNumber = nextNumber
        cases = Dictionary(changed.map { ($0.id, $0) }, uniquingKeysWith: { _, later in later })
        Self.queue.async(group: done) { [self] in
            do { for c in ordered { try CaseStore.refuseUnstorable(c) } } catch { refusal = error; return }
            json = CaseWriter.casesJSON(ordered)
        }
    }

    /// Waits for the encoding; nil JSON when only JSONEncoder can write some case.
    func result() throws -> (bytes: [UInt8], ranges: [Range<Int>])? {
        done.wait()
        if let refusal { throw refusal }
        return json
    }
}

extension CaseStore {
    /// Saves an import's batch one behind: the cases are encoded on another thread while the caller
    /// files the next batch, and appended to the journal by the next `saveBehind` or by `finishBehind`
    /// — in order, each batch one durable record as `save` writes it. Meanwhile `openCase` and
    /// `isOpen` see the batch. Only for a store writing through with nothing pending (an import);
    /// otherwise this is `save`. A batch that fails is not kept, as with `save`.
    public func saveBehind(_ changed: [Case]) throws {
        try finishBehind()
        guard !changed.isEmpty else { return }
        guard writeThrough, pendingCount == 0 else { try save(changed); return }
        try checkWritable()
        countNumbers(changed)
        behind = BehindSave(changed, nextNumber: nextNumber)
    }

    /// Appends the batch `saveBehind` left encoding; nothing to do when there is none. Call before
    /// `close`, whose compaction does not wait for it.
    public func finishBehind() throws {
        guard let batch = behind else { return }
        defer { behind = nil }
        let json = try batch.result()
        var ranges: [Range<Int>] = []
        let record = try json.map { CaseWriter.record($0, seq: seq + 1, nextNumber: batch.nextNumber, caseRanges: &ranges) }
            ?? encoder.encode(JournalRecord(seq: seq + 1, nextNumber: batch.nextNumber, cases: batch.ordered))
        try append(record, of: batch.ordered, caseRanges: ranges)
    }
}
