import Foundation
#if canImport(Glibc)
import Glibc
import KefuBase
import KefuModel
import KefuMail
#endif

/// When a case's personal data goes (`[privacy] keep-days`, Amazon's Data Protection Policy: at most
/// 30 days after delivery unless the law needs it).
///
/// A case is due when it is resolved, not on hold, not purged yet, and `keepDays` have passed since
/// the later of its delivery and its resolution. Without a delivery date the ship date stands in
/// for it, and without either the resolution alone counts. Counting from the resolution too means a
/// complaint that arrives after the keep-days still has the buyer's data while it is worked on, and
/// keeps it for `keepDays` after it is resolved (a buyer who writes again soon finds the case whole).
public struct PurgePolicy: Sendable, Equatable {
    public static let defaultKeepDays = 30
    public static let keepDaysRange = 1...3650
    public var keepDays: Int

    public init(keepDays: Int = PurgePolicy.defaultKeepDays) { self.keepDays = keepDays }

    /// The date the keep-days count from.
    public static func countsFrom(_ c: Case) -> Date {
        let resolved = Clocks.resolvedTime(c)
        guard let delivered = c.order?.deliveredAt ?? c.order?.shippedAt else { return resolved }
        return max(delivered, resolved)
    }

    /// When the case's personal data may be purged (if it is resolved and not held by then).
    public func dueAt(_ c: Case) -> Date {
        Self.countsFrom(c).addingTimeInterval(TimeInterval(keepDays) * 86400)
    }

    public func isDue(_ c: Case, now: Date) -> Bool {
        c.status == .resolved && !c.isHeld && PersonalData.remains(c) && dueAt(c) <= now
    }
}

// What `kefu purge` removes: see `PersonalData` (KefuModel), which holds the marker a purge leaves.
extension PersonalData {
    /// Events whose text kefu itself writes (a status change, the clock a `handled` names, …): kept.
    /// Notes and filed notices (subject and body of the mail) lose theirs.
    static let keepsText: Set<EventType> = [.statusChanged, .categoryChanged, .handled, .promised, .replied, .snoozed,
                                            .noResponseNeeded, .offerChosen, .delivered, .replyEdited, .replyCancelled, .held, .released, .returnReceived,
                                            .undone]

    /// Not purged yet, or something came in since: new mail reopened it, a notice was filed on it (its
    /// sender and text), or a note was written.
    public static func remains(_ c: Case) -> Bool {
        c.purgedAt == nil || c.buyer.name != nil || c.buyer.address != nil || c.threadKey != nil
            || c.messages.contains { !isMarker($0.body) || $0.translation != nil }
            || c.events.contains(where: carriesPersonalData)
    }

    /// What `scrub` replaces in an event: a sender or recipient, and a text kefu did not write itself.
    static func carriesPersonalData(_ e: CaseEvent) -> Bool {
        func personal(_ s: String?) -> Bool { s.map { !isMarker($0) } ?? false }
        if !keepsText.contains(e.type), personal(e.text) { return true }
        return e.type != .statusChanged && e.type != .categoryChanged && (personal(e.from) || personal(e.to))
    }

    /// The name a message id carrying the buyer's address or name has after a purge (`renamedIDs`);
    /// the intake looks it up too, so a purged message re-imported is still a duplicate.
    public static func purgedID(_ id: String) -> String { "purged-" + NoticeText.fnv1a64([id]) }

    /// A history line that `remains` would say nothing of, told from its bytes without decoding it:
    /// marked purged, no buyer name, address or thread key (the only keys so named), every body a marker.
    static func looksPurged(_ line: Data) -> Bool {
        func count(_ s: String) -> Int {
            let needle = Data(s.utf8)
            var n = 0, from = line.startIndex
            while let r = line.range(of: needle, in: from..<line.endIndex) { n += 1; from = r.upperBound }
            return n
        }
        guard line.range(of: Data("\"purgedAt\":".utf8)) != nil else { return false }
        // Events: every sender marked, and no more notes or filed notices than marked texts (a cheap
        // bound; a line it cannot clear is decoded and `remains` decides).
        let texts = count("\"type\":\"note\"") + count("\"type\":\"refund-issued\"") + count("\"type\":\"buyer-opted-out\"")
            + count("\"type\":\"received\"")
        return count("\"name\":") == 0 && count("\"address\":") == 0 && count("\"threadKey\":") == 0
            && count("\"body\":\"") == count("\"body\":\"[purged ") && count("\"translation\":{") == 0
            && count("\"from\":\"") == count("\"from\":\"[purged ") && count("\"to\":\"") == count("\"to\":\"[purged ")
            && texts <= count("\"text\":\"[purged ")
    }

    /// The case without personal data, marked purged at `now`. Message ids with the buyer's address or
    /// name in them are renamed (`renamedIDs`, and `renamed`: those of the case's other versions).
    public static func scrub(_ c: Case, at now: Date, renamed: [String: String] = [:]) -> Case {
        var out = c
        let mark = marker(now)
        let ids = renamedIDs(c).merging(renamed) { a, _ in a }
        out.purgedQuote = CaseFacts.quote(of: c)
        out.purgedQuoteTranslation = CaseFacts.quoteTranslation(of: c)
        // `pinnedQuote` stays as it is: it was scrubbed when pinned, and the report needs it.
        out.purgedAt = now
        out.buyer.name = nil
        out.buyer.address = nil
        out.threadKey = nil
        out.order?.tracking = nil
        for i in out.messages.indices {
            out.messages[i].sourceId = ids[out.messages[i].sourceId] ?? out.messages[i].sourceId
            if out.messages[i].subject != nil { out.messages[i].subject = mark }
            out.messages[i].body = mark
            out.messages[i].attachments = out.messages[i].attachments.map { $0.map { _ in mark } }
            out.messages[i].files = nil   // the buyer's photos go with their words (the store files: `purge`)
            out.messages[i].warnings = nil
            out.messages[i].translation = nil   // the body in another language is still the body
        }
        for i in out.events.indices {
            let type = out.events[i].type
            if let m = out.events[i].messageId, let r = ids[m] { out.events[i].messageId = r }
            if !keepsText.contains(type), out.events[i].text != nil { out.events[i].text = mark }
            // `from`/`to` are the sender of a filed message, except on status and category changes.
            if type != .statusChanged && type != .categoryChanged {
                if out.events[i].from != nil { out.events[i].from = mark }
                if out.events[i].to != nil { out.events[i].to = mark }
            }
        }
        return out
    }

    /// Ids of inbound messages and filed notices that contain the buyer's address, its local part or a
    /// part of their name, each mapped to `purged-<hash>`: the same id always gives the same name.
    /// Opaque ids (Amazon's, eBay's) stay, so a re-imported message is still recognised; replies' ids
    /// (kefu's own) always stay.
    public static func renamedIDs(_ c: Case) -> [String: String] {
        var needles: [String] = []
        if let a = c.buyer.address?.lowercased(), !a.isEmpty {
            needles.append(a)
            if let local = a.split(separator: "@").first, local.count >= 3 { needles.append(String(local)) }
        }
        for part in (c.buyer.name ?? "").lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." }) where part.count >= 3 {
            needles.append(String(part))
        }
        guard !needles.isEmpty else { return [:] }
        var out: [String: String] = [:]
        // Only what others sent: a reply's id is kefu's (or the seller's mail client's), and the outbox
        // recognises a recorded reply by it.
        let all = c.messages.filter { $0.direction == .inbound }.map(\.sourceId)
            + c.events.compactMap { $0.type == .received || $0.type.isFiledNotice ? $0.messageId : nil }
        for id in all where out[id] == nil {
            let lower = id.lowercased()
            if needles.contains(where: { lower.contains($0) }) { out[id] = purgedID(id) }
        }
        return out
    }
}

/// What a purge did (or, dry, would do).
public struct PurgeReport: Sendable, Equatable {
    public var dryRun = false
    /// Cases purged in the active set (open or recently resolved), and closed ones (history only).
    public var active: [String] = []
    public var closed: [String] = []
    /// Delivered e-mails removed from `sent/` (file names).
    public var sentRemoved: [String] = []
    /// History month files rewritten, and whether the index was.
    public var monthsRewritten: [String] = []
    public var indexRewritten = false
    /// Attachment files removed from the store (no case left names them).
    public var filesRemoved = 0
    public var count: Int { active.count + closed.count }

    public init(dryRun: Bool = false) { self.dryRun = dryRun }

    public var summary: String {
        let files = filesRemoved > 0 ? " and \(filesRemoved) attachment file(s)" : ""
        let ids = (active + closed).sorted { (Int($0.dropFirst(2)) ?? 0, $0) < (Int($1.dropFirst(2)) ?? 0, $1) }
        let list = ids.isEmpty ? "" : ": " + ids.joined(separator: ", ")
        if dryRun {
            return "would purge \(count) case(s) (\(active.count) active, \(closed.count) closed)\(list); \(sentRemoved.count) sent mail(s)\(files) would be removed"
        }
        return "purged \(count) case(s) (\(active.count) active, \(closed.count) closed); \(sentRemoved.count) sent mail(s)\(files) removed"
    }
}

/// `purge.json`: when the last purge ran, so opening a store purges at most once a day, and what each
/// history month held then, so a month that has not changed and has nothing coming due is not read again.
struct PurgeState: Codable {
    struct Month: Codable, Equatable {
        /// The file's size when it was last read or written (history months only grow, or are rewritten by purge).
        var size: Int
        /// Ids of its lines not purged (current or not; a case found due elsewhere makes the month read again).
        var pending: [String]
        /// The earliest time one of its current, resolved, unheld cases falls due.
        var nextDue: Date?
    }
    var lastRun: Date
    var keepDays: Int
    var months: [String: Month]?
}

extension CaseStore {
    var purgeStatePath: String { directory + "/purge.json" }

    /// Of `shas`, those no history line outside `skipping` names. Months skipped by the purge's first pass
    /// were not decoded, so their bytes are searched for each hash (cheap: only when files are to go).
    func filesNamedNowhere(_ shas: Set<String>, months: [String], skipping: Set<String>) throws -> Set<String> {
        var left = shas
        for month in months where !left.isEmpty {
            for line in try LineFile(path: historyDir + "/" + month).lines {
                guard let id = Self.quickID(line.bytes, key: "\"case\":{"), !skipping.contains(id) else { continue }
                for sha in left where line.bytes.range(of: Data(sha.utf8)) != nil { left.remove(sha) }
            }
        }
        return left
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? -1
    }

    /// Runs `purge` when this writer has not done so today (UTC) with the same keep-days. Cheap when
    /// nothing is due: months whose lines are all purged are scanned, not decoded, and nothing is written.
    @discardableResult
    public func autoPurge(policy: PurgePolicy, now: Date) throws -> PurgeReport? {
        guard !readOnly else { return nil }
        func ranToday(_ keepDays: Int, _ lastRun: Date) -> Bool {
            keepDays == policy.keepDays && ISO8601.format(lastRun).prefix(10) == ISO8601.format(now).prefix(10)
        }
        // The common case, at every inbox start: two fields of a file whose months make it hundreds of
        // KB at 500k closed, read with FastJSON rather than decoded whole (JSONDecoder: ~10 ms).
        if let data = FileManager.default.contents(atPath: purgeStatePath), let v = try? FastJSON.parse(data),
           case .number(let days)? = v["keepDays"], let keepDays = Int(exactly: days),
           case .string(let last)? = v["lastRun"], let lastRun = ISO8601.parse(last), ranToday(keepDays, lastRun) {
            return nil
        }
        let state = readPurgeState()
        if let state, ranToday(state.keepDays, state.lastRun) { return nil }
        return try purge(policy: policy, now: now, dryRun: false, saved: state)
    }

    /// Removes the personal data of every due case (see `PurgePolicy`, `PersonalData`) from the active
    /// set, closed history, the history index and `sent/`. Crash-safe: each file is replaced whole
    /// (temporary file, fsync, rename), and the order — sent mail, index, history months, active
    /// cases — means a run cut short is finished by the next one. `dryRun` writes nothing.
    public func purge(policy: PurgePolicy, now: Date, dryRun: Bool) throws -> PurgeReport {
        try purge(policy: policy, now: now, dryRun: dryRun, saved: readPurgeState())
    }

    /// `purge.json`, or nil when there is none (or it is unreadable: then every month is read).
    func readPurgeState() -> PurgeState? {
        FileManager.default.contents(atPath: purgeStatePath).flatMap { try? KefuJSON.decoder().decode(PurgeState.self, from: $0) }
    }

    private func purge(policy: PurgePolicy, now: Date, dryRun: Bool, saved: PurgeState?) throws -> PurgeReport {
        guard dryRun || !readOnly else {
            throw KefuError.data("\(directory): read-only (the store is in use by another kefu\(lockHolder.map { ", pid \($0)" } ?? ""))")
        }
        // A purge reads the open cases from `cases`: one written through (an import's) would be missed,
        // and its kept files taken for a purged case's alone.
        guard (writtenThrough?.count ?? 0) == 0 else {
            throw KefuError.data("\(directory): cannot purge while an import holds cases written through; purge after it")
        }
        var report = PurgeReport(dryRun: dryRun)
        let activeDue = cases.values.filter { policy.isDue($0, now: now) }.sorted { $0.number < $1.number }
        // Ids whose current version is purged (or is purged now): every history line of theirs goes too.
        var purgeIDs = Set(cases.values.filter { $0.purgedAt != nil }.map(\.id))
        purgeIDs.formUnion(activeDue.map(\.id))

        // Pass 1: what history holds. Purged lines are recognised by their bytes, never decoded; a month
        // unchanged since the last run, with nothing coming due and no line of a case purged now, is
        // not read at all (the inbox opens without reading history, purging included).
        let previous = saved.flatMap { $0.keepDays == policy.keepDays ? $0.months : nil } ?? [:]
        var monthStates: [String: PurgeState.Month] = [:]
        var index: HistoryIndex?
        func currentIndex() throws -> HistoryIndex {
            if let index { return index }
            let i = try historyIndex()
            index = i
            return i
        }
        let months = ((try? FileManager.default.contentsOfDirectory(atPath: historyDir)) ?? [])
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        var renamed: [String: String] = [:]
        var outbound: [String: Set<String>] = [:]   // case id → message ids of its replies (for sent/)
        var kept: [String: Set<String>] = [:]       // case id → attachment hashes its lines name
        var monthsToRewrite: Set<String> = []
        struct Pending { var month: String; var id: String }
        var pending: [Pending] = []   // unpurged lines, decided once every month is read
        var historyDue: Set<String> = []
        func scan(_ month: String) throws {
            let path = historyDir + "/" + month
            let file = try LineFile(path: path)
            let index = try currentIndex()
            var state = PurgeState.Month(size: Self.fileSize(path), pending: [], nextDue: nil)
            for line in file.lines {
                if PersonalData.looksPurged(line.bytes) {
                    if let id = Self.quickID(line.bytes, key: "\"case\":{"), cases[id] == nil, let e = index.entry(id: id),
                       e.file == month, Self.quickSeq(line.bytes) == e.seq {
                        purgeIDs.insert(id)   // its current version is purged
                    }
                    continue
                }
                let r: HistoryRecord
                do { r = try CaseReader.decodeHistory(line.bytes) } catch {
                    throw KefuError.data("\(file.path):\(line.number): \(error)")
                }
                let c = r.case
                pending.append(Pending(month: month, id: c.id))
                state.pending.append(c.id)
                renamed.merge(PersonalData.renamedIDs(c)) { a, _ in a }
                outbound[c.id, default: []].formUnion(c.messages.filter { $0.direction == .outbound }.map(\.sourceId))
                kept[c.id, default: []].formUnion(c.keptAttachments)
                // The current version decides: the active case, else the line the index points to
                // (a line the index never got, from an interrupted retirement, decides for itself).
                let current: Bool
                if cases[c.id] != nil { current = false } else if let e = index.entry(id: c.id) { current = e.seq == r.seq && e.file == month } else { current = true }
                guard current, c.status == .resolved, !c.isHeld else { continue }
                if policy.isDue(c, now: now) {
                    historyDue.insert(c.id); purgeIDs.insert(c.id)
                } else if PersonalData.remains(c) {
                    let due = policy.dueAt(c)
                    state.nextDue = min(state.nextDue ?? due, due)
                }
            }
            monthStates[month] = state
        }
        var skipped: [String] = []
        for month in months {
            if let last = previous[month], last.size == Self.fileSize(historyDir + "/" + month),
               last.nextDue.map({ $0 > now }) ?? true, purgeIDs.isDisjoint(with: last.pending) {
                skipped.append(month)
                monthStates[month] = last
                continue
            }
            try scan(month)
        }
        // A skipped month with an older line of a case found due elsewhere is read after all.
        var again = true
        while again {
            again = false
            for month in skipped where !purgeIDs.isDisjoint(with: monthStates[month]!.pending) {
                skipped.removeAll { $0 == month }
                try scan(month)
                again = true
            }
        }
        for p in pending where purgeIDs.contains(p.id) { monthsToRewrite.insert(p.month) }
        for c in activeDue {
            renamed.merge(PersonalData.renamedIDs(c)) { a, _ in a }
            outbound[c.id, default: []].formUnion(c.messages.filter { $0.direction == .outbound }.map(\.sourceId))
            kept[c.id, default: []].formUnion(c.keptAttachments)
        }
        // Attachment files of the purged cases, unless a case that keeps its data names them too (the same photo twice).
        var dropFiles = purgeIDs.reduce(into: Set<String>()) { $0.formUnion(kept[$1] ?? []) }
        for c in cases.values where !purgeIDs.contains(c.id) { dropFiles.subtract(c.keptAttachments) }
        for (id, shas) in kept where !purgeIDs.contains(id) { dropFiles.subtract(shas) }
        report.active = activeDue.map(\.id)
        report.closed = historyDue.filter { cases[$0] == nil }.sorted { (Int($0.dropFirst(2)) ?? 0) < (Int($1.dropFirst(2)) ?? 0) }
        let newlyPurged = Set(report.active + report.closed)

        // sent/: the delivered replies of the cases purged now (by the Message-ID in the file name).
        let sentDir = directory + "/sent"
        var wanted: Set<String> = []
        for id in newlyPurged { for m in outbound[id] ?? [] { wanted.insert("_" + Outbox.escaped(m) + ".eml") } }
        let sentNames = ((try? FileManager.default.contentsOfDirectory(atPath: sentDir)) ?? []).sorted()
        report.sentRemoved = sentNames.filter { name in
            guard let u = name.firstIndex(of: "_") else { return false }
            return wanted.contains(String(name[u...]))
        }

        // The index: the cases purged now lose their thread key and renamed message ids.
        let indexIDs = Set(pending.filter { purgeIDs.contains($0.id) }.map(\.id)).union(activeDue.map(\.id))
        var indexText: String?
        if !indexIDs.isEmpty, DurableIO.exists(indexPath) {
            let file = try LineFile(path: indexPath)
            var out = "", changed = false
            for line in file.lines {
                let text = String(decoding: line.bytes, as: UTF8.self)
                guard var e = HistoryEntry(line: Substring(text)), indexIDs.contains(e.id) else { out += text + "\n"; continue }
                e.threadKey = nil
                e.messageIds = e.messageIds.map { renamed[$0] ?? $0 }
                let new = e.line
                if new != text { changed = true }
                out += new + "\n"
            }
            if changed { indexText = out }
        }
        report.indexRewritten = indexText != nil
        report.monthsRewritten = monthsToRewrite.sorted()
        if !dropFiles.isEmpty { dropFiles = try filesNamedNowhere(dropFiles, months: months, skipping: purgeIDs) }
        let files = AttachmentStore(storeDirectory: directory)
        report.filesRemoved = dropFiles.filter { files.path($0).map(DurableIO.exists) ?? false }.count
        if dryRun { return report }

        for name in report.sentRemoved {
            if unlink(sentDir + "/" + name) != 0 && errno != ENOENT { throw DurableIO.errno("unlink", sentDir + "/" + name) }
        }
        if !report.sentRemoved.isEmpty { try DurableIO.fsyncDirectory(sentDir) }
        if let indexText {
            if let w = try StoreRepair.salvageTornTail(indexPath, directory: directory) { warnings.append(w) }
            try DurableIO.replace(indexPath, with: Data(indexText.utf8))
            historyCache = nil
            lookupCache = nil   // the index was rewritten: the table is rebuilt on the next lookup
        }
        let encoder = StoreEncoder()
        for month in report.monthsRewritten {
            let path = historyDir + "/" + month
            if let w = try StoreRepair.salvageTornTail(path, directory: directory) { warnings.append(w) }
            var out = Data()
            for line in try LineFile(path: path).lines {
                if !PersonalData.looksPurged(line.bytes), let id = Self.quickID(line.bytes, key: "\"case\":{"), purgeIDs.contains(id) {
                    var r = try CaseReader.decodeHistory(line.bytes)
                    r.case = PersonalData.scrub(r.case, at: now, renamed: renamed)
                    out.append(try encoder.encode(r))
                } else {
                    out.append(line.bytes)
                }
                out.append(0x0A)
            }
            try DurableIO.replace(path, with: out)
        }
        // What each month holds now: a rewritten month's lines of purged cases are purged. (Taken before
        // the compaction below, whose retirements grow some months: those are read again next time.)
        for month in report.monthsRewritten {
            guard var m = monthStates[month] else { continue }
            m.size = Self.fileSize(historyDir + "/" + month)
            m.pending.removeAll { purgeIDs.contains($0) }
            monthStates[month] = m
        }
        if !activeDue.isEmpty {
            try save(activeDue.map { PersonalData.scrub($0, at: now, renamed: renamed) })
            // The snapshot and the journal still hold the old versions: fold them away now.
            try compact(now: now)
        }
        // Last, once no case names them: a run cut short before here leaves unnamed files (kefu check counts
        // them), never a case pointing at a missing file.
        try files.remove(dropFiles)
        let state = PurgeState(lastRun: now, keepDays: policy.keepDays, months: monthStates)
        try DurableIO.replace(purgeStatePath, with: try KefuJSON.encoder().encode(state) + Data("\n".utf8))
        return report
    }
}
