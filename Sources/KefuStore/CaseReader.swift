import Foundation
import KefuBase
import KefuModel

/// Builds model values from a `FastJSON` tree, naming the field path in every error.
/// Mirrors the Codable definitions of the model (a test checks both agree on every field).
enum CaseReader {
    struct Failure: Error, CustomStringConvertible { let description: String }

    struct Obj {
        let pairs: [(String, FastJSON.Value)]
        let path: String

        init(_ v: FastJSON.Value, path: String) throws {
            guard case .object(let p) = v else { throw Failure(description: "wrong type at \(path.isEmpty ? "top level" : path): expected an object") }
            pairs = p; self.path = path
        }

        func sub(_ k: String) -> String { path.isEmpty ? k : path + "." + k }

        func raw(_ k: String) -> FastJSON.Value? {
            for (key, v) in pairs where key == k { if case .null = v { return nil }; return v }
            return nil
        }
        func need(_ k: String) throws -> FastJSON.Value {
            guard let v = raw(k) else { throw Failure(description: "missing field \(sub(k))") }
            return v
        }
        func optString(_ k: String) throws -> String? {
            guard let v = raw(k) else { return nil }
            guard case .string(let s) = v else { throw Failure(description: "wrong type at \(sub(k)): expected a string") }
            return s
        }
        func string(_ k: String) throws -> String {
            guard let s = try optString(k) else { throw Failure(description: "missing field \(sub(k))") }
            return s
        }
        func optDate(_ k: String) throws -> Date? {
            guard let s = try optString(k) else { return nil }
            guard let d = ISO8601.parse(s) else { throw Failure(description: "invalid value at \(sub(k)): not an ISO 8601 time: \(s)") }
            if let why = StoreLimits.dateProblem(d) { throw Failure(description: "invalid value at \(sub(k)): \(why)") }
            return d
        }
        func date(_ k: String) throws -> Date {
            guard let d = try optDate(k) else { throw Failure(description: "missing field \(sub(k))") }
            return d
        }
        func int(_ k: String) throws -> Int {
            guard case .number(let d) = try need(k), d == d.rounded(), abs(d) < 9_007_199_254_740_992 else {
                throw Failure(description: "wrong type at \(sub(k)): expected a whole number")
            }
            return Int(d)
        }
        func int(_ k: String, in range: ClosedRange<Int>) throws -> Int {
            let n = try int(k)
            guard range.contains(n) else { throw Failure(description: "invalid value at \(sub(k)): \(n) is out of range (\(range.lowerBound)…\(range.upperBound))") }
            return n
        }
        func double(_ k: String) throws -> Double {
            guard case .number(let d) = try need(k) else { throw Failure(description: "wrong type at \(sub(k)): expected a number") }
            return d
        }
        func enumValue<E: RawRepresentable>(_ k: String, _: E.Type) throws -> E where E.RawValue == String {
            let s = try string(k)
            guard let e = E(rawValue: s) else { throw Failure(description: "invalid value at \(sub(k)): \"\(s)\"") }
            return e
        }
        func optObj(_ k: String) throws -> Obj? { try raw(k).map { try Obj($0, path: sub(k)) } }
        func array(_ k: String) throws -> [(FastJSON.Value, String)] {
            guard let v = raw(k) else { return [] }
            guard case .array(let a) = v else { throw Failure(description: "wrong type at \(sub(k)): expected an array") }
            return a.enumerated().map { ($0.element, "\(sub(k))[\($0.offset)]") }
        }
        func optStrings(_ k: String) throws -> [String]? {
            guard raw(k) != nil else { return nil }
            return try array(k).map { v, p in
                guard case .string(let s) = v else { throw Failure(description: "wrong type at \(p): expected a string") }
                return s
            }
        }
    }

    static func money(_ o: Obj) throws -> Money {
        let text = try o.string("amount")
        guard let amount = Money.parseAmount(text) else { throw Failure(description: "invalid value at \(o.sub("amount")): not a decimal amount: \(text)") }
        let m = Money(amount, try o.string("currency"))
        // The amount is storable by construction (parseAmount is the rule); only the code is left to check.
        guard Money.isCurrencyCode(m.currency) else {
            throw Failure(description: "invalid value at \(o.path): not an ISO 4217 currency code: \"\(m.currency)\"")
        }
        return m
    }

    static func readCase(_ v: FastJSON.Value, path: String = "") throws -> Case {
        let o = try Obj(v, path: path)
        var order: Order?
        if let oo = try o.optObj("order") {
            order = Order(id: try oo.string("id"), purchasedAt: try oo.optDate("purchasedAt"), shippedAt: try oo.optDate("shippedAt"),
                          deliveredAt: try oo.optDate("deliveredAt"),
                          tracking: try oo.optObj("tracking").map { Tracking(carrier: try $0.optString("carrier"), number: try $0.string("number")) },
                          items: try oo.array("items").map { v, p in
                              let io = try Obj(v, path: p)
                              return OrderItem(sku: try io.optString("sku"), asin: try io.optString("asin"), title: try io.optString("title"),
                                               quantity: try io.int("quantity", in: StoreLimits.quantity), price: try io.optObj("price").map(money))
                          }, status: try oo.optString("status"))
        }
        let bo = try o.optObj("buyer")
        guard let bo else { throw Failure(description: "missing field \(o.sub("buyer"))") }
        let buyer = Buyer(name: try bo.optString("name"), address: try bo.optString("address"), country: try bo.optString("country"),
                          timeZone: try bo.optString("timeZone"), language: try bo.optString("language"))
        let messages = try o.array("messages").map { v, p -> Message in
            let m = try Obj(v, path: p)
            return Message(sourceId: try m.string("sourceId"), direction: try m.enumValue("direction", Direction.self), at: try m.date("at"),
                           kind: try m.raw("kind") == nil ? nil : m.enumValue("kind", RequestKind.self), subject: try m.optString("subject"),
                           body: try m.string("body"), dueAt: try m.optDate("dueAt"),
                           attachments: try m.optStrings("attachments"), warnings: try m.optStrings("warnings"),
                           files: try m.raw("files") == nil ? nil : m.array("files").map { try attachmentFile(Obj($0, path: $1)) },
                           translation: try m.optObj("translation").map(translation))
        }
        let events = try o.array("events").map { v, p -> CaseEvent in
            let e = try Obj(v, path: p)
            return CaseEvent(try e.enumValue("type", EventType.self), at: try e.date("at"), messageId: try e.optString("messageId"),
                             from: try e.optString("from"), to: try e.optString("to"), text: try e.optString("text"),
                             offers: try e.optStrings("offers"),
                             amounts: try e.raw("amounts") == nil ? nil : e.array("amounts").map { try money(Obj($0, path: $1)) },
                             until: try e.optDate("until"),
                             undoes: try e.raw("undoes") == nil ? nil : e.array("undoes").map { v, p in
                                 guard case .number(let d) = v, d == d.rounded(), d >= 0, d < 1e9 else {
                                     throw Failure(description: "wrong type at \(p): expected an event position (a whole number)")
                                 }
                                 return Int(d)
                             }, by: try e.optString("by"))
        }
        guard o.raw("messages") != nil else { throw Failure(description: "missing field \(o.sub("messages"))") }
        guard o.raw("events") != nil else { throw Failure(description: "missing field \(o.sub("events"))") }
        var c = Case(id: try o.string("id"), channel: try o.enumValue("channel", Channel.self), marketplace: try o.optString("marketplace"),
                    kinds: try o.array("kinds").map { v, p in
                        guard case .string(let s) = v, let k = RequestKind(rawValue: s) else { throw Failure(description: "invalid value at \(p)") }
                        return k
                    },
                    category: try o.enumValue("category", Category.self), status: try o.enumValue("status", CaseStatus.self),
                    order: order, buyer: buyer, messages: messages, events: events, openedAt: try o.date("openedAt"),
                    updatedAt: try o.date("updatedAt"), snoozedUntil: try o.optDate("snoozedUntil"), threadKey: try o.optString("threadKey"),
                    suggestedCategory: try o.optObj("suggestedCategory").map { g in
                        let confidence = try g.double("confidence")
                        guard StoreLimits.confidence.contains(confidence) else {
                            throw Failure(description: "invalid value at \(g.sub("confidence")): \(confidence) is out of range (0…1)")
                        }
                        return SuggestedCategory(category: try g.enumValue("category", Category.self), confidence: confidence,
                                          cues: try g.optStrings("cues") ?? [])
                    },
                    heldAt: try o.optDate("heldAt"), purgedAt: try o.optDate("purgedAt"), purgedQuote: try o.optString("purgedQuote"),
                    pinnedQuote: try o.optObj("pinnedQuote").map(pinnedQuote),
                    purgedQuoteTranslation: try o.optString("purgedQuoteTranslation"))
        c.migrateLegacyNoResponse()
        return c
    }

    /// A message's cached `translation`, within `StoreLimits`.
    static func translation(_ o: Obj) throws -> MessageTranslation {
        let t = MessageTranslation(from: try o.string("from"), language: try o.string("language"), text: try o.string("text"), at: try o.date("at"))
        if let p = StoreLimits.translationProblems(t).first { throw Failure(description: "invalid value at \(o.sub(p.field)): \(p.message)") }
        return t
    }

    /// One of a message's `files`: a hash that names a store file must be one (it becomes a path).
    static func attachmentFile(_ o: Obj) throws -> AttachmentFile {
        let sha = try o.optString("sha256")
        if let sha, !AttachmentStore.isDigest(sha) { throw Failure(description: "invalid value at \(o.sub("sha256")): not a SHA-256 in hex") }
        var inline: Bool?
        if let v = o.raw("inline") {
            guard case .bool(let b) = v else { throw Failure(description: "wrong type at \(o.sub("inline")): expected true or false") }
            inline = b
        }
        return AttachmentFile(name: try o.optString("name"), type: try o.string("type"), size: try o.int("size", in: 0...Int(Int32.max)),
                              sha256: sha, leftIn: try o.optString("leftIn"),
                              part: try o.raw("part") == nil ? nil : o.int("part", in: 0...AttachmentFile.maxPart), inline: inline)
    }

    /// `pinnedQuote` of a case (and of its facts line), within `StoreLimits`.
    static func pinnedQuote(_ q: Obj) throws -> PinnedQuote {
        let p = PinnedQuote(text: try q.string("text"), language: try q.optString("language"),
                            translation: try q.optString("translation"), at: try q.date("at"))
        if let bad = StoreLimits.pinnedQuoteProblems(p).first { throw Failure(description: "invalid value at \(q.sub(bad.field)): \(bad.message)") }
        return p
    }

    /// One store line holding a case.
    static func decodeCase(_ data: Data) throws -> Case {
        try readCase(try parse(data))
    }

    static func parse(_ data: Data) throws -> FastJSON.Value {
        do { return try FastJSON.parse(data) } catch let e as FastJSON.ParseError {
            throw Failure(description: "invalid JSON at byte \(e.offset + 1): \(e.reason)")
        }
    }

    /// One history line: `{"seq", "case"}`.
    static func decodeHistory(_ data: Data) throws -> HistoryRecord {
        let o = try Obj(try parse(data), path: "")
        return HistoryRecord(seq: try o.int("seq"), case: try readCase(try o.need("case"), path: "case"))
    }

    /// The first line of `active.jsonl`.
    static func decodeHeader(_ data: Data) throws -> SnapshotHeader {
        let o = try Obj(try parse(data), path: "")
        return SnapshotHeader(schemaVersion: try o.int("schemaVersion"), seq: try o.int("seq"), nextNumber: try o.int("nextNumber"),
                             retirement: try o.optString("retirement"))
    }

    /// One journal line: `{"seq", "nextNumber", "cases": [...]}`.
    static func decodeJournal(_ data: Data) throws -> JournalRecord {
        let o = try Obj(try parse(data), path: "")
        guard o.raw("cases") != nil else { throw Failure(description: "missing field cases") }
        return JournalRecord(seq: try o.int("seq"), nextNumber: try o.int("nextNumber"),
                             cases: try o.array("cases").map { try readCase($0, path: $1) })
    }
}
