import Foundation
import KefuBase
import KefuModel

/// The generic import schema: one JSON object per line, each one inbound message (see README).
/// Every line is checked field by field so that one run reports every problem of a file.
public enum JSONLImport {
    public struct Parsed: Sendable {
        public var messages: [InboundMessage] = []
        public var problems: [ImportProblem] = []
    }

    public static func parse(_ data: Data, file: String) -> Parsed {
        var lines: [(Int, Data)] = []
        var lineNo = 0
        for raw in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNo += 1
            var line = raw
            if line.last == 0x0D { line = line.dropLast() }
            if lineNo == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) } // BOM
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            lines.append((lineNo, Data(line)))
        }
        // Lines are independent: check them on every core, then merge in file order.
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, lines.count / 500))
        let work = lines
        let slots = ResultSlots<Parsed>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            var out = Parsed()
            for (n, line) in work[(work.count * k / chunks)..<(work.count * (k + 1) / chunks)] {
                switch parseLine(line) {
                case .success(let m): out.messages.append(m)
                case .failure(let errors):
                    out.problems += errors.list.map { ImportProblem(file: file, line: n, field: $0.field, message: $0.message) }
                }
            }
            slots.set(k, out)
        }
        var all = Parsed()
        for part in slots.values { all.messages += part?.messages ?? []; all.problems += part?.problems ?? [] }
        return all
    }

    struct FieldError: Error { var field: String?; var message: String }
    struct FieldErrors: Error { var list: [FieldError] }

    static func parseLine(_ data: Data) -> Result<InboundMessage, FieldErrors> {
        guard String(data: data, encoding: .utf8) != nil else {
            return .failure(FieldErrors(list: [FieldError(field: nil, message: "not valid UTF-8")]))
        }
        let any: Any
        do { any = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            return .failure(FieldErrors(list: [FieldError(field: nil, message: "not valid JSON")]))
        }
        guard let obj = any as? [String: Any] else {
            return .failure(FieldErrors(list: [FieldError(field: nil, message: "expected a JSON object")]))
        }
        var f = Fields(obj: obj)
        let messageId = f.string("messageId", required: true)
        let channel = f.enumValue("channel", Channel.self, required: true)
        let marketplace = f.string("marketplace")
        let kind = f.enumValue("kind", RequestKind.self, required: true)
        let receivedAt = f.date("receivedAt", required: true)
        let orderId = f.string("orderId")
        let subject = f.string("subject")
        let body = f.string("body", required: true, allowEmpty: true)
        let dueAt = f.date("dueAt")
        let category = f.enumValue("category", Category.self)
        var from = Buyer()
        if let fromObj = f.object("from") {
            var g = Fields(obj: fromObj, prefix: "from.")
            from = Buyer(name: g.string("name"), address: g.string("address"), country: g.string("country"),
                         timeZone: g.string("timeZone"), language: g.string("language"))
            if let tz = from.timeZone, TimeZone(identifier: tz) == nil { g.fail("timeZone", "unknown time zone \(QuotedValue.quoted(tz))") }
            f.errors += g.errors
        }
        var items: [OrderItem] = []
        for (i, itemObj) in f.objects("items").enumerated() {
            var g = Fields(obj: itemObj, prefix: "items[\(i)].")
            let qty = g.int("quantity") ?? 1
            if qty < 1 { g.fail("quantity", "must be 1 or more") }
            var price: Money?
            let currency = g.string("currency")
            if let p = g.decimal("price") {
                if let c = currency {
                    if Money.isCurrencyCode(c) { price = Money(p, c) } else { g.fail("currency", "not an ISO 4217 code: \(QuotedValue.quoted(c))") }
                } else { g.fail("currency", "required with price") }
            }
            items.append(OrderItem(sku: g.string("sku"), asin: g.string("asin"), title: g.string("title"), quantity: qty, price: price))
            f.errors += g.errors
        }
        guard f.errors.isEmpty, let messageId, let channel, let kind, let receivedAt, let body else {
            return .failure(FieldErrors(list: f.errors))
        }
        let m = InboundMessage(messageId: messageId, channel: channel, marketplace: marketplace?.lowercased(), kind: kind,
                               receivedAt: receivedAt, orderId: orderId, from: from, subject: subject, body: body,
                               items: items, dueAt: dueAt, category: category)
        // The store's own limits: a line the store could not read back is refused here, naming the field.
        let outOfRange = StoreLimits.problems(m)
        guard outOfRange.isEmpty else { return .failure(FieldErrors(list: outOfRange.map { FieldError(field: $0.field, message: $0.message) })) }
        return .success(m)
    }

    /// Typed field access that records one error per bad field instead of stopping at the first.
    struct Fields {
        let obj: [String: Any]
        var prefix = ""
        var errors: [FieldError] = []

        mutating func fail(_ key: String, _ message: String) { errors.append(FieldError(field: prefix + key, message: message)) }

        mutating func present(_ key: String, required: Bool) -> Any? {
            guard let v = obj[key], !(v is NSNull) else {
                if required { fail(key, "required") }
                return nil
            }
            return v
        }

        mutating func string(_ key: String, required: Bool = false, allowEmpty: Bool = false) -> String? {
            guard let v = present(key, required: required) else { return nil }
            guard let s = v as? String else { fail(key, "expected a string"); return nil }
            if s.isEmpty && !allowEmpty { if required { fail(key, "must not be empty") }; return nil }
            return s
        }

        mutating func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type, required: Bool = false) -> E? where E.RawValue == String {
            guard let s = string(key, required: required) else { return nil }
            guard let e = E(rawValue: s) else {
                fail(key, "unknown value \(QuotedValue.quoted(s)) (one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            return e
        }

        mutating func date(_ key: String, required: Bool = false) -> Date? {
            guard let s = string(key, required: required) else { return nil }
            guard let d = ISO8601.parse(s) else { fail(key, "not an ISO 8601 time with a zone: \(QuotedValue.quoted(s))"); return nil }
            return d
        }

        mutating func int(_ key: String) -> Int? {
            guard let v = present(key, required: false) else { return nil }
            guard type(of: v) != Bool.self, let n = v as? NSNumber, n.doubleValue == n.doubleValue.rounded() else {
                fail(key, "expected a whole number"); return nil
            }
            // Beyond 2^53 a JSON number is no longer exact (and `intValue` would wrap).
            guard abs(n.doubleValue) < 9_007_199_254_740_992 else { fail(key, "\(n) is out of range"); return nil }
            return n.intValue
        }

        mutating func decimal(_ key: String) -> Decimal? {
            guard let v = present(key, required: false) else { return nil }
            guard let s = v as? String else { fail(key, "expected a decimal string like \"12.50\" (numbers lose cents)"); return nil }
            guard let d = Money.parseAmount(s) else { fail(key, "not a decimal amount: \(QuotedValue.quoted(s))"); return nil }
            return d
        }

        mutating func object(_ key: String) -> [String: Any]? {
            guard let v = present(key, required: false) else { return nil }
            guard let o = v as? [String: Any] else { fail(key, "expected an object"); return nil }
            return o
        }

        mutating func objects(_ key: String) -> [[String: Any]] {
            guard let v = present(key, required: false) else { return [] }
            guard let a = v as? [Any] else { fail(key, "expected an array"); return [] }
            var out: [[String: Any]] = []
            for (i, e) in a.enumerated() {
                if let o = e as? [String: Any] { out.append(o) } else { fail("\(key)[\(i)]", "expected an object") }
            }
            return out
        }
    }
}
