import Foundation
import Testing
@testable import KefuInbox
@testable import KefuModel

/// A working day's queue (issue 17): rows that say what each case is (kind, product, the buyer's first
/// words past the greeting) in many languages, the same in the inbox and `kefu list`.
func dayCases() -> [Case] {
    func item(_ c: inout Case, _ sku: String, _ title: String, more: [OrderItem] = []) {
        c.order?.items = [OrderItem(sku: sku, title: title, quantity: 1, price: Money(Decimal(string: "49.90")!, "EUR"))] + more
    }
    func kind(_ c: inout Case, _ k: RequestKind) { c.addKind(k); c.messages[0].kind = k }
    var out: [Case] = []
    var c = makeCase(2001, buyer: "Markus Weber", body: "Hallo,\n\nder Wasserkocher kam heute an und das Glas ist unten gesprungen.\n\nM. Weber",
                     hoursAgo: 26)
    item(&c, "KETTLE-GLS-17", "Glass kettle 1.7 l"); kind(&c, .returnRequest); out.append(c)
    c = makeCase(2002, buyer: "Tyler Brooks", body: "Dear Seller,\n\nThe buyer has filed an A-to-z Guarantee claim for this order.\nClaim reason: Item not received",
                 hoursAgo: 23.5, category: .notReceived, marketplace: "amazon.com", timeZone: "America/Chicago")
    item(&c, "LAMP-DESK-BLK", "Desk lamp, black"); kind(&c, .aToZClaim); out.append(c)
    c = makeCase(2003, buyer: "Élodie Martin", body: "Bonjour,\nPouvez-vous changer l'adresse de livraison ? J'ai déménagé hier.",
                 hoursAgo: 23, category: .addressChange, marketplace: "amazon.fr", timeZone: "Europe/Paris")
    item(&c, "CHAIR-OFF-GRY", "Office chair, grey"); out.append(c)
    c = makeCase(2004, buyer: "佐藤 美咲", body: "お世話になっております。\n炊飯器の予約タイマーの設定方法がわかりません。",
                 hoursAgo: 22.5, category: .howToUse, marketplace: "amazon.co.jp", timeZone: "Asia/Tokyo")
    item(&c, "RICE-COOK-55", "Rice cooker 5.5 cups"); out.append(c)
    c = makeCase(2005, buyer: "Sam Carter", body: "Hi there\nI never authorised this payment, my bank is disputing it.",
                 hoursAgo: 22, category: .other, channel: .shop, marketplace: nil, timeZone: "America/New_York")
    item(&c, "BLENDER-PRO-1200", "Blender Pro 1200"); kind(&c, .chargeback); out.append(c)
    c = makeCase(2006, buyer: "Olivia Smith", body: "Hi,\nThe jacket is a size M but the label says L.", hoursAgo: 21, category: .sizeColor,
                 channel: .ebay, marketplace: "ebay.co.uk", timeZone: "Europe/London")
    item(&c, "JACKET-RAIN-M-NVY", "Rain jacket M navy"); kind(&c, .snadRequest); out.append(c)
    c = makeCase(2007, buyer: "Lucía García", body: "Hola,\nEl producto llegó tarde y sin instrucciones.", hoursAgo: 20, category: .feedback,
                 marketplace: "amazon.es", timeZone: "Europe/Madrid")
    item(&c, "YOGA-MAT-6MM-PUR", "Yoga mat 6 mm purple"); kind(&c, .negativeFeedback); out.append(c)
    c = makeCase(2008, buyer: "Giulia Rossi", body: "Buongiorno,\nvorrei annullare l'ordine, ho sbagliato colore.\nGrazie", hoursAgo: 19,
                 category: .cancellation, marketplace: "amazon.it", timeZone: "Europe/Rome")
    item(&c, "SOCKS-MERINO-3P-M", "Merino socks 3 pairs", more: [OrderItem(sku: "SOCKS-MERINO-3P-L")]); kind(&c, .cancellationRequest); out.append(c)
    c = makeCase(2009, buyer: "王伟", body: "您好，\n收到的台灯不亮，换了插座也不行。", hoursAgo: 18, category: .defective)
    item(&c, "LAMP-DESK-WHT", "Desk lamp, white"); out.append(c)
    return out
}

@Suite struct QueueRowTests {
    /// The queue's case rows as drawn: between the column titles and the divider (or the screen's end).
    func rows(_ s: InboxState) -> [String] {
        let lines = InboxRender.render(s).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let end = lines.firstIndex { $0.hasPrefix("──") } ?? lines.count - 1
        return Array(lines[2..<end])
    }

    @Test func rowsSkipTheGreetingInEveryLanguage() {
        let text = rows(fixtureState(width: 120, height: 40, cases: dayCases())).joined(separator: "\n")
        for words in ["der Wasserkocher kam", "The buyer has filed", "Pouvez-vous changer", "炊飯器の予約", "I never authorised",
                      "The jacket is a size M", "El producto llegó", "vorrei annullare", "收到的台灯不亮"] {
            #expect(text.contains(words), "\(words) not in the queue:\n\(text)")
        }
        for greeting in ["Hallo,", "Dear Seller", "Bonjour,", "お世話に", "Hi there", "Hi,", "Hola,", "Buongiorno,", "您好"] {
            #expect(!text.contains(greeting), "the queue shows the greeting \(greeting):\n\(text)")
        }
    }

    /// A hostile body (megabytes of blank lines, then text) is read only at its head for the excerpt.
    @Test func theExcerptReadsOnlyTheHeadOfAHugeBody() {
        let huge = String(repeating: "\n", count: 2_000_000) + "far down"
        #expect(QueueText.firstLine(huge) == "")
        #expect(QueueCells.excerpt(makeCase(9001, buyer: "Huge", body: huge, hoursAgo: 1)) == "")
        #expect(QueueText.firstLine("\n\n  near the top\nmore") == "  near the top")
    }

    @Test func rowsCarryAKindBadgeAndTheProduct() {
        let s = fixtureState(width: 120, height: 40, cases: dayCases())
        let byID = Dictionary(uniqueKeysWithValues: s.visible.map { ($0.item.id, $0) })
        let expected = ["K-2001": "return", "K-2002": "A-to-z", "K-2005": "chargeback", "K-2006": "SNAD",
                        "K-2007": "feedback", "K-2008": "cancel", "K-2003": "", "K-2009": ""]
        for (id, badge) in expected { #expect(CaseBadge.label(byID[id]!.item) == badge, "\(id)") }
        let text = rows(s)
        // At 120 columns the product column holds the start of the SKU.
        let a2z = text.first { $0.contains("Tyler") }
        #expect(a2z?.contains("A-to-z") == true && a2z?.contains("LAMP-DESK-") == true, "the A-to-z row: \(a2z ?? "none")")
        #expect(text.contains { $0.contains("chargeback") && $0.contains("BLENDER-PR") })
        // Wider, the SKU whole and "+1" for a second item; wider still, the title too.
        #expect(QueueText.table(s.visible, at: t0, width: 200).contains("SOCKS-MERINO-3P-M +1"))
        #expect(QueueCells.product(byID["K-2001"]!.item, width: 40) == "KETTLE-GLS-17 Glass kettle 1.7 l")
        #expect(QueueCells.product(byID["K-2001"]!.item, width: 20) == "KETTLE-GLS-17")
        #expect(QueueCells.product(byID["K-2001"]!.item, width: 25) == "KETTLE-GLS-17 Glass kett…")
        #expect(QueueCells.product(byID["K-2008"]!.item, width: 34) == "SOCKS-MERINO-3P-M Merino socks… +1")
    }

    @Test func aDisputeOutranksAPlainKind() {
        var c = makeCase(1, buyer: "A", body: "x", hoursAgo: 1)
        c.addKind(.returnRequest); c.addKind(.chargeback)
        #expect(CaseBadge.label(c) == "chargeback")
        c.kinds = [.buyerMessage, .negativeFeedback, .inrRequest]
        #expect(CaseBadge.label(c) == "INR")
    }

    /// Issue 17: `address-cha…` even at 200 columns. Where the column is shown, the category is whole.
    @Test(arguments: [(200, 50), (160, 50), (120, 40), (100, 30), (80, 24)])
    func theCategoryIsNeverCutWhereItIsShown(size: (Int, Int)) {
        let s = fixtureState(width: size.0, height: size.1, cases: dayCases())
        let screen = InboxRender.render(s).text
        let text = rows(s).joined(separator: "\n")
        #expect(!screen.contains("address-cha…"), "at \(size):\n\(text)")
        if size.0 == 200 || size.0 == 100 || size.0 == 120 { #expect(text.contains("address-change "), "at \(size):\n\(text)") }
        let plain = QueueText.table(s.visible, at: t0, width: size.0)
        #expect(!plain.contains("address-cha…"), "kefu list at \(size.0):\n\(plain)")
        if size.0 >= 120 { #expect(plain.contains("address-change "), "kefu list at \(size.0):\n\(plain)") }
    }

    @Test func theExcerptTakesTheRestAndColumnsWidenWithTheTerminal() {
        for w in [40, 60, 80, 100, 120, 160, 200, 300] {
            let cols = QueueColumns(width: w)
            #expect(cols.widths(w).reduce(0, +) == w, "the columns fill \(w) exactly")
            #expect(cols.widths(w).last! >= min(12, w - 34), "the excerpt keeps a readable width at \(w)")
        }
        #expect(QueueColumns(width: 80).kind > 0 && QueueColumns(width: 80).product > 0, "80 columns show kind and product")
        #expect(QueueColumns(width: 200).buyer > QueueColumns(width: 80).buyer)
        #expect(QueueColumns(width: 200).product > QueueColumns(width: 80).product)
        #expect(QueueColumns(width: 120).product >= 18 && QueueColumns(width: 120).order == 0, "at 120 columns SKUs before order ids")
        #expect(QueueColumns(width: 150).order > 0, "wide terminals show the order id too")
        #expect(QueueColumns(width: 110).category == QueueColumns.categoryWidth, "the queue pane at 200×50 shows the category whole")
    }

    /// Issue 17: `45h 49m` beside `2d 21h`. Claims whose notices state their own deadlines, already
    /// answered, so the claim's clock is the one the queue shows.
    @Test func oneDurationFormatInTheQueueAndKefuList() {
        func claim(_ n: Int, dueIn hours: Double) -> Case {
            var c = makeCase(n, buyer: "B\(n)", body: "Claim", hoursAgo: 4, status: .waitingBuyer)
            c.messages[0].kind = .aToZClaim; c.messages[0].dueAt = t0.addingTimeInterval(hours * 3600); c.addKind(.aToZClaim)
            return c
        }
        var s = fixtureState(width: 120, height: 40, cases: [claim(3001, dueIn: 45 + 49.0 / 60), claim(3002, dueIn: 69.25)])
        _ = apply(&s, .filterAll)
        let text = rows(s).joined(separator: "\n") + "\n" + QueueText.table(s.visible, at: t0, width: 120)
        #expect(text.contains("1d 21h") && text.contains("2d 21h"), "\(text)")
        #expect(!text.contains("45h"), "\(text)")
        _ = apply(&s, .openDetail)
        #expect(InboxRender.render(s).text.contains("A-to-z claim due in 1d 21h"))
    }

    @Test func kefuListShowsTheSameRow() {
        let s = fixtureState(width: 120, height: 40, cases: dayCases())
        let plain = QueueText.table(s.visible, at: t0, width: 160).split(separator: "\n")
        #expect(plain.first?.hasPrefix("DUE") == true && plain.first?.contains("KIND") == true && plain.first?.contains("PRODUCT") == true)
        let row = plain.first { $0.contains("K-2001") }
        #expect(row?.contains("return") == true && row?.contains("KETTLE-GLS-17") == true && row?.contains("der Wasserkocher") == true,
                "\(row ?? "none")")
    }
}

/// Layouts from 80×24 up (issue 17): what the detail pane keeps, and the queue giving back rows it
/// does not need.
@Suite struct LayoutPriorityTests {
    func lines(_ s: InboxState) -> [String] { InboxRender.render(s).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// 80×24 with a full queue: buyer, order and product, the clock, the thread and numbered offers,
    /// not "Offers: 1 ask-photos  2 reship…".
    @Test func eightyByTwentyFourKeepsOrderProductAndNumberedOffers() {
        let many = dayCases() + (0..<6).map { makeCase(4000 + $0, buyer: "B\($0)", body: "Hallo,\nx", hoursAgo: 10 - Double($0)) }
        let s = fixtureState(width: 80, height: 24, cases: many)
        #expect(s.selectedID == "K-2001")
        let text = lines(s)
        let detail = Array(text[text.firstIndex { $0.hasPrefix("── K-2001") }!...])
        #expect(detail.contains { $0.contains("Buyer: Markus Weber") && $0.contains("Sat 11:00") })
        #expect(detail.contains { $0.contains("Order: 302-0002001-1234567") && $0.contains("KETTLE-GLS-17") })
        #expect(detail.contains { $0.contains("late (was due") }, "the running clock")
        #expect(detail.contains { $0.contains("der Wasserkocher kam heute an") }, "the latest message")
        #expect(detail.contains { $0.hasPrefix(" 1 ") } && detail.contains { $0.hasPrefix(" 2 ") }, "offers one per line:\n\(detail.joined(separator: "\n"))")
        #expect(!detail.contains { $0.contains("Offers: 1 ") })
    }

    /// The detail pane at every height from the smallest up: each part appears only once everything
    /// before it in the priority order is on screen.
    @Test func thePaneKeepsItsPartsInPriorityOrder() {
        let c = dayCases()[0]
        for height in 12...40 {
            let s = fixtureState(width: 80, height: height, cases: [c])
            let text = lines(s).joined(separator: "\n")
            let parts = [text.contains("Buyer: Markus"), text.contains("Order: 302-"), text.contains("late (was due"),
                         text.contains("der Wasserkocher"), text.contains("\n 1 ")]
            let firstMissing = parts.firstIndex(of: false) ?? parts.count
            #expect(!parts[firstMissing...].contains(true), "height \(height): \(parts)")
        }
        #expect(!lines(fixtureState(width: 80, height: 24, cases: [c])).contains { $0.contains("Offers: ") })
    }

    /// 120×40 with four cases: the queue is its title and four rows, the divider right under them.
    @Test func aShortQueueGivesItsRowsToTheThread() {
        let s = fixtureState(width: 120, height: 40)
        let text = lines(s)
        #expect(s.visible.count == 4)
        #expect(text[6].hasPrefix("── K-1001"), "the divider under the fourth row:\n\(text.prefix(8).joined(separator: "\n"))")
        #expect(!text[2...5].contains { $0.trimmingCharacters(in: .whitespaces).isEmpty })
        // A long queue still gets two fifths of the body.
        let many = (0..<30).map { makeCase(5000 + $0, buyer: "B\($0)", body: "x", hoursAgo: Double($0) / 10) }
        #expect(Layout(width: 120, height: 40, cases: many.count).queue.height == 15)
        #expect(Layout(width: 120, height: 40, cases: 0).queue.height == 2, "room for “No cases here”")
    }
}
