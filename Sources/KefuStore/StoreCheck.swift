import Foundation
#if canImport(Glibc)
import Glibc
import KefuBase
#endif

/// `kefu check`: reads every file of the store and reports each problem with its file and line.
/// `--repair` fixes one thing only — an unreadable last journal or index record, the trace of an
/// interrupted write — and keeps the removed bytes in `recovered/` first. Nothing else is touched.
public struct StoreCheckReport: Sendable {
    public var problems: [String] = []
    public var repaired: [String] = []
    public var activeCases = 0
    public var historyCases = 0
    public var journalRecords = 0
    /// Attachment files in the store and their bytes; files no case names (a crash between writing a
    /// file and filing its mail, a purge cut short, a purged mail read again): harmless, counted, not removed.
    public var attachmentFiles = 0
    public var attachmentBytes = 0
    public var unnamedAttachments = 0
    public var ok: Bool { problems.isEmpty }
}

enum StoreRepair {
    static func setAside(_ bytes: Data, from path: String, directory: String) throws -> String {
        let dir = directory + "/recovered"
        try DurableIO.makeDirectory(dir)
        let stamp = Int(Date().timeIntervalSince1970 * 1000) // a unique file name, not logic
        let target = "\(dir)/\((path as NSString).lastPathComponent).\(stamp).torn"
        try DurableIO.replace(target, with: bytes)
        return target
    }

    /// If `path` ends in an incomplete line, moves those bytes to `recovered/` so the next append
    /// starts on a clean line. Returns a warning, or nil when the file was whole.
    static func salvageTornTail(_ path: String, directory: String) throws -> String? {
        guard !endsWithWholeLine(path) else { return nil }   // the usual case, without reading the file
        let file = try LineFile(path: path)
        guard let torn = file.tornTail else { return nil }
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let saved = try setAside(torn, from: path, directory: directory)
        try truncate(path, to: size - torn.count)
        return "\(path):\(file.tornLineNumber): an interrupted write (\(torn.count) bytes) was never completed; set aside in \(saved)"
    }

    /// True when the file is missing, empty or ends in a newline: nothing torn. Reads one byte, so a
    /// compaction appending to a month of 40,000 cases does not read the month first.
    static func endsWithWholeLine(_ path: String) -> Bool {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return !DurableIO.exists(path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return false }
        if st.st_size == 0 { return true }
        var last: UInt8 = 0
        return pread(fd, &last, 1, st.st_size - 1) == 1 && last == 0x0A
    }

    static func truncate(_ path: String, to size: Int) throws {
        guard Glibc.truncate(path, off_t(size)) == 0 else { throw DurableIO.errno("truncate", path) }
        let fd = Glibc.open(path, O_WRONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}

extension CaseStore {
    /// Checks the store at `directory` without opening it for writing (unless repairing).
    public static func check(_ directory: String, repair: Bool, now: Date) throws -> StoreCheckReport {
        var report = StoreCheckReport()
        let lock: StoreLock?
        if repair {
            let (l, holder) = try StoreLock.acquire(directory: directory)
            guard let l else { throw KefuError.data("\(directory): in use by another kefu\(holder.map { " (pid \($0))" } ?? ""); close it to repair") }
            lock = l
        } else { lock = nil }
        defer { _ = lock }
        _ = try readMeta(directory + "/meta.json")
        let decoder = KefuJSON.decoder()

        // Each file is decoded by the very function that reads it in use, so a line check passes is a
        // line kefu can open; `describe` keeps Codable's and CaseReader's messages alike.
        func scan<T>(_ path: String, _ decode: (Data) throws -> T, skipFirst: Bool = false, repairable: Bool,
                     each: (T) -> Void = { _ in }) throws {
            let file = try LineFile(path: path)
            var bad: [(LineFile.Line, String)] = []
            for line in file.lines.dropFirst(skipFirst ? 1 : 0) {
                do { each(try decode(line.bytes)) } catch { bad.append((line, KefuJSON.describe(error))) }
            }
            // Only a damaged *last* record can be an interrupted write; anything earlier is reported, never cut.
            let lastIsBad = file.tornTail != nil || (bad.last.map { $0.0.number == file.lines.last?.number } ?? false)
            if repair && repairable && lastIsBad && (bad.count <= (file.tornTail == nil ? 1 : 0)) {
                let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
                let cut = file.tornTail ?? (bad.last!.0.bytes + Data([0x0A]))
                let saved = try StoreRepair.setAside(cut, from: path, directory: directory)
                try StoreRepair.truncate(path, to: size - cut.count)
                report.repaired.append("\(path): removed the unreadable last record (\(cut.count) bytes), kept in \(saved)")
                return
            }
            for (line, why) in bad { report.problems.append("\(path):\(line.number): \(why)") }
            if file.tornTail != nil {
                report.problems.append("\(path):\(file.tornLineNumber): torn last record (an interrupted write)"
                    + (repairable ? "; `kefu check --repair` sets it aside" : ""))
            }
        }

        let active = directory + "/active.jsonl"
        if let first = try LineFile(path: active).lines.first {
            do {
                let header = try CaseReader.decodeHeader(first.bytes)
                if header.schemaVersion > schemaVersion {
                    report.problems.append("\(active):1: schema version \(header.schemaVersion) was written by a newer kefu")
                }
            } catch {
                report.problems.append("\(active):1: bad header: \(error)")
            }
        }
        var named: Set<String> = []   // attachment hashes some case names
        try scan(active, CaseReader.decodeCase, skipFirst: true, repairable: false) { report.activeCases += 1; named.formUnion($0.keptAttachments) }
        try scan(directory + "/journal.jsonl", CaseReader.decodeJournal, repairable: true) { r in
            report.journalRecords += 1
            for c in r.cases { named.formUnion(c.keptAttachments) }
        }
        // The order book is only replaced whole: any bad line is damage, never repaired.
        try scan(directory + "/" + OrderBook.fileName, { try decoder.decode(ImportedOrder.self, from: $0) }, repairable: false)
        let history = directory + "/history"
        if let files = try? FileManager.default.contentsOfDirectory(atPath: history) {
            for f in files.sorted() where f.hasSuffix(".jsonl") {
                try scan(history + "/" + f, CaseReader.decodeHistory, repairable: false) { report.historyCases += 1; named.formUnion($0.case.keptAttachments) }
            }
            // Facts lines (what reports read); an older store has none, which is fine.
            for f in ((try? FileManager.default.contentsOfDirectory(atPath: history + "/facts")) ?? []).sorted() where f.hasSuffix(".jsonl") {
                try scan(history + "/facts/" + f, CaseFacts.decodeRecord, repairable: false)
            }
            let index = try LineFile(path: history + "/index.tsv")
            for line in index.lines where HistoryEntry(line: Substring(String(decoding: line.bytes, as: UTF8.self))) == nil {
                report.problems.append("\(history)/index.tsv:\(line.number): not a valid index line")
            }
            if index.tornTail != nil { report.problems.append("\(history)/index.tsv:\(index.tornLineNumber): torn last line") }
        }
        checkAttachments(directory, named: named, into: &report)
        // Whatever the lines say, "ok" must mean the store opens: open it as a reader would.
        if report.ok {
            do { _ = try CaseStore.open(directory, mode: .readOnly, create: false, now: now) } catch {
                report.problems.append("\(error)")
            }
        }
        return report
    }
}

extension CaseStore {
    /// Every kept file read back against its hash; a file a case names must be there.
    static func checkAttachments(_ directory: String, named: Set<String>, into report: inout StoreCheckReport) {
        let files = AttachmentStore(storeDirectory: directory)
        var present: Set<String> = []
        for (sha, size) in files.all() {
            present.insert(sha)
            report.attachmentFiles += 1
            report.attachmentBytes += max(size, 0)
            if !named.contains(sha) { report.unnamedAttachments += 1 }
            do { _ = try files.read(sha) } catch { report.problems.append("\(error)") }
        }
        for sha in named.subtracting(present).sorted() {
            report.problems.append("\(files.path(sha) ?? sha): missing (a case names this attachment)")
        }
    }
}
