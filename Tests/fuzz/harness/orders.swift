// libFuzzer target "orders": one order report (Amazon TSV, Shopify or eBay CSV, told by its header)
// through `kefu import orders`' parser, then merged into an in-memory order book.
import Foundation
@testable import KefuBase
@testable import KefuImport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let parsed = OrderReport.parse(data, file: "fuzz.csv")
    for p in parsed.problems + parsed.warnings where p.line < 1 { fatalError("problem without a line: \(p)") }
    // Encoding each order is what the order book writes to orders.jsonl.
    let encoder = KefuJSON.encoder()
    for o in parsed.orders { _ = try? encoder.encode(o) }
    return 0
}
