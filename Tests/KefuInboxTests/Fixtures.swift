import Foundation
@testable import KefuInbox
@testable import KefuBase
@testable import KefuModel
@testable import KefuPlaybook

let t0 = ISO8601.parse("2026-11-21T10:00:00Z")!
let utc = TimeZone(identifier: "UTC")!

func hoursAgo(_ h: Double) -> Date { t0.addingTimeInterval(-h * 3600) }

func makeCase(_ n: Int, buyer: String, body: String, hoursAgo h: Double, category: KefuModel.Category = .damaged,
              channel: Channel = .amazon, marketplace: String? = "amazon.de", status: CaseStatus = .needsReply,
              timeZone: String? = "Europe/Berlin", subject: String = "Question about my order") -> Case {
    let id = "K-\(n)"
    var c = Case(id: id, channel: channel, marketplace: marketplace, kinds: [.buyerMessage], category: category, status: status,
                 order: Order(id: "302-\(String(format: "%07d", n))-1234567", purchasedAt: hoursAgo(200),
                              items: [OrderItem(sku: "SKU-\(n)", title: "Desk lamp", quantity: 1, price: Money(Decimal(string: "34.99")!, "EUR"))]),
                 buyer: Buyer(name: buyer, address: "b\(n)@marketplace.amazon.de", country: "DE", timeZone: timeZone, language: "de"),
                 openedAt: hoursAgo(h))
    c.messages.append(Message(sourceId: "\(id)-1", direction: .inbound, at: hoursAgo(h), kind: .buyerMessage, subject: subject, body: body))
    c.events.append(CaseEvent(.received, at: hoursAgo(h), messageId: "\(id)-1"))
    if status == .waitingBuyer {
        c.messages.append(Message(sourceId: "\(id)-2", direction: .outbound, at: hoursAgo(h / 2), body: "We are on it."))
    }
    return c
}

/// A small queue with every state the screen must show.
func fixtureCases() -> [Case] {
    [
        makeCase(1001, buyer: "Markus Weber", body: "Hallo,\nmeine Lampe kam kaputt an.", hoursAgo: 26),
        makeCase(1002, buyer: "王晓明", body: "你好，收到的椅子有一个轮子坏了，请问可以补发一个轮子吗？谢谢。", hoursAgo: 23.5, category: .missingPart),
        makeCase(1003, buyer: "佐藤 美咲", body: "商品が届きません 🙏 追跡番号を教えてください", hoursAgo: 22.5, category: .notReceived,
                 marketplace: "amazon.co.jp", timeZone: "Asia/Tokyo", subject: "お問い合わせ"),
        makeCase(1004, buyer: "Eve\u{1B}[31m", body: "\u{1B}[2Jhostile\rCR overwrite\u{202E}txt.exe\u{07}bell\tTAB 👩‍💻 done", hoursAgo: 5, category: .other,
                 channel: .ebay, marketplace: "ebay.co.uk", timeZone: nil),
        makeCase(1005, buyer: "Tyler Brooks", body: "Thanks, waiting for the parcel 👍", hoursAgo: 30, category: .lateDelivery,
                 marketplace: "amazon.com", status: .waitingBuyer, timeZone: "America/Los_Angeles"),
    ]
}

func fixtureState(width: Int = 120, height: Int = 40, cases: [Case] = fixtureCases()) -> InboxState {
    InboxState(storeName: "golden", cases: cases, now: t0, width: width, height: height,
               keymap: try! Keymap.load(), agentTimeZone: utc, playbook: try! Playbook.bundled())
}

func apply(_ s: inout InboxState, _ actions: KeyAction...) -> [InboxEffect] {
    actions.flatMap { InboxUpdate.update(&s, .command($0)) }
}

/// The ids of the queue's visible rows, in order.
func visibleIDs(_ s: InboxState) -> [String] { s.visible.map(\.item.id) }
