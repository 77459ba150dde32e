import Foundation
import KefuInbox
import KefuModel
import KefuMail

/// Changing a reply that waits in the outbox, under the lock the delivery thread claims under: the
/// outbox first (it must still be waiting), then the case; a refused save puts the file back.
extension InboxRuntime {
    func requeue(_ mail: MailMessage, _ c: Case, previous: Case?, composer: ComposerState) {
        change(c, previous: previous, { try $0.replace(with: mail) }) { [queue] why in
            queue.post(.replyFailed(previous: previous, composer: composer, message: why))
        }
    }

    func cancelQueued(_ messageID: String, _ c: Case, previous: Case?) {
        change(c, previous: previous, { try $0.withdraw(messageID: messageID) }) { [queue] why in
            queue.post(.saveFailed(previous: previous, id: c.id, message: "reply not cancelled: \(why)"))
        }
    }

    func holdQueued(_ messageID: String, since: Date?) {
        guard let delivery = services.delivery else { return }
        worker?.outboxLock.lock()
        defer { worker?.outboxLock.unlock() }
        do { try delivery.holdForEdit(messageID: messageID, since: since) } catch {
            queue.post(.deliveryError(since != nil ? "not held for editing: \(error)" : "\(error)"))
        }
        if since == nil { worker?.wake(force: false) }
    }

    private func change(_ c: Case, previous: Case?, _ outboxChange: (any ReplyOutbox) throws -> MailDelivery.TakenBack,
                        failed: (String) -> Void) {
        guard let delivery = services.delivery else { failed("no outbox (read-only)"); return }
        worker?.outboxLock.lock()
        defer { worker?.outboxLock.unlock() }
        let taken: MailDelivery.TakenBack
        do { taken = try outboxChange(delivery) } catch { failed("\(error)"); return }
        do { try services.store.save([c], keepIfUnwritten: false) } catch {
            try? delivery.restore(taken)   // not recorded, so not changed either
            failed("\(error)")
            return
        }
        worker?.wake(force: false)
    }
}
