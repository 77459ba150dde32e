import Foundation
import KefuCore

/// Watches the support Maildir while the inbox runs. Its own thread notices new files (by the
/// directories' change times, with a full listing every 30 s in case a change time was missed),
/// then reads and classifies them off the main thread; the main loop files what it hands over.
final class MaildirWatcher: @unchecked Sendable {
    private let maildir: Maildir
    private let lock = NSLock()
    private var known: Set<String>
    private var ready: [[MaildirItem]] = []
    private var errors: [String] = []
    /// Errors past `maxErrors` since the last `take`, only counted (a folder of 100,000 links says so once).
    private var moreErrors = 0
    static let maxErrors = 20
    private var stopping = false
    private var lastChange: [String: timespec] = [:]
    /// Half a second between looks: new mail shows well within the promised two seconds.
    static let interval: TimeInterval = 0.5

    /// `alreadyRead`: the names filed before (a copy: the main thread keeps adding to the seen-list).
    /// Where attachments are kept (into the store, by hash: safe to write from this thread).
    private let files: KeptFiles?

    init(maildir: Maildir, alreadyRead: Set<String>, files: KeptFiles? = nil) {
        self.maildir = maildir
        self.files = files
        known = alreadyRead
    }

    func start() {
        let t = Thread { [self] in loop() }
        t.name = "kefu-maildir"
        t.start()
    }

    func stop() { lock.lock(); stopping = true; lock.unlock() }

    /// One batch of read mail, oldest first, or nil; and any error since the last call.
    func take() -> (items: [MaildirItem]?, errors: [String]) {
        lock.lock(); defer { lock.unlock() }
        let e = errors + (moreErrors > 0 ? ["\(maildir.path): … and \(moreErrors) more file(s) skipped"] : [])
        errors = []; moreErrors = 0
        return (ready.isEmpty ? nil : ready.removeFirst(), e)
    }

    /// Filing failed: look at these files again on the next pass.
    func forget(_ items: [MaildirItem]) {
        lock.lock(); for i in items { known.remove(i.entry.key) }; lock.unlock()
    }

    /// Keeps an error for the next `take` (the lock is held).
    private func note(_ error: String) {
        if errors.count < Self.maxErrors { errors.append(error) } else { moreErrors += 1 }
    }

    private func loop() {
        var lastFull = Date.distantPast   // timers, not logic time
        while true {
            lock.lock(); let stop = stopping; lock.unlock()
            if stop { return }
            if changed() || Date().timeIntervalSince(lastFull) > 30 {
                lastFull = Date()
                scan()
            }
            Thread.sleep(forTimeInterval: Self.interval)
        }
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
                // A link, FIFO or device: said once per run, not on every look. A file that could not be
                // read this time is tried again on the next full listing.
                for i in read {
                    guard let why = i.skipped else { continue }
                    if !i.retry { known.insert(i.entry.key) }
                    note("\(maildir.path)/\(i.entry.relativePath): \(why)")
                }
                if !items.isEmpty { ready.append(items) }
                lock.unlock()
            }
        } catch {
            lock.lock(); note("\(error)"); lock.unlock()
        }
    }
}
