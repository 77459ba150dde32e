import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuMail
@testable import KefuStore
@testable import KefuImport
@testable import KefuConfig
@testable import KefuPlaybook
@testable import KefuReports

@Suite struct OutgoingAttachmentTests {
    static func mail(_ files: [OutgoingAttachment]) -> MailMessage {
        var m = MailMessage(from: MailAddress(name: "Lumen", address: "support@lumen.example"), to: MailAddress(address: "abc@marketplace.amazon.de"),
                            subject: "Re: Lampe", date: t0, messageID: "kefu.K-1.20261121T100000Z.1@lumen.example", body: "Hallo,\nanbei die Anleitung.")
        m.attachments = files
        return m
    }

    @Test func multipartMixedCarriesTheBytesAndRFC2231Names() {
        let pdf = Data("%PDF-1.4\n".utf8) + Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let longName = "Bedienungsanleitung für die LED-Schreibtischlampe – Ausgabe 2026 (deutsch).pdf"
        let raw = Self.mail([OutgoingAttachment(name: longName, type: "application/pdf", data: pdf),
                             OutgoingAttachment(name: "label.png", type: "image/png", data: Data([0x89, 0x50, 0x4E, 0x47]))]).rendered()
        #expect(raw.contains("Content-Type: multipart/mixed; boundary="))
        #expect(raw.contains("Content-Disposition: attachment;\r\n filename*0*=UTF-8''Bedienungsanleitung%20f%C3%BCr"))
        #expect(raw.contains("filename=\"label.png\""))
        #expect(raw.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 78 })
        #expect(raw.utf8.allSatisfy { $0 < 128 })
        // Read back by kefu's own parser: text, then both files with their names and bytes.
        let parsed = MIMEParser.parse(Data(raw.utf8), keepingAttachments: Int.max)
        #expect(parsed.text.hasPrefix("Hallo,\nanbei die Anleitung."))
        #expect(parsed.attachments.map(\.filename) == [longName, "label.png"])
        #expect(parsed.attachments.map(\.mimeType) == ["application/pdf", "image/png"])
        #expect(parsed.attachments.first?.data == pdf)
    }

    /// Opening a file left in the Maildir reads the mail again: only that part is decoded and kept, not
    /// every file of a mail of up to 256 MB at once.
    @Test func readingOnePartKeepsThatPartOnly() {
        let big = Data(repeating: 0x41, count: 50_000), small = Data([1, 2, 3])
        let raw = Self.mail([OutgoingAttachment(name: "a.pdf", type: "application/pdf", data: big),
                             OutgoingAttachment(name: "b.png", type: "image/png", data: small),
                             OutgoingAttachment(name: "c.pdf", type: "application/pdf", data: big)]).rendered()
        let parsed = MIMEParser.parse(Data(raw.utf8), keepingOnly: 1)
        #expect(parsed.attachments.map(\.size) == [big.count, small.count, big.count], "all still listed")
        #expect(parsed.attachments.map(\.data) == [nil, small, nil])
    }

    @Test func withoutAttachmentsTheMessageStaysSinglePart() {
        let raw = Self.mail([]).rendered()
        #expect(raw.contains("Content-Type: text/plain; charset=UTF-8") && !raw.contains("multipart"))
    }

    @Test func namesAreOneCleanComponent() {
        let a = OutgoingAttachment(name: "../../etc/pass\u{1B}[2Jwd.pdf\r\nBcc: x@y", type: "Application/PDF", data: Data())
        #expect(a.name == "pass[2Jwd.pdfBcc x@y" && a.type == "application/pdf")
        let raw = Self.mail([a]).rendered()
        #expect(!raw.contains("\r\nBcc:"))
    }

    @Test func amazonLintBlocksTypesAndSizeItWouldReject() {
        let ok = [OutgoingAttachment(name: "manual.pdf", type: "application/pdf", data: Data(count: 1000)),
                  OutgoingAttachment(name: "photo.JPG", type: "image/jpeg", data: Data(count: 1000))]
        #expect(AttachmentRules.check(ok, channel: .amazon).isEmpty)
        let exe = [OutgoingAttachment(name: "tool.exe", type: "application/octet-stream", data: Data(count: 10))]
        #expect(AttachmentRules.check(exe, channel: .amazon).map(\.rule) == ["attachment-type"])
        let disguised = [OutgoingAttachment(name: "manual.zip", type: "application/pdf", data: Data(count: 10))]
        #expect(AttachmentRules.check(disguised, channel: .amazon).map(\.rule) == ["attachment-type"])
        let big = [OutgoingAttachment(name: "a.pdf", type: "application/pdf", data: Data(count: 6 << 20)),
                   OutgoingAttachment(name: "b.pdf", type: "application/pdf", data: Data(count: 5 << 20))]
        let findings = AttachmentRules.check(big, channel: .amazon)
        #expect(findings.map(\.rule) == ["attachment-size"] && findings.allSatisfy { $0.severity == .error })
        #expect(AttachmentRules.check(exe, channel: .shop).isEmpty, "no published list for shop mail")
    }

    @Test func loadReadsAFileAndRefusesFoldersAndMissingFiles() throws {
        let dir = tempDir("kefu-outgoing")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("%PDF-1.4 manual".utf8).write(to: URL(fileURLWithPath: dir + "/x.pdf"))
        let a = try OutgoingAttachment.load(dir + "/x.pdf")
        #expect(a.name == "x.pdf" && a.type == "application/pdf" && a.data == Data("%PDF-1.4 manual".utf8))
        #expect(throws: KefuError.self) { try OutgoingAttachment.load(dir) }
        #expect(throws: KefuError.self) { try OutgoingAttachment.load(dir + "/missing.pdf") }
    }
}
