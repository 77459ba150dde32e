import Foundation
import KefuBase
import KefuModel

/// The demo cases as data: one spec per case, in id order (the first is K-1001). Ages are before
/// `now`; `dueIn` and snooze `until` are after it. The reply clock runs 24 h from the oldest
/// unanswered buyer message, so the ages below place the cases in the queue:
///
/// | bucket                     | cases                                  | unanswered message age |
/// |----------------------------|----------------------------------------|------------------------|
/// | overdue                    | 1001 1002 1004 1010 1016               | 26 h – 39 h            |
/// | due within the hour        | 1003 1007 1013 1023 1037               | 23 h 05 – 23 h 58      |
/// | due within 2 h             | 1005 1011 1017 1026 1032               | 22 h 05 – 22 h 57      |
/// | due later today            | 1006 1008 1012 1014 1015 1020 1024 1025 1027 1029 1030 1034 1035 1038 | 1 h – 19 h |
/// | waiting-buyer              | 1009 1019 1031 1033 1039               | (last message ours)    |
/// | snoozed                    | 1021 1022 1036                         |                        |
/// | resolved                   | 1018 1028 1040                         |                        |
///
/// Buyer texts: German 1001 1009 1014 1017 1022 1039; French 1006 1013 1023 1031 1040; Japanese
/// 1003 1012 1021 1032; Chinese 1005 1010 1025 1026; the rest English. Display edge cases: Chinese
/// names (1005, 1026), emoji (1018 👍, 1034 😡, 1038 🙏), a very long message (1020), Japanese
/// subjects and titles (1003, 1012, 1021, 1032).
enum DemoScript {
    static let catalog: [String: DemoProduct] = [
        "KETTLE-GLS-17": DemoProduct(asin: "B0B6R1YHZP", title: "Glass Electric Kettle 1.7 L with Blue LED, 2200 W"),
        "MATT-FOAM-140": DemoProduct(asin: "B0CH3V8NRD", title: "Memory Foam Mattress 140x200 cm, Medium Firm, 25 cm"),
        "CABLE-USBC-2M": DemoProduct(asin: "B09XQ7L2KD", title: "USB-C to USB-C Cable 2 m, 100 W, 2-Pack"),
        "DESK-STAND-140": DemoProduct(asin: "B0BZ9TQ4LW", title: "Electric Standing Desk 140x70 cm, Dual Motor, Walnut"),
        "CHAIR-ERGO-GRY": DemoProduct(asin: "B0CJ5M8WQ3", title: "Ergonomic Office Chair with Lumbar Support, Grey"),
        "RICE-COOK-55": DemoProduct(asin: "B0C9PZ2R6E", title: "マイコン炊飯器 5.5合 ホワイト"),
        "AIRFRY-55-BLK": DemoProduct(asin: "B0CK7T3HXW", title: "Air Fryer 5.5 L, 1700 W, Black"),
        "BACKPACK-LAP-17": DemoProduct(asin: "B0B3KQ9W2N", title: "Laptop Backpack 17 inch, Water-Resistant, Grey"),
        "CLOCK-WALL-30": DemoProduct(asin: "B08Z5K3LMT", title: "静音 掛け時計 30cm ガラス前面"),
        "PROJ-MINI-1080": DemoProduct(asin: "B0C2V7M4XR", title: "Mini Projector 1080p, 9000 Lumens"),
        "BIKE-LIGHT-SET": DemoProduct(asin: "B09Y6HN2KQ", title: "USB Rechargeable Bike Light Set, Front and Rear"),
        "CAM-BABY-2K": DemoProduct(asin: "B0BR4XJ9MZ", title: "2K Baby Monitor Camera with Night Vision"),
        "SOCKS-MERINO-3P-M": DemoProduct(asin: "B0BF2L8QTC", title: "Merino Wool Hiking Socks, 3 Pairs, Size M"),
        "SHOE-RACK-5T": DemoProduct(asin: "B0BT1D7GVK", title: "5-Tier Metal Shoe Rack, Black"),
        "JACKET-RAIN-M-NVY": DemoProduct(asin: "B0C5HQ3Z8L", title: "Women's Waterproof Rain Jacket, Navy, M"),
        "LAMP-DESK-BLK": DemoProduct(asin: "B0C4KX7M2Q", title: "LED Desk Lamp with Wireless Charger, Black"),
        "ROBOT-VAC-X5": DemoProduct(asin: "B0CM9RT2KF", title: "Robot Vacuum Cleaner with Mop, LiDAR, 4000 Pa"),
        "YOGA-MAT-6MM-PUR": DemoProduct(asin: "B0B7CXL4TN", title: "Yoga Mat 6 mm, Non-Slip, Purple"),
        "LEDSTRIP-10M": DemoProduct(asin: "B0BM2P6K7T", title: "RGB LED Strip Lights 10 m with App and Remote"),
        "BLENDER-PRO-1200": DemoProduct(asin: "B0BW6N1XQJ", title: "High-Speed Blender 1200 W, 2 L"),
        "DASHCAM-4K": DemoProduct(asin: "B0B9TK4P7Z", title: "4K Dash Cam Front and Rear with GPS"),
        "SOFA-BED-3S-GRY": DemoProduct(asin: "B0CQ4H7SXA", title: "3-Seater Sofa Bed, Grey Fabric"),
        "EARBUDS-ANC-WHT": DemoProduct(asin: "B0C8ZX2R5M", title: "Wireless Earbuds with ANC, White"),
        "PHONE-CASE-IP15": DemoProduct(asin: "B0CG8WQ1PZ", title: "Clear Case for iPhone 15, Shockproof"),
        "SCALE-KIT-5KG": DemoProduct(asin: "B08TW4G9XJ", title: "Digital Kitchen Scale 5 kg, Stainless Steel"),
        "HUMID-3L-WHT": DemoProduct(asin: "B0C1NQ5V8Y", title: "Ultrasonic Humidifier 3 L, White"),
    ]

    // Small constructors so each spec reads like a table row.
    private static func buyer(_ name: String, _ country: String, _ timeZone: String, _ language: String,
                              email: String? = nil) -> DemoBuyer {
        DemoBuyer(name: name, country: country, timeZone: timeZone, language: language, email: email)
    }
    private static func order(_ id: String, bought: Age, shipped: Age? = nil, delivered: Age? = nil,
                              via tracking: (carrier: String, number: String)? = nil, _ items: DemoItem...) -> DemoOrder {
        DemoOrder(id: id, bought: bought, shipped: shipped, delivered: delivered, tracking: tracking, items: items)
    }
    private static func item(_ sku: String, _ price: String, quantity: Int = 1) -> DemoItem {
        DemoItem(sku: sku, price: price, quantity: quantity)
    }
    private typealias M = DemoMessage

    static let specs: [DemoSpec] = [
        // K-1001
        DemoSpec(channel: .amazon, marketplace: "amazon.de", category: .damaged,
                 buyer: buyer("Markus Weber", "DE", "Europe/Berlin", "de"),
                 order: order("302-4417829-5521367", bought: .d(6), shipped: .d(5), delivered: .h(33),
                              via: ("DHL", "00340434161094015902"), item("KETTLE-GLS-17", "34.99")),
                 thread: [
                    .buyer(.h(31), """
                    Hallo,

                    der Wasserkocher kam heute an und das Glas ist unten komplett gesprungen. Der Karton war schon aussen eingedrückt. Wasser läuft raus, so kann ich den nicht benutzen!!

                    Fotos kann ich schicken. Ich will Ersatz oder mein Geld zurück, und zwar schnell.

                    M. Weber
                    """),
                 ]),
        // K-1002
        DemoSpec(channel: .amazon, marketplace: "amazon.com", category: .notReceived,
                 buyer: buyer("Tyler Brooks", "US", "America/Chicago", "en"),
                 order: order("112-8834102-6629417", bought: .d(12), shipped: .d(11),
                              via: ("USPS", "9400111899562739184526"), item("LAMP-DESK-BLK", "39.99")),
                 thread: [
                    .buyer(.d(4, 2), """
                    Hi, my order was supposed to arrive 3 days ago. Tracking hasn't moved in 5 days.
                    Where is it?
                    """),
                    .agent(.d(3, 20), """
                    Hello Tyler,

                    Thank you for your message, and sorry for the wait. USPS shows your parcel in transit, but it has not been scanned for several days, so we have asked USPS to trace it.

                    We will update you within 48 hours. If the parcel has not moved within 2 days, we will:
                    1. Send you a replacement lamp at no cost, or
                    2. Refund your order in full.

                    Best regards,
                    Lumora Home Customer Service
                    """),
                    .buyer(.h(26, 10), .aToZClaim, dueIn: .h(45, 50), """
                    Dear Seller,

                    The buyer has filed an A-to-z Guarantee claim for order 112-8834102-6629417.

                    Claim reason: Item not received
                    Buyer comments: "Package never came. Seller promised an update in 48 hours and never wrote back."

                    Please respond to this claim within 3 calendar days. If you do not respond, the claim may be decided in the buyer's favour and the amount debited from your account.

                    Amazon Services
                    """),
                 ],
                 extras: [.note(.h(25), "USPS trace opened 4 days ago, still no answer. We missed our own 48 h update: refund now, then reply to the claim.")]),
        // K-1003
        DemoSpec(channel: .amazon, marketplace: "amazon.co.jp", category: .howToUse,
                 buyer: buyer("佐藤 美咲", "JP", "Asia/Tokyo", "ja"),
                 order: order("250-3318842-0927716", bought: .d(5), shipped: .d(4), delivered: .d(2),
                              via: ("Yamato Transport", "491822736605"), item("RICE-COOK-55", "12800")),
                 thread: [
                    .buyer(.h(23, 18), """
                    お世話になっております。
                    炊飯器の予約タイマーの設定方法がわかりません。
                    説明書の通りに「予約」ボタンを押しても時間が変わらず、朝7時に炊き上がるようにしたいのですが…

                    日本語の説明書はありますか？
                    よろしくお願いいたします。
                    """),
                 ]),
        // K-1004
        DemoSpec(channel: .ebay, marketplace: "ebay.com", category: .lostParcel,
                 buyer: buyer("Karen Mitchell", "US", "America/New_York", "en"),
                 order: order("14-11045-72391", bought: .d(16), shipped: .d(15),
                              via: ("USPS", "9400111206213871550381"), item("SCALE-KIT-5KG", "11.99")),
                 thread: [
                    .buyer(.h(29, 40), .inrRequest, """
                    I opened a request because my kitchen scale never showed up. Tracking says "in transit" for 12 days now and USPS says they have no info.

                    It's been over 2 weeks. Please either send another one or refund me.
                    """),
                 ]),
        // K-1005
        DemoSpec(channel: .shop, marketplace: "lumorahome.com", category: .missingPart,
                 buyer: buyer("王晓明", "SG", "Asia/Singapore", "zh", email: "wangxm.sg@gmail.com"),
                 order: order("#1049", bought: .d(14), shipped: .d(12), delivered: .h(26),
                              via: ("4PX", "4PX3001823456721CN"), item("DESK-STAND-140", "359.00")),
                 thread: [
                    .buyer(.h(22, 20), subject: "订单 #1049 缺少螺丝", """
                    你好，
                    升降桌今天到了，但是安装的时候发现少了一包螺丝（说明书上写的 M6×12 那一包），桌腿没办法固定在桌面上。
                    箱子是完好的，应该是工厂漏装了。

                    能不能尽快寄一包过来？我这边等着用。
                    谢谢！
                    王晓明
                    """),
                 ]),
        // K-1006
        DemoSpec(channel: .amazon, marketplace: "amazon.fr", category: .wrongItem,
                 buyer: buyer("Camille Dubois", "FR", "Europe/Paris", "fr"),
                 order: order("171-5520934-8841206", bought: .d(5), shipped: .d(4), delivered: .d(1),
                              via: ("Colissimo", "6A23904417782"), item("CABLE-USBC-2M", "12.99")),
                 thread: [
                    .buyer(.h(3, 5), """
                    Bonjour,
                    j'ai commandé un câble USB-C vers USB-C et j'ai reçu un câble Lightning ?? ça ne marche pas avec mon téléphone.
                    Qu'est ce que je dois faire, je dois le renvoyer ?
                    Merci
                    Camille
                    """),
                 ]),
        // K-1007
        DemoSpec(channel: .amazon, marketplace: "amazon.co.uk", category: .lateDelivery,
                 buyer: buyer("Oliver Bennett", "GB", "Europe/London", "en"),
                 order: order("204-6617305-2284918", bought: .d(7), shipped: .d(6),
                              via: ("Royal Mail", "TT472913856GB"), item("LEDSTRIP-10M", "24.99")),
                 thread: [
                    .buyer(.h(23, 5), """
                    Hi,
                    Order was meant to arrive 2 days ago and royal mail tracking still says "we've got it". This is a birthday present for my daughter, her party is in 3 days.

                    Will it arrive in time or not? If not I need to buy one in a shop and cancel this.

                    Oliver
                    """),
                 ]),
        // K-1008
        DemoSpec(channel: .amazon, marketplace: "amazon.com", category: .other,
                 buyer: buyer("Derek Hollis", "US", "America/Phoenix", "en"),
                 order: order("113-2094417-7731580", bought: .d(24), shipped: .d(23), delivered: .d(20),
                              via: ("UPS", "1Z9A74E80312479566"), item("PROJ-MINI-1080", "189.99")),
                 thread: [
                    .buyer(.h(5, 20), .chargeback, dueIn: .h(162, 40), """
                    Hello,

                    A chargeback has been filed by the buyer's card issuer for order 113-2094417-7731580.

                    Reason given by the issuer: Unauthorized transaction
                    Amount: USD 189.99

                    Please respond with proof of delivery and any correspondence with the buyer. If we do not receive a response within 7 calendar days, the chargeback may be decided against you.

                    Sincerely,
                    Amazon Chargeback Team
                    """),
                 ],
                 extras: [.note(.h(5), "UPS proof of delivery: signed HOLLIS at front door. POD saved for the response.")]),
        // K-1009
        DemoSpec(channel: .amazon, marketplace: "amazon.de", category: .unwanted, status: .waitingBuyer,
                 buyer: buyer("Sabine Krüger", "DE", "Europe/Berlin", "de"),
                 order: order("303-7780126-4409351", bought: .d(12), shipped: .d(11), delivered: .d(8),
                              via: ("DHL", "00340434188902157736"), item("MATT-FOAM-140", "219.00")),
                 thread: [
                    .buyer(.d(2, 6), .returnRequest, """
                    Rücksendegrund: Gefällt mir nicht mehr / nicht benötigt
                    Kommentar des Kunden:
                    Die Matratze ist mir viel zu hart, ich schlafe seit einer Woche schlecht darauf. Ich möchte sie zurückgeben. Muss ich sie wieder zusammenrollen?? Das geht doch gar nicht mehr.
                    """),
                    .agent(.d(1, 22), """
                    Guten Tag Frau Krüger,

                    vielen Dank für Ihre Nachricht, und es tut uns leid, dass Ihnen die Matratze zu fest ist.

                    Eine zusammengerollte Rücksendung ist tatsächlich kaum möglich. Wir können Ihnen zwei Lösungen anbieten:
                    1. Sie behalten die Matratze und erhalten eine Teilerstattung von 20 % (43,80 €). Viele Kunden empfinden die Matratze nach 2–3 Wochen als deutlich weicher.
                    2. Sie senden die Matratze zurück; wir lassen sie von einer Spedition abholen und erstatten den vollen Kaufpreis innerhalb von 2 Werktagen nach Eingang.

                    Bitte teilen Sie uns mit, welche Lösung Ihnen lieber ist.

                    Mit freundlichen Grüßen
                    Ihr Lumora Home Kundenservice
                    """),
                 ],
                 extras: [
                    .offerChosen(.d(1, 22), offers: ["partial-refund"], amounts: ["43.80"]),
                    .statusChanged(.h(45, 59), from: .needsReply, to: .waitingBuyer),
                 ]),
        // K-1010
        DemoSpec(channel: .amazon, marketplace: "amazon.com", category: .defective,
                 buyer: buyer("Jing Chen", "US", "America/Los_Angeles", "zh"),
                 order: order("111-6402271-3158834", bought: .d(15), shipped: .d(14), delivered: .d(11),
                              via: ("USPS", "9400111899223645871902"), item("AIRFRY-55-BLK", "89.99")),
                 thread: [
                    .buyer(.h(34, 20), """
                    你好，我半个月前买的空气炸锅，用了不到一个星期就不加热了。
                    风扇还在转，灯也亮，但是完全没有热度，薯条放进去20分钟还是生的。
                    已经试过拔掉插头重新插，还是一样。

                    请问是换一台还是退款？我不想再等太久了，家里每天都要用。
                    """),
                 ]),
        // K-1011
        DemoSpec(channel: .ebay, marketplace: "ebay.co.uk", category: .wrongItem,
                 buyer: buyer("Gareth Evans", "GB", "Europe/London", "en"),
                 order: order("23-10982-44710", bought: .d(9), shipped: .d(8), delivered: .d(3),
                              via: ("Royal Mail", "QH209417722GB"), item("BACKPACK-LAP-17", "32.99")),
                 thread: [
                    .buyer(.h(22, 5), .snadRequest, """
                    Listing says fits 17 inch laptops. It doesnt. My 17.3" laptop wont go in the laptop compartment, zip wont close even without the laptop sleeve. Not as described.

                    I want a full refund and you pay the return postage.
                    """),
                 ]),
        // K-1012
        DemoSpec(channel: .amazon, marketplace: "amazon.co.jp", category: .damaged,
                 buyer: buyer("高橋 健一", "JP", "Asia/Tokyo", "ja"),
                 order: order("503-2281649-9930142", bought: .d(4), shipped: .d(3), delivered: .h(10),
                              via: ("Sagawa Express", "360244718893"), item("CLOCK-WALL-30", "2480")),
                 thread: [
                    .buyer(.h(6, 40), """
                    本日届いた掛け時計ですが、箱を開けたら前面のガラスが割れていました。
                    破片が箱の中に散らばっていて危ないです。
                    写真を送りますので、交換をお願いできますか。
                    """),
                 ]),
        // K-1013
        DemoSpec(channel: .amazon, marketplace: "amazon.fr", category: .addressChange,
                 buyer: buyer("Élodie Martin", "FR", "Europe/Paris", "fr"),
                 order: order("405-8871230-5527164", bought: .h(27), item("HUMID-3L-WHT", "45.99")),
                 thread: [
                    .buyer(.h(23, 44), """
                    Bonjour,

                    je me suis trompée d'adresse en passant la commande, j'ai mis mon ancienne adresse à Lyon.
                    La bonne adresse est à Villeurbanne, je viens de la corriger dans mon compte.
                    Est-ce que vous pouvez modifier l'adresse avant l'envoi svp ? Sinon annulez la commande et je recommande.

                    Merci d'avance
                    Élodie
                    """),
                 ]),
        // K-1014
        DemoSpec(channel: .amazon, marketplace: "amazon.de", category: .invoice,
                 buyer: buyer("Thomas Schmitt", "DE", "Europe/Berlin", "de"),
                 order: order("304-1192845-6603729", bought: .d(10), shipped: .d(9), delivered: .d(6),
                              via: ("DPD", "01905027813364"), item("CHAIR-ERGO-GRY", "229.00", quantity: 2)),
                 thread: [
                    .buyer(.h(9, 15), """
                    Sehr geehrte Damen und Herren,

                    für die Bestellung 304-1192845-6603729 (2 Bürostühle) benötigen wir eine Rechnung mit ausgewiesener Mehrwertsteuer auf unsere Firma:
                    Schmitt Elektrotechnik GmbH

                    In der Bestellübersicht steht "Rechnung nicht verfügbar". Bitte laden Sie die Rechnung hoch oder senden Sie sie uns hier als PDF.

                    Mit freundlichen Grüßen
                    Thomas Schmitt
                    """),
                 ]),
        // K-1015
        DemoSpec(channel: .amazon, marketplace: "amazon.com", category: .feedback,
                 buyer: buyer("Brenda Walsh", "US", "America/New_York", "en"),
                 order: order("114-3356012-8820473", bought: .d(10), shipped: .d(9), delivered: .d(5),
                              via: ("FedEx", "771204598836"), item("KETTLE-GLS-17", "39.99")),
                 thread: [
                    .buyer(.h(12, 30), .negativeFeedback, """
                    You have received negative feedback for order 114-3356012-8820473.

                    Rating: 1 out of 5
                    Comments: "Kettle arrived with a cracked lid and the seller never answered my message. Would not buy again."

                    You can respond to this feedback from the Feedback Manager page. Feedback can be removed only in the limited cases described in our policies.
                    """),
                 ]),
        // K-1016
        DemoSpec(channel: .amazon, marketplace: "amazon.com.au", category: .notReceived,
                 buyer: buyer("Liam O'Connor", "AU", "Australia/Melbourne", "en"),
                 order: order("249-6631087-4410295", bought: .d(9), shipped: .d(7), delivered: .d(2),
                              via: ("Australia Post", "33QBH5017684"), item("DASHCAM-4K", "169.00")),
                 thread: [
                    .buyer(.h(39, 15), """
                    Tracking says delivered 2:14pm "left in a safe place". Nothing here. Checked with neighbours, checked the letterbox, nothing. I was home all day and nobody knocked.

                    $169 dashcam just gone?? What are you going to do about it
                    """),
                 ]),
        // K-1017
        DemoSpec(channel: .ebay, marketplace: "ebay.de", category: .cancellation,
                 buyer: buyer("Jürgen Hoffmann", "DE", "Europe/Berlin", "de"),
                 order: order("05-11093-27744", bought: .h(24), item("LEDSTRIP-10M", "19.99")),
                 thread: [
                    .buyer(.h(22, 35), .cancellationRequest, """
                    Hallo, hab aus versehen 2 mal bestellt (selber Artikel), bitte die zweite Bestellung stornieren. Die erste will ich behalten.
                    Danke
                    """),
                 ]),
        // K-1018
        DemoSpec(channel: .amazon, marketplace: "amazon.com", category: .thankYou, status: .resolved,
                 buyer: buyer("Megan Foster", "US", "America/New_York", "en"),
                 order: order("111-9024518-3370642", bought: .d(8), shipped: .d(7), delivered: .d(2),
                              via: ("UPS", "1Z4E6W190348225107"), item("LAMP-DESK-BLK", "39.99")),
                 thread: [
                    .buyer(.h(20), """
                    Just wanted to say the lamp is great, super bright and the wireless charger even works with my phone case on 👍
                    Thanks for the fast shipping!!
                    """),
                 ],
                 extras: [
                    .noResponseNeeded(.h(19, 30)),
                    .statusChanged(.h(19, 30), from: .needsReply, to: .resolved),
                 ]),
        // K-1019
        DemoSpec(channel: .shop, marketplace: "lumorahome.com", category: .warranty, status: .waitingBuyer,
                 buyer: buyer("Rachel Kim", "US", "America/Denver", "en", email: "rachel.kim84@gmail.com"),
                 order: order("#1042", bought: .d(250), shipped: .d(248), delivered: .d(243),
                              via: ("UPS", "1Z8V30X20390017742"), item("CHAIR-ERGO-GRY", "219.00")),
                 thread: [
                    .buyer(.d(2, 3), subject: "Chair sinking - warranty?", """
                    Hi there,

                    I bought the ergonomic chair from your website about 8 months ago (order #1042). For the last week the seat slowly sinks all the way down while I'm sitting on it, every single time. I have to pump it back up 10 times a day.

                    The product page says 2 year warranty. What can you do?

                    Thanks,
                    Rachel
                    """),
                    .agent(.d(1, 23), """
                    Hi Rachel,

                    Thank you for reaching out, and sorry the chair is sinking. That sounds like the gas cylinder, which is covered by the 2-year warranty.

                    To confirm, could you send us:
                    1. A short video of the seat sinking while you sit on it
                    2. A photo of the label under the seat (it shows the batch number)

                    Once we have them, we will ship a new gas cylinder within 24 hours. It takes about 5 minutes to swap and we will include the steps. If you would rather not swap it yourself, we can arrange a local repair service instead.

                    Best regards,
                    Lumora Home Customer Service
                    """),
                 ],
                 extras: [
                    .offerChosen(.d(1, 23), offers: ["ask-photos"], amounts: []),
                    .statusChanged(.h(46, 58), from: .needsReply, to: .waitingBuyer),
                 ]),
        // K-1020
        DemoSpec(channel: .amazon, marketplace: "amazon.co.uk", category: .defective,
                 buyer: buyer("Margaret Thompson", "GB", "Europe/London", "en"),
                 order: order("203-5518820-9014473", bought: .d(40), shipped: .d(39), delivered: .d(36),
                              via: ("DPD", "15976340218843"), item("ROBOT-VAC-X5", "279.99")),
                 thread: [
                    .buyer(.h(2, 15), """
                    Hello,

                    I am writing about the robot vacuum I bought from you just over a month ago. I want to explain everything properly because I have already spent a lot of time on this and I don't want to be asked the same questions again.

                    For the first three weeks it worked well. It mapped the ground floor of the house, the app showed the rooms correctly and I set it to clean every morning at 9 while I walk the dog. Then about ten days ago it started stopping in the middle of the kitchen with the message "Error 14: check the left wheel". I turned it over, took the wheel out as shown in the manual, cleaned out a great deal of hair (we have a spaniel) and put it back. It worked for one day and then the same error came back.

                    Since then I have:
                    - cleaned both wheels and the brushes again, twice
                    - reset it to factory settings and mapped the house again
                    - updated the app and the firmware (the app says it is on the latest version)
                    - charged it overnight on the dock in a different room in case it was the socket

                    Now it will not even leave the dock most mornings. It makes a clicking noise from the left side, turns a few degrees and stops with the same error. Yesterday it also forgot the map and started cleaning the hallway as if it were the whole house, and the mop pad came off and left a wet stripe across the living room carpet, which my husband was not pleased about.

                    I have attached a video taken this morning where you can hear the clicking. I am not very technical, so if there is something else I should try please explain it simply. Otherwise I would like a replacement or a repair. I would rather not send the whole thing back as I no longer have the big box, and it is too heavy for me to carry to the post office.

                    For a vacuum that cost nearly £280 I expected it to last more than three weeks. I have always been happy with my Amazon purchases before, so I hope this can be sorted out quickly.

                    Many thanks,
                    Margaret Thompson
                    """),
                 ],
                 extras: [.categoryChanged(.h(2), from: .howToUse)]),
        // K-1021
        DemoSpec(channel: .amazon, marketplace: "amazon.co.jp", category: .sizeColor, status: .snoozed,
                 buyer: buyer("山本 彩", "JP", "Asia/Tokyo", "ja"),
                 order: order("249-7720154-1186309", bought: .d(6), shipped: .d(5), delivered: .d(3),
                              via: ("Japan Post", "118630947725"), item("YOGA-MAT-6MM-PUR", "2980")),
                 thread: [
                    .buyer(.h(22), """
                    紫色を注文したのですが、届いたのはどう見てもピンクです。
                    商品ページの写真と全然色が違います。
                    返品したほうがいいですか？
                    """),
                    .agent(.h(20), """
                    山本 彩 様

                    お問い合わせいただきありがとうございます。
                    お届けしたヨガマットの色が商品ページと異なるとのこと、大変申し訳ございません。

                    倉庫で同じロットの在庫を確認いたしますので、24時間以内に改めてご連絡いたします。
                    お手数ですが、マットの写真を1枚お送りいただけますと幸いです。

                    Lumora Home カスタマーサポート
                    """),
                 ],
                 extras: [
                    .note(.h(19, 58), "Asked the warehouse to check lot 2405 of the purple mat."),
                    .snoozed(.h(19, 55), until: .h(4)),
                 ]),
        // K-1022
        DemoSpec(channel: .amazon, marketplace: "amazon.de", category: .lostParcel, status: .snoozed,
                 buyer: buyer("Anna Becker", "DE", "Europe/Berlin", "de"),
                 order: order("028-3371945-7719208", bought: .d(14), shipped: .d(13),
                              via: ("DHL", "00340434293360184219"), item("BLENDER-PRO-1200", "89.99")),
                 thread: [
                    .buyer(.d(1, 8), """
                    Guten Tag,
                    meine Sendung hängt seit 9 Tagen im Paketzentrum Aschheim, laut DHL "Die Sendung wurde im Start-Paketzentrum bearbeitet" und seitdem nichts mehr. Ist das Paket verloren gegangen?
                    Ich brauche den Mixer eigentlich für nächste Woche.
                    Grüße A. Becker
                    """),
                    .agent(.d(1, 6), """
                    Guten Tag Frau Becker,

                    vielen Dank für Ihre Nachricht. Sie haben recht, die Sendung bewegt sich seit über einer Woche nicht mehr.

                    Wir haben heute einen Nachforschungsauftrag bei DHL gestellt. Sobald DHL antwortet, spätestens aber morgen Abend, melden wir uns bei Ihnen mit einer der folgenden Lösungen:
                    1. Das Paket wird gefunden und zugestellt.
                    2. Wir senden Ihnen sofort kostenlos einen neuen Mixer per Express.
                    3. Sie erhalten den vollen Kaufpreis zurück.

                    Mit freundlichen Grüßen
                    Ihr Lumora Home Kundenservice
                    """),
                 ],
                 extras: [
                    .note(.h(29, 59), "DHL Nachforschungsauftrag gestellt, Antwort in 1–2 Werktagen."),
                    .offerChosen(.h(29, 58), offers: ["tracking-update"], amounts: []),
                    .snoozed(.h(29, 57), until: .h(10)),
                 ]),
        // K-1023
        DemoSpec(channel: .amazon, marketplace: "amazon.fr", category: .defective,
                 buyer: buyer("Julien Lefèvre", "FR", "Europe/Paris", "fr"),
                 order: order("402-6619203-3384157", bought: .d(20), shipped: .d(19), delivered: .d(16),
                              via: ("Colissimo", "6A19872265410"), item("BIKE-LIGHT-SET", "14.99")),
                 thread: [
                    .buyer(.h(23, 31), """
                    Bonjour
                    Le feu avant ne charge plus depuis 3 jours, la lumière rouge clignote quand je branche le câble et puis rien. Le feu arrière marche.
                    J'ai essayé avec un autre câble et un autre chargeur, pareil.
                    Je roule tous les jours pour aller au travail, j'en ai besoin rapidement.
                    Cordialement
                    J. Lefèvre
                    """),
                 ]),
        // K-1024
        DemoSpec(channel: .ebay, marketplace: "ebay.com", category: .howToUse,
                 buyer: buyer("Ashley Nguyen", "US", "America/Chicago", "en"),
                 order: order("19-10883-52017", bought: .d(8), shipped: .d(7), delivered: .d(2),
                              via: ("USPS", "9205590164917312751089"), item("CAM-BABY-2K", "79.99")),
                 thread: [
                    .buyer(.h(4, 45), """
                    hi, cant get the camera to connect to the app. it says "device not found" every time. my wifi is 5G, is that the problem?? baby is coming in 2 weeks I need this working

                    thx
                    """),
                 ]),
        // K-1025
        DemoSpec(channel: .amazon, marketplace: "amazon.com.au", category: .sizeColor,
                 buyer: buyer("Zhang Wei", "AU", "Australia/Sydney", "zh"),
                 order: order("250-4418830-2276194", bought: .d(11), shipped: .d(10), delivered: .d(4),
                              via: ("Australia Post", "33LKP4418830"), item("SOCKS-MERINO-3P-M", "24.95")),
                 thread: [
                    .buyer(.h(15), .returnRequest, """
                    退货原因：尺码不合适
                    买家留言：
                    我买的是M码，收到的袜子明显偏小，标签上写的是S。我只试穿了一双，另外两双没拆包装。
                    可以换成M码吗？不行的话就直接退款吧。
                    """),
                 ]),
        // K-1026
        DemoSpec(channel: .shop, marketplace: "lumorahome.com", category: .lateDelivery,
                 buyer: buyer("林怡君", "TW", "Asia/Taipei", "zh", email: "yichun.lin@yahoo.com.tw"),
                 order: order("#1057", bought: .d(16), shipped: .d(14),
                              via: ("Yanwen", "YT2409145533201847"), item("HUMID-3L-WHT", "39.00")),
                 thread: [
                    .buyer(.h(22, 48), subject: "訂單 #1057 還沒收到", """
                    您好，
                    我的訂單 #1057 已經寄出兩個禮拜了，物流查詢一直顯示「運輸途中」，沒有任何更新。
                    請問大概還要多久才會到？
                    如果月底前還收不到，我想申請退款。

                    謝謝
                    林怡君
                    """),
                 ]),
        // K-1027
        DemoSpec(channel: .amazon, marketplace: "amazon.com", category: .missingPart,
                 buyer: buyer("Jamal Carter", "US", "America/New_York", "en"),
                 order: order("112-7036618-2259401", bought: .d(6), shipped: .d(5), delivered: .d(1),
                              via: ("Amazon Logistics", "TBA302918476000"), item("SHOE-RACK-5T", "27.99")),
                 thread: [
                    .buyer(.h(8, 10), """
                    Shoe rack came with only 6 of the 8 plastic connectors so I cant finish the top shelf.
                    Can you send the missing ones?
                    """),
                    .buyer(.h(7, 25), """
                    ??? also one of the poles has a dent. pic attached
                    """),
                 ],
                 extras: [.categoryChanged(.h(7), from: .damaged)]),
        // K-1028
        DemoSpec(channel: .amazon, marketplace: "amazon.co.uk", category: .sizeColor, status: .resolved,
                 buyer: buyer("Chloe Hughes", "GB", "Europe/London", "en"),
                 order: order("026-5590372-1184025", bought: .d(12), shipped: .d(11), delivered: .d(9),
                              via: ("Evri", "H00A7B0002218845"), item("JACKET-RAIN-M-NVY", "34.99")),
                 thread: [
                    .buyer(.d(5), .returnRequest, """
                    Return reason: Too small
                    Buyer comment:
                    Ordered M as per size chart, fits like an XS. Sleeves way too short. Would like to return please.
                    """),
                    .agent(.d(4, 21), """
                    Hello Chloe,

                    Thank you for letting us know, and sorry the jacket came up small.

                    We have authorised your return. Please use the prepaid return label in Your Orders; as soon as the parcel arrives we will refund the full 34.99 GBP within 2 business days.

                    We have also passed your note on the sizing to our product team.

                    Kind regards,
                    Lumora Home Customer Service
                    """),
                    .agent(.d(1, 2), """
                    Hello Chloe,

                    Your return arrived today and we have issued a full refund of 34.99 GBP. It should show on your statement within 3–5 days.

                    Thank you for your patience.

                    Kind regards,
                    Lumora Home Customer Service
                    """),
                 ],
                 extras: [
                    .offerChosen(.d(4, 21), offers: ["return-and-refund"], amounts: ["34.99"]),
                    .statusChanged(.h(116, 58), from: .needsReply, to: .waitingBuyer),
                    .note(.d(1, 3), "Return received: jacket unworn, tags on. Refunded 34.99 GBP. Size chart runs one size small."),
                    .statusChanged(.h(25, 58), from: .waitingBuyer, to: .resolved),
                 ]),
        // K-1029
        DemoSpec(channel: .amazon, marketplace: "amazon.com", category: .other,
                 buyer: buyer("Priya Raman", "US", "America/Los_Angeles", "en"),
                 order: order("114-2219047-6651380", bought: .d(9), shipped: .d(8), delivered: .d(5),
                              via: ("USPS", "9400111899223197345512"), item("LAMP-DESK-BLK", "39.99")),
                 thread: [
                    .buyer(.h(1, 10), """
                    Hello, I'm travelling to India next month for 3 months. Will the desk lamp work on 230V there or do I need a converter? The adapter says 100-240V but I want to be sure before I pack it.
                    Thank you!
                    """),
                 ]),
        // K-1030 (no order: threaded by sender and subject)
        DemoSpec(channel: .email, marketplace: nil, category: .warranty,
                 buyer: buyer("Ben Hartley", "GB", "Europe/London", "en", email: "ben.hartley@outlook.com"),
                 order: nil,
                 thread: [
                    .buyer(.h(18, 40), subject: "Dashcam stopped recording after 14 months", """
                    Hello,

                    I bought your 4K dash cam on Amazon UK about 14 months ago (can't find the order number, it was on my old account). Since last week it switches on but doesn't record anything, the screen shows "SD card error" with 3 different cards incl. a brand new 128GB one.

                    Is this still under warranty? Your box says 2 years.

                    Regards
                    Ben Hartley
                    """),
                 ]),
        // K-1031
        DemoSpec(channel: .amazon, marketplace: "amazon.fr", category: .unwanted, status: .waitingBuyer,
                 buyer: buyer("Nathalie Roux", "FR", "Europe/Paris", "fr"),
                 order: order("171-9035521-7748806", bought: .d(15), shipped: .d(14), delivered: .d(11),
                              via: ("Colissimo", "6A20671182394"), item("BLENDER-PRO-1200", "79.99")),
                 thread: [
                    .buyer(.d(2, 2), .returnRequest, """
                    Motif du retour : Je n'en ai plus besoin
                    Commentaire de l'acheteur :
                    Finalement on m'a offert un blender pour mon anniversaire, je n'ai plus besoin de celui-ci. Il a été ouvert mais pas utilisé.
                    """),
                    .agent(.d(1, 20), """
                    Bonjour Madame Roux,

                    Merci pour votre message.

                    Comme le blender a déjà été ouvert, nous vous proposons deux solutions :
                    1. Vous gardez le blender (par exemple pour l'offrir) et nous vous remboursons 15,00 € tout de suite.
                    2. Vous nous le renvoyez dans son emballage d'origine ; le remboursement est effectué sous 2 jours ouvrés après réception.

                    Merci de nous indiquer la solution qui vous convient.

                    Cordialement,
                    Le service client Lumora Home
                    """),
                 ],
                 extras: [
                    .offerChosen(.d(1, 20), offers: ["partial-refund"], amounts: ["15.00"]),
                    .statusChanged(.h(43, 58), from: .needsReply, to: .waitingBuyer),
                 ]),
        // K-1032
        DemoSpec(channel: .amazon, marketplace: "amazon.co.jp", category: .lateDelivery,
                 buyer: buyer("田中 翔太", "JP", "Asia/Tokyo", "ja"),
                 order: order("503-8842017-6630915", bought: .d(10), shipped: .d(7),
                              via: ("Japan Post", "LX447120936CN"), item("PHONE-CASE-IP15", "1280")),
                 thread: [
                    .buyer(.h(22, 57), """
                    注文してから9日経ちますが、まだ届きません。
                    追跡番号で調べても「引受」のままで止まっています。
                    お届け予定日はもう過ぎていますよね？いつ届きますか。
                    """),
                 ]),
        // K-1033
        DemoSpec(channel: .amazon, marketplace: "amazon.com", category: .damaged, status: .waitingBuyer,
                 buyer: buyer("Kevin Ross", "US", "America/New_York", "en"),
                 order: order("113-5506281-9947723", bought: .d(10), shipped: .d(9), delivered: .h(51),
                              via: ("FedEx", "776615902274"), item("DESK-STAND-140", "329.99")),
                 thread: [
                    .buyer(.d(2, 1), """
                    Desk arrived today. One of the legs is bent at the bottom, looks like the box got dropped on a corner. The desk wobbles badly when raised.
                    Really disappointed for a $330 desk.
                    """),
                    .agent(.d(1, 21), """
                    Hello Kevin,

                    Thank you for your message, and we are very sorry the desk arrived with a bent leg.

                    Could you please send us 2–3 photos of the bent leg and of the box corner? With the photos we can:
                    1. Ship a new leg column right away (it arrives in 3–5 days and swaps in about 10 minutes), or
                    2. Refund 60.00 USD if you are happy to keep the desk as it is.

                    We will act on your choice within 24 hours of your reply.

                    Best regards,
                    Lumora Home Customer Service
                    """),
                 ],
                 extras: [
                    .note(.h(45, 5), "Bulky: avoid a return. Spare leg column in the US warehouse."),
                    .offerChosen(.d(1, 21), offers: ["ask-photos", "send-part", "partial-refund"], amounts: ["60.00"]),
                    .statusChanged(.h(44, 58), from: .needsReply, to: .waitingBuyer),
                 ]),
        // K-1034
        DemoSpec(channel: .amazon, marketplace: "amazon.com", category: .lateDelivery,
                 buyer: buyer("Tanya Graves", "US", "America/Chicago", "en"),
                 order: order("114-8827340-5501962", bought: .d(13), shipped: .d(12),
                              via: ("USPS", "9400111899561844021937"), item("YOGA-MAT-6MM-PUR", "24.99")),
                 thread: [
                    .buyer(.d(3, 4), "Hi, where is my yoga mat? Ordered almost 2 weeks ago."),
                    .agent(.d(2, 22), """
                    Hello Tanya,

                    Thank you for your message. The parcel is with USPS and was last scanned at their Chicago facility. USPS is running a few days late in your area; we expect it within 3 days.

                    If it has not arrived in 3 days, please reply here and we will send a new one or refund you right away, whichever you prefer.

                    Best regards,
                    Lumora Home Customer Service
                    """),
                    .buyer(.h(10), """
                    Its been 3 days. Still nothing. Do I have to ask 3 times?? 😡😡
                    Just refund me.
                    """),
                 ]),
        // K-1035
        DemoSpec(channel: .shop, marketplace: "lumorahome.com", category: .notReceived,
                 buyer: buyer("Marcus Lee", "US", "America/Los_Angeles", "en", email: "marcus.lee.la@gmail.com"),
                 order: order("#1038", bought: .d(35), shipped: .d(33), delivered: .d(26),
                              via: ("XPO Logistics", "548123907"), item("SOFA-BED-3S-GRY", "749.00")),
                 thread: [
                    .buyer(.h(14), .chargeback, subject: "Dispute opened: #1038 – Product not received", dueIn: .d(6), """
                    A customer has opened a chargeback for order #1038.

                    Reason: Product not received
                    Amount: $749.00 USD
                    Evidence due: in 6 days

                    Submit evidence, such as proof of delivery and your communication with the customer, before the due date. If you don't respond by then, the dispute will be closed in the customer's favour.

                    Shopify Payments
                    """),
                 ],
                 extras: [.note(.h(13), "XPO delivery receipt signed by M. Lee on delivery day. Use as evidence with the tracking history.")]),
        // K-1036
        DemoSpec(channel: .ebay, marketplace: "ebay.com", category: .defective, status: .snoozed,
                 buyer: buyer("Brandon Ortiz", "US", "America/Denver", "en"),
                 order: order("11-10774-39528", bought: .d(12), shipped: .d(11), delivered: .d(7),
                              via: ("USPS", "9200190164917338551276"), item("EARBUDS-ANC-WHT", "59.99")),
                 thread: [
                    .buyer(.h(9), .snadRequest, """
                    Left earbud stopped working after 5 days. Only the right one connects. Tried resetting like the manual says, doesnt help.
                    """),
                    .agent(.h(8, 30), """
                    Hi Brandon,

                    Sorry about the left earbud. Before anything else, could you try this once:
                    1. Put both earbuds in the case and hold the case button for 15 seconds until the light flashes red three times.
                    2. Remove "LH-ANC" from your phone's Bluetooth list and pair again.

                    If the left one still does not connect, we will send you a replacement pair right away and you can keep the old ones. No need to return them.

                    Thanks,
                    Lumora Home
                    """),
                    .buyer(.h(8), "ok will try tonight when i get home and let you know"),
                 ],
                 extras: [
                    .offerChosen(.h(8, 30), offers: ["send-manual", "reship"], amounts: []),
                    .noResponseNeeded(.h(7, 56)),
                    .snoozed(.h(7, 55), until: .h(3)),
                 ]),
        // K-1037
        DemoSpec(channel: .amazon, marketplace: "amazon.co.uk", category: .addressChange,
                 buyer: buyer("Hannah Clarke", "GB", "Europe/London", "en"),
                 order: order("202-4471183-0066529", bought: .d(3), shipped: .d(2),
                              via: ("Royal Mail", "TT508812264GB"), item("SCALE-KIT-5KG", "13.99")),
                 thread: [
                    .buyer(.h(23, 58), """
                    Hi sorry I've just realised the order went to my old flat (I moved 2 weeks ago and forgot to change it in my account)
                    Is there any way to redirect it? It says dispatched already.
                    Thanks, Hannah
                    """),
                 ]),
        // K-1038
        DemoSpec(channel: .amazon, marketplace: "amazon.com", category: .cancellation,
                 buyer: buyer("Emily Sanders", "US", "America/New_York", "en"),
                 order: order("111-3309872-4451206", bought: .h(3), item("PHONE-CASE-IP15", "9.99")),
                 thread: [
                    .buyer(.h(1, 40), .cancellationRequest, """
                    Cancellation reason: Ordered wrong item
                    Buyer comment:
                    pls cancel, I ordered the iPhone 15 case but I have a 15 Pro 🙏 will reorder the right one
                    """),
                 ]),
        // K-1039
        DemoSpec(channel: .ebay, marketplace: "ebay.de", category: .howToUse, status: .waitingBuyer,
                 buyer: buyer("Stefan Wolf", "DE", "Europe/Berlin", "de"),
                 order: order("07-10926-61833", bought: .d(10), shipped: .d(9), delivered: .d(5),
                              via: ("Hermes", "H1004870017716601085"), item("LEDSTRIP-10M", "22.99")),
                 thread: [
                    .buyer(.d(1, 10), """
                    Hallo, die App findet den LED Streifen nicht. Bluetooth ist an, Standort auch.
                    Mit der Fernbedienung geht er, nur die App nicht. Was mach ich falsch?
                    """),
                    .agent(.d(1, 8), """
                    Hallo Herr Wolf,

                    danke für Ihre Nachricht. Das lässt sich meistens in zwei Minuten lösen:
                    1. Suchen Sie den Streifen bitte nicht in den Bluetooth-Einstellungen des Handys, sondern nur in der App unter "+ Gerät hinzufügen".
                    2. Falls er dort nicht erscheint: Netzteil 10 Sekunden ausstecken, wieder einstecken und innerhalb von 30 Sekunden in der App suchen.
                    3. Die App braucht die Berechtigung "Geräte in der Nähe".

                    Klappt es damit? Falls nicht, schicken wir Ihnen gern einen neuen Controller.

                    Viele Grüße
                    Ihr Lumora Home Team
                    """),
                 ],
                 extras: [
                    .offerChosen(.d(1, 8), offers: ["send-manual"], amounts: []),
                    .statusChanged(.h(31, 58), from: .needsReply, to: .waitingBuyer),
                 ]),
        // K-1040
        DemoSpec(channel: .amazon, marketplace: "amazon.fr", category: .missingPart, status: .resolved,
                 buyer: buyer("Claire Fontaine", "FR", "Europe/Paris", "fr"),
                 order: order("405-2236618-9170342", bought: .d(14), shipped: .d(13), delivered: .d(9),
                              via: ("Colissimo", "6A21177640853"), item("LEDSTRIP-10M", "24.99")),
                 thread: [
                    .buyer(.d(8), """
                    Bonjour, la télécommande n'était pas dans le colis. Il y a juste le ruban et le boîtier.
                    Pouvez-vous m'en envoyer une ? Merci
                    """),
                    .agent(.d(7, 22), """
                    Bonjour Madame Fontaine,

                    Merci pour votre message et toutes nos excuses pour la télécommande manquante.

                    Nous vous en envoyons une nouvelle aujourd'hui par lettre suivie ; elle devrait arriver sous 3 à 5 jours ouvrés.

                    Cordialement,
                    Le service client Lumora Home
                    """),
                    .buyer(.d(2, 5), "Bien reçue ce matin, tout fonctionne. Merci beaucoup !"),
                 ],
                 extras: [
                    .offerChosen(.d(7, 22), offers: ["send-part"], amounts: []),
                    .note(.h(189, 50), "Remote sent by La Poste Lettre suivie."),
                    .noResponseNeeded(.h(52, 50)),
                    .statusChanged(.h(52, 50), from: .needsReply, to: .resolved),
                 ]),
    ]
}
