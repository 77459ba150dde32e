import Foundation
import XCTest
@testable import KefuBase
@testable import KefuModel
@testable import KefuMail
@testable import KefuImport

/// Mail classification over hand-written fixtures in `Fixtures/mail` (the notices' wording in languages
/// other than English is the project's own reconstruction, see `AmazonNotice`).
final class MailClassifierTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mail")
    static let delivered = ISO8601.parse("2026-11-30T00:00:00Z")!

    func raw(_ name: String) throws -> Data {
        try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
    }

    func classify(_ name: String) throws -> ClassifiedMail {
        MailClassifier.classify(MIMEParser.parse(try raw(name)), fallbackDate: Self.delivered)
    }

    func classify(text: String) -> ClassifiedMail {
        MailClassifier.classify(MIMEParser.parse(Data(text.utf8)), fallbackDate: Self.delivered)
    }

    // MARK: The fixture table

    typealias Role = ClassifiedMail.Role
    struct Expect {
        var file: String, role: Role, channel: Channel, marketplace: String?, orderId: String?, buyer: String?, language: String?
        init(_ file: String, _ role: Role, _ channel: Channel, _ marketplace: String?, _ orderId: String?, _ buyer: String? = nil, _ language: String? = nil) {
            self.file = file; self.role = role; self.channel = channel; self.marketplace = marketplace
            self.orderId = orderId; self.buyer = buyer; self.language = language
        }
    }
    static let msg = Role.request(.buyerMessage)

    /// Every fixture, one line each: file → role, channel, marketplace, order id, buyer address, buyer language.
    static let table: [Expect] = [
        // Amazon buyer messages
        .init("amazon-message-en.eml", msg, .amazon, "amazon.com", "112-3456789-0123456", "x7k2m9q4r1wz@marketplace.amazon.com", "en"),
        .init("amazon-message-photos.eml", msg, .amazon, "amazon.com", "112-3456789-0123457", "x7k2m9q4r1wz@marketplace.amazon.com", "en"),
        .init("amazon-message-de.eml", msg, .amazon, "amazon.de", "302-1234567-7654321", "5hq8d2kz0p3x@marketplace.amazon.de", "de"),
        .init("amazon-message-fr.eml", msg, .amazon, "amazon.fr", "171-2345678-3456789", "c4m1ll3xyz9@marketplace.amazon.fr", "fr"),
        .init("amazon-message-it.eml", msg, .amazon, "amazon.it", "404-9876543-2109876", "g1ul1a77rr@marketplace.amazon.it", "it"),
        .init("amazon-message-es.eml", msg, .amazon, "amazon.es", "406-1111111-2222222", "l9c1a4gg55@marketplace.amazon.es", "es"),
        .init("amazon-message-ja.eml", msg, .amazon, "amazon.co.jp", "249-1234567-7654321", "y4m4d4t4r0@marketplace.amazon.co.jp", "ja"),
        .init("amazon-message-html-only.eml", msg, .amazon, "amazon.co.uk", "203-5555555-6666666", "0l1v3rsm1th@marketplace.amazon.co.uk", "en"),
        .init("amazon-message-no-markers.eml", msg, .amazon, "amazon.ca", "701-1234567-1234567", "p4ultr3mbl4y@marketplace.amazon.ca", "en"),
        // Amazon return requests
        .init("amazon-return-en.eml", .request(.returnRequest), .amazon, "amazon.com", "113-2222222-3333333", nil, "en"),
        .init("amazon-return-de.eml", .request(.returnRequest), .amazon, "amazon.de", "302-7777777-8888888", nil, "de"),
        .init("amazon-return-fr.eml", .request(.returnRequest), .amazon, "amazon.fr", "171-3333333-4444444", nil, "fr"),
        .init("amazon-return-it.eml", .request(.returnRequest), .amazon, "amazon.it", "404-3333333-5555555", nil, "it"),
        .init("amazon-return-es.eml", .request(.returnRequest), .amazon, "amazon.es", "406-3333333-6666666", nil, "es"),
        .init("amazon-return-ja.eml", .request(.returnRequest), .amazon, "amazon.co.jp", "249-3333333-7777777", nil, "ja"),
        // A-to-z claims
        .init("amazon-atoz-en.eml", .request(.aToZClaim), .amazon, "amazon.com", "113-4444444-5555555", nil, "en"),
        .init("amazon-atoz-de.eml", .request(.aToZClaim), .amazon, "amazon.de", "302-4444444-5555555", nil, "de"),
        .init("amazon-atoz-fr.eml", .request(.aToZClaim), .amazon, "amazon.fr", "171-4444444-5555555", nil, "fr"),
        .init("amazon-atoz-it.eml", .request(.aToZClaim), .amazon, "amazon.it", "404-4444444-5555555", nil, "it"),
        .init("amazon-atoz-es.eml", .request(.aToZClaim), .amazon, "amazon.es", "406-4444444-5555555", nil, "es"),
        .init("amazon-atoz-ja.eml", .request(.aToZClaim), .amazon, "amazon.co.jp", "249-4444444-5555555", nil, "ja"),
        // Chargebacks
        .init("amazon-chargeback-en.eml", .request(.chargeback), .amazon, "amazon.com", "113-6666666-7777777", nil, "en"),
        .init("amazon-chargeback-de.eml", .request(.chargeback), .amazon, "amazon.de", "302-6666666-7777777", nil, "de"),
        .init("amazon-chargeback-ja.eml", .request(.chargeback), .amazon, "amazon.co.jp", "249-6666666-7777777", nil, "ja"),
        // Refunds issued
        .init("amazon-refund-en.eml", .event(.refundIssued), .amazon, "amazon.com", "113-8888888-9999999", nil, "en"),
        .init("amazon-refund-de.eml", .event(.refundIssued), .amazon, "amazon.de", "302-8888888-9999999", nil, "de"),
        .init("amazon-refund-fr.eml", .event(.refundIssued), .amazon, "amazon.fr", "171-8888888-9999999", nil, "fr"),
        // Buyer opted out
        .init("amazon-optout-en.eml", .event(.buyerOptedOut), .amazon, "amazon.com", "113-1212121-3434343", nil, "en"),
        .init("amazon-optout-de.eml", .event(.buyerOptedOut), .amazon, "amazon.de", "302-1212121-3434343", nil, "de"),
        .init("amazon-optout-it.eml", .event(.buyerOptedOut), .amazon, "amazon.it", "404-1212121-3434343", nil, "it"),
        // Seller's copies
        .init("amazon-sellercopy-en.eml", .sellerCopy, .amazon, "amazon.com", "112-3456789-0123456", nil, "en"),
        .init("amazon-sellercopy-de.eml", .sellerCopy, .amazon, "amazon.de", "302-1234567-7654321", nil, "de"),
        .init("amazon-sellercopy-fr.eml", .sellerCopy, .amazon, "amazon.fr", "171-2345678-3456789", nil, "fr"),
        .init("amazon-sellercopy-ja.eml", .sellerCopy, .amazon, "amazon.co.jp", "249-1234567-7654321", nil, "ja"),
        // Cancellation requests
        .init("amazon-cancel-en.eml", .request(.cancellationRequest), .amazon, "amazon.com", "113-5656565-7878787", nil, "en"),
        .init("amazon-cancel-de.eml", .request(.cancellationRequest), .amazon, "amazon.de", "302-5656565-7878787", nil, "de"),
        .init("amazon-cancel-es.eml", .request(.cancellationRequest), .amazon, "amazon.es", "406-5656565-7878787", nil, "es"),
        // Other Amazon mail
        .init("amazon-unknown-type.eml", .request(.returnRequest), .amazon, "amazon.de", "302-9191919-2828282", nil, "de"),
        .init("amazon-unknown-notice.eml", .unclassified, .amazon, "amazon.de", nil, nil, "de"),
        // eBay
        .init("ebay-message-en.eml", msg, .ebay, "ebay.com", "12-34567-89012", "jane_doe_77@members.ebay.com", "en"),
        .init("ebay-message-photo.eml", msg, .ebay, "ebay.com", "12-34567-89012", "jane_doe_77@members.ebay.com", "en"),
        .init("ebay-message-de.eml", msg, .ebay, "ebay.de", "345678901234", "max.mustermann@members.ebay.de", "de"),
        .init("ebay-inr-uk.eml", .request(.inrRequest), .ebay, "ebay.co.uk", "23-45678-90123", nil, "en"),
        .init("ebay-snad-de.eml", .request(.snadRequest), .ebay, "ebay.de", "345678901235", nil, "de"),
        // Store mail
        .init("store-question.eml", msg, .email, nil, nil, "anna.schmidt@example.com"),
        .init("store-reply-thread.eml", msg, .email, nil, nil, "anna.schmidt@example.com"),
        .init("store-html-only.eml", msg, .email, nil, nil, "tom.baker@example.org"),
        .init("store-qp-softbreaks.eml", msg, .email, nil, nil, "juergen@example.net"),
        .init("store-subject-iso2022jp.eml", msg, .email, nil, nil, "hanako@example.jp"),
        .init("store-spoofed-amazon-headers.eml", msg, .email, nil, nil, "seller-support@amazon-verify.example.com"),
        .init("store-autoreply.eml", .unclassified, .email, nil, nil, "anna.schmidt@example.com"),
        .init("store-autoreply-ja.eml", .unclassified, .email, nil, nil, "hanako@example.jp"),
        .init("store-bounce.eml", .unclassified, .email, nil, nil),
        .init("html-inline-image.eml", msg, .email, nil, nil, "eva@example.com"),
        // Hostile input
        .init("hostile-truncated-mime.eml", msg, .email, nil, nil, "tom.baker@example.org"),
        .init("hostile-wrong-charset.eml", msg, .email, nil, nil, "pierre@example.fr"),
        .init("hostile-invalid-utf8.eml", msg, .email, nil, nil, "pierre@example.fr"),
        .init("hostile-no-headers.eml", .unclassified, .email, nil, nil),
        .init("hostile-binary.eml", .unclassified, .email, nil, nil),
        .init("hostile-filenames.eml", msg, .email, nil, nil, "mallory@example.com"),
    ]

    func testEveryFixtureIsInTheTableAndClassifiedAsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".eml") }
        XCTAssertEqual(Set(files), Set(Self.table.map(\.file)), "every fixture has one line in the table")
        for e in Self.table {
            let c = try classify(e.file)
            XCTAssertEqual(c.role, e.role, e.file)
            XCTAssertEqual(c.channel, e.channel, e.file)
            XCTAssertEqual(c.marketplace, e.marketplace, e.file)
            XCTAssertEqual(c.orderId, e.orderId, e.file)
            XCTAssertEqual(c.buyer.address, e.buyer, e.file)
            XCTAssertEqual(c.buyer.language, e.language, e.file)
            if c.role == .unclassified { XCTAssertFalse(c.warnings.isEmpty, "\(e.file): unclassified always says why") }
        }
    }

    // MARK: Buyer messages

    func testBuyerTextBetweenMarkersInEveryLanguage() throws {
        let expected: [(String, String, String?)] = [
            ("amazon-message-en.eml", "Hello,\nthe lamp arrived today but the switch does not work.\nReason: it clicks but nothing happens.", "Jane Doe"),
            // Cut at the quoted original ("Am … schrieb …:") before the end marker; ISO-8859-1 QP with a soft break.
            ("amazon-message-de.eml", "Hallo,\ndie Lampe ist leider schon wieder kaputt. Können Sie mir eine neue schicken? Danke.", "Markus Weber"),
            ("amazon-message-fr.eml", "Bonjour, où en est ma commande ? Elle n'est toujours pas arrivée.", "Camille Martin"),
            ("amazon-message-it.eml", "Buongiorno, manca il cavo USB nella confezione.\nGrazie", "Giulia Rossi"),
            // "Mensaje: text" on the marker line itself; 8-bit UTF-8 display name in the From header.
            ("amazon-message-es.eml", "Hola, ¿puedo cambiar la dirección de envío?\nCalle Mayor 1, Madrid.", "Lucía García"),
            ("amazon-message-ja.eml", "ランプが点きません。交換できますか？", "山田 太郎"),
        ]
        for (file, body, name) in expected {
            let c = try classify(file)
            XCTAssertEqual(c.body, body, file)
            XCTAssertEqual(c.buyer.name, name, file)
            XCTAssertEqual(c.warnings, [], file)
        }
        let en = try classify("amazon-message-en.eml")
        XCTAssertEqual(en.items, [OrderItem(asin: "B0LAMP0001", title: "LED Desk Lamp, dimmable", quantity: 1)])
        XCTAssertNil(en.returnReason, "the buyer's own \"Reason:\" line is not the notice's return reason")
        XCTAssertEqual(en.messageId, "0100018f.bbc.en.1@email.amazon.com")
        XCTAssertEqual(en.receivedAt, ISO8601.parse("2026-11-21T09:00:00Z"))
        XCTAssertEqual(try classify("amazon-message-ja.eml").subject, "Amazonのお客様からのメッセージ", "ISO-2022-JP encoded word")
    }

    func testHTMLOnlyNoticeMarkersAreFoundInTheConvertedText() throws {
        let c = try classify("amazon-message-html-only.eml")
        XCTAssertEqual(c.body, "Hi, the shade arrived cracked – could you send a replacement?\nPhotos attached & the box was fine.")
        XCTAssertEqual(c.subject, "Message from Amazon customer Oliver Smith (Order: 203-5555555-6666666)")
        XCTAssertEqual(c.buyer.name, "Oliver Smith")
        XCTAssertEqual(c.warnings, [])
    }

    func testNoMarkersKeepsTheWholeTextWithAWarning() throws {
        let c = try classify("amazon-message-no-markers.eml")
        XCTAssertEqual(c.body, "Order 701-1234567-1234567: does the lamp fit a E27 bulb?")
        XCTAssertEqual(c.warnings, ["no message markers found, kept the whole text"])
        XCTAssertEqual(c.marketplace, "amazon.ca", "from the relay domain when there is no X-Marketplace-ID")
    }

    func testABeginMarkerWithoutAnEndRunsToTheEndWithAWarning() {
        let c = classify(text: """
        From: Jane <x@marketplace.amazon.com>
        Subject: Message from Amazon customer Jane
        Message-ID: <n@x>
        Date: Sat, 21 Nov 2026 09:00:00 +0000

        Message:
        hi there

        """)
        XCTAssertEqual(c.body, "hi there")
        XCTAssertEqual(c.warnings, ["no end-of-message marker, the message runs to the end of the text"])
        XCTAssertEqual(c.buyer.language, "en")

        let reply = classify(text: "From: Jane <x@marketplace.amazon.com>\nSubject: Re: your lamp\nMessage-ID: <r@x>\n\nThanks, it works now.")
        XCTAssertEqual(reply.role, .request(.buyerMessage))
        XCTAssertEqual(reply.body, "Thanks, it works now.")
        XCTAssertEqual(reply.warnings.suffix(2), ["no known notification type or subject, read as a buyer message from the relay address",
                                                  "no message markers found, kept the whole text"])
    }

    func testSellerCopiesGiveTheSellersOwnText() throws {
        XCTAssertEqual(try classify("amazon-sellercopy-en.eml").body, "Dear Jane, we are sorry. A new lamp is on its way.")
        XCTAssertEqual(try classify("amazon-sellercopy-de.eml").body, "Guten Tag Herr Weber, die Ersatzlampe ist unterwegs.")
        XCTAssertEqual(try classify("amazon-sellercopy-fr.eml").body, "Bonjour Camille, votre colis arrive demain.", "recognised by the text's opening")
        XCTAssertEqual(try classify("amazon-sellercopy-ja.eml").body, "山田様、交換品を発送しました。")
    }

    // MARK: Notices

    func testReturnNoticesGiveItemReasonAndComment() throws {
        let expected: [(String, OrderItem, String, String)] = [
            ("amazon-return-en.eml", OrderItem(asin: "B0LAMP0001", title: "LED Desk Lamp, dimmable", quantity: 2),
             "Item defective or doesn't work", "The second lamp flickers.\nIt gets worse after ten minutes."),
            ("amazon-return-de.eml", OrderItem(asin: "B0LAMP0002", title: "Schreibtischlampe LED", quantity: 1),
             "Beschädigt angekommen", "Der Fuß ist abgebrochen."),
            ("amazon-return-fr.eml", OrderItem(asin: "B0LAMP0003", title: "Lampe de bureau LED", quantity: 1),
             "Ne correspond pas à la description", "La couleur est différente de la photo."),
            ("amazon-return-it.eml", OrderItem(asin: "B0LAMP0004", title: "Lampada da scrivania LED", quantity: 1),
             "Non più necessario", "Ho ordinato due volte per errore."),
            ("amazon-return-es.eml", OrderItem(asin: "B0LAMP0005", title: "Lámpara de escritorio LED", quantity: 3),
             "Llegó tarde", "Ya no la necesito."),
            ("amazon-return-ja.eml", OrderItem(asin: "B0LAMP0006", title: "LEDデスクライト", quantity: 1),
             "商品が破損していた", "箱がつぶれていました。"),
        ]
        for (file, item, reason, comment) in expected {
            let c = try classify(file)
            XCTAssertEqual(c.items, [item], file)
            XCTAssertEqual(c.returnReason, reason, file)
            XCTAssertEqual(c.customerComment, comment, file)
            XCTAssertNil(c.dueAt, file)
            XCTAssertEqual(c.buyer.address, nil, file)
            XCTAssertEqual(c.warnings, [], file)
        }
    }

    func testClaimAndChargebackDeadlinesCountFromTheMailDate() throws {
        let expected: [(String, String)] = [
            ("amazon-atoz-en.eml", "2026-11-24T09:00:00Z"), // "within 3 calendar days" (not the 30-day appeal window)
            ("amazon-atoz-de.eml", "2026-11-24T08:00:00Z"),
            ("amazon-atoz-fr.eml", "2026-11-24T08:00:00Z"),
            ("amazon-atoz-it.eml", "2026-11-24T08:00:00Z"),
            ("amazon-atoz-es.eml", "2026-11-24T08:00:00Z"),
            ("amazon-atoz-ja.eml", "2026-11-24T09:00:00Z"), // full-width "３暦日以内"
            ("amazon-chargeback-en.eml", "2026-11-28T09:00:00Z"),
            ("amazon-chargeback-de.eml", "2026-11-28T08:00:00Z"),
            ("amazon-chargeback-ja.eml", "2026-11-28T00:00:00Z"),
        ]
        for (file, due) in expected {
            XCTAssertEqual(try classify(file).dueAt, ISO8601.parse(due), file)
        }
        XCTAssertNil(try classify("amazon-return-en.eml").dueAt, "return notices state no deadline of their own")
    }

    func testEventsAndOtherAmazonMail() throws {
        let refund = try classify("amazon-refund-en.eml")
        XCTAssertEqual(refund.returnReason, "Customer return")
        let unknownType = try classify("amazon-unknown-type.eml")
        XCTAssertEqual(unknownType.warnings, ["unknown X-Space-Notification-Type RETURN_REQUEST_V2, read from the subject"])
        XCTAssertEqual(unknownType.returnReason, "Falscher Artikel")
        let unknown = try classify("amazon-unknown-notice.eml")
        XCTAssertEqual(unknown.body, "Ihr Bericht für November steht in Seller Central bereit.")
        XCTAssertEqual(unknown.warnings, ["not a known notice: Amazon mail without a known notification type or subject"])
    }

    func testTheHeaderWinsOverTheSubject() {
        let c = classify(text: """
        From: Amazon <seller-notification@amazon.de>
        Subject: Erstattung veranlasst
        X-Space-Notification-Type: A_Z_CLAIM_RESPONDENT_NOTIFY
        X-Marketplace-ID: A1F83G8C2ARO7P
        Date: Sat, 21 Nov 2026 09:00:00 +0000
        Message-ID: <h@amazon.de>

        Respond within 2 days.
        """)
        XCTAssertEqual(c.role, .request(.aToZClaim))
        XCTAssertEqual(c.marketplace, "amazon.co.uk", "X-Marketplace-ID wins over the sender's domain")
        XCTAssertEqual(c.buyer.language, "en")
        XCTAssertEqual(c.dueAt, ISO8601.parse("2026-11-23T09:00:00Z"))
    }

    // MARK: eBay

    func testEbayMessagesAndRequests() throws {
        let en = try classify("ebay-message-en.eml")
        XCTAssertEqual(en.buyer.name, "jane_doe_77")
        XCTAssertEqual(en.items, [OrderItem(sku: "234567890123", title: "LED Desk Lamp Dimmable", quantity: 1)])
        XCTAssertEqual(en.body, "Hi, the lamp arrived with a cracked shade. Can you send a new one?\nOrder number: 12-34567-89012")
        let de = try classify("ebay-message-de.eml")
        XCTAssertEqual(de.items, [OrderItem(sku: "345678901234", title: "Schreibtischlampe Weiß", quantity: 1)])
        XCTAssertEqual(de.body, "Hallo, ist die Lampe auch in Weiß lieferbar?")
        XCTAssertEqual(de.orderId, "345678901234", "the item number when no order number is given")
        XCTAssertEqual(de.warnings, [])
        let snad = try classify("ebay-snad-de.eml")
        XCTAssertEqual(snad.items, [OrderItem(sku: "345678901235", title: "Schreibtischlampe LED", quantity: 1)])
        XCTAssertEqual(snad.returnReason, "Artikel entspricht nicht der Beschreibung")
    }

    func testEbaySubjectForms() {
        let forms: [(String, EbayNotice.Subject)] = [
            ("Re: jane_doe_77 sent a message about Lamp (white) #123456789012",
             .init(buyer: "jane_doe_77", title: "Lamp (white)", itemId: "123456789012", language: "en")),
            ("weiß.kunde hat eine Nachricht zu Lampe #123456789012 gesendet",
             .init(buyer: "weiß.kunde", title: "Lampe", itemId: "123456789012", language: "de")),
            ("pierre_d a envoyé un message concernant Lampe de bureau #123456789012",
             .init(buyer: "pierre_d", title: "Lampe de bureau", itemId: "123456789012", language: "fr")),
            ("giulia.r ha inviato un messaggio relativo a Lampada #123456789012",
             .init(buyer: "giulia.r", title: "Lampada", itemId: "123456789012", language: "it")),
            ("lucia_g ha enviado un mensaje sobre Lámpara #123456789012",
             .init(buyer: "lucia_g", title: "Lámpara", itemId: "123456789012", language: "es")),
        ]
        for (subject, expected) in forms { XCTAssertEqual(EbayNotice.parse(subject: subject), expected, subject) }
        XCTAssertNil(EbayNotice.parse(subject: "Your invoice"))
    }

    // MARK: Store mail

    func testStoreMailAndThreads() throws {
        let q = try classify("store-question.eml")
        XCTAssertEqual(q.buyer, Buyer(name: "Anna Schmidt", address: "anna.schmidt@example.com"))
        XCTAssertEqual(q.body, "Hallo,\nwann wird meine Bestellung #1042 verschickt?\n\nViele Grüße\nAnna")
        XCTAssertNil(q.buyer.language)
        let r = try classify("store-reply-thread.eml")
        XCTAssertEqual(r.inReplyTo, "kefu.K-1042.20261121T100000Z.3f9a@kefu.local")
        XCTAssertEqual(r.references, ["CAF1234abcd@mail.example.com", "kefu.K-1042.20261121T100000Z.3f9a@kefu.local"])
        XCTAssertEqual(r.subject, "Re: Frage zu Bestellung #1042")
        XCTAssertTrue(r.body.hasPrefix("Danke, dann warte ich."), "store mail keeps its whole readable text")
        XCTAssertEqual(try classify("store-html-only.eml").body,
                       "Hello,\n\nmy lamp's cable is frayed & sparks. Refund please — it’s dangerous.")
        let qp = try classify("store-qp-softbreaks.eml")
        XCTAssertEqual(qp.subject, "Rückerstattung für Bestellung 1042")
        XCTAssertEqual(qp.buyer.name, "Jürgen Müller")
        XCTAssertEqual(qp.body, "Sehr geehrte Damen und Herren, die Lampe ist beschädigt. Ich möchte eine Rückerstattung.")
        let jp = try classify("store-subject-iso2022jp.eml")
        XCTAssertEqual(jp.subject, "返品について（注文1043）")
        XCTAssertEqual(jp.body, "ライトが点灯しません。")
        XCTAssertEqual(jp.buyer.name, "佐藤 花子")
        let spoof = try classify("store-spoofed-amazon-headers.eml")
        XCTAssertEqual(spoof.warnings, ["Amazon notice headers from a non-Amazon sender (seller-support@amazon-verify.example.com), read as ordinary mail"])
    }

    func testAutoRepliesAndBouncesAreKeptButDoNotOpenWork() throws {
        let expected = [
            ("store-autoreply.eml", "auto-reply (Auto-Submitted: auto-replied): not opened as work"),
            ("store-autoreply-ja.eml", "auto-reply (subject \"自動返信: 返品について\"): not opened as work"),
            ("store-bounce.eml", "bounce (multipart/report delivery report): not opened as work"),
        ]
        for (file, warning) in expected {
            let c = try classify(file)
            XCTAssertEqual(c.role, .unclassified, file)
            XCTAssertEqual(c.warnings, [warning], file)
            XCTAssertFalse(c.body.isEmpty, file)
        }
        let oof = classify(text: "From: a@example.com\nSubject: Out of Office: Re: lamp\nMessage-ID: <o@x>\n\naway")
        XCTAssertEqual(oof.role, .unclassified)
        let daemon = classify(text: "From: MAILER-DAEMON@mx.example.com\nSubject: failure\nMessage-ID: <d@x>\n\nx")
        XCTAssertEqual(daemon.warnings.last, "bounce (from MAILER-DAEMON@mx.example.com): not opened as work")
        // System notices carry Auto-Submitted: auto-generated; that alone does not hide them.
        XCTAssertEqual(try classify("amazon-return-en.eml").role, .request(.returnRequest))
        let generated = classify(text: "From: shop@shopify.example\nAuto-Submitted: auto-generated\nMessage-ID: <g@x>\n\nNew order")
        XCTAssertEqual(generated.role, .unclassified)
    }

    // MARK: Hostile input and ids

    func testHostileInputGivesAResultWithWarnings() throws {
        for file in ["hostile-truncated-mime.eml", "hostile-wrong-charset.eml", "hostile-invalid-utf8.eml", "hostile-no-headers.eml", "hostile-binary.eml"] {
            let c = try classify(file)
            XCTAssertFalse(c.warnings.isEmpty, file)
        }
        XCTAssertEqual(try classify("hostile-truncated-mime.eml").body, "See the photos of the crack.")
        XCTAssertEqual(try classify("hostile-wrong-charset.eml").body, "Bonjour, la lampe est arrivée cassée. Merci d'avance.")
        XCTAssertEqual(try classify("hostile-invalid-utf8.eml").warnings, ["invalid UTF-8 replaced"])
        let bare = try classify("hostile-no-headers.eml")
        XCTAssertEqual(bare.receivedAt, Self.delivered)
        XCTAssertEqual(bare.warnings, ["no Message-ID, using \(bare.messageId)", "no Date header, using the delivery time",
                                       "not a known notice: no sender address"])
        XCTAssertEqual(bare.body, "my lamp is broken, order 112-9999999-1111111")
        XCTAssertTrue(try classify("hostile-binary.eml").warnings.contains("not a known notice: no sender address"))
        // Every prefix of a notice classifies without crashing.
        let notice = try raw("amazon-message-de.eml")
        for cut in stride(from: 0, to: notice.count, by: 7) {
            _ = MailClassifier.classify(MIMEParser.parse(notice.prefix(cut)), fallbackDate: Self.delivered)
        }
    }

    func testTheSubstituteMessageIdIsStable() throws {
        // Stable across runs: SHA-256 of the file's bytes; FNV-1a with its fixed offset basis (pinned
        // below) for a mail built without its bytes — never the seeded hashValue.
        let a = try classify("hostile-no-headers.eml")
        XCTAssertTrue(a.messageId.hasPrefix("sha256-") && a.messageId.count == 71, a.messageId)
        XCTAssertEqual(a.messageId, "sha256-" + SHA256.hex(try raw("hostile-no-headers.eml")))
        XCTAssertEqual(SHA256.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(Data(repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        XCTAssertTrue(MailClassifier.substituteId(ParsedMail()).hasPrefix("fnv-"))
        XCTAssertNotEqual(a.messageId, try classify("hostile-binary.eml").messageId)
        let other = classify(text: "Subject: help\n\nmy lamp is broken, order 112-9999999-1111112")
        XCTAssertNotEqual(other.messageId, a.messageId)
        XCTAssertEqual(NoticeText.fnv1a64([""]), "cbf29ce484222325", "FNV-1a offset basis: the hash is not Swift's seeded hashValue")
    }

    /// One prefix list for threading, auto-replies and eBay subjects; every prefix goes, not just the first.
    func testReplyPrefixesAreStrippedAlike() {
        XCTAssertEqual(EbayNotice.parse(subject: "AW: Re: jane_doe sent a message about Desk lamp #123456789012")?.buyer, "jane_doe")
        XCTAssertEqual(Intake.stripReplyPrefixes("RV: Re[2]: 回复: Lampe"), "Lampe")
        XCTAssertEqual(Intake.threadKey(address: "A@x.org", subject: "AW: re: Lampe  kaputt"), Intake.threadKey(address: "a@x.org", subject: "Lampe kaputt"))
    }

    func testCRLFAndLFGiveTheSameClassification() throws {
        for file in ["amazon-message-de.eml", "amazon-message-en.eml", "store-reply-thread.eml", "amazon-return-de.eml"] {
            let text = String(decoding: try raw(file), as: UTF8.self)
            let lf = MailClassifier.classify(MIMEParser.parse(Data(text.replacingOccurrences(of: "\r\n", with: "\n").utf8)), fallbackDate: Self.delivered)
            let crlf = MailClassifier.classify(MIMEParser.parse(Data(text.replacingOccurrences(of: "\r\n", with: "\n")
                .replacingOccurrences(of: "\n", with: "\r\n").utf8)), fallbackDate: Self.delivered)
            XCTAssertEqual(lf, crlf, file)
        }
    }

    // MARK: Pieces

    func testMarkersAndQuoteCuts() {
        func body(_ text: String) -> String? { MessageMarkers.extract(NoticeText.lines(text))?.body }
        XCTAssertEqual(body("x\n--- Begin message ---\nhi\n--- End message ---\ntail"), "hi")
        XCTAssertEqual(body("Messaggio:\nciao\n\n> citato\nFine messaggio"), "ciao")
        XCTAssertEqual(body("Message:\nhi\n\nOn Fri, 20 Nov 2026 at 10:00, Shop <s@example.com>\nwrote:\n> old"), "hi")
        XCTAssertEqual(body("Message:\nhi\n-----Original Message-----\nFrom: x"), "hi")
        XCTAssertEqual(body("Message:\nsalut\nLe ven. 20 nov. 2026 à 10:00, Boutique a écrit :\n> old"), "salut")
        XCTAssertEqual(body("Message:\nhola\nEl vie, 20 nov 2026 a las 10:00, Tienda escribió:\n> old"), "hola")
        XCTAssertEqual(body("Message:\nhi\nFrom: Shop <s@example.com>\nSent: Friday\nTo: x"), "hi")
        XCTAssertEqual(body("Message:\nOn Monday I was home.\nEnd message"), "On Monday I was home.", "not an attribution without \"wrote:\"")
        XCTAssertNil(body("Dear seller,\nthe message is below.\nmessage\nhi"), "a bare \"message\" line is not a begin marker")
    }

    func testPhrasesMatchWholeWordsOnly() {
        XCTAssertFalse(NoticeText.contains("resolution of your case", phrase: "reso"))
        XCTAssertTrue(NoticeText.contains("richiesta di reso: ordine", phrase: "reso"))
        XCTAssertTrue(NoticeText.contains("amazonのお客様からのメッセージです", phrase: "amazonのお客様からのメッセージ"))
        XCTAssertNil(AmazonNotice.kind(subject: "Resolution center update", text: "")?.kind)
        // The byte scan that rejects absent ASCII phrases first: at the edges, overlapping, in non-ASCII text.
        XCTAssertTrue(NoticeText.contains("reso", phrase: "reso"))
        XCTAssertTrue(NoticeText.contains("aab reso", phrase: "reso"))
        XCTAssertFalse(NoticeText.contains("res", phrase: "reso"))
        XCTAssertTrue(NoticeText.bytes(of: "aaab", contain: "aab"))
        XCTAssertTrue(NoticeText.bytes(of: "返品 a-to-z 返品", contain: "a-to-z"))
        XCTAssertFalse(NoticeText.bytes(of: "返品 a-to-", contain: "a-to-z"))
        XCTAssertTrue(NoticeText.bytes(of: "", contain: ""))
        // Every phrase found by Foundation's search alone is found with the scan in front of it.
        for (hay, phrase) in [("garantie a a z demande", "garantie a a z"), ("order 123-456 shipped", "123-456"), ("x", "y")] {
            XCTAssertEqual(NoticeText.contains(hay, phrase: phrase), hay.range(of: phrase) != nil, phrase)
        }
    }

    func testDeadlinePhrases() {
        XCTAssertEqual(NoticeDeadline.span(in: "please respond within 72 hours."), 72 * 3600)
        XCTAssertEqual(NoticeDeadline.span(in: "you may appeal within 30 days."), nil, "too long to be a response deadline")
        XCTAssertEqual(NoticeDeadline.span(in: "rispondi entro 2 giorni."), 2 * 86_400)
        XCTAssertNil(NoticeDeadline.span(in: "within a few days"))
    }

    func testMarketplaceDomains() {
        XCTAssertEqual(MarketplaceDomains.marketplace(brand: "amazon", address: "x@marketplace.amazon.co.uk"), "amazon.co.uk")
        XCTAssertEqual(MarketplaceDomains.marketplace(brand: "amazon", address: "donotreply@amazon.com"), "amazon.com")
        XCTAssertNil(MarketplaceDomains.marketplace(brand: "amazon", address: "bounce@amazonses.com"))
        XCTAssertNil(MarketplaceDomains.marketplace(brand: "amazon", address: "x@amazon.example.com"))
        XCTAssertEqual(MarketplaceDomains.marketplace(brand: "ebay", address: "x@members.ebay.co.uk"), "ebay.co.uk")
        XCTAssertTrue(MarketplaceDomains.isRelay("x@members.ebay.de", brand: "ebay"))
        XCTAssertFalse(MarketplaceDomains.isRelay("seller-notification@amazon.de", brand: "amazon"))
        for (id, m) in [("A1PA6795UKMFR9", "amazon.de"), ("ATVPDKIKX0DER", "amazon.com"), ("A1VC38T7YXB528", "amazon.co.jp"),
                        ("A1805IZSGTT6HS", "amazon.nl"), ("A39IBJ37TRP1C6", "amazon.com.au")] {
            XCTAssertEqual(MarketplaceDomains.amazonIds[id], m)
        }
        let unknownId = classify(text: "From: x@marketplace.amazon.de\nX-Marketplace-ID: AXXXX\nMessage-ID: <u@x>\nSubject: s\n\nt")
        XCTAssertEqual(unknownId.marketplace, "amazon.de")
        XCTAssertTrue(unknownId.warnings.contains("unknown X-Marketplace-ID AXXXX, marketplace taken from the sender"))
    }

    // MARK: Size

    /// Hostile size: the whole text is kept and a substitute id made (the speed is the bench's business).
    func testTwentyMegabyteMessagesClassify() {
        let line = "Zeile: Grüße aus Köln, die Lampe ist kaputt. 0123456789 abcdefghijklmnopqrstuvwxyz\r\n"
        let lineData = Data(line.utf8)
        for head in [
            "From: Jane <x@marketplace.amazon.de>\r\nX-Space-Notification-Type: BBC_MESSAGE_SENT_TO_MERCHANT\r\nSubject: gross\r\n",
            "From: a@example.com\r\nSubject: gross\r\n",
        ] {
            var data = Data((head + "Content-Type: text/plain; charset=utf-8\r\n\r\n").utf8)
            data.reserveCapacity(20_100_000)
            for _ in 0..<(20_000_000 / lineData.count) { data.append(lineData) }
            let mail = MIMEParser.parse(data)
            let c = MailClassifier.classify(mail, fallbackDate: Self.delivered)
            XCTAssertEqual(c.body.utf8.count, mail.text.utf8.count - 1, "the whole text, without the final newline")
            XCTAssertTrue(c.messageId.hasPrefix("sha256-"))
        }
    }
}
