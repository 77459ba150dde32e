import Foundation
import KefuBase
import KefuModel

/// Writes cases (and the records that wrap them) as the bytes `KefuJSON.encoder()` produces, several
/// times faster: the counterpart of `CaseReader`. Keys go in byte order (what `.sortedKeys` gives) and
/// nil optionals are left out, as the synthesized Codable does. A test compares the bytes with
/// JSONEncoder's on random hostile cases; a change to a model type must be made here too (a test
/// counts each type's stored properties against `fieldsWritten`).
enum CaseWriter {
    /// The stored properties written of each type, by type name.
    static let fieldsWritten: [String: Int] = [
        "Case": 20, "Buyer": 5, "Order": 7, "OrderItem": 5, "Tracking": 2, "Money": 2, "Message": 11,
        "AttachmentFile": 7, "MessageTranslation": 4, "CaseEvent": 11, "SuggestedCategory": 3, "PinnedQuote": 4,
    ]

    /// The case's JSON, or nil when only JSONEncoder can write it (see `JSONBytes.Unsupported`).
    static func data(_ c: Case) -> Data? {
        var w = JSONBytes(capacity: 2048)
        guard (try? write(c, to: &w)) != nil else { return nil }
        return Data(w.bytes)
    }

    static func data(_ r: JournalRecord) -> Data? {
        var ranges: [Range<Int>] = []
        return data(r, caseRanges: &ranges)
    }

    /// The record's JSON, and where each case's own JSON lies in it (the bytes `data(case)` gives).
    static func data(_ r: JournalRecord, caseRanges: inout [Range<Int>]) -> Data? {
        guard let cases = casesJSON(r.cases) else { return nil }
        return record(cases, seq: r.seq, nextNumber: r.nextNumber, caseRanges: &caseRanges)
    }

    /// The cases written one after another, comma-separated (a journal record's `cases` array without
    /// its brackets), and where each one lies. Many cases are written on every core, a slice each, and
    /// joined in order. Needs nothing of the store: an import encodes a batch here while it files the next.
    static func casesJSON(_ cases: [Case]) -> (bytes: [UInt8], ranges: [Range<Int>])? {
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, cases.count / 256))
        let slots = ResultSlots<(bytes: [UInt8], ranges: [Range<Int>])>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            let slice = cases[(cases.count * k / chunks)..<(cases.count * (k + 1) / chunks)]
            var w = JSONBytes(capacity: 2048 * slice.count)
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(slice.count)
            for c in slice {
                let start = w.bytes.count
                guard (try? write(c, to: &w)) != nil else { return }   // the slot stays empty: JSONEncoder writes the record
                ranges.append((w.bytes[start] == 0x2C ? start + 1 : start)..<w.bytes.count)   // after the comma
            }
            slots.set(k, (w.bytes, ranges))
        }
        let parts = slots.values
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        var w = JSONBytes(capacity: parts.reduce(0) { $0 + $1!.bytes.count + 1 })
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(cases.count)
        for part in parts where !part!.bytes.isEmpty {
            let at = w.raw(part!.bytes)
            ranges += part!.ranges.map { ($0.lowerBound + at)..<($0.upperBound + at) }
        }
        return (w.bytes, ranges)
    }

    /// A journal record around cases `casesJSON` wrote, as JSONEncoder writes it.
    static func record(_ cases: (bytes: [UInt8], ranges: [Range<Int>]), seq: Int, nextNumber: Int, caseRanges: inout [Range<Int>]) -> Data {
        var w = JSONBytes(capacity: cases.bytes.count + 64)
        w.openObject()
        w.key("cases"); w.openArray()
        let at = w.bytes.count
        if !cases.bytes.isEmpty { w.raw(cases.bytes) }
        caseRanges = cases.ranges.map { ($0.lowerBound + at)..<($0.upperBound + at) }
        w.closeArray()
        w.key("nextNumber"); w.int(nextNumber)
        w.key("seq"); w.int(seq)
        w.closeObject()
        return Data(w.bytes)
    }

    static func data(_ r: HistoryRecord) -> Data? {
        var w = JSONBytes(capacity: 2048)
        do {
            w.openObject()
            w.key("case"); try write(r.case, to: &w)
            w.key("seq"); w.int(r.seq)
            w.closeObject()
        } catch { return nil }
        return Data(w.bytes)
    }

    static func write(_ c: Case, to w: inout JSONBytes) throws {
        w.openObject()
        w.key("buyer"); write(c.buyer, to: &w)
        w.key("category"); w.string(c.category.rawValue)
        w.key("channel"); w.string(c.channel.rawValue)
        w.key("events"); w.openArray(); for e in c.events { write(e, to: &w) }; w.closeArray()
        w.date("heldAt", c.heldAt)
        w.key("id"); w.string(c.id)
        w.key("kinds"); w.openArray(); for k in c.kinds { w.string(k.rawValue) }; w.closeArray()
        w.string("marketplace", c.marketplace)
        w.key("messages"); w.openArray(); for m in c.messages { write(m, to: &w) }; w.closeArray()
        w.key("openedAt"); w.date(c.openedAt)
        if let o = c.order { w.key("order"); write(o, to: &w) }
        if let q = c.pinnedQuote {
            w.key("pinnedQuote"); w.openObject()
            w.key("at"); w.date(q.at)
            w.string("language", q.language)
            w.key("text"); w.string(q.text)
            w.string("translation", q.translation)
            w.closeObject()
        }
        w.date("purgedAt", c.purgedAt)
        w.string("purgedQuote", c.purgedQuote)
        w.string("purgedQuoteTranslation", c.purgedQuoteTranslation)
        w.date("snoozedUntil", c.snoozedUntil)
        w.key("status"); w.string(c.status.rawValue)
        if let s = c.suggestedCategory {
            w.key("suggestedCategory"); w.openObject()
            w.key("category"); w.string(s.category.rawValue)
            w.key("confidence"); try w.double(s.confidence)
            w.key("cues"); w.strings(s.cues)
            w.closeObject()
        }
        w.string("threadKey", c.threadKey)
        w.key("updatedAt"); w.date(c.updatedAt)
        w.closeObject()
    }

    private static func write(_ b: Buyer, to w: inout JSONBytes) {
        w.openObject()
        w.string("address", b.address)
        w.string("country", b.country)
        w.string("language", b.language)
        w.string("name", b.name)
        w.string("timeZone", b.timeZone)
        w.closeObject()
    }

    private static func write(_ m: Money, to w: inout JSONBytes) {
        w.openObject()
        w.key("amount"); w.decimal(m.amount)
        w.key("currency"); w.string(m.currency)
        w.closeObject()
    }

    private static func write(_ e: CaseEvent, to w: inout JSONBytes) {
        w.openObject()
        if let a = e.amounts { w.key("amounts"); w.openArray(); for m in a { write(m, to: &w) }; w.closeArray() }
        w.key("at"); w.date(e.at)
        w.string("by", e.by)
        w.string("from", e.from)
        w.string("messageId", e.messageId)
        w.strings("offers", e.offers)
        w.string("text", e.text)
        w.string("to", e.to)
        w.key("type"); w.string(e.type.rawValue)
        if let u = e.undoes { w.key("undoes"); w.openArray(); for n in u { w.int(n) }; w.closeArray() }
        w.date("until", e.until)
        w.closeObject()
    }

    private static func write(_ m: Message, to w: inout JSONBytes) {
        w.openObject()
        w.key("at"); w.date(m.at)
        w.strings("attachments", m.attachments)
        w.key("body"); w.string(m.body)
        w.key("direction"); w.string(m.direction.rawValue)
        w.date("dueAt", m.dueAt)
        if let files = m.files { w.key("files"); w.openArray(); for f in files { write(f, to: &w) }; w.closeArray() }
        w.string("kind", m.kind?.rawValue)
        w.key("sourceId"); w.string(m.sourceId)
        w.string("subject", m.subject)
        if let t = m.translation {
            w.key("translation"); w.openObject()
            w.key("at"); w.date(t.at)
            w.key("from"); w.string(t.from)
            w.key("language"); w.string(t.language)
            w.key("text"); w.string(t.text)
            w.closeObject()
        }
        w.strings("warnings", m.warnings)
        w.closeObject()
    }

    private static func write(_ f: AttachmentFile, to w: inout JSONBytes) {
        w.openObject()
        if let i = f.inline { w.key("inline"); w.bool(i) }
        w.string("leftIn", f.leftIn)
        w.string("name", f.name)
        w.int("part", f.part)
        w.string("sha256", f.sha256)
        w.key("size"); w.int(f.size)
        w.key("type"); w.string(f.type)
        w.closeObject()
    }

    private static func write(_ o: Order, to w: inout JSONBytes) {
        w.openObject()
        w.date("deliveredAt", o.deliveredAt)
        w.key("id"); w.string(o.id)
        w.key("items"); w.openArray()
        for i in o.items {
            w.openObject()
            w.string("asin", i.asin)
            if let p = i.price { w.key("price"); write(p, to: &w) }
            w.key("quantity"); w.int(i.quantity)
            w.string("sku", i.sku)
            w.string("title", i.title)
            w.closeObject()
        }
        w.closeArray()
        w.date("purchasedAt", o.purchasedAt)
        w.date("shippedAt", o.shippedAt)
        w.string("status", o.status)
        if let t = o.tracking {
            w.key("tracking"); w.openObject()
            w.string("carrier", t.carrier)
            w.key("number"); w.string(t.number)
            w.closeObject()
        }
        w.closeObject()
    }
}
