import Foundation
import KefuInbox
import KefuStore
import KefuImport
import KefuMail
import KefuModel

/// Watches the support Maildir while the inbox runs. Its own thread notices new files (by the
/// directories' change times, with a full listing every 30 s in case a change time was missed),
/// reads and classifies them, looks up what they may match in the history, and posts each batch
/// to the queue as `.mailRead`; the update files it. Nothing here writes the store.
public final class MaildirWatcher: @unchecked Sendable {
    private let maildir: Maildir
    private let queue: ActionQueue
    private let lock = NSLock()
    private var known: Set<String>
    private var errors: [String] = []
    /// Errors past `maxErrors` in one look, only counted (a folder of 100,000 links says so once).
    private var moreErrors = 0
    static let maxErrors = 20
    private var stopping = false
    /// Which `start` the running thread belongs to: a thread of an earlier one ends.
    private var generation = 0
    private let looking = NSLock()
    private var lastChange: [String: timespec] = [:]
    /// Loaded on this thread at the first mail, never on the UI thread: at 100k closed cases it takes a second.
    private let loadHistory: @Sendable () throws -> HistoryLookup
    private var history: HistoryLookup?
    private let storeDirectory: String
    private var orders: OrderBook?
    private var ordersRead = false
    /// Half a second between looks: new mail shows well within the promised two seconds.
    static let interval: TimeInterval = 0.5

    /// `alreadyRead`: the names filed before (a copy: the main thread keeps adding to the seen-list).
    /// Where attachments are kept (into the store, by hash: safe to write from this thread).
    private let files: KeptFiles?

    public init(maildir: Maildir, alreadyRead: Set<String>, store: CaseStoring, queue: ActionQueue, files: KeptFiles? = nil) {
        self.maildir = maildir
        self.queue = queue
        self.files = files
        known = alreadyRead
        loadHistory = store.historyLoader
        storeDirectory = store.directory
    }

    /// Starts (or, after `stop`, starts again: a team's deliverer that lost and regained the lock)
    /// watching on a thread of its own; what it read before stays known.
    public func start() {
        lock.lock(); stopping = false; generation += 1; let g = generation; lock.unlock()
        let t = Thread { [self] in loop(generation: g) }
        t.name = "kefu-maildir"
        t.start()
    }

    public func stop() { lock.lock(); stopping = true; lock.unlock() }

    /// Filed elsewhere (by another kefu of the team): not to be read again.
    public func know(_ keys: Set<String>) {
        lock.lock(); known.formUnion(keys); lock.unlock()
    }

    /// Filing failed: look at these files again on the next full listing.
    public func forget(_ keys: [String]) {
        lock.lock(); for k in keys { known.remove(k) }; lock.unlock()
    }

    private func note(_ error: String) {
        if errors.count < Self.maxErrors { errors.append(error) } else { moreErrors += 1 }
    }

    private func loop(generation g: Int) {
        Self.warmUp()
        var lastFull = Date.distantPast   // timers, not logic time
        while true {
            // One look at a time: a thread of an earlier start may still be finishing its look.
            looking.lock()
            lock.lock(); let stop = stopping || generation != g; lock.unlock()
            if stop { looking.unlock(); return }
            if changed() || Date().timeIntervalSince(lastFull) > 30 {
                lastFull = Date()
                scan()
                reportErrors()
            }
            looking.unlock()
            Thread.sleep(forTimeInterval: Self.interval)
        }
    }

    /// The parser's and classifier's tables (about 11 MB) and the subject rules are built on first use:
    /// here, as the inbox starts, rather than when the first mail lands (and, for the subject rules,
    /// on the UI thread, where the update files it).
    static func warmUp() {
        let sample = "From: a@example.com\r\nSubject: Re: warm-up\r\nMessage-ID: <warm-up@kefu>\r\n\r\nDie Lampe kam kaputt an.\r\n"
        let m = InboundMessage(mail: MailClassifier.classify(MIMEParser.parse(Data(sample.utf8), keepingAttachments: nil), fallbackDate: Date()))
        _ = Intake.threadKey(address: m.from.address, subject: m.subject)
    }

    private func reportErrors() {
        let e = errors + (moreErrors > 0 ? ["\(maildir.path): … and \(moreErrors) more file(s) skipped"] : [])
        errors = []; moreErrors = 0
        for message in e { queue.post(.intakeError(message)) }
    }

    /// True when new/ or cur/ changed since the last look (a rename or new file updates the directory).
    private func changed() -> Bool {
        var any = false
        for sub in ["new", "cur"] {
            var st = stat()
            guard stat(maildir.path + "/" + sub, &st) == 0 else { continue }
            let m = st.st_mtim
            if let old = lastChange[sub], old.tv_sec == m.tv_sec, old.tv_nsec == m.tv_nsec { continue }
            lastChange[sub] = m
            any = true
        }
        return any
    }

    private func scan() {
        do {
            let fresh = try maildir.entries().filter { e in
                lock.lock(); defer { lock.unlock() }
                return !known.contains(e.key)
            }
            for start in stride(from: 0, to: fresh.count, by: MaildirIntake.batchSize) {
                let batch = fresh[start..<min(start + MaildirIntake.batchSize, fresh.count)]
                let read = MaildirIntake.read(batch, in: maildir, files: files)
                let items = read.filter { $0.message != nil }
                lock.lock()
                for i in items { known.insert(i.entry.key) }
                lock.unlock()
                // A link, FIFO or device: said once per run, not on every look. A file that could not be
                // read this time is tried again on the next full listing.
                for i in read {
                    guard let why = i.skipped else { continue }
                    if !i.retry { lock.lock(); known.insert(i.entry.key); lock.unlock() }
                    note("\(maildir.path)/\(i.entry.relativePath): \(why)")
                }
                guard !items.isEmpty else { continue }
                do {
                    queue.post(.mailRead(MailBatch(items: items, prefetched: try prefetch(items))))
                } catch {
                    forget(items.map(\.entry.key))
                    note("new mail waits: \(error)")
                }
            }
        } catch {
            note("\(error)")
        }
    }

    private func prefetch(_ items: [MaildirItem]) throws -> PrefetchedIntake {
        if history == nil { history = try loadHistory() }
        if !ordersRead {
            // Read once: while the inbox holds the store, no other kefu can import orders into it.
            ordersRead = true
            if FileManager.default.fileExists(atPath: storeDirectory + "/" + OrderBook.fileName) { orders = try OrderBook.load(storeDirectory: storeDirectory) }
        }
        return try PrefetchedIntake.prefetch(items.compactMap(\.message), history: history, orders: orders)
    }
}
