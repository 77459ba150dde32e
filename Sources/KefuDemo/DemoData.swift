import Foundation
import KefuModel
import KefuImport

/// Realistic demo cases for `kefu demo`, screenshots and display tests.
///
/// The cases themselves are a table of small specs in `DemoScript.swift`; this file holds the
/// spec types and the one builder that turns a spec into a `Case`. Everything is derived from
/// `now` (no randomness, no `Date()`), so the same `now` always gives the same cases.
public enum DemoData {
    /// The number of the first case (`K-1001`); the others follow in order.
    public static let firstNumber = 1001

    /// About 40 realistic cases, times relative to `now`, ids K-1001, K-1002, … in order.
    ///
    /// `now` is truncated to whole seconds first, so every time in the result survives a trip
    /// through the store's ISO 8601 encoding unchanged.
    public static func cases(now: Date) -> [Case] {
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        return DemoScript.specs.enumerated().map { i, spec in
            build(spec, number: firstNumber + i, now: now)
        }
    }

    // MARK: - The builder

    static func build(_ s: DemoSpec, number: Int, now: Date) -> Case {
        let id = "K-\(number)"
        let currency = s.currency ?? DemoData.currency(of: s.channel, s.marketplace)
        func ago(_ a: Age) -> Date { now.addingTimeInterval(-a.seconds) }
        func ahead(_ a: Age) -> Date { now.addingTimeInterval(a.seconds) }
        func money(_ text: String) -> Money { Money(Money.parseAmount(text)!, currency) }

        let address: String? = switch s.channel {
        case .amazon: relayLocalPart(number) + "@marketplace." + (s.marketplace ?? "amazon.com")
        case .ebay: String(relayLocalPart(number).prefix(10)) + "@members." + (s.marketplace ?? "ebay.com")
        case .shop, .email: s.buyer.email
        }
        let buyer = Buyer(name: s.buyer.name, address: address, country: s.buyer.country,
                          timeZone: s.buyer.timeZone, language: s.buyer.language)

        let order = s.order.map { o in
            Order(id: o.id, purchasedAt: ago(o.bought), shippedAt: o.shipped.map(ago),
                  deliveredAt: o.delivered.map(ago),
                  tracking: o.tracking.map { Tracking(carrier: $0.carrier, number: $0.number) },
                  items: o.items.map { it in
                      let product = DemoScript.catalog[it.sku]
                      precondition(product != nil, "demo item \(it.sku) is not in the catalog")
                      return OrderItem(sku: it.sku, asin: s.channel == .amazon ? product!.asin : nil,
                                       title: product!.title, quantity: it.quantity, price: money(it.price))
                  })
        }

        // Messages: sequential source ids, default subjects in the marketplace's style, replies "Re: …".
        var messages: [Message] = []
        var lastInboundSubject: String?
        for (i, m) in s.thread.enumerated() {
            let subject: String
            if let own = m.subject {
                subject = own
            } else if m.direction == .outbound {
                subject = "Re: " + (lastInboundSubject ?? defaultSubject(s, kind: .buyerMessage))
            } else {
                subject = defaultSubject(s, kind: m.kind ?? .buyerMessage)
            }
            if m.direction == .inbound { lastInboundSubject = subject }
            messages.append(Message(sourceId: "demo-K\(number)-\(i + 1)", direction: m.direction, at: ago(m.age),
                                    kind: m.direction == .inbound ? (m.kind ?? .buyerMessage) : nil,
                                    subject: subject, body: m.body, dueAt: m.dueIn.map(ahead)))
        }

        // Events: one per message, then the case's own history, all in time order.
        var events = messages.map {
            CaseEvent($0.direction == .inbound ? .received : .replied, at: $0.at, messageId: $0.sourceId)
        }
        var snoozedUntil: Date?
        for x in s.extras {
            switch x {
            case let .note(age, text):
                events.append(CaseEvent(.note, at: ago(age), text: text))
            case let .categoryChanged(age, from):
                events.append(CaseEvent(.categoryChanged, at: ago(age), from: from.rawValue, to: s.category.rawValue,
                                        text: "\(from.rawValue)→\(s.category.rawValue)"))
            case let .offerChosen(age, offers, amounts):
                events.append(CaseEvent(.offerChosen, at: ago(age), offers: offers, amounts: amounts.map(money)))
            case let .statusChanged(age, from, to):
                events.append(CaseEvent(.statusChanged, at: ago(age), from: from.rawValue, to: to.rawValue,
                                        text: "\(from.rawValue)→\(to.rawValue)"))
            case let .snoozed(age, until):
                snoozedUntil = ahead(until)
                events.append(CaseEvent(.snoozed, at: ago(age), until: snoozedUntil))
            case let .noResponseNeeded(age):
                events.append(CaseEvent(.noResponseNeeded, at: ago(age)))
            }
        }
        events = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)

        let kinds = Set(messages.compactMap(\.kind)).sorted()
        let opened = messages.first?.at ?? now
        let updated = max(messages.last?.at ?? opened, events.last?.at ?? opened)
        let threadKey = order == nil ? Intake.threadKey(address: address, subject: messages.first?.subject) : nil
        return Case(id: id, channel: s.channel, marketplace: s.marketplace, kinds: kinds, category: s.category,
                    status: s.status, order: order, buyer: buyer, messages: messages, events: events,
                    openedAt: opened, updatedAt: updated, snoozedUntil: snoozedUntil, threadKey: threadKey)
    }

    /// The currency a marketplace sells in; the own store sells in USD unless a spec says otherwise.
    static func currency(of channel: Channel, _ marketplace: String?) -> String {
        switch marketplace?.split(separator: ".").last {
        case "de", "fr", "it", "es": return "EUR"
        case "uk": return "GBP"
        case "jp": return "JPY"
        case "au": return "AUD"
        default: return "USD"
        }
    }

    /// A stable, random-looking relay local part (`7kq2mz9xw4vb8ht1`), the same for the same case number.
    static func relayLocalPart(_ number: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var x = UInt64(number) &* 0x9E37_79B9_7F4A_7C15 | 1
        var out = ""
        for _ in 0..<16 {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17 // xorshift64: deterministic, no RNG state
            out.append(alphabet[Int(x % UInt64(alphabet.count))])
        }
        return out
    }

    /// The subject line the marketplace's relay would use for this kind of message.
    static func defaultSubject(_ s: DemoSpec, kind: RequestKind) -> String {
        let name = s.buyer.name ?? "customer"
        let order = s.order?.id ?? ""
        let title = s.order?.items.first.flatMap { DemoScript.catalog[$0.sku]?.title } ?? "your item"
        switch s.channel {
        case .ebay:
            let itemNumber = order.filter(\.isNumber)
            switch kind {
            case .inrRequest: return "\(name) opened a request: item not received - \(title) #\(itemNumber)"
            case .snadRequest: return "\(name) opened a return request: item not as described - \(title) #\(itemNumber)"
            case .cancellationRequest: return "\(name) requested to cancel order \(order)"
            default: return "\(name) sent a message about \(title) #\(itemNumber)"
            }
        case .shop, .email:
            return order.isEmpty ? "Question about my order" : "Order \(order)"
        case .amazon:
            let lang = s.buyer.language
            switch (kind, lang) {
            case (.returnRequest, "de"): return "Rücksendeanfrage für Bestellung \(order)"
            case (.returnRequest, "fr"): return "Demande de retour pour la commande \(order)"
            case (.returnRequest, _): return "Return authorization request for order \(order)"
            case (.aToZClaim, _): return "A-to-z Guarantee Claim notification for order \(order)"
            case (.chargeback, _): return "Chargeback notification - Action required for order \(order)"
            case (.negativeFeedback, _): return "Negative feedback received for order \(order)"
            case (.cancellationRequest, _): return "Order cancellation request from buyer (Order: \(order))"
            case (_, "de"): return "Anfrage von Amazon-Kunde \(name) (Bestellung: \(order))"
            case (_, "fr"): return "Demande de renseignements du client Amazon \(name) (Commande : \(order))"
            case (_, "ja"): return "Amazon.co.jp のお客様 \(name) 様からのお問い合わせ (注文番号: \(order))"
            default: return "Inquiry from Amazon customer \(name) (Order: \(order))"
            }
        }
    }
}

// MARK: - Spec types

/// A span of time, written `.h(23, 18)` or `.d(2, 6)` (2 days 6 hours).
struct Age: Sendable {
    let seconds: TimeInterval
    static func h(_ hours: Int, _ minutes: Int = 0) -> Age { Age(seconds: TimeInterval(hours * 3600 + minutes * 60)) }
    static func d(_ days: Int, _ hours: Int = 0) -> Age { .h(days * 24 + hours) }
    static func m(_ minutes: Int) -> Age { .h(0, minutes) }
}

struct DemoBuyer: Sendable {
    var name: String?
    var country: String
    var timeZone: String
    var language: String
    /// Only for shop and e-mail buyers; marketplace buyers get a relay address.
    var email: String?
}

struct DemoItem: Sendable {
    var sku: String
    var price: String
    var quantity = 1
}

struct DemoOrder: Sendable {
    var id: String
    var bought: Age
    var shipped: Age?
    var delivered: Age?
    var tracking: (carrier: String, number: String)?
    var items: [DemoItem]
}

struct DemoMessage: Sendable {
    var direction: Direction
    var age: Age
    var kind: RequestKind?
    var subject: String?
    var dueIn: Age?
    var body: String

    /// A buyer message `age` ago.
    static func buyer(_ age: Age, subject: String? = nil, _ body: String) -> DemoMessage {
        buyer(age, .buyerMessage, subject: subject, body)
    }

    /// A buyer request or marketplace notice `age` ago; `dueIn` is a deadline the notice states, from now.
    static func buyer(_ age: Age, _ kind: RequestKind, subject: String? = nil, dueIn: Age? = nil,
                      _ body: String) -> DemoMessage {
        DemoMessage(direction: .inbound, age: age, kind: kind, subject: subject, dueIn: dueIn, body: body)
    }

    /// The agent's reply `age` ago.
    static func agent(_ age: Age, subject: String? = nil, _ body: String) -> DemoMessage {
        DemoMessage(direction: .outbound, age: age, kind: nil, subject: subject, dueIn: nil, body: body)
    }
}

/// History beyond received/replied (those follow from the messages). Ages are before now; `snoozed`'s
/// `until` is after now.
enum DemoExtra: Sendable {
    case note(Age, String)
    /// From this category to the case's category.
    case categoryChanged(Age, from: Category)
    case offerChosen(Age, offers: [String], amounts: [String])
    case statusChanged(Age, from: CaseStatus, to: CaseStatus)
    case snoozed(Age, until: Age)
    case noResponseNeeded(Age)
}

struct DemoSpec: Sendable {
    var channel: Channel
    var marketplace: String?
    var category: Category
    var status: CaseStatus = .needsReply
    var buyer: DemoBuyer
    var currency: String? = nil
    var order: DemoOrder?
    var thread: [DemoMessage]
    var extras: [DemoExtra] = []
}

struct DemoProduct: Sendable {
    var asin: String
    var title: String
}
