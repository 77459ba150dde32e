import Foundation
import KefuBase
import KefuModel
import KefuCategories
import KefuStore

/// The generic import schema: one JSON object per line, each one inbound message (see README).
/// Every line is checked field by field so that one run reports every problem of a file.
public enum JSONLImport {
    public struct Parsed: Sendable {
        public var messages: [InboundMessage] = []
        public var problems: [ImportProblem] = []
    }

    /// A line may hold at most this much (a message body of megabytes is already far beyond mail):
    /// a longer one is refused by number without being read into memory.
    public static let maxLineBytes = 8 << 20

    /// Every line of `data` (a file already in memory: tests, small inputs).
    public static func parse(_ data: Data, file: String) -> Parsed {
        let lines = LineBatches(data: data, maxLineBytes: maxLineBytes)
        var all = Parsed()
        // Reading from memory cannot fail.
        while let batch = try? lines.next(maxLines: batchLines, maxBytes: batchBytes) {
            let part = parse(batch, file: file)
            all.messages += part.messages; all.problems += part.problems
        }
        return all
    }

    /// Lines parsed and filed together: what the import holds at a time. Several batches are in
    /// flight at once (checked, decoded, filed, encoded); at 1,000 lines a 100,000-line import peaks
    /// near 80 MB, at 2,000 near 95 MB, for the same time.
    public static let batchLines = 1000
    static let batchBytes = 4 << 20

    /// Reads `path` a batch of lines at a time (never the whole file) and hands each batch's
    /// messages and problems to `body`, in file order. Problems name `file` (default: `path`).
    public static func read(path: String, file: String? = nil, _ body: (Parsed) throws -> Void) throws {
        let (lines, close) = try LineBatches.open(path: path, maxLineBytes: maxLineBytes)
        defer { close() }
        while let batch = try lines.next(maxLines: batchLines, maxBytes: batchBytes) { try body(parse(batch, file: file ?? path)) }
    }

    /// Lines are independent: checked on every core, merged in file order. `suggest`: also guess the
    /// category of messages that name none (pure, so done here in parallel; not needed to check a file).
    static func parse(_ batch: LineBatches.Batch, file: String, suggest: Bool = true) -> Parsed {
        var out = Parsed()
        for (n, size) in batch.tooLong {
            out.problems.append(ImportProblem(file: file, line: n, field: nil, message: "longer than \(maxLineBytes >> 20) MB (\(size) bytes): refused"))
        }
        let lines = batch.lines
        // A few chunks a core: a thread that the machine's other work holds up leaves less behind.
        let bytes = batch.bytes
        let parts = inChunks(lines.count, minimum: 64, perCore: 4) { chunk in
            var part = Parsed()
            bytes.withUnsafeBufferPointer { bytes in
                for (n, range) in lines[chunk] {
                    switch parseLine(UnsafeBufferPointer(rebasing: bytes[range])) {
                    case .success(var m):
                        if suggest { suggestCategory(&m) }
                        part.messages.append(m)
                    case .failure(let errors):
                        part.problems += errors.list.map { ImportProblem(file: file, line: n, field: $0.field, message: $0.message) }
                    }
                }
            }
            return part
        }
        for part in parts { out.messages += part.messages; out.problems += part.problems }
        if !batch.tooLong.isEmpty { out.problems.sort { $0.line < $1.line } }
        return out
    }

    /// Guesses the category of a message that names none. Pure, so made where messages are parsed or
    /// decoded, in parallel, rather than one by one when filing.
    static func suggestCategory(_ m: inout InboundMessage) {
        if m.category == nil { m.suggested = SuggestedCategory(CategorySuggester.suggest(text: m.body, subject: m.subject ?? "")) }
    }

    struct FieldError: Error { var field: String?; var message: String }
    struct FieldErrors: Error { var list: [FieldError] }

    static func parseLine(_ data: Data) -> Result<InboundMessage, FieldErrors> {
        data.withUnsafeBytes { parseLine($0.bindMemory(to: UInt8.self)) }
    }

    static func parseLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<InboundMessage, FieldErrors> {
        // The reader refuses bad UTF-8 in strings rather than repairing it (and beyond ASCII outside
        // strings is not JSON): a line it reads is valid UTF-8. One it refuses is named for bad UTF-8
        // first, JSON or not.
        let value: FastJSON.Value
        do { value = try FastJSON.parse(bytes, strictUTF8: true) } catch {
            let utf8 = !bytes.contains(where: { $0 >= 0x80 }) || String(validUTF8: bytes) != nil
            return .failure(FieldErrors(list: [FieldError(field: nil, message: utf8 ? "not valid JSON" : "not valid UTF-8")]))
        }
        guard case .object(let obj) = value else {
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
        typealias Object = [(String, FastJSON.Value)]
        let obj: Object
        var prefix = ""
        var errors: [FieldError] = []

        mutating func fail(_ key: String, _ message: String) { errors.append(FieldError(field: prefix + key, message: message)) }

        mutating func present(_ key: String, required: Bool) -> FastJSON.Value? {
            // A key given twice: the last one counts, as in a dictionary built from the line.
            guard let v = obj.last(where: { $0.0 == key })?.1, !v.isNull else {
                if required { fail(key, "required") }
                return nil
            }
            return v
        }

        mutating func string(_ key: String, required: Bool = false, allowEmpty: Bool = false) -> String? {
            guard let v = present(key, required: required) else { return nil }
            guard case .string(let s) = v else { fail(key, "expected a string"); return nil }
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
            guard case .number(let n) = v, n == n.rounded() else { fail(key, "expected a whole number"); return nil }
            // Beyond 2^53 a JSON number is no longer exact (and the conversion would trap).
            guard abs(n) < 9_007_199_254_740_992 else { fail(key, "\(abs(n) < 1e18 ? String(Int64(n)) : "\(n)") is out of range"); return nil }
            return Int(n)
        }

        mutating func decimal(_ key: String) -> Decimal? {
            guard let v = present(key, required: false) else { return nil }
            guard case .string(let s) = v else { fail(key, "expected a decimal string like \"12.50\" (numbers lose cents)"); return nil }
            guard let d = Money.parseAmount(s) else { fail(key, "not a decimal amount: \(QuotedValue.quoted(s))"); return nil }
            return d
        }

        mutating func object(_ key: String) -> Object? {
            guard let v = present(key, required: false) else { return nil }
            guard case .object(let o) = v else { fail(key, "expected an object"); return nil }
            return o
        }

        mutating func objects(_ key: String) -> [Object] {
            guard let v = present(key, required: false) else { return [] }
            guard case .array(let a) = v else { fail(key, "expected an array"); return [] }
            var out: [Object] = []
            for (i, e) in a.enumerated() {
                if case .object(let o) = e { out.append(o) } else { fail("\(key)[\(i)]", "expected an object") }
            }
            return out
        }
    }
}

private extension FastJSON.Value {
    var isNull: Bool { if case .null = self { return true } else { return false } }
}
