import Foundation

extension CaseStore {
    /// The facts of every current closed case closed at or after `closedSince` and not superseded by
    /// an active case, read from `history/facts/` without decoding the cases. A closed case without a
    /// facts line — a store written before facts existed, or an interrupted write — is decoded from its
    /// month file instead, so older stores give the same report, only slower.
    /// `includeBuyer` decodes every case whole, to carry buyer data for `--include-pii`.
    public func historyFacts(closedSince: Date?, includeBuyer: Bool = false) throws -> [CaseFacts] {
        let index = try historyIndex()
        // Wanted: file → id → the current record's seq (later index lines win, like `HistoryIndex`).
        var wanted: [String: [String: Int]] = [:]
        for e in index.entries.values where cases[e.id] == nil {
            if let since = closedSince, e.closedAt < since { continue }
            wanted[e.file, default: [:]][e.id] = e.seq
        }
        var out: [CaseFacts] = []
        for file in wanted.keys.sorted() {
            var missing = wanted[file]!
            if !includeBuyer {
                for f in try readFacts(factsDir + "/" + file, wanted: missing) { out.append(f); missing[f.id] = nil }
            }
            guard !missing.isEmpty else { continue }
            out += try decodeHistory(historyDir + "/" + file, wanted: missing, includeBuyer: includeBuyer)
        }
        return out
    }

    /// The facts lines of one month that are current; decoded on every core.
    private func readFacts(_ path: String, wanted: [String: Int]) throws -> [CaseFacts] {
        let file = try LineFile(path: path)   // a torn tail is an interrupted write: its cases fall back
        let lines = file.lines.filter { line in Self.quickID(line.bytes).map { wanted[$0] != nil } ?? true }
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, lines.count / 512))
        let results = ResultSlots<Result<[CaseFacts], KefuError>>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            var mine: [CaseFacts] = []
            for line in lines[(lines.count * k / chunks)..<(lines.count * (k + 1) / chunks)] {
                do {
                    let r = try CaseFacts.decodeRecord(line.bytes)
                    if wanted[r.facts.id] == r.seq { mine.append(r.facts) }
                } catch {
                    results.set(k, .failure(.data("\(path):\(line.number): \(error) (run `kefu check`)")))
                    return
                }
            }
            results.set(k, .success(mine))
        }
        // A case retired twice in one month has two lines with different seqs; only the wanted one passed.
        var all: [CaseFacts] = []
        for r in results.values { all += try r!.get() }
        return all
    }

    /// The fallback: whole cases from a month file, turned into facts.
    private func decodeHistory(_ path: String, wanted: [String: Int], includeBuyer: Bool) throws -> [CaseFacts] {
        let file = try LineFile(path: path)
        let decoder = KefuJSON.decoder()
        var out: [CaseFacts] = []
        for line in file.lines {
            if let id = Self.quickID(line.bytes, key: "\"case\":{"), wanted[id] == nil { continue }
            let r: HistoryRecord
            do { r = try decoder.decode(HistoryRecord.self, from: line.bytes) } catch {
                throw KefuError.data("\(path):\(line.number): \(KefuJSON.describe(error))")
            }
            historyCasesDecoded += 1
            if wanted[r.case.id] == r.seq { out.append(CaseFacts(r.case, includeBuyer: includeBuyer)) }
        }
        return out
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
