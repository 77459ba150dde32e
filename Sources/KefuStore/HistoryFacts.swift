import Foundation
import KefuBase

extension CaseStore {
    /// The facts of every current closed case closed at or after `closedSince` (whole months are read,
    /// so some closed shortly before come too) and not superseded by an active case, read from
    /// `history/facts/` without decoding the cases. A closed case without a
    /// facts line — a store written before facts existed, or an interrupted write — is decoded from its
    /// month file instead, so older stores give the same report, only slower.
    /// `includeBuyer` decodes every case whole, to carry buyer data for `--include-pii`.
    /// `openIDs`: the open cases that supersede their history — given by a caller on another thread
    /// (the inbox's export), which must not read the store's own table while the UI thread writes it.
    /// `quotesFrom`: only cases opened since then keep their buyer quotes (a weekly summary quotes the
    /// period's cases only; the quotes are the longest strings of the facts lines).
    public func historyFacts(closedSince: Date?, includeBuyer: Bool = false, openIDs: Set<String>? = nil, quotesFrom: Date? = nil) throws -> [CaseFacts] {
        let isOpen: (String) -> Bool = openIDs.map { ids in { ids.contains($0) } } ?? { self.cases[$0] != nil }
        // Not the index: reading it costs more than the facts themselves. A case closed since
        // `closedSince` was retired in that month or later (month files go by the closing time); the
        // boundary month also brings older cases, which reports simply find outside their periods.
        let first = closedSince.map { Self.monthFile($0) } ?? ""
        let months = ((try? FileManager.default.contentsOfDirectory(atPath: historyDir)) ?? [])
            .filter { $0.hasSuffix(".jsonl") && $0 >= first }.sorted()
        // A case retired twice has a line in each retirement's month: the highest seq is current (a
        // later retirement always follows a save, so its seq is higher). The facts stay in one array in
        // file order, found by id through `at`: at 500k closed cases a week reads over 100,000 of them,
        // and every copy of one (a dictionary's value, a second array) costs a dozen retains and releases.
        var out: [CaseFacts] = [], seqs: [Int] = [], at: [String: Int] = [:]
        func keep(_ seq: Int, _ f: CaseFacts) {
            guard !isOpen(f.id) else { return }   // an open case supersedes its history
            if let i = at[f.id] {
                if seqs[i] < seq { out[i] = f; seqs[i] = seq }
                return
            }
            at[f.id] = out.count
            out.append(f); seqs.append(seq)
        }
        for month in months {
            let facts = includeBuyer ? [] : try readFacts(factsDir + "/" + month, quotesFrom: quotesFrom)
            for r in facts { keep(r.seq, r.facts) }
            // Every history line has its facts line, appended in the same order by the same compaction.
            // So when the month's first and last history lines match its first and last facts lines,
            // the month is complete, and the history file is never read past its two ends. A store
            // from before facts (or one that gained them mid-month) lacks some: those cases are decoded whole.
            let path = historyDir + "/" + month
            if let f = facts.first, let l = facts.last, let edges = Self.edgeLines(path),
               Self.quickID(edges.first, key: "\"case\":{") == f.facts.id, Self.quickSeq(edges.first) == f.seq,
               Self.quickID(edges.last, key: "\"case\":{") == l.facts.id, Self.quickSeq(edges.last) == l.seq { continue }
            let covered = Set(facts.map { $0.facts.id + "#\($0.seq)" })
            for r in try decodeHistory(try LineFile(path: path), covered: covered) { keep(r.seq, CaseFacts(r.case, includeBuyer: includeBuyer)) }
        }
        return out
    }

    /// Every facts line of one month, decoded on every core. A torn tail is an interrupted write: its
    /// case falls back to the history line.
    private func readFacts(_ path: String, quotesFrom: Date?) throws -> [FactsRecord] {
        let lines = try LineFile(path: path).lines
        let results = inChunks(lines.count, minimum: 512) { range -> Result<[FactsRecord], KefuError> in
            var mine: [FactsRecord] = []
            for line in lines[range] {
                do { mine.append(try CaseFacts.decodeRecord(line.bytes, quotesFrom: quotesFrom)) } catch {
                    return .failure(.data("\(path):\(line.number): \(error) (run `kefu check`)"))
                }
            }
            return .success(mine)
        }
        var all: [FactsRecord] = []
        all.reserveCapacity(lines.count)
        for r in results { all += try r.get() }
        return all
    }

    /// The fallback: the history lines of a month whose case and seq have no facts line, decoded whole.
    private func decodeHistory(_ file: LineFile, covered: Set<String>) throws -> [HistoryRecord] {
        var out: [HistoryRecord] = []
        for line in file.lines {
            if let id = Self.quickID(line.bytes, key: "\"case\":{"), let seq = Self.quickSeq(line.bytes), covered.contains(id + "#\(seq)") { continue }
            let r: HistoryRecord
            do { r = try CaseReader.decodeHistory(line.bytes) } catch {
                throw KefuError.data("\(file.path):\(line.number): \(error)")
            }
            historyCasesDecoded += 1
            if !covered.contains(r.case.id + "#\(r.seq)") { out.append(r) }
        }
        return out
    }

    /// The first and the last complete line of a file, read from its two ends (nil if a line is very long).
    static func edgeLines(_ path: String) -> (first: Data, last: Data)? {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        let chunk = 1 << 18
        guard let head = try? h.read(upToCount: chunk), let nl = head.firstIndex(of: 0x0A) else { return nil }
        let first = head[head.startIndex..<nl]
        guard let size = try? h.seekToEnd(), size > 0 else { return nil }
        let from = size > UInt64(chunk) ? size - UInt64(chunk) : 0
        guard (try? h.seek(toOffset: from)) != nil, let tail = try? h.readToEnd() else { return nil }
        // Up to the last newline (bytes after it are a torn write, never part of the file's records).
        guard let end = tail.lastIndex(of: 0x0A) else { return nil }
        let body = tail[tail.startIndex..<end]
        guard let start = body.lastIndex(of: 0x0A).map({ $0 + 1 }) ?? (from == 0 ? body.startIndex : nil) else { return nil }
        return (Data(first), Data(body[start...]))
    }

    /// The record's `"seq":N`, written last (keys are sorted).
    static func quickSeq(_ line: Data) -> Int? {
        guard let r = line.range(of: Data("\"seq\":".utf8), options: .backwards) else { return nil }
        var n = 0, any = false
        for b in line[r.upperBound...] { guard b >= 48 && b <= 57 else { break }; n = n * 10 + Int(b - 48); any = true }
        return any ? n : nil
    }

    /// The case id of a line without parsing it: the first `"id":"…"` after `key`. Keys are written
    /// sorted, and in both record kinds no nested object with an `id` comes before the case's own.
    static func quickID(_ line: Data, key: String = "\"facts\":{") -> String? {
        let needle = Data("\"id\":\"".utf8)
        guard let k = line.range(of: Data(key.utf8)), let r = line.range(of: needle, in: k.upperBound..<line.endIndex),
              let end = line[r.upperBound...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: line[r.upperBound..<end], as: UTF8.self)
    }
}
