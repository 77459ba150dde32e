import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KefuBase
import KefuModel

/// Before a compaction appends its first history line, `history/retiring.json` records how long each
/// file it appends to was, under a fresh token. The new snapshot names that token in its header, and
/// once it is in place the record is removed. Found later — a crash, a snapshot that could not be
/// written — it is settled: if the snapshot does not name the token, it still holds the retiring cases,
/// so the lines appended since are cut off and history is exactly as it was (nothing lost, nothing
/// twice); if it does, the lines are the record and stay. (A token, not the file's inode: a store
/// copied elsewhere after a crash must settle the same way.) No snapshot is written while a record
/// is unsettled: a compaction settles it first or stops.
struct RetirementIntent: Codable {
    var token: String
    /// File (relative to `history/`) → its length before the retirement.
    var lengths: [String: UInt64]
}

extension CaseStore {
    var retirementPath: String { historyDir + "/retiring.json" }

    /// Appends the retiring cases (sorted by number) to their month files and their facts, then to the
    /// index, a chunk at a time: each file is appended to, never read or rewritten. Each index line
    /// carries where its case's line starts in the month file.
    /// Returns the retirement's token, for the snapshot's header.
    func appendHistory(_ retiring: [Case]) throws -> String {
        try DurableIO.makeDirectory(historyDir)
        try DurableIO.makeDirectory(factsDir)
        let months = Set(retiring.map { Self.monthFile($0.updatedAt) }).sorted()
        let index = "index.tsv"
        let names = [index] + months + months.map { "facts/" + $0 }
        for name in names {
            if let w = try StoreRepair.salvageTornTail(historyDir + "/" + name, directory: directory) { warnings.append(w) }
        }
        var files: [String: AppendFile] = [:]
        for name in names { files[name] = try AppendFile(path: historyDir + "/" + name) }
        let intent = RetirementIntent(token: UUID().uuidString, lengths: files.mapValues(\.size))
        try DurableIO.replace(retirementPath, with: try encoder.encode(intent))
        for lo in stride(from: 0, to: retiring.count, by: retirementChunk) {
            var lines: [String: Data] = [:], facts: [String: Data] = [:], entries = Data()
            let chunk = Array(retiring[lo..<min(lo + retirementChunk, retiring.count)])
            for (c, (line, fact)) in zip(chunk, try Self.historyLines(chunk, seq: seq)) {
                let month = Self.monthFile(c.updatedAt)
                let offset = files[month]!.size + UInt64(lines[month]?.count ?? 0)
                lines[month, default: Data()].append(line)
                facts[month, default: Data()].append(fact)
                entries.append(Data((HistoryEntry(case: c, seq: seq, file: month, offset: offset).line + "\n").utf8))
            }
            for (month, data) in lines.sorted(by: { $0.key < $1.key }) { try files[month]!.append(data) }
            for (month, data) in facts.sorted(by: { $0.key < $1.key }) { try files["facts/" + month]!.append(data) }
            // The index line last: a case is current in history only once its record and facts are there.
            try files[index]!.append(entries)
            historyCache?.add(contentsOf: entries)
        }
        lookupCache = nil
        return intent.token
    }

    /// Each case's history line and facts line (the facts' quote is most of a retirement's work), made
    /// on every core, a slice each, in order.
    static func historyLines(_ cases: [Case], seq: Int) throws -> [(Data, Data)] {
        try inChunks(cases.count, minimum: 64) { range in
            let encoder = StoreEncoder()
            return Result {
                try cases[range].map { c in
                    (try encoder.encode(HistoryRecord(seq: seq, case: c)) + [0x0A], try encoder.encode(FactsRecord(seq: seq, facts: CaseFacts(c))) + [0x0A])
                }
            }
        }.flatMap { try $0.get() }
    }

    /// Settles an earlier retirement's record, if there is one (see `RetirementIntent`).
    func finishRetirement() throws {
        guard DurableIO.exists(retirementPath) else { return }
        let intent: RetirementIntent
        do { intent = try KefuJSON.decoder().decode(RetirementIntent.self, from: try DurableIO.read(retirementPath)) } catch {
            throw KefuError.data("\(retirementPath): unreadable (\(KefuJSON.describe(error))); history was not changed")
        }
        if snapshotRetirement() != intent.token {
            for (name, length) in intent.lengths.sorted(by: { $0.key < $1.key }) {
                let path = historyDir + "/" + name
                // A file the retirement started goes again (an empty month would still be listed).
                if length == 0 {
                    guard unlink(path) == 0 || errno == ENOENT else { throw DurableIO.errno("unlink", path) }
                } else if DurableIO.regularFileSize(path) > Int(length) { try StoreRepair.truncate(path, to: Int(length)) }
            }
            historyCache = nil
            lookupCache = nil
            // A table that took in lines now cut off would trust them once the index grows past them again.
            let table = historyDir + "/" + HistoryLookupFile.fileName
            if let h = HistoryLookupFile.readHeader(table), h.covered > intent.lengths["index.tsv"] ?? 0 { unlink(table) }
            warnings.append("an interrupted compaction was undone; its cases are still open and retire at the next one")
        }
        guard unlink(retirementPath) == 0 || errno == ENOENT else { throw DurableIO.errno("unlink", retirementPath) }
        try DurableIO.fsyncDirectory(historyDir)
        if DurableIO.exists(factsDir) { try DurableIO.fsyncDirectory(factsDir) }
    }

    /// Brings the lookup table up to date with the lines just appended, so the next lookup need not.
    /// The table is derived: failing here costs a later lookup the work, never an answer.
    func refreshLookups() {
        lookupCache = try? HistoryLookupFile(directory: directory, writable: true)
    }

    /// The retirement token in the snapshot's header (its first line, read alone).
    func snapshotRetirement() -> String? {
        let fd = Glibc.open(activePath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        return LineStream.line(fd, at: 0, limit: 1 << 16).flatMap { try? CaseReader.decodeHeader($0).retirement }
    }
}
