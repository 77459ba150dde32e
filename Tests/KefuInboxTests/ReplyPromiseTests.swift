import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuMail
@testable import KefuPlaybook
@testable import KefuInbox

/// What a sent reply leaves behind besides the message: the promise its template made, and the
/// checklist refusing offers that cannot go out together.
@Suite struct ReplyPromiseTests {
    func signed(_ cases: [Case] = fixtureCases()) -> InboxState {
        var s = fixtureState(cases: cases)
        s.replySettings.storeName = "Lumen Home"
        s.replySettings.agentName = "Lin"
        s.replySettings.fromAddress = "support@lumen.example"
        return s
    }

    func key(_ s: InboxState, _ id: String) throws -> KeyAction {
        let i = try #require(s.offers(for: s.selectedCase!).firstIndex { $0.id == id }, "\(id) in \(s.offers(for: s.selectedCase!).map(\.id))")
        return KeyAction(rawValue: "offer-\(i + 1)")!
    }

    @Test func aReplyThatPromisesATimeSetsThePromiseClock() throws {
        var c = makeCase(1001, buyer: "Tyler Brooks", body: "Where is my parcel?", hoursAgo: 3, category: .notReceived, marketplace: "amazon.com")
        c.order?.shippedAt = hoursAgo(100)
        c.order?.tracking = Tracking(carrier: "UPS", number: "1Z999AA10123456784")
        c.buyer.language = "en"
        var s = signed([c])
        _ = apply(&s, try key(s, "tracking-update"))
        guard case .composer(let cs) = s.overlay else { Issue.record("no composer"); return }
        #expect(cs.editor.text.contains("within 24 hours"))
        _ = apply(&s, .confirm)
        let sent = try #require(s.cases["K-1001"])
        let promise = try #require(sent.events.last { $0.type == .promised })
        #expect(promise.until == t0.addingTimeInterval(24 * 3600))
        let clock = try #require(Clocks.all(sent, at: t0, policy: s.policy).first { $0.kind == .promise })
        #expect(clock.state == .running && clock.dueAt == t0.addingTimeInterval(24 * 3600),
                "the reply that made the promise does not keep it")
        // The next reply keeps it.
        var later = sent
        later.insertMessage(Message(sourceId: "out-2", direction: .outbound, at: t0.addingTimeInterval(3600), body: "Update: it is in Memphis."))
        later.events.append(CaseEvent(.replied, at: t0.addingTimeInterval(3600), messageId: "out-2"))
        #expect(Clocks.all(later, at: t0.addingTimeInterval(7200), policy: s.policy).first { $0.kind == .promise }?.state == .met)
    }

    @Test func aDeadlineInTheTemplateIsThePromisedTime() throws {
        var c = makeCase(1001, buyer: "Tyler Brooks", body: "Still nothing.", hoursAgo: 3, category: .lostParcel, marketplace: "amazon.com")
        c.order?.shippedAt = hoursAgo(300)
        c.buyer.language = "en"
        var s = signed([c])
        _ = apply(&s, try key(s, "carrier-investigation"))
        guard case .composer(let cs) = s.overlay else { Issue.record("no composer"); return }
        #expect(cs.editor.text.contains("by 24 November 2026"))
        _ = apply(&s, .confirm)
        #expect(s.cases["K-1001"]?.events.last { $0.type == .promised }?.until == ReplyComposer.deadline(after: t0))
    }

    @Test func aReplyWithoutAPromiseSetsNoClock() throws {
        var s = signed()
        _ = apply(&s, try key(s, "ask-photos"))
        _ = apply(&s, .confirm)
        #expect(s.cases["K-1001"]?.events.contains { $0.type == .promised } == false)
    }

    @Test func theChecklistRefusesARefundBesideAClaimWithdrawal() throws {
        var c = makeCase(1001, buyer: "Tyler Brooks", body: "Never arrived.", hoursAgo: 3, category: .notReceived, marketplace: "amazon.com")
        c.insertMessage(Message(sourceId: "claim", direction: .inbound, at: hoursAgo(2), kind: .aToZClaim, body: "A-to-z claim"))
        c.addKind(.aToZClaim)
        var s = signed([c])
        let offers = s.offers(for: s.selectedCase!)
        let refund = try #require(offers.firstIndex { $0.id == "full-refund" })
        let withdraw = try #require(offers.firstIndex { $0.id == "claim-withdrawal-request" })
        _ = apply(&s, .chooseOffers, KeyAction(rawValue: "offer-\(refund + 1)")!, KeyAction(rawValue: "offer-\(withdraw + 1)")!)
        guard case .menu(let m) = s.overlay else { Issue.record("no checklist"); return }
        #expect(m.checked == [refund], "the withdrawal stays unticked")
        #expect(s.statusLine?.isError == true && s.statusLine?.text.contains("own") == true, "\(String(describing: s.statusLine))")
    }
}
