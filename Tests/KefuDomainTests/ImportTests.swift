import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuImport

func jsonl(_ objects: [[String: Any]]) -> Data {
    Data(objects.map { String(decoding: try! JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        .joined(separator: "\n").utf8)
}

func msg(_ id: String, order: String? = "302-1111111-2222222", channel: String = "amazon", at: String = "2026-11-21T08:00:00Z",
         from: String = "x1@marketplace.amazon.de", subject: String = "Frage", kind: String = "buyer-message") -> [String: Any] {
    var m: [String: Any] = ["messageId": id, "channel": channel, "marketplace": "amazon.de", "kind": kind, "receivedAt": at,
                            "from": ["name": "Eva", "address": from, "country": "DE", "timeZone": "Europe/Berlin", "language": "de"],
                            "subject": subject, "body": "Hallo \(id)",
                            "items": [["sku": "MUG-1", "title": "Tasse", "quantity": 2, "price": "9.90", "currency": "EUR"]]]
    if let order { m["orderId"] = order }
    return m
}

@Suite struct ImportTests {
    @Test func validLinesParseWithEveryField() {
        var m = msg("a")
        m["dueAt"] = "2026-11-24T08:00:00Z"
        m["category"] = "damaged"
        let p = JSONLImport.parse(jsonl([m]), file: "in.jsonl")
        #expect(p.problems.isEmpty)
        let x = p.messages[0]
        #expect(x.messageId == "a" && x.channel == .amazon && x.kind == .buyerMessage && x.orderId == "302-1111111-2222222")
        #expect(x.items == [OrderItem(sku: "MUG-1", title: "Tasse", quantity: 2, price: Money(Decimal(string: "9.90")!, "EUR"))])
        #expect(x.dueAt == ISO8601.parse("2026-11-24T08:00:00Z") && x.category == .damaged)
        #expect(x.from.timeZone == "Europe/Berlin")
    }

    @Test func everyBadLineIsReportedWithItsNumberAndField() {
        var noId = msg("a"); noId["messageId"] = nil
        var badKind = msg("b"); badKind["kind"] = "complaint"
        var badTime = msg("c"); badTime["receivedAt"] = "yesterday"
        var floatPrice = msg("d"); floatPrice["items"] = [["sku": "X", "price": 9.9, "currency": "EUR"]]
        var badZone = msg("e"); badZone["from"] = ["timeZone": "Mars/Olympus"]
        let text = String(decoding: jsonl([msg("ok"), noId, badKind]), as: UTF8.self) + "\n{not json\n"
            + String(decoding: jsonl([badTime, floatPrice, badZone]), as: UTF8.self) + "\n\n[1,2]\n"
        let p = JSONLImport.parse(Data(text.utf8), file: "in.jsonl")
        let lines = p.problems.map(\.description)
        #expect(p.messages.count == 1)
        #expect(lines.contains("in.jsonl:2: messageId: required"))
        #expect(lines.contains { $0.hasPrefix("in.jsonl:3: kind: unknown value \"complaint\"") })
        #expect(lines.contains("in.jsonl:4: not valid JSON"))
        #expect(lines.contains { $0.hasPrefix("in.jsonl:5: receivedAt: not an ISO 8601 time") })
        #expect(lines.contains { $0.hasPrefix("in.jsonl:6: items[0].price: expected a decimal string") })
        #expect(lines.contains { $0.hasPrefix("in.jsonl:7: from.timeZone: unknown time zone") })
        #expect(lines.contains("in.jsonl:9: expected a JSON object"))
    }

    /// Bad UTF-8 is named as such whether or not the line is otherwise JSON (the reader refuses it in a
    /// string instead of repairing it); good non-ASCII, raw or escaped, reads as written.
    @Test func badUTF8IsNamedAndGoodUnicodeReadsAsWritten() throws {
        let good = Array(#"{"messageId":"ü-1","channel":"amazon","kind":"buyer-message","receivedAt":"2026-11-21T08:00:00Z","body":"Grüße 😀 \u00e9\ud83d\ude00 日本"}"#.utf8)
        var badInString = good, badInEscapedString = good, badOutside = good
        badInString.insert(0xC3, at: good.firstIndex(of: UInt8(ascii: "-"))!)   // a lead byte alone, in a plain string
        badInEscapedString.insert(0xE2, at: good.count - 2)                    // after escapes: the slow path
        badOutside.insert(contentsOf: [0xFF, 0x20], at: 1)              // not JSON either
        let lines = [good, badInString, badInEscapedString, badOutside, Array(#"{"a":"é""#.utf8)]
        let p = JSONLImport.parse(Data(lines.joined(separator: [0x0A])), file: "u.jsonl")
        #expect(p.messages.map(\.body) == ["Grüße 😀 é😀 日本"] && p.messages.map(\.messageId) == ["ü-1"])
        #expect(p.problems.map(\.description) == ["u.jsonl:2: not valid UTF-8", "u.jsonl:3: not valid UTF-8", "u.jsonl:4: not valid UTF-8", "u.jsonl:5: not valid JSON"])
        // The store's own reader still repairs rather than refuses.
        let repaired = try badInString.withUnsafeBufferPointer { try FastJSON.parse($0) }
        #expect(repaired["messageId"].map { if case .string(let s) = $0 { s.contains("\u{FFFD}") } else { false } } == true)
    }

    @Test func messagesGroupIntoCasesByOrderThenByThread() throws {
        let s = try CaseStore.open(tempDir(), now: t0)
        let intake = try Intake(store: s, now: t0)
        let input = [
            msg("a1", at: "2026-11-21T08:00:00Z"),
            msg("a2", at: "2026-11-21T09:00:00Z"),                                  // same order → same case
            msg("b1", channel: "ebay", at: "2026-11-21T08:30:00Z"),                 // same order id, other channel → new case
            msg("c1", order: nil, channel: "email", from: "Ann@Shop.example", subject: "Where is my parcel"),
            msg("c2", order: nil, channel: "email", at: "2026-11-21T09:10:00Z", from: "ann@shop.example", subject: "RE: AW: where is  my parcel"),
            msg("d1", order: nil, channel: "email", from: "ann@shop.example", subject: "Invoice please"),
        ]
        try intake.run(JSONLImport.parse(jsonl(input), file: "f").messages)
        #expect(intake.summary == IntakeSummary(newCases: 4, newMessages: 6, duplicates: 0, reopened: 0))
        let byFirst = Dictionary(uniqueKeysWithValues: s.cases.values.map { ($0.messages[0].sourceId, $0) })
        #expect(byFirst["a1"]?.messages.map(\.sourceId) == ["a1", "a2"])
        #expect(byFirst["b1"]?.channel == .ebay)
        #expect(byFirst["c1"]?.messages.map(\.sourceId) == ["c1", "c2"])
        #expect(byFirst["d1"]?.messages.count == 1)
        #expect(byFirst["a1"]?.order?.items.first?.price == Money(Decimal(string: "9.90")!, "EUR"))
        #expect(byFirst["a1"]?.events.filter { $0.type == .received }.count == 2)
    }

    @Test func reimportingAddsNothingAcrossRestartsAndHistory() throws {
        let dir = tempDir()
        let data = jsonl([msg("a1"), msg("a2", at: "2026-11-21T09:00:00Z"), msg("z1", order: "999-0000000-0000000")])
        do {
            let s = try CaseStore.open(dir, now: t0)
            let i = try Intake(store: s, now: t0)
            try i.run(JSONLImport.parse(data, file: "f").messages)
            #expect(i.summary.newMessages == 3)
            // Resolve one case long ago so it retires to history.
            var z = s.cases.values.first { $0.order?.id == "999-0000000-0000000" }!
            z.status = .resolved; z.updatedAt = at(-24 * 20)
            try s.save(z)
            try s.compact(now: t0)
            #expect(s.cases.count == 1)
        }
        let s = try CaseStore.open(dir, now: t0)
        let i = try Intake(store: s, now: t0)
        try i.run(JSONLImport.parse(data, file: "f").messages)
        #expect(i.summary == IntakeSummary(newCases: 0, newMessages: 0, duplicates: 3, reopened: 0))
        // A new message on the closed order reopens that case instead of starting another.
        try i.run(JSONLImport.parse(jsonl([msg("z2", order: "999-0000000-0000000", at: "2026-11-21T09:30:00Z")]), file: "g").messages)
        #expect(i.summary.reopened == 1 && i.summary.newCases == 0)
        let z = s.cases.values.first { $0.order?.id == "999-0000000-0000000" }!
        #expect(z.status == .needsReply && z.messages.map(\.sourceId) == ["z1", "z2"])
    }

    @Test func aNewBuyerMessageWakesAWaitingOrSnoozedCase() throws {
        let s = try CaseStore.open(tempDir(), now: t0)
        var c = sampleCase()
        c.status = .snoozed; c.snoozedUntil = at(10)
        c.order?.id = "302-1111111-2222222"
        try s.save(c)
        let i = try Intake(store: s, now: t0)
        try i.run([JSONLImport.parse(jsonl([msg("new")]), file: "f").messages[0]])
        #expect(s.cases["K-1001"]?.status == .needsReply)
        #expect(s.cases["K-1001"]?.snoozedUntil == nil)
    }
}
