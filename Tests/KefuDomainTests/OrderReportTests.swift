import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuImport

/// The order-report fixtures, written for kefu from the documented formats (no third-party data).
func orderFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/orders/\(name)").path
}

func parseFixture(_ name: String, format: OrderReportFormat? = nil) throws -> OrderReport.Parsed {
    let path = orderFixture(name)
    let data = try #require(FileManager.default.contents(atPath: path), "fixture \(name)")
    return OrderReport.parse(data, file: name, format: format)
}

private func eur(_ s: String, _ c: String = "EUR") -> Money { Money(Decimal(string: s)!, c) }
private func time(_ s: String) -> Date { ISO8601.parse(s)! }

let amazonOrders: [ImportedOrder] = [
    ImportedOrder(channel: .amazon, id: "302-1234567-1234567", marketplace: "amazon.de", status: "Shipped",
                  purchasedAt: time("2026-11-14T09:12:33Z"),
                  items: [OrderItem(sku: "LAMP-DESK-BLK", asin: "B0C1234567", title: "Schreibtischlampe LED, dimmbar – Schwarz", quantity: 1, price: eur("34.99")),
                          OrderItem(sku: "BULB-E27-2", asin: "B0C7654321", title: "Ersatzbirne E27 \"warmweiß\" (2er-Pack)", quantity: 2, price: eur("5.99"))],
                  country: "DE", region: "Berlin", timeZone: "Europe/Berlin"),
    ImportedOrder(channel: .amazon, id: "503-2345678-3456789", marketplace: "amazon.co.jp", status: "Shipped",
                  purchasedAt: time("2026-11-15T09:30:00Z"),
                  items: [OrderItem(sku: "MUG-STEEL-350", asin: "B0D1111111", title: "ステンレス製 真空断熱マグカップ 350ml", quantity: 1, price: eur("1980", "JPY"))],
                  country: "JP", region: "東京都", timeZone: "Asia/Tokyo"),
    ImportedOrder(channel: .amazon, id: "026-3456789-4567890", marketplace: "amazon.co.uk", status: "Unshipped",
                  purchasedAt: time("2026-11-16T20:05:10Z"),
                  items: [OrderItem(sku: "TEA-SET-4", asin: "B0E2222222", title: "陶瓷茶杯套装 4件 (Ceramic tea cup set)", quantity: 1, price: eur("24.50", "GBP"))],
                  country: "GB", region: "Greater London", timeZone: "Europe/London"),
    ImportedOrder(channel: .amazon, id: "111-4567890-5678901", marketplace: "amazon.com", status: "Pending",
                  purchasedAt: time("2026-11-17T11:40:00Z"),
                  items: [OrderItem(sku: "LAMP-DESK-BLK", asin: "B0C1234567", title: "Desk lamp 12\" shade", quantity: 1, price: nil)],
                  country: "US", region: "CA", timeZone: "America/Los_Angeles"),
]

@Suite struct OrderReportTests {
    // MARK: The reader

    @Test func delimitedTextHandlesQuotesNewlinesBOMAndCRLF() {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n2,\"two\nlines\",4\n\n5,6,7"
        let p = DelimitedText.parse(Array(text.utf8), separator: .comma)
        #expect(p.problems.isEmpty)
        let data = p.records.filter { !$0.isBlank }
        #expect(data.map(\.fields) == [["a", "b", "c"], ["1", "x, \"y\"", "3"], ["2", "two\nlines", "4"], ["5", "6", "7"]])
        #expect(data.map(\.line) == [1, 2, 3, 6])
        // TSV is not quoted: a quote is just a character.
        let tsv = DelimitedText.parse(Array("a\tb\n\"x\t12\" pan\n".utf8), separator: .tab)
        #expect(tsv.records.map(\.fields) == [["a", "b"], ["\"x", "12\" pan"]])
    }

    @Test func delimitedTextReportsQuoteProblemsWithLines() {
        let p = DelimitedText.parse(Array("a,b\n\"ok\"x,1\n2,\"never\nclosed\n".utf8), separator: .comma)
        #expect(p.problems == [DelimitedText.Problem(line: 2, message: "text after the closing quote of field 1"),
                               DelimitedText.Problem(line: 3, message: "unterminated quoted field (the quote opened on this line never closes)")])
        #expect(p.records.filter(\.broken).map(\.line) == [2, 3])
    }

    @Test func valuesInTheFormatsTheReportsUse() throws {
        #expect(ReportValues.dateTime("2026-11-14 09:12:33 +0100") == time("2026-11-14T08:12:33Z"))
        #expect(ReportValues.day("Nov-14-26") == time("2026-11-14T12:00:00Z"))
        #expect(ReportValues.day("14-Nov-26") == time("2026-11-14T12:00:00Z"))
        #expect(ReportValues.day("2026-11-14") == time("2026-11-14T12:00:00Z"))
        #expect(ReportValues.day("Feb-30-26") == nil && ReportValues.day("14/11/2026") == nil && ReportValues.day("--") == nil)
        let cases: [(String, Money)] = [("$1,234.50", eur("1234.50", "USD")), ("EUR 12,50", eur("12.50")), ("12,50 EUR", eur("12.50")),
                                        ("£8.99", eur("8.99", "GBP")), ("AU $12.50", eur("12.50", "AUD")), ("C $3.00", eur("3.00", "CAD"))]
        for (text, money) in cases { #expect(try ReportValues.money(text, currency: nil).get() == money, "\(text)") }
        #expect(try ReportValues.money("1980", currency: "JPY").get() == eur("1980", "JPY"))
        #expect(ReportValues.money("12.50", currency: nil) == .failure(.noCurrency))
        #expect(ReportValues.money("12.5O", currency: "EUR") == .failure(.notAnAmount))
        #expect(ReportValues.unitPrice(eur("10.00"), quantity: 3) == eur("3.33"))
    }

    @Test func everyZoneInTheTablesIsARealZone() {
        let zones = Array(LocalTime.countryZones.values) + ReportRegions.regionZones.values.flatMap(\.values)
        for z in zones { #expect(TimeZone(identifier: z) != nil, "\(z)") }
        #expect(ReportRegions.timeZone(country: "US", region: nil) == nil && ReportRegions.timeZone(country: "MX", region: nil) == nil, "a multi-zone country without a state gets no guess")
        #expect(ReportRegions.timeZone(country: "NZ", region: nil) == "Pacific/Auckland")
        #expect(ReportRegions.countryCode("Deutschland") == "DE" && ReportRegions.countryCode("uk") == "GB")
    }

    // MARK: The formats

    @Test(arguments: ["amazon-all-orders-29.tsv", "amazon-all-orders-32.tsv", "amazon-all-orders-33.tsv"])
    func amazonVariantsGiveTheSameOrders(name: String) throws {
        let p = try parseFixture(name)
        #expect(p.problems.isEmpty, "\(p.problems)")
        #expect(p.warnings.isEmpty)
        #expect(p.format == .amazon && p.rows == 5)
        #expect(p.orders == amazonOrders)
    }

    @Test func shopifyExportMergesLineItemRowsIntoTheirOrder() throws {
        let p = try parseFixture("shopify-orders.csv")
        #expect(p.problems.isEmpty, "\(p.problems)")
        #expect(p.format == .shopify && p.rows == 3)
        #expect(p.orders == [
            ImportedOrder(channel: .shop, id: "#1001", status: "fulfilled", purchasedAt: time("2026-11-14T08:12:33Z"),
                          shippedAt: time("2026-11-15T09:00:00Z"),
                          items: [OrderItem(sku: "MUG-CLASSIC-W", title: "Tasse \"Klassik\", weiß", quantity: 1, price: eur("14.90")),
                                  OrderItem(sku: "COASTER-CORK-4", title: "Untersetzer aus Kork (4er-Set)", quantity: 2, price: eur("19.95"))],
                          country: "DE", timeZone: "Europe/Berlin"),
            ImportedOrder(channel: .shop, id: "#1002", status: "unfulfilled", purchasedAt: time("2026-11-16T19:20:05Z"),
                          items: [OrderItem(sku: "BOARD-BAMBOO-L", title: "Bamboo cutting board", quantity: 1, price: eur("32.00", "USD"))],
                          country: "US", region: "NY", timeZone: "America/New_York"),
        ])
    }

    @Test func ebayReportSkipsPreambleAndFooter() throws {
        let p = try parseFixture("ebay-seller-hub-orders.csv")
        #expect(p.problems.isEmpty, "\(p.problems)")
        #expect(p.format == .ebay && p.rows == 5)
        #expect(p.orders == [
            ImportedOrder(channel: .ebay, id: "12-34567-89012", purchasedAt: time("2026-11-14T12:00:00Z"), shippedAt: time("2026-11-15T12:00:00Z"),
                          tracking: Tracking(carrier: "USPS First Class", number: "9400111899223197428490"),
                          items: [OrderItem(sku: "LAMP-DESK-BLK", asin: "394857362511", title: "LED desk lamp, dimmable", quantity: 1, price: eur("24.99", "USD"))],
                          country: "US", region: "CA", timeZone: "America/Los_Angeles"),
            ImportedOrder(channel: .ebay, id: "23-45678-90123", purchasedAt: time("2026-11-14T12:00:00Z"),
                          items: [OrderItem(sku: "BOTTLE-750", asin: "394857362514", title: "Edelstahl Trinkflasche 750 ml", quantity: 1, price: eur("19.90")),
                                  OrderItem(sku: "BOTTLE-LID", asin: "394857362515", title: "Ersatzdeckel, auslaufsicher", quantity: 2, price: eur("12.95"))],
                          country: "DE", timeZone: "Europe/Berlin"),
            ImportedOrder(channel: .ebay, id: "04-56789-01234", purchasedAt: time("2026-11-16T12:00:00Z"),
                          items: [OrderItem(sku: "COASTER-BAMBOO-6", asin: "394857362520", title: "Bamboo coasters (set of 6)", quantity: 1, price: eur("8.99", "GBP"))],
                          country: "GB", timeZone: "Europe/London"),
        ])
    }

    @Test func aForcedFormatMustMatchTheHeader() throws {
        let p = try parseFixture("shopify-orders.csv", format: .amazon)
        #expect(p.orders.isEmpty)
        #expect(p.problems.map(\.description) == ["shopify-orders.csv:1: not an amazon order report: no header row with amazon-order-id"])
    }

    // MARK: Hostile input

    @Test func hostileFilesGiveTheirDocumentedErrors() throws {
        let expected: [(String, [String])] = [
            ("hostile-unterminated-quote.csv", ["hostile-unterminated-quote.csv:5: unterminated quoted field (the quote opened on this line never closes)"]),
            ("hostile-wrong-columns.tsv", ["hostile-wrong-columns.tsv:4: promotion-ids: 28 fields where the header has 29 (this column and those after it are missing)"]),
            ("hostile-bad-date.tsv", ["hostile-bad-date.tsv:4: purchase-date: not a date and time with a zone: \"15/11/2026 18:30\""]),
            ("hostile-bad-price.csv", ["hostile-bad-price.csv:4: Lineitem price: not an amount: \"19.9S\""]),
            ("hostile-unknown-header.csv", ["hostile-unknown-header.csv:1: not an order report: no header row with the columns of a known format (Amazon: amazon-order-id; Shopify: Name and Lineitem name; eBay: Order Number and Item Number)"]),
            ("hostile-empty.csv", ["hostile-empty.csv:1: empty file: no header row, not an order report"]),
            ("hostile-garbage.bin", ["hostile-garbage.bin:4: binary data (a NUL byte), not a text report"]),
            ("hostile-utf16.csv", ["hostile-utf16.csv:1: the file is UTF-16 text; export or save it as UTF-8 (in Excel: \"CSV UTF-8\")"]),
        ]
        for (name, problems) in expected {
            let p = try parseFixture(name)
            #expect(p.problems.map(\.description) == problems, "\(name)")
        }
    }

    @Test func aHugeBadCellIsQuotedOnlyByItsStart() throws {
        // The bad-date fixture with its bad cell grown to a megabyte: the problem names it by its start.
        let path = orderFixture("hostile-bad-date.tsv")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let text = String(decoding: bytes, as: UTF8.self)
        let huge = "15/11/2026 18:30" + String(repeating: "x", count: 1 << 20)
        let p = OrderReport.parse(Data(text.replacingOccurrences(of: "15/11/2026 18:30", with: huge).utf8), file: "big.tsv")
        let start = String(huge.prefix(QuotedValue.maxCharacters))
        #expect(p.problems.map(\.description) == ["big.tsv:4: purchase-date: not a date and time with a zone: \"\(start)…\" (\(huge.utf8.count) bytes)"])
    }

    @Test func anOrderWithABadRowIsLeftOutWhole() throws {
        // The bad price is on #1001's second row: #1001 must not import with one item.
        let p = try parseFixture("hostile-bad-price.csv")
        #expect(p.orders.map(\.id) == ["#1002"])
        #expect(p.badRows == 1 && p.skippedOrders == 1)
        let q = try parseFixture("hostile-unterminated-quote.csv")
        #expect(q.orders.map(\.id) == ["#1001"], "the broken record's order is left out")
        let w = try parseFixture("hostile-wrong-columns.tsv")
        #expect(w.orders.map(\.id) == ["302-1234567-1234567", "026-3456789-4567890", "111-4567890-5678901"])
    }

    @Test func invalidUTF8IsReplacedWithAWarning() throws {
        let p = try parseFixture("hostile-invalid-utf8.tsv")
        #expect(p.problems.isEmpty)
        #expect(p.warnings.map(\.description) == ["hostile-invalid-utf8.tsv:2: product-name: not valid UTF-8; the bad bytes were replaced with U+FFFD"])
        #expect(p.orders.first?.items.first?.title?.contains("\u{FFFD}") == true)
    }

    // MARK: The order book

    @Test func theBookRoundTripsAndReimportChangesNothing() throws {
        let dir = tempDir("kefu-orders")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let book = try OrderBook.load(storeDirectory: dir)
        #expect(book.merge(amazonOrders) == OrderBook.MergeSummary(added: 4))
        try book.save()
        let path = dir + "/" + OrderBook.fileName
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        let again = try OrderBook.load(storeDirectory: dir)
        #expect(again.orders == book.orders)
        #expect(again.merge(amazonOrders) == OrderBook.MergeSummary(unchanged: 4))
        try again.save()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == written)
        // A later report wins per field but never erases with an empty value.
        var later = amazonOrders[3]
        later.status = "Shipped"; later.items = []; later.country = nil
        #expect(again.merge([later]) == OrderBook.MergeSummary(updated: 1))
        let o = try #require(again.lookup(channel: .amazon, orderId: "111-4567890-5678901"))
        #expect(o.status == "Shipped" && o.items == amazonOrders[3].items && o.country == "US")
        // A title damaged by invalid UTF-8 does not replace the clean one.
        #expect(again.merge(try parseFixture("hostile-invalid-utf8.tsv").orders) == OrderBook.MergeSummary(unchanged: 1))
    }

    @Test func aCorruptBookIsReportedAndNotOverwritten() throws {
        let dir = tempDir("kefu-orders")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + OrderBook.fileName
        let good = try String(decoding: KefuJSON.encoder().encode(amazonOrders[0]), as: UTF8.self)
        try (good + "\n{\"channel\":\"amazon\"}\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try OrderBook.load(storeDirectory: dir)
        } throws: { error in
            "\(error)".hasPrefix("\(path):2: missing field id")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == good + "\n{\"channel\":\"amazon\"}\n")
    }

    @Test func orderCountsForTheODRWindow() throws {
        let dir = tempDir("kefu-orders")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let book = try OrderBook.load(storeDirectory: dir)
        book.merge(amazonOrders + (try parseFixture("shopify-orders.csv").orders))
        let now = t0
        #expect(book.count(purchasedFrom: now.addingTimeInterval(-60 * 86400), to: now) == 6)
        #expect(book.count(purchasedFrom: now.addingTimeInterval(-60 * 86400), to: now, channel: .amazon) == 4)
        #expect(book.count(purchasedFrom: time("2026-11-15T09:30:00Z"), to: time("2026-11-16T20:05:10Z")) == 2,
                "from is inclusive, to exclusive")
    }

    // MARK: The join

    @Test func joinFillsACaseOnceAndKeepsWhatItKnows() throws {
        var c = Case(id: "K-1001", channel: .amazon, order: Order(id: "302-1234567-1234567"),
                     buyer: Buyer(name: "Markus", address: "x@marketplace.amazon.de", language: "de"), openedAt: t0)
        #expect(OrderJoin.apply(amazonOrders[0], to: &c))
        #expect(c.order?.items == amazonOrders[0].items && c.order?.purchasedAt == amazonOrders[0].purchasedAt)
        #expect(c.buyer.country == "DE" && c.buyer.timeZone == "Europe/Berlin" && c.marketplace == "amazon.de")
        #expect(c.buyer.name == "Markus", "nothing personal from the report")
        #expect(!OrderJoin.apply(amazonOrders[0], to: &c), "a second join changes nothing")
        // Another order, or another channel, does not touch the case.
        #expect(!OrderJoin.apply(amazonOrders[1], to: &c))
        var shopCase = Case(id: "K-1002", channel: .shop, order: Order(id: "1001"), buyer: Buyer(country: "AT"), openedAt: t0)
        let shop = try parseFixture("shopify-orders.csv").orders[0]
        #expect(OrderJoin.apply(shop, to: &shopCase), "#1001 is order 1001")
        #expect(shopCase.buyer.country == "AT" && shopCase.buyer.timeZone == nil, "a known country is kept, with no zone of another")
        // A case with items of its own gets the missing prices by SKU.
        var partial = Case(id: "K-1003", channel: .amazon, order: Order(id: "302-1234567-1234567", items: [OrderItem(sku: "BULB-E27-2", quantity: 2)]), openedAt: t0)
        #expect(OrderJoin.apply(amazonOrders[0], to: &partial))
        #expect(partial.order?.items == [OrderItem(sku: "BULB-E27-2", asin: "B0C7654321", title: "Ersatzbirne E27 \"warmweiß\" (2er-Pack)", quantity: 2, price: eur("5.99"))])
    }
}
