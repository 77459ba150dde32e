import Foundation
import Testing
@testable import KefuInbox
@testable import KefuModel
@testable import KefuStore
@testable import KefuImport

/// New mail filed while the inbox runs, and the category the intake suggested.
@Suite struct IntakeUpdateTests {
    /// One read Maildir file carrying `m`.
    func item(_ m: InboundMessage, file: String) -> MaildirItem {
        MaildirItem(entry: Maildir.Entry(relativePath: "new/" + file, key: file), message: m)
    }

    func mail(_ id: String, from address: String, subject: String, body: String) -> InboundMessage {
        InboundMessage(messageId: id, channel: .shop, kind: .buyerMessage, receivedAt: t0.addingTimeInterval(-60),
                       from: Buyer(name: "Ines Vogel", address: address), subject: subject, body: body)
    }

    @Test func newMailIsFiledByTheUpdateAndSavedAsAnEffect() {
        var s = fixtureState()
        let before = s.cases.count
        let batch = MailBatch(items: [item(mail("<a1@x>", from: "ines@example.de", subject: "Lampe", body: "Mein Paket ist nicht angekommen."), file: "1.a")])
        let effects = InboxUpdate.update(&s, .mailRead(batch))
        // The state is the one copy: the new case is in it before anything is written, with the next id.
        let id = "K-\(s.nextCaseNumber - 1)"
        #expect(s.cases.count == before + 1 && s.cases[id]?.messages.first?.body == "Mein Paket ist nicht angekommen.")
        #expect(s.visible.contains { $0.item.id == id })
        #expect(InboxRender.render(s).text.contains("New mail: 1 message in \(id)"))
        #expect(effects == [.fileMail([s.cases[id]!], previous: [:], seen: ["1.a"])])
        // The same file again (read twice after a failed seen-list write): a duplicate, nothing to save but the mark.
        _ = apply(&s, .moveDown)
        let again = InboxUpdate.update(&s, .mailRead(batch))
        #expect(s.statusLine == nil && s.cases.count == before + 1)
        #expect(again == [.fileMail([], previous: [:], seen: ["1.a"])])
        // A reply in the same thread joins the case; `previous` is what a refused save goes back to.
        let first = s.cases[id]!
        let reply = MailBatch(items: [item(mail("<a2@x>", from: "ines@example.de", subject: "AW: Lampe", body: "Noch immer nichts."), file: "2.a")])
        let joined = InboxUpdate.update(&s, .mailRead(reply))
        #expect(s.cases[id]?.messages.count == 2 && joined == [.fileMail([s.cases[id]!], previous: [id: first], seen: ["2.a"])])
        _ = InboxUpdate.update(&s, .mailNotFiled(ids: [id], previous: [id: first], message: "disk full"))
        #expect(s.cases[id] == first && s.statusLine?.1 == true)
        _ = InboxUpdate.update(&s, .intakeError("/m/new: permission denied"))
        #expect(s.statusLine?.0 == "New mail not filed: /m/new: permission denied" && s.statusLine?.1 == true)
    }

    @Test func aNewCaseThatCannotBeSavedLeavesTheQueue() {
        var s = fixtureState()
        let before = s.cases.count
        _ = InboxUpdate.update(&s, .mailRead(MailBatch(items: [item(mail("<b1@x>", from: "b@example.fr", subject: "Colis", body: "Bonjour"), file: "3.b")])))
        let id = "K-\(s.nextCaseNumber - 1)"
        #expect(s.cases[id] != nil)
        _ = InboxUpdate.update(&s, .mailNotFiled(ids: [id], previous: [:], message: "read-only"))
        #expect(s.cases[id] == nil && s.cases.count == before && !s.visible.contains { $0.item.id == id })
    }

    @Test func mailForAClosedCaseReopensItFromThePrefetchedHistory() throws {
        var s = fixtureState()
        var closed = makeCase(900, buyer: "Old Buyer", body: "Earlier problem", hoursAgo: 400, channel: .shop, marketplace: nil)
        closed.status = .resolved
        closed.order = Order(id: "302-9")
        var p = PrefetchedIntake()
        p.byOrder[HistoryIndex.key(.shop, "302-9")] = "K-900"
        p.closed["K-900"] = closed
        var m = mail("<c1@x>", from: "old@example.com", subject: "Again", body: "It broke again.")
        m.orderId = "302-9"
        let effects = InboxUpdate.update(&s, .mailRead(MailBatch(items: [item(m, file: "4.c")], prefetched: p)))
        #expect(s.cases["K-900"]?.status == .needsReply && s.cases["K-900"]?.messages.count == 2)
        #expect(effects == [.fileMail([s.cases["K-900"]!], previous: [:], seen: ["4.c"])])
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
        #expect(effects.contains { if case .save(let saved, _) = $0 { return saved.events.last?.type == .categoryChanged }; return false })
        #expect(!InboxRender.render(s).text.contains("suggested"))
    }
}

/// The inbox files a batch with an index of only the keys the batch can match; it must file exactly
/// as the full index does.
@Suite struct RestrictedIntakeIndexTests {
    @Test func theRestrictedIndexFilesAsTheFullOne() throws {
        let s = fixtureState()
        let some = s.cases.values.sorted { $0.id < $1.id }
        var batch: [InboundMessage] = []
        func mail(_ id: String, from: String = "new@x.example", subject: String = "Hello", order: String? = nil, replyTo: [String] = []) {
            var m = InboundMessage(messageId: id, channel: .amazon, kind: .buyerMessage, receivedAt: t0, orderId: order,
                                   from: Buyer(address: from), subject: subject, body: "text of \(id)")
            m.threadIds = replyTo
            batch.append(m)
        }
        mail("<n1@x>", order: some[0].order?.id)                              // joins by order id
        mail("<n2@x>", order: nil, replyTo: [some[1].messages[0].sourceId])    // joins by a thread id
        mail(some[2].messages[0].sourceId, order: some[2].order?.id)          // a duplicate
        mail("<n3@x>", from: "a@b.example", subject: "Lampe")                 // a new case by sender + subject
        mail("<n4@x>", from: "a@b.example", subject: "AW: Lampe")             // joins the case made just before
        mail("<n5@x>", order: "999-new")                                      // a new case by a new order
        let full = Intake(source: PrefetchedIntakeSource(openCases: s.cases.byID, prefetched: PrefetchedIntake(), nextNumber: 5000), now: t0)
        for m in batch { try full.add(m) }
        #expect(full.summary.duplicates == 1 && full.summary.newCases == 2)
        let changed = full.takeChanged()
        // Also with a hash weakened until keys collide (all of them; 16 hashes in all): hits are checked against the case.
        for mask: UInt64 in [.max, 0, 0xF] {
            let only = Intake(source: PrefetchedIntakeSource(openCases: s.cases.byID, prefetched: PrefetchedIntake(), nextNumber: 5000),
                              now: t0, store: nil, only: batch, keyMask: mask)
            for m in batch { try only.add(m) }
            #expect(full.summary == only.summary)
            #expect(changed == only.takeChanged())
        }
    }
}
