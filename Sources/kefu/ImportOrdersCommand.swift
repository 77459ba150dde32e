import ArgumentParser
import Foundation
import KefuBase
import KefuStore
import KefuImport
import KefuModel
import KefuPostgresStore

struct ImportOrders: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Import order reports: Amazon All Orders (TSV), Shopify orders export, eBay Seller Hub orders (CSV).",
        discussion: """
            Orders go to the store's order book and fill the cases with the same channel and order id (items, \
            prices, dates, tracking, the buyer's country and time zone). A file with a bad row is rejected whole \
            and every problem is reported as FILE:LINE: column: reason; --skip-invalid imports the orders whose \
            rows are all good. Re-importing a file changes nothing.
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Report format: auto, amazon, shopify, ebay.") var format: String = "auto"
    @Flag(help: "Import the good orders of a file that has bad rows.") var skipInvalid = false
    @Argument(help: "Report files to import.") var files: [String]

    func run() throws {
        let forced: OrderReportFormat?
        if format == "auto" { forced = nil } else {
            guard let f = OrderReportFormat(rawValue: format) else {
                throw KefuError.usage("--format: unknown format \"\(format)\" (one of: auto, amazon, shopify, ebay)")
            }
            forced = f
        }
        let now = try Now.fromEnvironment()()
        // Read and check every file before touching the store.
        var inputs: [(String, Data)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw KefuError.data("\(file): cannot read") }
            inputs.append((file, data))
        }
        let bar = ProgressBar(total: inputs.reduce(0) { $0 + $1.1.count }, label: "importing orders")
        var accepted: [ImportedOrder] = []
        var errorsByFile: [(String, Int, Bool)] = []
        var rejected = 0
        var done = 0
        for (file, data) in inputs {
            let parsed = OrderReport.parse(data, file: file, format: forced, progress: { bar.set(done + $0) })
            done += data.count
            bar.finish()
            for w in parsed.warnings { Output.error("kefu: warning: \(w)") }
            for p in parsed.problems { Output.error("kefu: \(p)") }
            let bad = max(parsed.badRows, parsed.problems.isEmpty ? 0 : 1)
            if parsed.problems.isEmpty || (skipInvalid && parsed.format != nil) {
                accepted += parsed.orders
                if bad > 0 { errorsByFile.append((file, bad, false)) }
            } else {
                rejected += 1
                errorsByFile.append((file, bad, true))
                Output.error("kefu: \(file): rejected" + (parsed.format == nil ? "" : ": \(bad) bad row(s)")
                         + "; nothing imported from it" + (parsed.format == nil ? "" : " (--skip-invalid imports the good orders)"))
            }
        }
        var merge = OrderBook.MergeSummary()
        var filled = 0
        if !accepted.isEmpty, let pg = try storeOptions.openPostgres(now: now) {
            defer { pg.close(now: now) }
            let (m, book) = try pg.mergeOrders(accepted)
            // The join is the directory store's (`OrderJoin`), onto the open cases as this agent sees them.
            var changed: [Case] = []
            for var c in pg.openCases {
                guard let id = c.order?.id, let order = book[ImportedOrder.key(channel: c.channel, orderId: id)] else { continue }
                if OrderJoin.apply(order, to: &c) { changed.append(c) }
            }
            try pg.save(changed, keepIfUnwritten: false)
            (merge, filled) = (m, changed.count)
        } else if !accepted.isEmpty {
            let store = try storeOptions.open(.write, create: true, now: now)
            (merge, filled) = try store.importOrders(accepted)
            store.close(now: now)
        }
        bar.finish()
        let errors = errorsByFile.isEmpty ? "none"
            : errorsByFile.map { "\($0.0) \($0.1)\($0.2 ? " (rejected)" : " (skipped)")" }.joined(separator: ", ")
        Output.line("orders: \(merge.added) new, \(merge.updated) updated, \(merge.unchanged) unchanged; \(filled) case(s) filled; rows with errors: \(errors)")
        if rejected > 0 { throw ExitCode(2) }
    }
}
