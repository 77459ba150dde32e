import Foundation
import KefuBase
import KefuMail
import KefuStore
import KefuImport

/// Issue 6's figure: importing a 20,000-message Maildir (≥ 2,000 msg/s, flat memory). The Maildir
/// mixes what a seller's support mailbox holds: Amazon buyer messages and HTML-only notices, eBay
/// messages, store mail threads, refunds and a little junk. Imports run in child processes so each
/// peak-memory figure is the import's own; 5,000 and 20,000 messages are compared for flatness.
enum MaildirBench {
    static func run(now: Date) throws {
        let base = NSTemporaryDirectory() + "kefu-bench-maildir"
        var peaks: [Int: Double] = [:]
        for n in [5_000, 20_000] {
            let dir = base + "-\(n)"
            if !FileManager.default.fileExists(atPath: dir + "/built") { try write(n, to: dir, now: now) }
            let store = dir + "-store"
            try? FileManager.default.removeItem(atPath: store)
            let (out, _) = try runSelf(["maildir-import", dir, store])
            let f = out.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            guard f.count == 4 else { throw KefuError.data("maildir-import printed \(out)") }
            let (ms, read, cases, peak) = (f[0], f[1], f[2], f[3])
            precondition(Int(read) == n, "read \(read) of \(n)")
            peaks[n] = peak
            Measure.report("Maildir import, \(n) messages (\(Int(cases)) cases)", read / (ms / 1000), "msg/s", target: 2000, lowerIsBetter: false)
            print(String(format: "%-52@ %10.1f MB", "  peak memory" as NSString, peak))
            // Re-import: every file is known, nothing is filed.
            let (again, _) = try runSelf(["maildir-import", dir, store])
            let g = again.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            print(String(format: "%-52@ %10.1f ms (%d filed)", "  re-import of the same Maildir" as NSString, g[0], Int(g[1])))
            try? FileManager.default.removeItem(atPath: store)
        }
        // Flat: four times the mail must not need anywhere near four times the memory.
        let growth = (peaks[20_000] ?? 0) / max(peaks[5_000] ?? 1, 1)
        Measure.report("peak memory 20,000 ÷ 5,000 messages", growth, "×", target: 2)
    }

    /// In the child: import DIR into STORE, print "ms read cases peakMB".
    static func importChild(_ dir: String, _ storeDir: String, now: Date) throws {
        let store = try CaseStore.open(storeDir, now: now)
        var report = MaildirReport()
        let ms = try Measure.ms { report = try MaildirIntake.run(try Maildir(path: dir), store: store, now: now) }
        print(String(format: "%.1f %d %d %.1f", ms, report.read, store.cases.count, Measure.peakMB()))
        store.close(now: now)
    }

    static func write(_ n: Int, to dir: String, now: Date) throws {
        try? FileManager.default.removeItem(atPath: dir)
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
        let t0 = Int(now.timeIntervalSince1970) - n * 60
        for i in 0..<n {
            let sub = i % 3 == 0 ? "new" : "cur"
            let name = "\(t0 + i * 60).M\(i)P1.bench" + (sub == "cur" ? ":2,S" : "")
            try Data(mail(i, date: Date(timeIntervalSince1970: TimeInterval(t0 + i * 60))).utf8).write(to: URL(fileURLWithPath: "\(dir)/\(sub)/\(name)"))
        }
        FileManager.default.createFile(atPath: dir + "/built", contents: Data())
    }

    static func order(_ i: Int) -> String {
        let k = i % 8000
        return String(format: "302-%07d-%07d", 1_000_000 + k, 7_000_000 + k * 3)
    }

    static func mail(_ i: Int, date: Date) -> String {
        let d = MailMessage.rfc5322Date(date)
        let id = "<bench\(i)@example.net>"
        let complaints = ["Die Lampe kam kaputt an, das Glas ist zerbrochen.", "The charger does not work at all, no light.",
                          "Il manque le câble dans le colis.", "Ho ricevuto il colore sbagliato, volevo il blu.",
                          "El paquete no ha llegado todavía, el seguimiento no se mueve.", "商品が届きません。追跡番号を確認してください。"]
        let text = complaints[i % complaints.count] + " " + String(repeating: "Bitte um eine schnelle Antwort. ", count: 8)
        switch i % 20 {
        case 0..<8:
            return "From: \"Kunde \(i % 500)\" <buyer\(i % 4000)@marketplace.amazon.de>\r\nTo: shop@example.com\r\n"
                + "Subject: =?UTF-8?Q?Nachricht_von_Amazon-Kunde?= (Bestellung: \(order(i)))\r\nDate: \(d)\r\nMessage-ID: \(id)\r\n"
                + "X-Marketplace-ID: A1PA6795UKMFR9\r\nX-Space-Notification-Type: BBC_MESSAGE_SENT_TO_MERCHANT\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Bestellnummer: \(order(i))\r\n\r\n------------- Begin message -------------\r\n\r\n\(MIMEEncoding.quotedPrintable(text))\r\n\r\n"
                + "------------- End message -------------\r\n\r\nAntworten Sie auf diese E-Mail.\r\n"
        case 8..<11:
            let html = "<html><head><style>td{color:#333}</style></head><body><p>Return request for order \(order(i))</p>"
                + "<table><tr><td>ASIN:</td><td>B0BENCH\(i % 90)</td></tr><tr><td>Return reason:</td><td>Defective</td></tr>"
                + "<tr><td>Customer comments:</td><td>\(text)</td></tr></table><p>Thank you &amp; regards</p></body></html>"
            return "From: Amazon <return@amazon.com>\r\nTo: shop@example.com\r\nSubject: Return authorization request for order \(order(i))\r\n"
                + "Date: \(d)\r\nMessage-ID: \(id)\r\nX-Marketplace-ID: ATVPDKIKX0DER\r\nX-Space-Notification-Type: RETURN_REQUEST\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\(i)\"\r\n\r\n--b\(i)\r\n"
                + "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\(MIMEEncoding.quotedPrintable(html))\r\n--b\(i)--\r\n"
        case 11..<13:
            return "From: member\(i % 700) <m\(i % 700)@members.ebay.de>\r\nTo: shop@example.com\r\n"
                + "Subject: member\(i % 700) sent a message about Desk lamp LED #1234567\(i % 90)\r\nDate: \(d)\r\nMessage-ID: \(id)\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n\(text)\r\n"
        case 13..<18:
            let thread = i % 900
            let reply = i % 40 >= 20 ? "In-Reply-To: <bench\(i - 20)@example.net>\r\nReferences: <bench\(i - 20)@example.net>\r\n" : ""
            return "From: Buyer \(thread) <buyer\(thread)@example.org>\r\nTo: support@shop.example\r\n"
                + "Subject: \(reply.isEmpty ? "" : "Re: ")Question about my order \(thread)\r\nDate: \(d)\r\nMessage-ID: \(id)\r\n\(reply)"
                + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\(text)\r\n"
        case 18:
            return "From: Amazon <payments@amazon.de>\r\nTo: shop@example.com\r\nSubject: Erstattung für Bestellung \(order(i - 18))\r\n"
                + "Date: \(d)\r\nMessage-ID: \(id)\r\nX-Space-Notification-Type: REFUND_ISSUED\r\nX-Marketplace-ID: A1PA6795UKMFR9\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nEine Erstattung für die Bestellung \(order(i - 18)) wurde veranlasst.\r\n"
        default:
            return "Subject: ??? \(i)\r\n\r\n" + String(repeating: "\u{1}binary\u{7F}", count: 40)
        }
    }
}
