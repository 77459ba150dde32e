import Foundation
import KefuModel
import KefuStore

public enum OrderReportFormat: String, CaseIterable, Sendable {
    case amazon, shopify, ebay
}

/// Reads an order report (Amazon All Orders, Shopify orders export, eBay Seller Hub orders) into orders.
/// The format is told by the header; columns are found by name, so added, dropped or reordered columns
/// do not matter. Every bad field is a problem at `file:line: column`; an order with any bad row is
/// left out whole, so `--skip-invalid` never imports half an order.
public enum OrderReport {
    public struct Parsed: Sendable {
        public var format: OrderReportFormat?
        /// The orders none of whose rows had a problem, in the order they first appear.
        public var orders: [ImportedOrder] = []
        /// Problems that reject the file.
        public var problems: [ImportProblem] = []
        /// Things worth knowing that reject nothing (a replaced invalid UTF-8 byte, an unknown country).
        public var warnings: [ImportProblem] = []
        /// Data rows read, and how many had a problem.
        public var rows = 0
        public var badRows = 0
        /// Orders left out because a row of theirs had a problem.
        public var skippedOrders = 0
    }

    /// Header rows looked at for eBay's preamble.
    static let preambleLimit = 30

    public static func parse(_ data: Data, file: String, format forced: OrderReportFormat? = nil,
                             progress: ((Int) -> Void)? = nil) -> Parsed {
        var out = Parsed()
        let bytes = [UInt8](data)
        func fail(_ line: Int, _ message: String) -> Parsed {
            out.problems.append(ImportProblem(file: file, line: line, field: nil, message: message))
            return out
        }
        if let p = DelimitedText.encodingProblem(bytes) { return fail(p.line, p.message) }
        // Progress is in bytes of the file: splitting counts for the first half, reading rows the second.
        let half = bytes.count / 2
        let text = DelimitedText.parse(bytes, separator: DelimitedText.guessSeparator(bytes), progress: progress.map { p in { p($0 / 2) } })
        let records = text.records.filter { !$0.isBlank }
        guard let first = records.first else {
            return fail(text.problems.first?.line ?? 1, text.problems.first?.message ?? "empty file: no header row, not an order report")
        }
        guard let (format, headerIndex) = findHeader(records, forced: forced) else {
            return fail(first.line, forced.map { "not \($0 == .amazon ? "an" : "a") \($0.rawValue) order report: no header row with \(signature($0))" }
                ?? "not an order report: no header row with the columns of a known format (Amazon: \(signature(.amazon)); Shopify: \(signature(.shopify)); eBay: \(signature(.ebay)))")
        }
        out.format = format
        let header = records[headerIndex].fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var columns: [String: Int] = [:]
        for (i, name) in header.enumerated() where columns[name.lowercased()] == nil { columns[name.lowercased()] = i }
        let idColumn = columns[idColumnName(format).lowercased()]!

        var byKey: [String: ImportedOrder] = [:]
        var keys: [String] = []
        var badKeys = Set<String>()
        var currencies: [String: String] = [:]
        // Problems of the text itself (an unterminated quote) come first, at their own lines.
        out.problems += text.problems.map { ImportProblem(file: file, line: $0.line, field: nil, message: $0.message) }

        let dataRecords = records[(headerIndex + 1)...]
        for (k, record) in dataRecords.enumerated() {
            if k % 4096 == 0 { progress?(half + half * k / dataRecords.count) }
            if format == .ebay, EbayOrders.isFooter(record.fields) { break }
            out.rows += 1
            let rawId = idColumn < record.fields.count ? record.fields[idColumn].trimmingCharacters(in: .whitespaces) : ""
            let channel = channel(format)
            if record.broken {
                // Its problem is already listed (from the text); only its order must be left out.
                out.badRows += 1
                if !rawId.isEmpty { badKeys.insert(ImportedOrder.key(channel: channel, orderId: rawId)) }
                continue
            }
            guard record.fields.count == header.count else {
                let message = "\(record.fields.count) fields where the header has \(header.count)"
                let field = record.fields.count < header.count ? header[record.fields.count] : nil
                out.problems.append(ImportProblem(file: file, line: record.line, field: field,
                                                  message: field == nil ? message : message + " (this column and those after it are missing)"))
                out.badRows += 1
                if !rawId.isEmpty { badKeys.insert(ImportedOrder.key(channel: channel, orderId: rawId)) }
                continue
            }
            var row = ReportRow(file: file, record: record, header: header, columns: columns)
            let order: ImportedOrder?
            switch format {
            case .amazon: order = AmazonOrders.read(&row)
            case .shopify: order = ShopifyOrders.read(&row, currencies: &currencies)
            case .ebay: order = EbayOrders.read(&row)
            }
            out.warnings += row.warnings
            guard let order, row.problems.isEmpty else {
                out.problems += row.problems
                out.badRows += 1
                if !rawId.isEmpty { badKeys.insert(ImportedOrder.key(channel: channel, orderId: rawId)) }
                continue
            }
            if byKey[order.key] == nil { keys.append(order.key); byKey[order.key] = order } else { byKey[order.key]!.absorb(order) }
        }
        progress?(bytes.count)
        out.orders = keys.filter { !badKeys.contains($0) }.map { byKey[$0]! }
        out.skippedOrders = keys.count - out.orders.count + badKeys.subtracting(keys).count
        return out
    }

    static func channel(_ f: OrderReportFormat) -> Channel {
        switch f { case .amazon: return .amazon; case .shopify: return .shop; case .ebay: return .ebay }
    }

    static func idColumnName(_ f: OrderReportFormat) -> String {
        switch f { case .amazon: return AmazonOrders.idColumn; case .shopify: return ShopifyOrders.idColumn; case .ebay: return EbayOrders.idColumn }
    }

    /// The header names that identify each format (lowercase).
    static func signatureColumns(_ f: OrderReportFormat) -> [String] {
        switch f {
        case .amazon: return ["amazon-order-id"]
        case .shopify: return ["name", "lineitem name"]
        case .ebay: return ["order number", "item number"]
        }
    }

    static func signature(_ f: OrderReportFormat) -> String {
        switch f {
        case .amazon: return "amazon-order-id"
        case .shopify: return "Name and Lineitem name"
        case .ebay: return "Order Number and Item Number"
        }
    }

    /// Amazon's and Shopify's header is the first row; eBay's may follow a few preamble rows.
    static func findHeader(_ records: [DelimitedText.Record], forced: OrderReportFormat?) -> (OrderReportFormat, Int)? {
        for (i, r) in records.prefix(preambleLimit).enumerated() {
            let names = Set(r.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            for f in forced.map({ [$0] }) ?? OrderReportFormat.allCases where i == 0 || f == .ebay {
                if signatureColumns(f).allSatisfy(names.contains) { return (f, i) }
            }
        }
        return nil
    }
}
