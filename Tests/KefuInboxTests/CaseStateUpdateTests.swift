import Foundation
import Testing
@testable import KefuInbox
@testable import KefuModel

/// "No response needed" as its own status, notes with their author, the case's history in the
/// detail pane, and type-to-jump in the category menu.
@Suite struct CaseStateUpdateTests {
    func select(_ s: inout InboxState, _ id: String) {
        _ = apply(&s, .filterAll)
        while s.selectedID != id, s.selectedIndex.map({ $0 < s.visible.count - 1 }) == true { _ = apply(&s, .moveDown) }
        #expect(s.selectedID == id)
    }

    func detail(_ s: InboxState) -> String {
        let d = s.detail(s.selectedCase!, width: 110)
        return (d.facts + d.thread).map(\.text).joined(separator: "\n")
    }

    @Test func noResponseNeededIsItsOwnStatusWithTheAmazonReminder() {
        var s = fixtureState()
        select(&s, "K-1001")
        _ = apply(&s, .noResponseNeeded)
        let c = s.cases["K-1001"]!
        #expect(c.status == .noResponseNeeded && c.events.last?.text == "needs-reply→no-response-needed")
        #expect(s.statusLine?.text.contains("Seller Central") == true)
        #expect(detail(s).contains("no-response-needed") && detail(s).contains("No response needed (marked \(LocalTime.stamp(t0, in: utc)))"))
        #expect(detail(s).contains("Amazon: mark it “No response needed” in Seller Central too"))
        #expect(s.counts.needsReply == 3)
        var w = s
        _ = apply(&w, .filterWaiting)
        #expect(w.visible.map(\.item.id).contains("K-1001"))
        // eBay has no such metric: no reminder.
        select(&s, "K-1004")
        _ = apply(&s, .noResponseNeeded)
        #expect(s.cases["K-1004"]?.status == .noResponseNeeded)
        #expect(s.statusLine?.text.hasPrefix("K-1004: no response needed") == true && s.statusLine?.text.contains("Seller Central") == false && !detail(s).contains("Seller Central"))
    }

    @Test func notesCarryTheirAuthor() {
        var s = fixtureState()
        s.replySettings.agentName = "Lin"
        _ = apply(&s, .addNote)
        _ = InboxUpdate.update(&s, .insert("called DHL"))
        _ = apply(&s, .confirm)
        let id = s.selectedID!
        #expect(s.cases[id]?.events.last?.from == "Lin")
        #expect(detail(s).contains("by Lin"))
        #expect(CaseText.render(s.cases[id]!, at: t0).contains { $0.contains("note  by Lin  called DHL") })
        // No [agent] name: the note is kept, its author shown as unknown, and the setting named.
        s.replySettings.agentName = nil
        _ = apply(&s, .addNote)
        _ = InboxUpdate.update(&s, .insert("second"))
        _ = apply(&s, .confirm)
        #expect(s.cases[id]?.events.last?.from == nil && s.statusLine?.text.contains("[agent] name") == true)
        #expect(detail(s).contains("by author unknown"))
    }

    @Test func theDetailPaneShowsTheHistoryOnAKey() {
        var c = fixtureCases()[0]
        c.events.append(CaseEvent(.offerChosen, at: hoursAgo(2), offers: ["partial-refund"], amounts: [Money(Decimal(string: "5.00")!, "EUR")]))
        c.events.append(CaseEvent(.categoryChanged, at: hoursAgo(1), text: "damaged→defective"))
        var s = fixtureState(cases: [c] + fixtureCases().dropFirst())
        select(&s, "K-1001")
        #expect(!detail(s).contains("History"))
        _ = apply(&s, .openDetail, .toggleHistory)
        let text = detail(s)
        #expect(text.contains("History (2 events)"))
        #expect(text.contains("offer-chosen  partial-refund  5.00 EUR"))
        #expect(text.contains("category-changed  damaged→defective"))
        _ = apply(&s, .toggleHistory)
        #expect(!detail(s).contains("History"))
    }

    @Test func theCategoryMenuJumpsAsLettersAreTyped() {
        var s = fixtureState()
        _ = apply(&s, .setCategory)
        func selected() -> String? {
            guard case .menu(let m) = s.overlay else { return nil }
            return m.items[m.selected]
        }
        // Letters bound in the menu (s saves an attachment, j moves) type there instead.
        var matcher = KeySequenceMatcher(keymap: s.keymap)
        let typed = InboxInput.translate(.char("s"), state: s, matcher: &matcher)
        guard typed.count == 1, case .insert("s") = typed[0] else { Issue.record("s did not type: \(typed)"); return }
        for a in InboxInput.translate(.char("w"), state: s, matcher: &matcher) { _ = InboxUpdate.update(&s, a) }
        #expect(selected() == "wrong-item")
        _ = InboxUpdate.update(&s, .insert("a"))
        #expect(selected() == "warranty")
        _ = InboxUpdate.update(&s, .insert("z"))   // nothing matches: stays, and says so
        #expect(selected() == "warranty" && s.statusLine?.isError == true)
        _ = apply(&s, .deleteBack)
        #expect(selected() == "wrong-item")
        _ = InboxUpdate.update(&s, .insert("r"))   // "wr", then a word start: "de" → defective, "rec" → not-received
        #expect(selected() == "wrong-item")
        _ = apply(&s, .cancel)   // Esc forgets the letters first
        guard case .menu(let m) = s.overlay else { Issue.record("the menu closed"); return }
        #expect(m.typed.isEmpty && selected() == "wrong-item")
        _ = InboxUpdate.update(&s, .insert("rec"))
        #expect(selected() == "not-received")
        let id = s.selectedID!
        _ = apply(&s, .confirm)
        #expect(s.cases[id]?.category == .notReceived)
        _ = apply(&s, .setCategory)
        _ = apply(&s, .cancel)
        #expect(s.overlay == .none)
    }
}
