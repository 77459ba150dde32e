import Foundation
import KefuCore
import KefuInbox
import KefuTerminal

/// Runs the inbox: the one impure loop. Input → action → pure update → effects (the store) →
/// render → blit. Time comes from the injected clock; the countdown ticks on each whole second.
enum InboxLauncher {
    static func run(store: CaseStore, now clock: Now, keymap: Keymap, config: KefuConfig, exitAfterFirstFrame: Bool = false) throws {
        let env = ProcessInfo.processInfo.environment
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        Terminal.installSignalHandlers()
        let term = try Terminal(noColor: noColor)
        defer { term.close() }
        let size = term.size
        var state = InboxState(storeName: store.name, readOnly: store.readOnly, cases: Array(store.cases.values),
                               now: clock(), width: size.width, height: size.height, keymap: keymap,
                               agentTimeZone: config.timeZone, policy: config.sla,
                               playbook: try Playbook.load(), replySettings: config.reply)
        var matcher = KeySequenceMatcher(keymap: keymap)
        // Only the instance holding the store delivers: one sender, so no reply goes out twice.
        let worker = store.readOnly ? nil : DeliveryWorker(
            delivery: MailDelivery(storeDirectory: store.directory, command: config.reply.sendCommand, timeout: config.reply.sendTimeout),
            clock: clock)
        defer { worker?.stop() }
        // Likewise only the instance holding the store files new mail.
        let intake = store.readOnly ? nil : try config.maildir.map { try MailIntakeRunner(path: $0, store: store, clock: clock) }
        defer { intake?.watcher.stop() }
        var lastFrame: Screen?

        func draw() {
            let frame = InboxRender.render(state)
            if frame != lastFrame { term.draw(frame); lastFrame = frame }
        }

        /// Tells the update how many changes the store still holds unwritten (a full disk).
        func syncUnsaved(_ error: Error? = nil) {
            let n = store.pendingCount
            guard n != state.unsaved || (n > 0 && error != nil) else { return }
            let reason = error.map { "\($0)".contains("disk full") ? "disk full" : "\($0)" }
            dispatch(.unsavedChanges(count: n, reason: reason))
        }

        func dispatch(_ action: InboxAction) {
            let effects = InboxUpdate.update(&state, action)
            for e in effects {
                switch e {
                case .quit: break
                case .redraw: term.forceRepaint(); lastFrame = nil
                case .save(let c):
                    let previous = store.cases[c.id]
                    do { try store.save([c], keepIfUnwritten: true); syncUnsaved() } catch {
                        // Kept on screen and retried on the tick only if the store holds this very version
                        // (a refused version of an already pending case is undone like any refused save).
                        if store.isPending(c.id) && store.cases[c.id] == c { syncUnsaved(error) }
                        else { _ = InboxUpdate.update(&state, .saveFailed(previous: previous, id: c.id, message: "\(error)")) }
                    }
                case .retrySaves:
                    do { try store.retryPending(); syncUnsaved() } catch { syncUnsaved(error) }
                case .queueReply(let mail, let c, let composer):
                    let previous = store.cases[c.id]
                    worker?.outboxLock.lock()
                    do {
                        try Outbox.queueReply(mail, recording: c, in: store)
                        worker?.outboxLock.unlock()
                        syncUnsaved()
                        worker?.wake(force: false)
                    } catch {
                        worker?.outboxLock.unlock()
                        _ = InboxUpdate.update(&state, .replyFailed(previous: previous, composer: composer, message: "\(error)"))
                    }
                case .retryDeliveries:
                    worker?.wake(force: true)
                case .exportWeekly:
                    // The store's own exports/ directory, like outbox/: found again wherever the store lives.
                    let now = clock()
                    let period = ReportPeriod.lastCompleteWeek(before: now, zone: config.timeZone)
                    let path = store.directory + "/exports/" + WeeklyExport.fileName(period, .md)
                    do {
                        let report = try WeeklyExport.report(store: store, config: config, period: period, now: now, playbook: state.playbook)
                        try WeeklyExport.write(try WeeklyExport.render(report, as: .md), to: path, createDirectory: true)
                        dispatch(.exported(path: path))
                    } catch {
                        dispatch(.exportFailed("\(error)"))
                    }
                case .attachment(let r): dispatch(AttachmentOpener.perform(r, storeDirectory: store.directory, settings: config.attachments, terminal: term, environment: env))
                case .editExternally(let text):
                    term.suspend()
                    let result = ExternalEditor.edit(text, environment: env)
                    term.resume()
                    lastFrame = nil
                    switch result {
                    case .success(let edited): dispatch(.editedExternally(edited))
                    case .failure(let e): dispatch(.externalEditFailed(e.description))
                    }
                }
            }
        }

        var lastSecond = clock().timeIntervalSince1970.rounded(.down)
        draw()
        if exitAfterFirstFrame { store.close(now: clock()); return }
        worker?.start()
        intake?.watcher.start()
        while !state.quitting {
            let t = clock().timeIntervalSince1970
            let toNextSecond = Int32(((t.rounded(.down) + 1 - t) * 1000).rounded(.up)) + 1
            let input = term.read(timeoutMs: max(toNextSecond, 1))
            if input == .interrupted { break }
            // Tick when a new second began, whatever woke us: a busy typist still sees the clock move.
            let second = clock().timeIntervalSince1970.rounded(.down)
            if second != lastSecond { lastSecond = second; dispatch(.tick(clock())) }
            for report in worker?.takeReports() ?? [] { dispatch(report) }
            for a in intake?.fileWaiting() ?? [] { dispatch(a); syncUnsaved() }
            switch input {
            case .interrupted, .timeout: break
            case .resize(let w, let h): dispatch(.resize(width: w, height: h))
            case .key(let key):
                for a in InboxInput.translate(key, state: state, matcher: &matcher) { dispatch(a) }
            }
            if state.quitting { break }
            draw()
        }
        store.close(now: clock())
        term.close()
        // Killed by a signal: the terminal and store are in order now; report it the shell's way.
        if Terminal.stopSignal != 0 { exit(128 + Terminal.stopSignal) }
    }
}
