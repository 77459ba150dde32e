import Foundation
import KefuBase
import KefuModel
import KefuMail
import KefuStore

/// One Maildir file read for the intake: the message it holds, or why it could not be read.
public struct MaildirItem: Sendable {
    public var entry: Maildir.Entry
    /// nil when the file vanished between listing and reading (the mail reader moved it), or was skipped.
    public var message: InboundMessage?
    /// Why the file was not read (a symbolic link, a FIFO, a device …); nil when it was read or vanished.
    public var skipped: String?
    /// The file could not be read this time (not a kind of file kefu skips for good): try it again later.
    public var retry = false
}

/// What a Maildir import did, for the summary line.
public struct MaildirReport: Sendable, Equatable {
    public var intake = IntakeSummary()
    /// Files read this time; files skipped because an earlier import filed them.
    public var read = 0
    public var alreadyRead = 0
    /// Files that were listed but gone when read: the next scan finds them under their new name.
    public var vanished = 0
    /// Files that are not regular files (symbolic links, FIFOs, sockets, devices) or could not be
    /// opened: never followed, warned about each time, not remembered as read.
    public var skipped = 0
    public var unclassified = 0
    /// "new/NAME: warning", a bounded sample for the summary.
    public var warnings: [String] = []
    public init() {}
}

/// Files a Maildir's unread mail into the store: read and classify in parallel (pure work), file
/// one batch at a time (one durable journal record each), then remember the batch's file names.
/// Memory stays flat however big the Maildir: only one batch of mail is held at a time.
public enum MaildirIntake {
    public static let batchSize = 500

    /// Reads, parses and classifies files on every core. Apart from reading the files, it only writes
    /// attachments into `files` (content-addressed, so writing one twice or for a mail filed later is harmless).
    public static func read(_ entries: ArraySlice<Maildir.Entry>, in maildir: Maildir, files: KeptFiles? = nil) -> [MaildirItem] {
        let work = Array(entries)
        return inChunks(work.count, minimum: 16, perCore: 2) { range in
            var out: [MaildirItem] = []
            for e in work[range] {
                switch maildir.read(e) {
                case .vanished: out.append(MaildirItem(entry: e, message: nil))
                case .skipped(let why): out.append(MaildirItem(entry: e, message: nil, skipped: why))
                case .unreadable(let why): out.append(MaildirItem(entry: e, message: nil, skipped: why, retry: true))
                case .mail(let data, let mtime, let truncatedFrom):
                    var parsed = MIMEParser.parse(data, keepingAttachments: files?.maxPerMessage)
                    if let size = truncatedFrom {
                        parsed.warnings.append("file is \(size >> 20) MB: only the first \(Maildir.maxBytes >> 20) MB read")
                        // The stand-in id covers what was read and how long the file really is.
                        if let source = parsed.source { parsed.sourceDigest = SHA256.hex(Data((SHA256.hex(source) + " \(size)").utf8)) }
                    }
                    var kept: [AttachmentFile] = []
                    if let files {
                        do { kept = try files.keep(&parsed, from: maildir.path + "/" + e.relativePath, cut: truncatedFrom != nil) } catch {
                            // Not filed without its files: the mail stays unread and is tried again.
                            out.append(MaildirItem(entry: e, message: nil, skipped: "attachments not kept: \(error)", retry: true))
                            continue
                        }
                    }
                    var message = InboundMessage(mail: MailClassifier.classify(parsed, fallbackDate: mtime))
                    message.files = kept
                    out.append(MaildirItem(entry: e, message: message))
                }
            }
            return out
        }.flatMap { $0 }
    }

    /// Adds read items to the intake (nothing written); returns the keys of the files it filed.
    public static func add(_ items: [MaildirItem], to intake: Intake, report: inout MaildirReport) throws -> [String] {
        var done: [String] = []
        for item in items {
            if let why = item.skipped {
                report.skipped += 1
                if report.warnings.count < 50 { report.warnings.append("\(item.entry.relativePath): \(why)") }
                continue
            }
            guard let m = item.message else { report.vanished += 1; continue }
            try intake.add(m)
            report.read += 1
            if m.category == .other { report.unclassified += 1 }   // set only for mail no rule recognised
            for w in m.warnings where report.warnings.count < 50 { report.warnings.append("\(item.entry.relativePath): \(w)") }
            done.append(item.entry.key)
        }
        return done
    }

    /// A rescan without opening the store: nil when some file in the Maildir was not filed before,
    /// else how many files it holds (all filed). Costs the listing and the seen-list, no mail read —
    /// or, when the last rescan found nothing new and no directory changed since, three `stat`s
    /// (see `MaildirStamp`).
    public static func nothingNew(_ maildir: Maildir, storeDirectory: String, clock: () -> Int64 = MaildirStamp.clock) throws -> Int? {
        guard DurableIO.exists(storeDirectory + "/meta.json") else { return nil }
        let listed = clock()
        let before = MaildirStamp.current(maildir, seenPath: MaildirSeen.path(storeDirectory: storeDirectory))
        if let before, let files = MaildirStamp.matching(before, storeDirectory: storeDirectory) { return files }
        let seen = try MaildirSeen(storeDirectory: storeDirectory)
        let all = try maildir.entries(sorted: false)
        guard all.allSatisfy({ seen.contains($0.key) }) else { return nil }
        if var stamp = before {
            stamp.files = all.count
            stamp.keep(storeDirectory: storeDirectory, listed: listed)
        }
        return all.count
    }

    /// The files not in the seen-list, in delivery order; the others are counted as read before.
    public static func unread(_ maildir: Maildir, seen: MaildirSeenList, report: inout MaildirReport) throws -> [Maildir.Entry] {
        let all = try maildir.entries(sorted: false), known = try seen.allKeys()
        // Only the new files are put in delivery order: a rescan sorts nothing it will not read.
        let todo = all.filter { !known.contains($0.key) }.sorted { Maildir.deliveryOrder($0.key, $1.key) }
        report.alreadyRead = all.count - todo.count
        return todo
    }

    /// The whole import: every file not read before. `progress(done, total)` after each batch.
    public static func run(_ maildir: Maildir, store: CaseStore, now: Date, maxAttachmentBytes: Int = AttachmentFile.defaultMaxPerMessage,
                           clock: () -> Int64 = MaildirStamp.clock, progress: (Int, Int) -> Void = { _, _ in }) throws -> MaildirReport {
        let listed = clock()
        let dirs = MaildirStamp.directories(maildir)
        let seen = try MaildirSeen(storeDirectory: store.directory)
        var report = MaildirReport()
        let todo = try unread(maildir, seen: seen, report: &report)
        defer {
            // Every file listed is filed now: the next rescan need not list them (see `MaildirStamp`).
            if var stamp = dirs, todo.allSatisfy({ seen.contains($0.key) }), let written = MaildirStamp.seenList(seen.path) {
                stamp.seen = written
                stamp.files = report.alreadyRead + todo.count
                stamp.keep(storeDirectory: store.directory, listed: listed)
            }
        }
        guard !todo.isEmpty else { return report }   // no intake: it would index every open case for nothing
        let intake = try Intake(store: store, now: now)
        var done = 0
        // Each batch's cases are encoded while the next batch is read and filed (`saveBehind`); its
        // files count as read only once its journal record is durable, at the next batch or the end.
        var savedBehind: [String] = []
        for start in stride(from: 0, to: todo.count, by: batchSize) {
            let batch = todo[start..<min(start + batchSize, todo.count)]
            let files = KeptFiles(store: AttachmentStore(storeDirectory: store.directory), maxPerMessage: maxAttachmentBytes)
            let filed = try add(read(batch, in: maildir, files: files), to: intake, report: &report)
            try store.saveBehind(intake.takeChanged())
            try seen.add(savedBehind)
            savedBehind = filed
            done += batch.count
            progress(done, todo.count)
        }
        try store.finishBehind()
        try seen.add(savedBehind)
        report.intake = intake.summary
        return report
    }
}

/// Where the intake keeps a mail's attachments, and how much of one message it keeps.
public struct KeptFiles: Sendable {
    public var store: AttachmentStore
    public var maxPerMessage: Int

    public init(store: AttachmentStore, maxPerMessage: Int) { self.store = store; self.maxPerMessage = maxPerMessage }

    /// Writes the parse's kept bytes into the store, drops them from `mail`, and says what became of
    /// each part. `cut`: the Maildir read stopped short, so the last parts may be incomplete.
    func keep(_ mail: inout ParsedMail, from mailFile: String, cut: Bool) throws -> [AttachmentFile] {
        var out: [AttachmentFile] = []
        for (i, a) in mail.attachments.enumerated() {
            if let data = a.data, !(cut && i == mail.attachments.count - 1) {
                out.append(AttachmentFile(name: a.filename, type: a.mimeType, size: a.size, sha256: try store.put(data), inline: a.inline))
            } else {
                // Above the cap (or cut off by the read limit): the mail file is the copy, this is the reference.
                let whole = !(cut && i == mail.attachments.count - 1)
                out.append(AttachmentFile(name: a.filename, type: a.mimeType, size: a.size, sha256: whole ? a.sha256 ?? a.data.map(SHA256.hex) : nil,
                                          leftIn: mailFile, part: i, inline: a.inline))
                mail.warnings.append("\(a.filename ?? "unnamed attachment") (\(AttachmentFile.sizeText(a.size))) left in the Maildir: "
                    + (whole ? "above [attachments] max-per-message (\(AttachmentFile.sizeText(maxPerMessage)))" : "the mail file is larger than kefu reads"))
            }
            mail.attachments[i].data = nil
        }
        return out
    }
}
