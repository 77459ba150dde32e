import Foundation
import KefuBase
import KefuModel

/// The durable case store: a directory of human-readable JSON lines.
///
///     meta.json            schema version, creation time
///     active.jsonl         snapshot of open (and recently resolved) cases; line 1 is a header
///     journal.jsonl        changes since the snapshot, one atomic record per line, fsync'd
///     history/YYYY-MM.jsonl   closed cases, by the month they were retired
///     history/index.tsv    one line per closed case, for grouping, dedupe and reports
///     orders.jsonl         the order book (imported order reports; see OrderBook)
///     history/facts/YYYY-MM.jsonl   what reports need of each closed case (`CaseFacts`), same months
///     history/lookup.bin   on-disk hash table over index.tsv (`HistoryLookupFile`), derived
///     history/retiring.json   only while a compaction retires cases (`RetirementIntent`)
///     lock                 flock'd by the one writer
///
/// Opening decodes only the snapshot and journal, never the history, so it stays fast however
/// many years of cases the agent keeps. A change appends one line; compaction folds the journal
/// into a new snapshot (atomic rename) and retires long-resolved cases to history.
public final class CaseStore {
    public static let schemaVersion = 1
    /// Resolved cases stay in the active set this long (the inbox's "resolved" filter) before retiring.
    public static let defaultRetireAfter: TimeInterval = 7 * 86400

    public let directory: String
    public let name: String
    /// True when another kefu holds the writer lock (or read-only was asked for): changes are refused.
    public private(set) var readOnly: Bool
    public let lockHolder: String?
    public private(set) var cases: [String: Case] = [:]
    /// Things the agent should know that did not stop the store from opening (a salvaged torn write).
    public internal(set) var warnings: [String] = []

    private(set) var seq = 0
    private var snapshotSeq = 0
    private(set) var nextNumber = 1001
    private var journalLines = 0
    private var journal: AppendFile?
    private var lock: StoreLock?
    var historyCache: HistoryIndex?
    /// The lookups of closed cases on disk (`history/lookup.bin`), opened on first use.
    var lookupCache: HistoryLookupFile?
    private var pending: [String: Case] = [:]
    /// Open cases let go of once saved (see `writeThrough`); nil when off.
    private(set) var writtenThrough: WrittenThrough?
    /// The batch `saveBehind` is encoding, not yet in the journal.
    var behind: BehindSave?
    /// Cases encoded and appended to history at a time: memory stays flat however many retire at once.
    var retirementChunk = 2000
    /// Tests only: called at the steps of a compaction (`history appended`, `snapshot replaced`), to
    /// stand for a crash there.
    var compactionStep: ((String) throws -> Void)?
    let encoder = StoreEncoder()

    var metaPath: String { directory + "/meta.json" }
    var activePath: String { directory + "/active.jsonl" }
    var journalPath: String { directory + "/journal.jsonl" }
    var historyDir: String { directory + "/history" }
    var indexPath: String { historyDir + "/index.tsv" }
    var factsDir: String { historyDir + "/facts" }
    /// Closed-case lines decoded whole since opening (reports read facts instead; the bench counts these).
    public internal(set) var historyCasesDecoded = 0

    public enum Mode: Sendable {
        /// Take the writer lock; fail if another kefu holds it.
        case write
        /// Take the writer lock if free, else open read-only (the inbox).
        case writeOrReadOnly
        case readOnly
    }

    public static func open(_ directory: String, mode: Mode = .write, create: Bool = true, now: Date) throws -> CaseStore {
        try CaseStore(directory: directory, mode: mode, create: create, now: now)
    }

    private init(directory: String, mode: Mode, create: Bool, now: Date) throws {
        self.directory = directory
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if !fm.fileExists(atPath: directory, isDirectory: &isDir) || !DurableIO.exists(directory + "/meta.json") {
            if isDir.boolValue, let items = try? fm.contentsOfDirectory(atPath: directory),
               items.contains(where: { !$0.hasPrefix(".") && $0 != "lock" }) {
                throw KefuError.data("\(directory): not a kefu store (no meta.json) and not empty; refusing to write into it")
            }
            guard create, mode != .readOnly else { throw KefuError.data("\(directory): no kefu store here (run `kefu demo --store` or `kefu import` to create one)") }
            try DurableIO.makeDirectory(directory)
            let meta = StoreMeta(schemaVersion: Self.schemaVersion, createdAt: now, name: (directory as NSString).lastPathComponent)
            try DurableIO.replace(directory + "/meta.json", with: try KefuJSON.encoder(pretty: true).encode(meta) + Data("\n".utf8))
        }
        let meta = try Self.readMeta(directory + "/meta.json")
        name = meta.name

        if mode == .readOnly {
            lock = nil; lockHolder = nil; readOnly = true
        } else {
            let (l, holder) = try StoreLock.acquire(directory: directory)
            if l == nil && mode == .write {
                throw KefuError.data("\(directory): the store is in use by another kefu\(holder.map { " (pid \($0))" } ?? ""); close it first")
            }
            lock = l; lockHolder = l == nil ? (holder ?? "unknown") : nil; readOnly = l == nil
        }
        try loadSnapshot()
        try replayJournal()
        if !readOnly {
            // A compaction cut short: its history lines go, or stay, before anything else is written.
            do { try finishRetirement() } catch { warnings.append("an interrupted compaction was not settled: \(error)") }
            journal = try AppendFile(path: journalPath)
            // Before anything can deliver: a reply queued but never recorded is recorded (or held) now.
            do { warnings += try reconcileOutbox(now: now) } catch { warnings.append("outbox not checked against the cases: \(error)") }
            // A full disk must not keep the store from opening: compaction waits for the next chance.
            if journalLines > 1000 {
                do { try compact(now: now) } catch { warnings.append("the journal was not compacted: \(error)") }
            }
        }
    }

    static func readMeta(_ path: String) throws -> StoreMeta {
        let data = try DurableIO.read(path)
        let meta: StoreMeta
        do { meta = try KefuJSON.decoder().decode(StoreMeta.self, from: data) } catch {
            throw KefuError.data("\(path):1: \(KefuJSON.describe(error))")
        }
        guard meta.schemaVersion <= schemaVersion else {
            throw KefuError.data("\(path): store schema version \(meta.schemaVersion) was written by a newer kefu (this one reads up to \(schemaVersion)); upgrade kefu")
        }
        return meta
    }

    private func loadSnapshot() throws {
        let file = try LineFile(path: activePath)
        if let torn = file.tornTail, !torn.isEmpty {
            // The snapshot is only ever replaced atomically, so a torn one is damage, not an interrupted write.
            throw KefuError.data("\(activePath):\(file.tornLineNumber): truncated record (the file is damaged; run `kefu check`)")
        }
        guard let first = file.lines.first else { return }
        let header: SnapshotHeader
        do { header = try CaseReader.decodeHeader(first.bytes) } catch {
            throw KefuError.data("\(activePath):\(first.number): bad header: \(error)")
        }
        guard header.schemaVersion <= Self.schemaVersion else {
            throw KefuError.data("\(activePath): schema version \(header.schemaVersion) was written by a newer kefu; upgrade kefu")
        }
        seq = header.seq; snapshotSeq = header.seq; nextNumber = header.nextNumber
        let chunks = try Self.decodeCases(file.lines.dropFirst(), path: activePath)
        cases.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
        // Straight from the chunks, in file order (a later line wins): joining them into one array
        // first copied every case once more (a copy retains each string and array a case holds).
        for chunk in chunks { for c in chunk { cases[c.id] = c } }
    }

    /// Decodes case lines on every core: JSON decoding is the whole cost of opening the store.
    static func decodeCases(_ lines: ArraySlice<LineFile.Line>, path: String) throws -> [[Case]] {
        let lines = Array(lines)
        // Several chunks a core: on a shared machine one core may be busy, and the other takes more.
        return try inChunks(lines.count, minimum: 256, perCore: 4) { range -> Result<[Case], KefuError> in
            var out: [Case] = []
            out.reserveCapacity(range.count)
            for line in lines[range] {
                do { out.append(try CaseReader.decodeCase(line.bytes)) } catch {
                    return .failure(.data("\(path):\(line.number): \(error)"))
                }
            }
            return .success(out)
        }.map { try $0.get() }
    }

    private func replayJournal() throws {
        let file = try LineFile(path: journalPath)
        for (i, line) in file.lines.enumerated() {
            let record: JournalRecord
            do { record = try CaseReader.decodeJournal(line.bytes) } catch {
                let last = i == file.lines.count - 1 && file.tornTail == nil
                throw KefuError.data("\(journalPath):\(line.number): \(error)"
                    + (last ? " (the last record; `kefu check --repair` can set it aside)" : ""))
            }
            journalLines += 1
            guard record.seq > snapshotSeq else { continue } // already folded into the snapshot
            for c in record.cases { cases[c.id] = c }
            seq = max(seq, record.seq)
            nextNumber = max(nextNumber, record.nextNumber)
        }
        if let torn = file.tornTail {
            if readOnly {
                warnings.append("\(journalPath):\(file.tornLineNumber): an interrupted write (\(torn.count) bytes) was never completed; ignored")
            } else {
                do {
                    if let w = try StoreRepair.salvageTornTail(journalPath, directory: directory) { warnings.append(w) }
                } catch {
                    // The torn bytes cannot be set aside (a full disk): never drop them, never append after them.
                    readOnly = true
                    warnings.append("\(journalPath):\(file.tornLineNumber): an interrupted write could not be set aside (\(error)); opened read-only until it can")
                }
            }
        }
    }

    // MARK: Changes

    /// The number the next new case gets (the inbox allocates ids itself, from its state).
    public var nextCaseNumber: Int { nextNumber }

    /// A new case id (`K-1042`). It is persisted with the next `save`.
    public func allocateID() -> String {
        defer { nextNumber += 1 }
        return "K-\(nextNumber)"
    }

    /// Persists whole cases in one atomic, fsync'd journal record. Returns only once durable.
    /// Changes kept from an earlier failed write (`pending`) go into the same record. A case outside
    /// `StoreLimits` is refused before anything is written: the store never holds what it cannot read.
    /// On a failed write nothing of `changed` is kept, unless `keepIfUnwritten` (the inbox: the agent's
    /// change stays on screen and in `pending`, and is written by the next save or `retryPending`).
    public func save(_ changed: [Case], keepIfUnwritten: Bool = false) throws {
        guard !changed.isEmpty || !pending.isEmpty else { return }
        try checkWritable()
        for c in changed { try Self.refuseUnstorable(c) }
        // Whole cases, last write wins on replay: a pending case changed again is written once, as it is now.
        countNumbers(changed)
        let changedIDs = pending.isEmpty ? [] : Set(changed.map(\.id))
        let carried = pending.values.filter { !changedIDs.contains($0.id) }.sorted { $0.number < $1.number }
        let record = JournalRecord(seq: seq + 1, nextNumber: nextNumber, cases: carried.isEmpty ? changed : carried + changed)
        var ranges: [Range<Int>] = []
        let line = try journalLine(record, caseRanges: &ranges)
        do { try append(line, of: record.cases, caseRanges: ranges) } catch {
            if keepIfUnwritten {
                for c in changed { cases[c.id] = c; pending[c.id] = c }
            }
            throw error
        }
    }

    func checkWritable() throws {
        guard journal != nil, !readOnly else {
            throw KefuError.data("\(directory): read-only (the store is in use by another kefu\(lockHolder.map { ", pid \($0)" } ?? ""))")
        }
    }

    static func refuseUnstorable(_ c: Case) throws {
        let problems = StoreLimits.violations(c)
        if !problems.isEmpty { throw KefuError.data("\(c.id) not saved: \(problems.prefix(3).joined(separator: "; "))") }
    }

    /// Ids allocated elsewhere (the inbox's state) move the counter on, so no id is handed out twice.
    func countNumbers(_ changed: [Case]) {
        for i in changed.indices where changed[i].number >= nextNumber { nextNumber = changed[i].number + 1 }   // no copy of each case
    }

    /// `record` as a journal line, and where each case's bytes lie in it (empty when JSONEncoder wrote it).
    func journalLine(_ record: JournalRecord, caseRanges: inout [Range<Int>]) throws -> Data {
        try CaseWriter.data(record, newline: true, caseRanges: &caseRanges) ?? encoder.encode(record) + [0x0A]
    }

    /// Appends one journal line (a record and its newline, holding `saved`; `caseRanges`: where each
    /// case's bytes lie in it, or empty) and, once it is durable, keeps the cases: written through, or in memory.
    func append(_ data: Data, of saved: [Case], caseRanges ranges: [Range<Int>]) throws {
        try journal!.append(data)
        seq += 1
        journalLines += 1
        pending.removeAll()
        if let through = writtenThrough {
            // Durable in the journal now: kept on disk only (see `writeThrough`).
            do {
                if ranges.count == saved.count {
                    try through.put(saved, in: data, at: ranges)
                } else {
                    for c in saved { let one = try encoder.encode(c); try through.put([c], in: one, at: [0..<one.count]) }   // written by JSONEncoder
                }
                for c in saved { cases[c.id] = nil }
            } catch {
                for c in saved { cases[c.id] = c; through.remove(c.id) }   // no room for the copy: kept in memory instead
            }
        } else {
            for c in saved { cases[c.id] = c }
        }
    }

    /// For an import of many messages: each case saved is let go of once its journal record is durable
    /// (its bytes kept in a private file, `WrittenThrough`), so memory holds one batch, not every case
    /// the import opened. Meanwhile `cases` holds only the open cases not written through: read one
    /// with `openCase(id:)`. Compaction writes them all into the snapshot; turned off, they are read back.
    public var writeThrough: Bool {
        get { writtenThrough != nil }
        set {
            if newValue, writtenThrough == nil {
                writtenThrough = try? WrittenThrough(directory: directory)   // no room for it: cases stay in memory
            } else if !newValue, let through = writtenThrough {
                // Read back whole or not at all: a case that cannot be read now stays written through,
                // where compaction still copies its bytes, rather than vanish from the next snapshot.
                var back: [String: Case] = [:]
                for id in through.entries.keys {
                    guard let c = try? through.read(id) else { return }
                    back[id] = c
                }
                writtenThrough = nil
                cases.merge(back) { _, read in read }
            }
        }
    }

    /// An open case, in memory or written through; nil when it is not open.
    public func openCase(id: String) throws -> Case? {
        if let c = behind?.case(id) ?? cases[id] { return c }
        return try writtenThrough?.read(id)
    }

    /// Whether `id` is an open case (in memory or written through).
    public func isOpen(_ id: String) -> Bool { behind?.case(id) != nil || cases[id] != nil || writtenThrough?.contains(id) == true }

    /// Tests only: the journal's disk fills after `bytes` more bytes (nil: room again).
    func simulateJournalSpace(_ bytes: Int?) { journal?.spaceLeft = bytes }

    /// Writes the changes a failed write left pending (see `save`); nothing to do when there are none.
    public func retryPending() throws { try save([]) }

    /// Cases changed in memory whose write failed (a full disk); shown as unsaved until written.
    public var pendingCount: Int { pending.count }
    public func isPending(_ id: String) -> Bool { pending[id] != nil }

    public func save(_ one: Case) throws { try save([one]) }

    /// Folds the journal into a new snapshot and retires cases resolved more than `retireAfter` ago.
    /// Crash-safe at every step: history is appended before the snapshot drops a case (and cut back to
    /// where it was if the snapshot is not replaced, see `Retirement`), and the journal is emptied only
    /// after the new snapshot is in place (replaying it again is harmless). Memory stays bounded by the
    /// open cases: history goes out a chunk at a time and the snapshot is written as it is encoded.
    public func compact(now: Date, retireAfter: TimeInterval = CaseStore.defaultRetireAfter) throws {
        guard !readOnly, let journal else { return }
        try finishRetirement()
        let retiring = (cases.values.filter { $0.status == .resolved && now.timeIntervalSince($0.updatedAt) > retireAfter }
            + (try writtenThroughRetiring(now: now, retireAfter: retireAfter))).sortedByNumber()
        let gone = Set(retiring.map(\.id))
        var retirement: String?
        do {
            if !retiring.isEmpty { retirement = try appendHistory(retiring); try compactionStep?("history appended") }
            try DurableIO.replace(activePath) { write in
                var out = try encoder.encode(SnapshotHeader(schemaVersion: Self.schemaVersion, seq: seq, nextNumber: nextNumber,
                                                            retirement: retirement))
                out.append(0x0A)
                try snapshotLines(skipping: gone) { line in
                    out.append(line); out.append(0x0A)
                    if out.count >= 1 << 20 { try write(out); out.removeAll(keepingCapacity: true) }
                }
                try write(out)
            }
        } catch {
            // The snapshot still holds the retiring cases: the lines appended for them are cut off again.
            if !retiring.isEmpty { try? finishRetirement() }
            throw error
        }
        for id in gone { cases[id] = nil; writtenThrough?.remove(id) }
        snapshotSeq = seq
        pending.removeAll() // the snapshot holds them now
        try compactionStep?("snapshot replaced")
        try finishRetirement()
        try journal.truncate()
        journalLines = 0
        if !retiring.isEmpty { refreshLookups() }
    }

    /// Writes closed cases straight into history, as compaction would retire them (`kefu store copy`
    /// filling a new store); ids up to theirs are never handed out again.
    public func importHistory(_ closed: [Case]) throws {
        guard !readOnly else { throw KefuError.data("\(directory): read-only") }
        guard !closed.isEmpty else { return }
        try finishRetirement()
        _ = try appendHistory(closed.sorted { $0.number < $1.number })
        // These cases were never in the snapshot: the lines just appended are the record at once.
        guard unlink(retirementPath) == 0 || errno == ENOENT else { throw DurableIO.errno("unlink", retirementPath) }
        try DurableIO.fsyncDirectory(historyDir)
        refreshLookups()
        raiseNextCaseNumber(to: (closed.map(\.number).max() ?? 0) + 1)
    }

    /// Moves the next case number up to `n` (kept by the next save or compaction).
    public func raiseNextCaseNumber(to n: Int) { nextNumber = max(nextNumber, n) }

    static func monthFile(_ date: Date) -> String {
        String(ISO8601.format(date).prefix(7)) + ".jsonl"
    }

    /// The index of closed cases, read on first use (imports and reports need it; the inbox does not).
    public func historyIndex() throws -> HistoryIndex {
        if let h = historyCache { return h }
        let h = try Self.readHistoryIndex(directory: directory)
        warnings += h.warnings
        historyCache = h
        return h
    }

    /// Reads `history/index.tsv` afresh (for a thread of its own; the store caches its copy).
    public static func readHistoryIndex(directory: String) throws -> HistoryIndex {
        try HistoryIndex(path: directory + "/history/index.tsv")
    }

    /// Lookups in the closed cases without loading the index (see `HistoryLookupFile`). The writer
    /// keeps the table current; a read-only store reads what it lacks into memory.
    public func historyLookups() throws -> HistoryLookupFile {
        if let l = lookupCache { return l }
        let l = try HistoryLookupFile(directory: directory, writable: !readOnly)
        lookupCache = l
        return l
    }

    /// The latest stored version of a closed case, or nil.
    public func historyCase(id: String) throws -> Case? {
        try historyLookups().closedCase(id: id)
    }

    /// Reads the closed case an index line points to.
    static func historyCase(entry: HistoryEntry, directory: String) throws -> Case? {
        let id = entry.id
        let historyDir = directory + "/history", indexPath = historyDir + "/index.tsv"
        if let offset = entry.offset, let r = lineAt(offset, historyDir + "/" + entry.file), r.case.id == id && r.seq == entry.seq { return r.case }
        let file = try LineFile(path: historyDir + "/" + entry.file)
        let needle = Data("\"id\":\"\(id)\"".utf8)
        for line in file.lines.reversed() where line.bytes.range(of: needle) != nil {
            do {
                let r = try CaseReader.decodeHistory(line.bytes)
                if r.case.id == id && r.seq == entry.seq { return r.case }
            } catch {
                throw KefuError.data("\(file.path):\(line.number): \(error)")
            }
        }
        throw KefuError.data("\(indexPath): case \(id) points to \(entry.file) but it is not there (run `kefu check`)")
    }

    /// The history record starting at `offset`, if one does (the index's offsets are hints; see `HistoryEntry.offset`).
    private static func lineAt(_ offset: UInt64, _ path: String) -> HistoryRecord? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        return LineStream.line(fd, at: offset, limit: HistoryLookupFile.maxLine).flatMap { try? CaseReader.decodeHistory($0) }
    }

    /// Every closed case not superseded by an active one (streams file by file; for `--all` and exports).
    /// `closedSince` skips cases closed before it (and files holding only such cases): a case
    /// closed then has no message after it, so windowed reports need not read older history.
    public func forEachHistoryCase(closedSince: Date? = nil, _ body: (Case) throws -> Void) throws {
        let index = try historyIndex()
        var files = index.files
        if let since = closedSince {
            files = Set(index.entries.values.lazy.filter { $0.closedAt >= since }.map(\.file)).sorted()
        }
        var returned = Set<String>()
        for file in files {
            let lines = try LineFile(path: historyDir + "/" + file)
            for line in lines.lines {
                let r: HistoryRecord
                do { r = try CaseReader.decodeHistory(line.bytes) } catch {
                    throw KefuError.data("\(lines.path):\(line.number): \(error)")
                }
                guard !isOpen(r.case.id), let e = index.entry(id: r.case.id), e.seq == r.seq, e.file == file,
                      returned.insert(r.case.id).inserted else { continue } // a retried retirement may repeat a line
                if let since = closedSince, e.closedAt < since { continue }
                historyCasesDecoded += 1
                try body(r.case)
            }
        }
    }

    /// Writes a snapshot if the journal holds anything; called when kefu exits cleanly.
    public func close(now: Date) {
        if !readOnly, journalLines > 0 || !pending.isEmpty { try? compact(now: now) }
    }
}
