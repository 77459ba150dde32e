import Foundation
import KefuInbox
import KefuBase
import KefuMail

/// Delivers the outbox on its own thread, so a slow or hung mail command never freezes the inbox.
/// It wakes when a reply is queued, when the agent asks for a retry, and every 15 s for retries
/// that have come due; its reports go to the queue as actions. On a team store every agent's worker
/// runs: only the deliverer's claims anything, the others' passes report the shared outbox's listing.
public final class DeliveryWorker: @unchecked Sendable {
    private let delivery: any ReplyOutbox
    private let clock: Now
    private let queue: ActionQueue
    private let signal = NSCondition()
    private var wakeRequested = true   // a first pass at start: replies queued by `kefu reply --send`
    private var forceNext = false
    private var stopping = false
    /// Held around enqueueing a reply and claiming one: a reply rolled back after a failed save must
    /// never be picked up in between.
    public let outboxLock = NSLock()

    public init(delivery: any ReplyOutbox, clock: Now, queue: ActionQueue) {
        self.delivery = delivery; self.clock = clock; self.queue = queue
    }

    public func start() {
        let t = Thread { [self] in loop() }
        t.name = "kefu-delivery"
        t.start()
    }

    public func wake(force: Bool) {
        signal.lock()
        wakeRequested = true
        forceNext = forceNext || force
        signal.broadcast()
        signal.unlock()
    }

    public func stop() {
        signal.lock(); stopping = true; signal.broadcast(); signal.unlock()
    }

    private func post(_ a: InboxAction) { queue.post(a) }

    private func loop() {
        var wait: TimeInterval = 15
        while true {
            signal.lock()
            if !wakeRequested && !stopping { _ = signal.wait(until: Date().addingTimeInterval(wait)) }   // a timer, not logic time
            if stopping { signal.unlock(); return }
            let force = forceNext
            wakeRequested = false; forceNext = false
            signal.unlock()
            pass(force: force)
            // A reply in its undo grace period goes as soon as the period ends, not at the next 15 s turn.
            let now = clock()
            wait = ((try? delivery.nextRelease(after: now)) ?? nil).map { min(max($0.timeIntervalSince(now), 0.05), 15) } ?? 15
        }
    }

    /// Takes a reply still in its grace period back out of the outbox, after `restore` saved its case
    /// without it: false when a delivery has claimed it already (or it is gone), with nothing changed.
    public func takeBack(messageID: String, restore: () throws -> Void) throws -> Bool {
        outboxLock.lock()
        defer { outboxLock.unlock() }
        guard try delivery.waiting(messageID: messageID) != nil else { return false }
        try restore()
        // A team's deliverer elsewhere may claim it meanwhile: then this throws, and the caller puts the case back.
        try delivery.takeOut(messageID: messageID)
        return true
    }

    private func pass(force: Bool) {
        var tried: Set<String> = []
        do {
            // A team outbox first lets go of what the retry covers (a deliverer elsewhere then sends it).
            if force { _ = try delivery.releaseForRetry(now: clock()) }
            while true {
                outboxLock.lock()
                let claimed = Result { try delivery.claim(now: clock(), force: force, skipping: tried) }
                outboxLock.unlock()
                guard let q = try claimed.get() else { break }
                tried.insert(q.messageID)
                let outcome = try delivery.attempt(q, clock: clock)
                post(.deliveryReport(outcomes: [outcome], queued: try delivery.list()))
            }
            if tried.isEmpty { post(.deliveryReport(outcomes: [], queued: try delivery.list())) }
        } catch {
            post(.deliveryReport(outcomes: [], queued: (try? delivery.list()) ?? []))
            post(.deliveryError("\(error)"))
        }
    }
}
