import Foundation
import Testing
@testable import KefuInbox
@testable import KefuModel

/// New mail filed while the inbox runs, and the category the intake suggested.
@Suite struct IntakeUpdateTests {
    @Test func newMailJoinsTheQueueAndIsAnnounced() {
        var s = fixtureState()
        var c = makeCase(1042, buyer: "Ines Vogel", body: "Mein Paket ist nicht angekommen.", hoursAgo: 0.1, category: .notReceived)
        c.suggestedCategory = SuggestedCategory(category: .notReceived, confidence: 0.8, cues: ["nicht angekommen"])
        _ = InboxUpdate.update(&s, .mailFiled([c], messages: 1))
        #expect(s.cases["K-1042"] != nil && s.visible.contains { $0.item.id == "K-1042" })
        #expect(InboxRender.render(s).text.contains("New mail: 1 message in K-1042"))
        // Duplicates only: the queue is refreshed, nothing is announced.
        _ = apply(&s, .moveDown)
        _ = InboxUpdate.update(&s, .mailFiled([c], messages: 0))
        #expect(s.statusLine == nil)
        _ = InboxUpdate.update(&s, .intakeError("/m/new: permission denied"))
        #expect(s.statusLine?.0 == "New mail not filed: /m/new: permission denied" && s.statusLine?.1 == true)
    }

    @Test func theSuggestionIsShownAndConfirmedWithTheCategoryMenu() {
        var c = makeCase(1042, buyer: "Ines Vogel", body: "Die Lampe ist zerbrochen angekommen.", hoursAgo: 0.5)
        c.suggestedCategory = SuggestedCategory(category: .damaged, confidence: 0.72, cues: ["zerbrochen"])
        var s = fixtureState(cases: [c])
        #expect(InboxRender.render(s).text.contains("Category damaged suggested (72 %, from “zerbrochen”)"))
        // `c` opens the menu on the suggestion; Enter on it confirms it (the suggestion goes away, the choice is logged).
        _ = apply(&s, .setCategory)
        guard case .menu(let m) = s.overlay else { Issue.record("no menu"); return }
        #expect(m.items[m.selected] == "damaged")
        let effects = apply(&s, .confirm)
        #expect(s.cases["K-1042"]?.suggestedCategory == nil && s.cases["K-1042"]?.category == .damaged)
        #expect(effects.contains { if case .save(let saved) = $0 { return saved.events.last?.type == .categoryChanged }; return false })
        #expect(!InboxRender.render(s).text.contains("suggested"))
    }
}
