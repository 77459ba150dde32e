import Foundation
import KefuBase
import KefuModel

/// One batch of an import being encoded on another thread (`CaseStore.saveBehind`): its cases as
/// saved, and, once done, their journal line or the first reason one cannot be stored.
final class BehindSave: @unchecked Sendable {
    let ordered: [Case]
    /// Case number → place in `ordered` (hashing a number, not the id: this is made on the filing thread).
    private let places: [Int: Int]
    /// The record's sequence number and the store's counter when the batch was handed over, as
    /// `save` would write them then.
    let seq: Int, nextNumber: Int
    private let done = DispatchGroup()
    /// The journal line and where each case lies in it; nil when only JSONEncoder can write some case.
    private var line: (data: Data, ranges: [Range<Int>])?
    private var refusal: Error?

    private static let queue = DispatchQueue(label: "kefu.store.save-behind")

    init(_ changed: [Case], seq: Int, nextNumber: Int) {
        ordered = changed
        self.seq = seq
        self.nextNumber = nextNumber
        var places: [Int: Int] = [:]
        places.reserveCapacity(changed.count)
        for i in changed.indices { places[Case.number(changed[i].id)] = i }
        self.places = places
        Self.queue.async(group: done) { [self] in
            do { for c in ordered { try CaseStore.refuseUnstorable(c) } } catch { refusal = error; return }
            var ranges: [Range<Int>] = []
            if let data = CaseWriter.data(JournalRecord(seq: seq, nextNumber: nextNumber, cases: ordered), newline: true, caseRanges: &ranges) {
                line = (data, ranges)
            }
        }
    }

    /// The store answers `openCase` from here until the batch is in the journal.
    func `case`(_ id: String) -> Case? {
        guard let i = places[Case.number(id)] else { return nil }
        return ordered[i].id == id ? ordered[i] : ordered.last { $0.id == id }   // ids not of the form K-n share number 0
    }

    /// Lets go of the batch on the encoding thread: freeing thousands of cases is work the filing
    /// thread need not wait for.
    func release() { Self.queue.async { [self] in _ = self } }

    /// Waits for the encoding.
    func result() throws -> (data: Data, ranges: [Range<Int>])? {
        done.wait()
        if let refusal { throw refusal }
        return line
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
        behind = BehindSave(changed, seq: seq + 1, nextNumber: nextNumber)
    }

    /// Appends the batch `saveBehind` left encoding; nothing to do when there is none. Call before
    /// `close`, whose compaction does not wait for it.
    public func finishBehind() throws {
        guard let batch = behind else { return }
        defer { behind = nil; batch.release() }
        // Written on the other thread, whole: unless the encoder is needed, or a save came in between.
        if let line = try batch.result(), batch.seq == seq + 1 {
            try append(line.data, of: batch.ordered, caseRanges: line.ranges)
        } else {
            let record = JournalRecord(seq: seq + 1, nextNumber: batch.nextNumber, cases: batch.ordered)
            var ranges: [Range<Int>] = []
            let line = try journalLine(record, caseRanges: &ranges)
            try append(line, of: batch.ordered, caseRanges: ranges)
        }
    }
}
