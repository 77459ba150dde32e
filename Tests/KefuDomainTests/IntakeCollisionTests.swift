import Foundation
import Testing
@testable import KefuModel
@testable import KefuStore
@testable import KefuImport

/// The intake finds cases by 64-bit hashes of their keys; a hit is only a candidate, checked against
/// the case. With a hash weakened until keys collide, an import must file exactly as with the real one.
@Suite struct IntakeCollisionTests {
    func mail(_ id: String, _ channel: Channel = .amazon, order: String? = nil, from: String? = "b@x.example",
              subject: String = "Frage", minute: Double, replyTo: [String] = [], filing: InboundMessage.Filing = .request) -> InboundMessage {
        var m = InboundMessage(messageId: id, channel: channel, kind: .buyerMessage, receivedAt: at(-48 + minute / 60),
                               orderId: order, from: Buyer(address: from), subject: subject, body: "text of \(id)")
        m.threadIds = replyTo
        m.filing = filing
        return m
    }

    /// Orders (one id on two channels), threads by sender and subject, replies by message id, a refund
    /// notice, a seller's copy, repeated lines and mail without a sender.
    func firstFile() -> [InboundMessage] {
        var out: [InboundMessage] = []
        for k in 0..<15 {
            for j in 0...(k % 3) { out.append(mail("o\(k)-\(j)", order: "O-\(k)", minute: Double(k * 10 + j))) }
            if k % 5 == 0 { out.append(mail("e\(k)", .ebay, order: "O-\(k)", minute: Double(k))) }
        }
        for k in 0..<8 {
            out.append(mail("t\(k)-0", .email, from: "s\(k)@x.example", subject: "Thema \(k)", minute: Double(200 + k)))
            out.append(mail("t\(k)-1", .email, from: "S\(k)@x.example", subject: "AW: thema \(k)", minute: Double(300 + k)))
        }
        for k in 0..<5 {
            out.append(mail("r\(k)-1", .shop, from: "p\(k)@x.example", subject: "Anfrage \(k)", minute: Double(400 + k)))
            out.append(mail("r\(k)-2", .shop, from: "q\(k)@y.example", subject: "etwas anderes", minute: Double(410 + k), replyTo: ["r\(k)-1"]))
        }
        out.append(mail("refund-3", order: "O-3", minute: 500, filing: .event(.refundIssued)))
        out.append(mail("copy-4", order: "O-4", minute: 501, filing: .sellerCopy))
        out.append(mail("o1-0", order: "O-1", minute: 502))
        out.append(mail("t2-1", .email, from: "s2@x.example", subject: "AW: Thema 2", minute: 503))
        out.append(mail("h1", .email, from: nil, subject: "", minute: 504))
        out.append(mail("h2", .email, from: nil, subject: "", minute: 505))
        return out
    }

    /// The same file again, and mail that joins its cases: by order, by reply, by thread, and one
    /// reopening a case retired to history between the two imports.
    func secondFile() -> [InboundMessage] {
        var out = firstFile()
        for k in stride(from: 0, to: 15, by: 4) { out.append(mail("o\(k)-9", order: "O-\(k)", minute: Double(600 + k))) }
        for k in 0..<5 { out.append(mail("r\(k)-3", .shop, from: "z@z.example", subject: "noch was", minute: Double(700 + k), replyTo: ["r\(k)-2"])) }
        for k in 0..<8 { out.append(mail("t\(k)-2", .email, from: "s\(k)@x.example", subject: "AW: AW: Thema \(k)", minute: Double(800 + k))) }
        out.append(mail("o7-9", order: "O-7", minute: 900))
        out.append(mail("n1", order: "N-1", minute: 901))
        return out
    }

    /// Files as `kefu import` does: in batches, each saved behind (encoded while the next is filed).
    func file(_ messages: [InboundMessage], into store: CaseStore, keyMask: UInt64) throws -> IntakeSummary {
        let intake = Intake(source: try StoreIntakeSource(store, orders: nil), now: t0, store: store, keyMask: keyMask)
        for batch in stride(from: 0, to: messages.count, by: 7).map({ messages[$0..<min($0 + 7, messages.count)] }) {
            for m in batch { try intake.add(m) }
            try store.saveBehind(intake.takeChanged())
        }
        try store.finishBehind()
        return intake.summary
    }

    /// Imports both files (written through, several batches) and describes every case filed, with
    /// both summaries.
    func importBoth(keyMask: UInt64) throws -> (filed: [String], first: IntakeSummary, second: IntakeSummary) {
        let dir = tempDir()
        let store = try CaseStore.open(dir, now: t0)
        store.writeThrough = true
        let first = try file(firstFile(), into: store, keyMask: keyMask)
        // O-7's case retires to history: the second file's o7-9 reopens it.
        store.writeThrough = false
        var retired = try #require(store.cases.values.first { $0.order?.id == "O-7" })
        retired.status = .resolved; retired.updatedAt = at(-24 * 20)
        try store.save(retired)
        try store.compact(now: t0)
        store.writeThrough = true
        let second = try file(secondFile(), into: store, keyMask: keyMask)
        store.writeThrough = false
        let filed = store.cases.values.sorted { $0.number < $1.number }.map { c in
            "\(c.id) \(c.channel) \(c.order?.id ?? "-") \(c.threadKey ?? "-") \(c.status) \(c.messages.map(\.sourceId)) \(c.events.map(\.type))"
        }
        return (filed, first, second)
    }

    @Test func aWeakHashFilesEveryMessageAsTheRealOne() throws {
        let real = try importBoth(keyMask: .max)
        #expect(real.first == IntakeSummary(newCases: 15 + 3 + 8 + 5 + 2, newMessages: 30 + 3 + 16 + 10 + 2 + 2, duplicates: 2))
        #expect(real.second == IntakeSummary(newCases: 1, newMessages: 4 + 5 + 8 + 1 + 1, duplicates: 65, reopened: 1))
        #expect(real.filed.count == 34)
        for mask: UInt64 in [0, 0xF] {   // every key collides; 16 hashes in all
            let weak = try importBoth(keyMask: mask)
            #expect(weak.first == real.first && weak.second == real.second)
            #expect(weak.filed == real.filed)
        }
    }
}
