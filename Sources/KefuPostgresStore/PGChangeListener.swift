import Foundation
import KefuStore
import KefuPostgres

/// Hears `NOTIFY kefu_cases` on a connection and a thread of its own, and hands the ids on. Our own
/// store's notifications (its server process id) are skipped: the inbox already shows those changes.
/// When the connection breaks it reconnects every second, LISTENs again and reports [] (resync all).
public final class PGChangeListener: StoreListening, @unchecked Sendable {
    private let url: String
    private let ownPID: @Sendable () -> Int32
    private let heard: @Sendable ([String]) -> Void
    private let lock = NSLock()
    private var stopping = false
    private let done = DispatchSemaphore(value: 0)
    /// How long a wait on the socket lasts before the stop flag is looked at again.
    static let pollInterval: TimeInterval = 0.2

    init(url: String, ownPID: @escaping @Sendable () -> Int32, heard: @escaping @Sendable ([String]) -> Void) {
        self.url = url; self.ownPID = ownPID; self.heard = heard
    }

    /// Starts listening; returns once the first LISTEN is in place (or the first attempt failed, and
    /// the thread keeps trying), so a change committed after this is heard.
    func start() {
        let ready = DispatchSemaphore(value: 0)
        let t = Thread { [self] in run(ready: ready); done.signal() }
        t.name = "kefu-pg-listener"
        t.start()
        ready.wait()
    }

    public func stop() {
        lock.lock(); let first = !stopping; stopping = true; lock.unlock()
        if first { done.wait() }
    }

    private var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return stopping }

    private func run(ready: DispatchSemaphore) {
        var signalled = false
        var connection: PGConnection?
        var broken = false
        while !isStopping {
            if connection == nil {
                connection = try? Self.connectAndListen(url, name: "kefu listener of \(ownPID())")
                if !signalled { ready.signal(); signalled = true }
                guard connection != nil else { broken = true; sleepUnlessStopping(1); continue }
                if broken { heard([]); broken = false }   // back after a break: what was missed is unknown
            }
            do {
                let notes = try connection!.waitForNotifications(timeout: Self.pollInterval)
                let mine = ownPID()
                var ids: [String] = [], all = false
                for n in notes where n.channel == PostgresCaseStore.channel && n.senderPID != mine {
                    if n.payload == "*" { all = true } else { ids += n.payload.split(separator: ",").map(String.init) }
                }
                if all { heard([]) } else if !ids.isEmpty { heard(Array(Set(ids)).sorted()) }
            } catch {
                connection?.close(); connection = nil; broken = true
            }
        }
        connection?.close()
        if !signalled { ready.signal() }
    }

    /// `name` says whose listener it is (`pg_stat_activity.application_name`).
    static func connectAndListen(_ url: String, name: String) throws -> PGConnection {
        let c = try PGConnection(url: url, applicationName: name)
        try c.execute("LISTEN kefu_cases")
        return c
    }

    private func sleepUnlessStopping(_ seconds: TimeInterval) {
        let end = Date().addingTimeInterval(seconds)
        while !isStopping && Date() < end { Thread.sleep(forTimeInterval: 0.05) }
    }
}
