import Foundation
import KefuBase
import KefuModel

extension CaseStore {
    /// Rebuilds `history/index.tsv` and `history/lookup.bin` from the history month files alone (the
    /// record), for `kefu check --reindex`. Lines go in retirement order (sequence, then case number),
    /// as compaction appends them, so a case retired twice is current in its later version.
    /// Returns the number of index lines written.
    @discardableResult
    public func reindexHistory() throws -> Int {
        guard !readOnly else { throw KefuError.data("\(directory): read-only (another kefu holds it); close it to reindex") }
        let months = ((try? FileManager.default.contentsOfDirectory(atPath: historyDir)) ?? [])
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        var lines: [(seq: Int, number: Int, text: String)] = []
        for month in months {
            let file = try LineFile(path: historyDir + "/" + month)
            for line in file.lines {   // a slice of the file read whole: its index is its offset
                let r: (case: Case, seq: Int)
                do { let d = try CaseReader.decodeHistory(line.bytes); r = (d.case, d.seq) } catch {
                    throw KefuError.data("\(file.path):\(line.number): \(error) (the index is left as it was)")
                }
                lines.append((r.seq, r.case.number, HistoryEntry(case: r.case, seq: r.seq, file: month, offset: UInt64(line.bytes.startIndex)).line))
            }
        }
        lines.sort { ($0.seq, $0.number) < ($1.seq, $1.number) }
        try DurableIO.makeDirectory(historyDir)
        try DurableIO.replace(indexPath, with: Data(lines.map { $0.text + "\n" }.joined().utf8))
        try HistoryLookupFile.rebuild(indexPath: indexPath, path: historyDir + "/" + HistoryLookupFile.fileName)
        historyCache = nil
        lookupCache = nil
        return lines.count
    }
}
