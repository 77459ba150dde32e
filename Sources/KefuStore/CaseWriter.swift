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
    /// `newline`: the journal line's newline too (added here, not by copying the record again).
    static func data(_ r: JournalRecord, newline: Bool = false, caseRanges: inout [Range<Int>]) -> Data? {
        guard let parts = casesJSON(r.cases) else { return nil }
        return record(parts, seq: r.seq, nextNumber: r.nextNumber, newline: newline, caseRanges: &caseRanges)
    }

    /// Cases written one after another, comma-separated, a slice each (`ranges`: where each case lies).
    typealias Part = (bytes: [UInt8], ranges: [Range<Int>])

    /// The cases' JSON: many are written on every core, a slice each, joined only into the record.
    /// Needs nothing of the store: an import encodes a batch here while it files the next.
    static func casesJSON(_ cases: [Case]) -> [Part]? {
        let parts = inChunks(cases.count, minimum: 256) { range -> Part? in
            let slice = cases[range]
            var w = JSONBytes(capacity: 2048 * slice.count)
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(slice.count)
            for c in slice {
                let start = w.bytes.count
                guard (try? write(c, to: &w)) != nil else { return nil }   // JSONEncoder writes the record
                ranges.append((w.bytes[start] == 0x2C ? start + 1 : start)..<w.bytes.count)   // after the comma
            }
            return (w.bytes, ranges)
        }
        return parts.allSatisfy { $0 != nil } ? parts.map { $0! } : nil
    }

    /// A journal record around the parts `casesJSON` wrote, as JSONEncoder writes it: one buffer,
    /// each part copied once (a batch is megabytes; every copy is a page fault per 4 KB).
    static func record(_ parts: [Part], seq: Int, nextNumber: Int, newline: Bool = false, caseRanges: inout [Range<Int>]) -> Data {
        let head = Array(#"{"cases":["#.utf8)
        var tail = Array("],\"nextNumber\":\(nextNumber),\"seq\":\(seq)}".utf8)
        if newline { tail.append(0x0A) }
        var data = Data(capacity: parts.reduce(head.count + tail.count) { $0 + $1.bytes.count + 1 })
        data.append(contentsOf: head)
        caseRanges.removeAll(keepingCapacity: true)
        for part in parts where !part.bytes.isEmpty {
            if data.count > head.count { data.append(0x2C) }
            let at = data.count
            data.append(contentsOf: part.bytes)
            caseRanges += part.ranges.map { ($0.lowerBound + at)..<($0.upperBound + at) }
        }
        data.append(contentsOf: tail)
        return data
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
