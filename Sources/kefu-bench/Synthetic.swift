import Foundation
import KefuBase
import KefuModel

/// Realistic synthetic cases (~2 KB of JSON each) for the benchmarks, deterministic per seed.
struct Synthetic {
    var rng: UInt64
    init(seed: UInt64) { rng = seed &* 0x9E3779B97F4A7C15 | 1 }

    mutating func next() -> UInt64 {
        rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17
        return rng
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }

    static let names = ["Markus Weber", "Jane Miller", "Élodie Martin", "佐藤 美咲", "王晓明", "Oliver Bennett", "Sabine Krüger", "Tyler Brooks"]
    static let markets: [(Channel, String?, String)] = [(.amazon, "amazon.de", "EUR"), (.amazon, "amazon.com", "USD"),
        (.amazon, "amazon.co.uk", "GBP"), (.amazon, "amazon.co.jp", "JPY"), (.ebay, "ebay.com", "USD"), (.shop, nil, "EUR")]
    static let bodies = [
        "Hello,\nthe lamp arrived with a cracked shade. The box was dented on one corner. Can you send a new shade or do I need to return the whole lamp? I attached two photos. Thanks.",
        "Hallo,\nleider fehlt bei meiner Bestellung das Netzteil. Ohne kann ich das Gerät nicht benutzen. Bitte schicken Sie es mir so schnell wie möglich zu.",
        "Bonjour,\nj'ai reçu la mauvaise taille, j'avais commandé un M et j'ai reçu un XL. Comment faire pour l'échanger ?",
        "注文した商品がまだ届きません。追跡番号を確認しましたが、一週間前から更新がありません。どうなっていますか？",
        "你好，收到的椅子有一个轮子坏了，请问可以补发一个轮子吗？谢谢。",
    ]

    /// A case opened `ageHours` before `now`; closed ones carry a reply and a resolution.
    mutating func makeCase(number: Int, now: Date, ageHours: Double, closed: Bool) -> Case {
        let (channel, market, currency) = pick(Self.markets)
        let opened = now.addingTimeInterval(-ageHours * 3600)
        let order = String(format: "%03d-%07d-%07d", int(1000), int(10_000_000), int(10_000_000))
        let sku = "SKU-\(int(400))"
        var c = Case(id: "K-\(number)", channel: channel, marketplace: market, kinds: [.buyerMessage],
                     category: pick(Category.allCases), status: closed ? .resolved : .needsReply,
                     order: Order(id: order, purchasedAt: opened.addingTimeInterval(-9 * 86400), shippedAt: opened.addingTimeInterval(-7 * 86400),
                                  tracking: Tracking(carrier: "DHL", number: "00340434\(int(99_999_999))"),
                                  items: [OrderItem(sku: sku, asin: "B0\(String(format: "%08d", int(99_999_999)))", title: "Product \(sku) with a realistic title, black, 2-pack",
                                                    quantity: 1 + int(2), price: Money(Decimal(10 + int(200)) + Decimal(string: "0.99")!, currency))]),
                     buyer: Buyer(name: pick(Self.names), address: "\(String(next(), radix: 36))@marketplace.amazon.de", country: "DE",
                                  timeZone: "Europe/Berlin", language: "de"),
                     openedAt: opened)
        // Two paragraphs and a quoted order summary: buyer mail is rarely one line (~2 KB per case in all).
        let body = pick(Self.bodies) + "\n\n" + pick(Self.bodies) + "\n\n> Order \(order), \(sku), shipped with DHL, tracking 00340434 — delivered to Packstation 123, 10115 Berlin."
        c.messages.append(Message(sourceId: "syn-\(number)-1", direction: .inbound, at: opened, kind: .buyerMessage,
                                  subject: "Inquiry from Amazon customer (Order: \(order))", body: body))
        c.events.append(CaseEvent(.received, at: opened, messageId: "syn-\(number)-1", from: c.buyer.name))
        if closed {
            let reply = opened.addingTimeInterval(3 * 3600)
            c.messages.append(Message(sourceId: "syn-\(number)-2", direction: .outbound, at: reply, subject: "Re: Inquiry (Order: \(order))",
                                      body: "Dear customer,\nwe are sorry. We will send a replacement part within 3 days. Tracking follows by message.\nBest regards"))
            c.events.append(CaseEvent(.replied, at: reply, messageId: "syn-\(number)-2"))
            // Offers, returns and claims vary by case number (no extra random draws, so the rest stays as it was).
            let offer: (String, String?) = number % 5 == 0 ? ("partial-refund-10", "3.00") : number % 11 == 0 ? ("return-and-refund", "29.99")
                : number % 13 == 0 ? ("gift", nil) : number % 7 == 0 ? ("reship", nil) : ("send-part", "4.50")
            c.events.append(CaseEvent(.offerChosen, at: reply, offers: [offer.0], amounts: offer.1.map { [Money(Decimal(string: $0)!, currency)] }))
            if number % 11 == 0 { c.addKind(.returnRequest) }
            if number % 97 == 0 {
                c.messages.append(Message(sourceId: "syn-\(number)-3", direction: .inbound, at: reply.addingTimeInterval(3600), kind: .aToZClaim,
                                          body: "A-to-z Guarantee claim: item not received"))
                c.addKind(.aToZClaim)
            }
            c.events.append(CaseEvent(.statusChanged, at: reply.addingTimeInterval(86400), text: "needs-reply→resolved"))
            c.updatedAt = reply.addingTimeInterval(86400)
        }
        return c
    }

    /// One JSONL import line.
    mutating func importLine(_ n: Int, now: Date) -> String {
        let (channel, market, currency) = pick(Self.markets)
        let at = ISO8601.format(now.addingTimeInterval(-Double(int(86400))))
        let order = String(format: "%03d-%07d-%07d", n % 997, n / 3, 1000 + n % 5000)
        let obj: [String: Any] = ["messageId": "imp-\(n)", "channel": channel.rawValue, "marketplace": market ?? NSNull(),
                                  "kind": "buyer-message", "receivedAt": at, "orderId": order,
                                  "from": ["name": pick(Self.names), "address": "b\(n % 5000)@marketplace.amazon.de", "country": "DE", "timeZone": "Europe/Berlin", "language": "de"],
                                  "subject": "Inquiry from Amazon customer (Order: \(order))", "body": pick(Self.bodies),
                                  "items": [["sku": "SKU-\(n % 400)", "title": "Product", "quantity": 1, "price": "19.99", "currency": currency]]]
        return String(decoding: try! JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self)
    }
}
