import Foundation
import KefuInbox
import KefuModel
import KefuStore
import KefuImport

/// The effects' executors. Each reports back through the queue, never by calling `update`.
extension InboxRuntime {
    func run(_ effect: InboxEffect) {
        let store = services.store
        if runTeam(effect) { return }
        switch effect {
        case .quit: break
        case .redraw: repaintAll()
        case .save(let c, let previous):
            let shown = state.unsaved
            storeWrites.sync {
                do { try store.save([c], keepIfUnwritten: true); reportUnsaved(shown: shown) } catch {
                    // Kept on screen and retried on the tick only if the store holds this very version (a
                    // refused version of an already pending case is undone like any refused save).
                    if store.keeps(c) { reportUnsaved(error, shown: shown) }
                    else { queue.post(.saveFailed(previous: previous, id: c.id, message: "\(error)")) }
                }
            }
        case .retrySaves:
            let shown = state.unsaved
            storeWrites.sync {
                do { try store.retryPending(); reportUnsaved(shown: shown) } catch { reportUnsaved(error, shown: shown) }
            }
        case .queueReply(let mail, let c, let previous, let composer):
            let shown = state.unsaved
            storeWrites.sync {
                // Held while the reply is queued: the worker never claims one a failed save takes back.
                worker?.outboxLock.lock()
                do {
                    try store.queueReply(mail, recording: c, notBefore: state.replySettings.sendAfter(mail.date))
                    worker?.outboxLock.unlock()
                    reportUnsaved(shown: shown)
                    worker?.wake(force: false)
                } catch {
                    worker?.outboxLock.unlock()
                    queue.post(.replyFailed(previous: previous, composer: composer, message: "\(error)"))
                }
            }
        case .requeueReply(let mail, let c, let previous, let composer):
            requeue(mail, c, previous: previous, composer: composer)
        case .cancelQueued(let messageID, let c, let previous):
            cancelQueued(messageID, c, previous: previous)
        case .holdQueued(let messageID, let since):
            holdQueued(messageID, since: since)
        case .retryDeliveries:
            worker?.wake(force: true)
        case .deliverDue:
            worker?.wake(force: false)
        case .takeBackReply(let messageID, let restored, let current, let composer):
            takeBack(messageID, restored: restored, current: current, composer: composer)
        case .fileMail(let cases, let previous, let seenKeys):
            // The screen shows the mail already; its files are marked read only once it is written.
            let filing = MailFiling(store: store, seen: seen, watcher: watcher, queue: queue), shown = state.unsaved
            storeWrites.async(group: jobs) { filing.file(cases, previous: previous, seenKeys: seenKeys, shown: shown) }
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
            // On the store's queue, like its writes: one connection, one caller at a time.
            storeWrites.sync {
                do {
                    let (changed, gone) = try shared.reload(ids: ids)
                    queue.post(.casesReloaded(changed: changed, gone: gone, failure: nil))
                } catch {
                    queue.post(.casesReloaded(changed: [], gone: [], failure: "\(error)"))
                }
            }
        case .attachment(let r): queue.post(.attachmentDone(services.attachment(r, terminal.suspend, terminal.resume)))
        case .translate(let job):
            translations.run(job, services.translator, queue: queue)
        case .loadTeam, .takeLease, .renewLease, .releaseLease, .checkClearance, .setAvailable, .reassign, .nextCase:
            break   // run by `runTeam`
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

    /// Undo send, on `storeWrites` like every store write: the case saved without the reply, then the
    /// reply out of the outbox, both under the outbox lock so no delivery claims it in between; a
    /// failure puts the case back as it was.
    private func takeBack(_ messageID: String, restored: Case, current: Case, composer: ComposerState) {
        guard let worker else {
            queue.post(.replyNotTakenBack(caseID: current.id, message: "no outbox to take it from")); return
        }
        let store = services.store
        storeWrites.sync {
            do {
                let taken = try worker.takeBack(messageID: messageID) { try store.save([restored], keepIfUnwritten: false) }
                if taken { queue.post(.replyTakenBack(restored, composer: composer)) }
                else { queue.post(.replyNotTakenBack(caseID: current.id, message: "it is already on its way")) }
            } catch {
                try? store.save([current], keepIfUnwritten: false)
                queue.post(.replyNotTakenBack(caseID: current.id, message: "\(error)"))
            }
        }
    }

    /// Tells the update how many changes the store still holds unwritten (a full disk). `shown` is what
    /// the screen said when the write was asked for: this runs where the state cannot be read.
    func reportUnsaved(_ error: Error? = nil, shown: Int) {
        MailFiling.reportUnsaved(services.store, queue, error, shown: shown)
    }
}

/// What filing new mail touches, handed to `storeWrites`: the store and the seen-list are only ever
/// written on that queue, the watcher and the action queue lock themselves.
struct MailFiling: @unchecked Sendable {
    let store: CaseStoring
    let seen: MaildirSeen?
    let watcher: MaildirWatcher?
    let queue: ActionQueue

    /// New mail's cases, on `storeWrites`: written first, then their files marked read, so a crash in
    /// between reads them again (and finds them duplicates) rather than losing them. A refused write
    /// takes the cases back off the screen, through the queue like any news from another thread.
    func file(_ cases: [Case], previous: [String: Case], seenKeys: [String], shown: Int) {
        do {
            try store.save(cases, keepIfUnwritten: true)
            Self.reportUnsaved(store, queue, shown: shown)
        } catch {
            if cases.allSatisfy(store.keeps) { Self.reportUnsaved(store, queue, error, shown: shown); return }   // kept, written by the retry
            watcher?.forget(seenKeys)
            queue.post(.mailNotFiled(ids: cases.map(\.id), previous: previous, message: "\(error)"))
            return
        }
        do { try seen?.add(seenKeys) } catch { queue.post(.intakeError("the seen-list: \(error)")) }
    }

    static func reportUnsaved(_ store: CaseStoring, _ queue: ActionQueue, _ error: Error? = nil, shown: Int) {
        let n = store.pendingCount
        guard n != shown || (n > 0 && error != nil) else { return }
        let reason = error.map { "\($0)".contains("disk full") ? "disk full" : "\($0)" }
        queue.post(.unsavedChanges(count: n, reason: reason))
    }
}
