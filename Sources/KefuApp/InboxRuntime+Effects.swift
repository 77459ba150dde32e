import Foundation
import KefuInbox
import KefuModel
import KefuStore

/// The effects' executors. Each reports back through the queue, never by calling `update`.
extension InboxRuntime {
    func run(_ effect: InboxEffect) {
        let store = services.store
        switch effect {
        case .quit: break
        case .redraw: repaintAll()
        case .save(let c, let previous):
            do { try store.save([c], keepIfUnwritten: true); reportUnsaved() } catch {
                // Kept on screen and retried on the tick only if the store holds this very version (a
                // refused version of an already pending case is undone like any refused save).
                if store.keeps(c) { reportUnsaved(error) }
                else { queue.post(.saveFailed(previous: previous, id: c.id, message: "\(error)")) }
            }
        case .retrySaves:
            do { try store.retryPending(); reportUnsaved() } catch { reportUnsaved(error) }
        case .queueReply(let mail, let c, let previous, let composer):
            // Held while the reply is queued: the worker never claims one a failed save takes back.
            worker?.outboxLock.lock()
            do {
                try store.queueReply(mail, recording: c)
                worker?.outboxLock.unlock()
                reportUnsaved()
                worker?.wake(force: false)
            } catch {
                worker?.outboxLock.unlock()
                queue.post(.replyFailed(previous: previous, composer: composer, message: "\(error)"))
            }
        case .retryDeliveries:
            worker?.wake(force: true)
        case .fileMail(let cases, let previous, let seenKeys):
            fileMail(cases, previous: previous, seenKeys: seenKeys)
        case .forgetMail(let keys):
            watcher?.forget(keys)
        case .exportWeekly:
            // Off the UI thread, from the open cases as the screen has them now.
            let open = Array(state.cases.values), now = clock(), export = services.exportWeekly, queue = self.queue
            DispatchQueue.global().async(group: jobs) {
                do { queue.post(.exported(path: try export(open, now))) } catch { queue.post(.exportFailed("\(error)")) }
            }
        case .reloadCases(let ids):
            guard let shared = store as? SharedCaseStoring else { break }
            do {
                let (changed, gone) = try shared.reload(ids: ids)
                queue.post(.casesReloaded(changed: changed, gone: gone, failure: nil))
            } catch {
                queue.post(.casesReloaded(changed: [], gone: [], failure: "\(error)"))
            }
        case .attachment(let r): queue.post(.attachmentDone(services.attachment(r, terminal.suspend, terminal.resume)))
        case .translate(let job):
            translations.run(job, services.translator, queue: queue)
        case .editExternally(let text):
            terminal.suspend()
            let result = services.editText(text)
            terminal.resume()
            repaintAll()
            switch result {
            case .success(let edited): queue.post(.editedExternally(edited))
            case .failure(let e): queue.post(.externalEditFailed(e.description))
            }
        }
    }

    /// New mail's cases: written first, then their files marked read, so a crash in between reads
    /// them again (and finds them duplicates) rather than losing them.
    private func fileMail(_ cases: [Case], previous: [String: Case], seenKeys: [String]) {
        let store = services.store
        do {
            try store.save(cases, keepIfUnwritten: true)
            reportUnsaved()
        } catch {
            if cases.allSatisfy(store.keeps) { reportUnsaved(error); return }   // kept, written by the retry
            watcher?.forget(seenKeys)
            queue.post(.mailNotFiled(ids: cases.map(\.id), previous: previous, message: "\(error)"))
            return
        }
        do { try seen?.add(seenKeys) } catch { queue.post(.intakeError("the seen-list: \(error)")) }
    }

    /// Tells the update how many changes the store still holds unwritten (a full disk).
    private func reportUnsaved(_ error: Error? = nil) {
        let n = services.store.pendingCount
        guard n != state.unsaved || (n > 0 && error != nil) else { return }
        let reason = error.map { "\($0)".contains("disk full") ? "disk full" : "\($0)" }
        queue.post(.unsavedChanges(count: n, reason: reason))
    }
}
