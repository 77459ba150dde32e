import Foundation
import KefuInbox

/// A team store: one kefu (elected by `services.deliverer`) delivers the shared outbox and files new
/// mail. Every agent's delivery worker runs, but only the deliverer's claims replies; the others'
/// passes list the shared outbox, woken by colleagues' changes, so every screen shows queued, sent
/// and failed replies as the deliverer reports them.
extension InboxRuntime {
    /// Starts the election (its news comes back as `.delivererChanged`), or, alone on the store, the intake.
    func startDeliveryAndIntake() {
        if let election = services.deliverer {
            let queue = self.queue
            election.start(every: 2) { now in queue.post(.delivererChanged(now)) }
        } else {
            watcher?.start()
        }
    }

    /// The update's answer to the election: the Maildir watcher runs only on the deliverer; a new
    /// deliverer looks at the outbox at once (a reply queued while nobody delivered waits no longer).
    func runIntake(_ on: Bool) {
        if on, let watcher {
            // What the previous deliverer filed meanwhile is known, not read again.
            if let seen, let filed = storeWrites.sync(execute: { try? seen.allKeys() }) { watcher.know(filed) }
            watcher.start()
        } else {
            watcher?.stop()
        }
        worker?.wake(force: false)
    }
}
