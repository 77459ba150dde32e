import Foundation

/// One Maildir file read for the intake: the message it holds, or why it could not be read.
public struct MaildirItem: Sendable {
    public var entry: Maildir.Entry
    /// nil when the file vanished between listing and reading (the mail reader moved it).
    public var message: InboundMessage?
}

/// What a Maildir import did, for the summary line.
public struct MaildirReport: Sendable, Equatable {
    public var intake = IntakeSummary()
    /// Files read this time; files skipped because an earlier import filed them.
    public var read = 0
    public var alreadyRead = 0
    /// Files that were listed but gone when read: the next scan finds them under their new name.
    public var vanished = 0
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

    /// Reads, parses and classifies files on every core. Pure apart from reading the files.
    public static func read(_ entries: ArraySlice<Maildir.Entry>, in maildir: Maildir) -> [MaildirItem] {
        let work = Array(entries)
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 2, work.count / 16))
        let slots = ResultSlots<[MaildirItem]>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            var out: [MaildirItem] = []
            for e in work[(work.count * k / chunks)..<(work.count * (k + 1) / chunks)] {
                guard let (data, mtime) = maildir.read(e) else { out.append(MaildirItem(entry: e, message: nil)); continue }
                let parsed = MIMEParser.parse(data)
                out.append(MaildirItem(entry: e, message: InboundMessage(mail: MailClassifier.classify(parsed, fallbackDate: mtime))))
            }
            slots.set(k, out)
        }
        return slots.values.flatMap { $0 ?? [] }
    }

    /// Files read items into the store and marks them read once their cases are saved; returns the cases.
    @discardableResult
    public static func file(_ items: [MaildirItem], intake: Intake, seen: MaildirSeen, report: inout MaildirReport) throws -> [Case] {
        var done: [String] = []
        for item in items {
            guard let m = item.message else { report.vanished += 1; continue }
            try intake.add(m)
            report.read += 1
            if m.category == .other { report.unclassified += 1 }   // set only for mail no rule recognised
            for w in m.warnings where report.warnings.count < 50 { report.warnings.append("\(item.entry.relativePath): \(w)") }
            done.append(item.entry.key)
        }
        let changed = try intake.commit()
        try seen.add(done)
        return changed
    }

    /// The whole import: every file not read before. `progress(done, total)` after each batch.
    public static func run(_ maildir: Maildir, store: CaseStore, now: Date,
                           progress: (Int, Int) -> Void = { _, _ in }) throws -> MaildirReport {
        let seen = try MaildirSeen(storeDirectory: store.directory)
        let all = try maildir.entries()
        let todo = all.filter { !seen.contains($0.key) }
        var report = MaildirReport()
        report.alreadyRead = all.count - todo.count
        let intake = try Intake(store: store, now: now)
        var done = 0
        for start in stride(from: 0, to: todo.count, by: batchSize) {
            let batch = todo[start..<min(start + batchSize, todo.count)]
            try file(read(batch, in: maildir), intake: intake, seen: seen, report: &report)
            done += batch.count
            progress(done, todo.count)
        }
        report.intake = intake.summary
        return report
    }
}
