import Foundation
import Testing
@testable import KefuInbox
@testable import KefuModel
@testable import KefuMail

/// `u`: each local change taken back by an `undone` event (the history stays append-only), refused
/// once something newer touched the case; marks and one undo for a bulk change; undo send.
@Suite struct UndoUpdateTests {
    /// The state after `keys` on the first case (effects dropped: the change itself is tested elsewhere).
    func after(_ keys: [InboxAction], _ s: InboxState = fixtureState()) -> InboxState {
        var s = s
        for k in keys { _ = InboxUpdate.update(&s, k) }
        return s
    }

    /// `original` put back: its fields, the history as `changed` has it plus one `undone` event.
    func reverted(_ original: Case, _ changed: Case, _ what: String, at: Date = t0) -> Case {
        var back = original
        back.events = changed.events + [CaseEvent(.undone, at: at, text: what,
                                                  undoes: Array(original.events.count..<changed.events.count))]
        return back
    }

    /// Does `keys` to the selected case, then `u`, asserting the undo exhaustively.
    func undoes(_ keys: [InboxAction], what: String, sourceLocation: SourceLocation = #_sourceLocation) -> (before: Case, changed: Case, back: Case) {
        let start = fixtureState()
        let id = start.selectedID!
        let s = after(keys, start)
        let original = start.cases[id]!, changed = s.cases[id]!
        #expect(changed != original, "the keys changed nothing", sourceLocation: sourceLocation)
        #expect(s.statusLine?.text.hasSuffix("· u to undo") == true, "\(s.statusLine?.text ?? "")", sourceLocation: sourceLocation)
        let back = reverted(original, changed, what)
        var store = UpdateTestStore(s)
        store.press(.undo, effects: [.save(back, previous: changed)], sourceLocation: sourceLocation) {
            $0.cases[id] = back
            $0.undoSteps = []
            $0.selectedID = id
            $0.statusLine = ("Undone: \(what)", false)
        }
        return (original, changed, back)
    }

    @Test func noResponseNeededIsUndoneAndTheReplyClockRunsAgain() {
        let (before, changed, back) = undoes([.command(.noResponseNeeded)], what: "K-1001: no response needed")
        #expect(changed.status == .waitingBuyer && back.status == .needsReply)
        // The clock reads the live history: the undone no-response-needed no longer answers the buyer.
        #expect(Clocks.mostUrgent(back, at: t0)?.dueAt == Clocks.mostUrgent(before, at: t0)?.dueAt)
        #expect(Clocks.mostUrgent(back, at: t0) != nil)
        #expect(back.events.count == changed.events.count + 1, "appended, nothing deleted")
    }

    @Test func resolveAndReopenAreUndone() {
        let resolved = undoes([.command(.toggleResolved)], what: "K-1001: resolved")
        #expect(resolved.back.status == .needsReply && resolved.back.updatedAt == resolved.before.updatedAt)
        // Reopening (R, R) undone leaves it resolved, with the reopen's status change taken back.
        var s = after([.command(.toggleResolved)])
        let resolvedCase = s.cases["K-1001"]!
        _ = InboxUpdate.update(&s, .command(.toggleResolved))
        let reopened = s.cases["K-1001"]!
        #expect(reopened.status == .needsReply)
        let back = reverted(resolvedCase, reopened, "K-1001: reopened")
        #expect(back.status == .resolved)
        var store = UpdateTestStore(s)
        store.press(.undo, effects: [.save(back, previous: reopened)]) {
            $0.cases["K-1001"] = back
            $0.undoSteps.removeLast()            // the resolve before it is next
            $0.statusLine = ("Undone: K-1001: reopened", false)
        }
        #expect(store.state.undoSteps.map(\.what) == ["K-1001: resolved"])
        #expect(store.state.selectedID == "K-1001", "resolved again, it keeps its row under the cursor as after R")
    }

    @Test func categorySnoozePromiseAndNoteAreUndone() {
        let category = undoes([.command(.setCategory), .command(.moveDown), .command(.confirm)], what: "K-1001: category defective")
        #expect(category.changed.category == .defective && category.back.category == .damaged)
        let snooze = undoes([.command(.snooze), .insert("2h"), .command(.confirm)], what: "K-1001: snoozed until Sat 21 Nov 12:00 UTC")
        #expect(snooze.back.status == .needsReply && snooze.back.snoozedUntil == nil && snooze.changed.snoozedUntil != nil)
        let promise = undoes([.command(.promise), .command(.confirm)], what: "K-1001: promised a follow-up by Sun 22 Nov 10:00")
        #expect(Clocks.all(promise.changed, at: t0).contains { $0.kind == .promise })
        #expect(!Clocks.all(promise.back, at: t0).contains { $0.kind == .promise }, "the undone promise is no clock")
        let note = undoes([.command(.addNote), .insert("call DHL"), .command(.confirm)], what: "K-1001: note added")
        #expect(note.back.events.contains { $0.type == .note && $0.text == "call DHL" }, "the note stays in the history")
        #expect(!note.back.liveEvents.contains { $0.type == .note }, "…as undone")
    }

    @Test func undoIsRefusedOnceSomethingNewerTouchedTheCase() {
        var s = after([.command(.toggleResolved)])
        var newer = s.cases["K-1001"]!
        newer.messages.append(Message(sourceId: "K-1001-9", direction: .inbound, at: t0, body: "Noch da?"))
        _ = InboxUpdate.update(&s, .casesChanged([newer]))
        var store = UpdateTestStore(s)
        store.press(.undo) {
            $0.undoSteps = []
            $0.statusLine = ("Not undone: K-1001 got a new message since — “K-1001: resolved” cannot be taken back", true)
        }
        // Nothing left to undo: the key says so.
        store.press(.undo) { $0.statusLine = ("Nothing to undo", true) }
    }

    @Test func newerActionsAreUndoneFirstThenOlderOnes() {
        var s = after([.command(.addNote), .insert("one"), .command(.confirm), .command(.noResponseNeeded)])
        #expect(s.undoSteps.count == 2)
        _ = InboxUpdate.update(&s, .command(.undo))
        #expect(s.cases["K-1001"]?.status == .needsReply)
        _ = InboxUpdate.update(&s, .command(.undo))
        #expect(s.cases["K-1001"]?.liveEvents.contains { $0.type == .note } == false)
        #expect(s.cases["K-1001"]?.events.filter { $0.type == .undone }.count == 2)
    }

    @Test func bulkNoReplyOnMarkedCasesHasOneUndo() {
        let start = after([.command(.toggleMark), .command(.moveDown), .command(.toggleMark), .command(.moveDown), .command(.toggleMark)])
        let ids = start.visible.prefix(3).map(\.item.id)
        #expect(start.marked == Set(ids))
        var store = UpdateTestStore(start)
        var changed: [Case] = []
        for id in ids {
            var c = start.cases[id]!
            c.events.append(CaseEvent(.noResponseNeeded, at: t0))
            c.setStatus(.waitingBuyer, at: t0)
            c.updatedAt = t0
            changed.append(c)
        }
        let changes = zip(ids, changed).map { UndoStep.Change(before: start.cases[$0.0]!, after: $0.1) }
        store.press(.noResponseNeeded, effects: zip(ids, changed).map { .save($0.1, previous: start.cases[$0.0]!) }) {
            for c in changed { $0.cases[c.id] = c }
            $0.marked = []
            $0.selectedID = "K-1004"   // the rows left the needs-reply queue; the cursor stays in place
            $0.undoSteps = [UndoStep(what: "3 cases: no response needed", changes: changes, marks: Set(ids))]
            $0.statusLine = ("3 cases: no response needed · u to undo", false)
        }
        let backs = zip(ids, changed).map { reverted(start.cases[$0.0]!, $0.1, "3 cases: no response needed") }
        store.press(.undo, effects: zip(backs, changed).map { .save($0.0, previous: $0.1) }) {
            for c in backs { $0.cases[c.id] = c }
            $0.marked = Set(ids)
            $0.undoSteps = []
            $0.statusLine = ("Undone: 3 cases: no response needed", false)
        }
    }

    @Test func bulkResolveCategoryAndSnoozeActOnEveryMarkedCase() {
        var s = after([.command(.markAll)])
        #expect(s.marked.count == s.visible.count && s.marked.count == 4)
        #expect(s.statusLine?.text.hasPrefix("4 cases marked") == true)
        _ = InboxUpdate.update(&s, .command(.toggleResolved))
        #expect(s.statusLine?.text == "4 cases resolved · u to undo")
        #expect(["K-1001", "K-1002", "K-1003", "K-1004"].allSatisfy { s.cases[$0]?.status == .resolved })
        _ = InboxUpdate.update(&s, .command(.undo))
        #expect(["K-1001", "K-1002", "K-1003", "K-1004"].allSatisfy { s.cases[$0]?.status == .needsReply })
        let snoozed = after([.command(.snooze), .insert("1h"), .command(.confirm)], s)
        #expect(snoozed.marked.isEmpty && s.marked.count == 4)
        #expect(["K-1001", "K-1002", "K-1003", "K-1004"].allSatisfy { snoozed.cases[$0]?.status == .snoozed })
        let categorised = after([.command(.setCategory), .command(.first), .command(.confirm)], s)
        let first = KefuModel.Category.allCases[0]
        #expect(["K-1001", "K-1002", "K-1003", "K-1004"].allSatisfy { categorised.cases[$0]?.category == first })
        // K-1001 had that category already: three changed, and the undo takes back those three.
        #expect(first == .damaged && categorised.statusLine?.text == "3 cases: category damaged · u to undo")
        #expect(categorised.undoSteps.last?.changes.map(\.after.id) == ["K-1002", "K-1003", "K-1004"])
        // Clearing marks: the next action is on the selected case alone.
        let cleared = after([.command(.clearMarks), .command(.toggleResolved)], s)
        #expect(cleared.cases.values.filter { $0.status == .resolved }.count == 1)
    }

    @Test func markedRowsAreMarkedOnScreen() {
        let s = after([.command(.toggleMark)])
        let text = InboxRender.render(s).text
        #expect(text.contains("✓ 1 marked"))
        let rows = text.components(separatedBy: "\n").filter { $0.contains("Markus Weber") && $0.contains("AMZ") }
        #expect(rows.first?.hasPrefix("✓ ") == true, "\(rows)")
        #expect(!text.components(separatedBy: "\n").contains { $0.hasPrefix("✓ ") && !$0.contains("Markus Weber") }, "only the marked row")
    }

    @Test func aQueuedReplyIsTakenBackWithinItsGracePeriodAndNotAfter() throws {
        var s = fixtureState()
        s.replySettings.storeName = "Lumen Home"; s.replySettings.agentName = "Lin"; s.replySettings.fromAddress = "support@lumen.example"
        let original = s.cases["K-1001"]!
        let offer = KeyAction(rawValue: "offer-\(s.offers(for: original).firstIndex { !$0.refunds }! + 1)")!
        _ = apply(&s, offer)
        guard case .queueReply(let mail, let sent, _, var cs)? = apply(&s, .confirm).first else { Issue.record("not queued"); return }
        cs.pending = nil
        #expect(s.statusLine?.text == "K-1001: reply queued — sending in 10 s — u to undo")
        let queued = s
        var store = UpdateTestStore(s)
        store.send(.tick(t0 + 3)) {
            $0.now = t0 + 3
            $0.statusLine = ("K-1001: reply queued — sending in 7 s — u to undo", false)
        }
        // The outbound message that never left goes; its events stay, taken back by the undo.
        var back = reverted(original, sent, "K-1001: reply", at: t0 + 3)
        back.messages = original.messages
        store.press(.undo, effects: [.takeBackReply(messageID: mail.messageID, restored: back, current: sent, composer: cs)]) {
            $0.undoSteps = []
            $0.statusLine = ("K-1001: taking the reply back…", false)
        }
        // The runtime took it out of the outbox: the composer is back with the text as it was sent.
        s = store.state
        _ = InboxUpdate.update(&s, .replyTakenBack(back, composer: cs))
        guard case .composer(let again) = s.overlay else { Issue.record("no composer"); return }
        #expect(again.editor.text == mail.body && again.caseID == "K-1001")
        #expect(s.cases["K-1001"] == back && s.selectedID == "K-1001" && back.status == .needsReply)
        #expect(!back.liveEvents.contains { $0.type == .replied || $0.type == .offerChosen })

        // Another key's message (or none) gives way to the countdown on the next tick.
        var moved = queued
        _ = InboxUpdate.update(&moved, .command(.switchPane))
        #expect(moved.statusLine == nil)
        _ = InboxUpdate.update(&moved, .tick(t0 + 4))
        #expect(moved.statusLine?.text == "K-1001: reply queued — sending in 6 s — u to undo")

        // Once the grace period is over the deliverer is told, and `u` says the reply has left.
        var late = UpdateTestStore(queued)
        late.send(.tick(t0 + 10), effects: [.deliverDue]) {
            $0.now = t0 + 10
            $0.undoSteps[0].reply?.released = true
            $0.statusLine = ("K-1001: reply queued; waiting for the buyer", false)
        }
        late.press(.undo) {
            $0.undoSteps = []
            $0.statusLine = ("K-1001: the reply is already on its way — it cannot be taken back", true)
        }
    }
}
