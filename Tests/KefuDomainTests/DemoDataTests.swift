import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuDemo

@Suite struct DemoDataTests {
    static let now = ISO8601.parse("2026-11-21T10:00:00Z")!
    let cases = DemoData.cases(now: DemoDataTests.now)
    var now: Date { Self.now }

    /// The oldest inbound message after the last reply or "no response needed": what the reply clock counts from.
    func oldestUnanswered(_ c: Case) -> Message? {
        var answered = Date.distantPast
        for m in c.messages where m.direction == .outbound { answered = max(answered, m.at) }
        for e in c.events where e.type == .noResponseNeeded { answered = max(answered, e.at) }
        return c.messages.first { $0.direction == .inbound && $0.at > answered }
    }

    func age(_ m: Message) -> TimeInterval { now.timeIntervalSince(m.at) }

    @Test func countInRange() {
        #expect((38...45).contains(cases.count))
    }

    @Test func coversEveryCategoryKindAndChannel() {
        #expect(Set(cases.map(\.category)) == Set(Category.allCases))
        #expect(Set(cases.flatMap(\.kinds)) == Set(RequestKind.allCases))
        #expect(Set(cases.map(\.channel)) == Set(Channel.allCases))
        let marketplaces = Set(cases.compactMap(\.marketplace))
        for m in ["amazon.de", "amazon.com", "amazon.co.uk", "amazon.fr", "amazon.co.jp", "amazon.com.au",
                  "ebay.com", "ebay.co.uk", "ebay.de"] {
            #expect(marketplaces.contains(m), "no case on \(m)")
        }
    }

    @Test func languages() {
        var count: [String: Int] = [:]
        for c in cases { count[c.buyer.language ?? "?", default: 0] += 1 }
        for lang in ["de", "fr", "ja", "zh"] { #expect(count[lang, default: 0] >= 4, "\(lang): \(count[lang, default: 0])") }
        #expect(count["en", default: 0] >= 15)
        #expect(Set(count.keys).isSubset(of: ["en", "de", "fr", "ja", "zh"]))
    }

    @Test func idsUniqueAndSequential() {
        #expect(cases.map(\.id) == (0..<cases.count).map { "K-\(1001 + $0)" })
        #expect(cases.map(\.number) == (0..<cases.count).map { 1001 + $0 })
    }

    @Test func messagesSortedAndSourceIdsUnique() {
        var seen = Set<String>()
        for c in cases {
            #expect(!c.messages.isEmpty, "\(c.id) has no messages")
            #expect(c.messages.map(\.at) == c.messages.map(\.at).sorted(), "\(c.id) messages out of order")
            #expect(c.events.map(\.at) == c.events.map(\.at).sorted(), "\(c.id) events out of order")
            for m in c.messages { #expect(seen.insert(m.sourceId).inserted, "duplicate \(m.sourceId)") }
            #expect(c.openedAt == c.messages.first?.at)
            #expect(c.updatedAt >= c.messages.last!.at && c.updatedAt >= (c.events.last?.at ?? .distantPast))
            #expect(c.updatedAt <= now)
            #expect(c.kinds == Set(c.messages.compactMap(\.kind)).sorted(), "\(c.id) kinds")
        }
    }

    @Test func eventsMatchMessages() {
        for c in cases {
            for m in c.messages {
                let type: EventType = m.direction == .inbound ? .received : .replied
                #expect(c.events.contains { $0.type == type && $0.messageId == m.sourceId && $0.at == m.at },
                        "\(c.id): no \(type) event for \(m.sourceId)")
                #expect((m.direction == .inbound) == (m.kind != nil))
                #expect(m.subject?.isEmpty == false)
            }
            for e in c.events where e.type == .offerChosen {
                #expect(e.offers?.isEmpty == false)
            }
        }
    }

    @Test func ordersLookReal() throws {
        for c in cases {
            guard let o = c.order else {
                #expect(c.threadKey != nil, "\(c.id): a case without an order needs a thread key")
                continue
            }
            switch c.channel {
            case .amazon:
                #expect(o.id.wholeMatch(of: /\d{3}-\d{7}-\d{7}/) != nil, "\(c.id): \(o.id)")
                for i in o.items { #expect(i.asin?.wholeMatch(of: /B0[A-Z0-9]{8}/) != nil, "\(c.id): \(i.asin ?? "nil")") }
                #expect(c.buyer.address?.hasSuffix("@marketplace." + (c.marketplace ?? "")) == true)
            case .ebay:
                #expect(o.id.wholeMatch(of: /\d{2}-\d{5}-\d{5}/) != nil, "\(c.id): \(o.id)")
                #expect(c.buyer.address?.hasSuffix("@members." + (c.marketplace ?? "")) == true)
            case .shop, .email:
                #expect(o.id.wholeMatch(of: /#\d{4}/) != nil, "\(c.id): \(o.id)")
            }
            let first = c.messages.first!.at
            let times = [o.purchasedAt, o.shippedAt, o.deliveredAt].compactMap { $0 }
            #expect(o.purchasedAt != nil)
            #expect(times == times.sorted(), "\(c.id): order times out of order")
            #expect(times.allSatisfy { $0 < first }, "\(c.id): order times after the first message")
            #expect((o.shippedAt != nil) == (o.tracking != nil), "\(c.id): tracking iff shipped")
            #expect(!o.items.isEmpty)
            for i in o.items {
                let p = try #require(i.price)
                #expect(["EUR", "USD", "GBP", "JPY", "AUD"].contains(p.currency))
                #expect(i.sku?.isEmpty == false && i.title?.isEmpty == false)
            }
        }
        let prices = cases.compactMap { $0.order?.items.first?.price }.filter { $0.currency != "JPY" }.map(\.amount)
        #expect(prices.contains { $0 < 15 })
        #expect(prices.contains { $0 > 150 })
    }

    @Test func buyers() {
        for c in cases {
            #expect(c.buyer.name?.isEmpty == false, "\(c.id)")
            #expect(c.buyer.address?.contains("@") == true, "\(c.id)")
            #expect(c.buyer.country?.wholeMatch(of: /[A-Z]{2}/) != nil, "\(c.id)")
            #expect(c.buyer.timeZone.flatMap(TimeZone.init(identifier:)) != nil, "\(c.id): \(c.buyer.timeZone ?? "nil")")
        }
        #expect(cases.contains { $0.buyer.name?.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } == true })
    }

    @Test func statusMix() {
        let needs = cases.filter { $0.status == .needsReply }
        for c in needs {
            #expect(c.messages.last?.direction == .inbound, "\(c.id): needs-reply but last message is ours")
            #expect(oldestUnanswered(c) != nil, "\(c.id): needs-reply with nothing unanswered")
        }
        let ages = needs.compactMap { oldestUnanswered($0) }.map(age)
        let hour: TimeInterval = 3600
        #expect(ages.filter { $0 > 24 * hour }.count >= 3, "overdue")
        #expect(ages.filter { $0 > 23 * hour && $0 < 24 * hour }.count >= 3, "due within the hour")
        #expect(ages.filter { $0 > 22 * hour && $0 <= 23 * hour }.count >= 3, "due within 2 h")
        #expect(ages.allSatisfy { $0 < 40 * hour + 1 })

        let waiting = cases.filter { $0.status == .waitingBuyer }
        #expect(waiting.count >= 3)
        for c in waiting { #expect(c.messages.last?.direction == .outbound, "\(c.id)") }

        let snoozed = cases.filter { $0.status == .snoozed }
        #expect(snoozed.count >= 3)
        for c in snoozed {
            let until = c.snoozedUntil
            #expect(until != nil && until! > now.addingTimeInterval(2 * hour - 1) && until! <= now.addingTimeInterval(20 * hour))
            #expect(c.events.last { $0.type == .snoozed }?.until == until)
        }
        for c in cases where c.status != .snoozed { #expect(c.snoozedUntil == nil, "\(c.id)") }
        #expect(cases.filter { $0.status == .resolved }.count >= 3)
    }

    @Test func claimsAndChargebacksCarryDeadlines() {
        for c in cases where c.kinds.contains(.aToZClaim) || c.kinds.contains(.chargeback) {
            let notice = c.messages.first { $0.kind == .aToZClaim || $0.kind == .chargeback }
            #expect(notice?.dueAt.map { $0 > now } == true, "\(c.id)")
        }
    }

    @Test func hardDisplayCases() {
        let bodies = cases.flatMap(\.messages).map(\.body)
        for emoji in ["😡", "👍", "🙏"] { #expect(bodies.contains { $0.contains(emoji) }, "\(emoji)") }
        #expect(bodies.contains { $0.count > 1500 })
        #expect(cases.flatMap(\.messages).contains { $0.subject?.contains("お問い合わせ") == true })
        // No control characters other than the line feed.
        let text = cases.flatMap(\.messages).flatMap { [$0.body, $0.subject ?? ""] } + cases.compactMap(\.buyer.name)
        for t in text {
            #expect(!t.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        }
    }

    @Test func deterministic() {
        #expect(DemoData.cases(now: now) == cases)
        // Fractions of a second are dropped, so a store round trip is exact.
        #expect(DemoData.cases(now: now.addingTimeInterval(0.4567)) == cases)
    }

    @Test func roundTripsThroughJSON() throws {
        let data = try KefuJSON.encoder().encode(cases)
        let back = try KefuJSON.decoder().decode([Case].self, from: data)
        #expect(back == cases)
        let later = DemoData.cases(now: Date(timeIntervalSince1970: 1_790_000_123.789))
        let back2 = try KefuJSON.decoder().decode([Case].self, from: KefuJSON.encoder().encode(later))
        #expect(back2 == later)
    }
}
