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

private let mailFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mail").path

/// A Maildir holding the named fixtures in new/ (plus `extra` files written as given).
private func maildirWith(_ fixtures: [String], extra: [(String, Data)] = []) throws -> String {
    let dir = tempDir("kefu-attach-maildir")
    for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
    for (i, f) in fixtures.enumerated() {
        try FileManager.default.copyItem(atPath: mailFixtures + "/" + f, toPath: "\(dir)/new/17636\(25600 + i).M\(i)P1.host")
    }
    for (name, data) in extra { try data.write(to: URL(fileURLWithPath: dir + "/new/" + name)) }
    return dir
}

private func mode(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// The decoded base64 body of the `n`th base64 part of a fixture, decoded here independently of kefu.
private func base64Part(_ fixture: String, _ n: Int) throws -> Data {
    let text = try String(contentsOfFile: mailFixtures + "/" + fixture, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
    let parts = text.components(separatedBy: "Content-Transfer-Encoding: base64\n\n").dropFirst()
    let body = Array(parts)[n].components(separatedBy: "\n--")[0]
    return try #require(Data(base64Encoded: body.replacingOccurrences(of: "\n", with: "")))
}

@Suite struct AttachmentIntakeTests {
    @Test func amazonMessageWithTwoJPEGsKeepsBothByHashPrivately() throws {
        let dir = try maildirWith(["amazon-message-photos.eml"])
        let storeDir = tempDir()
        // Filed by one store, read back by a second one (through CaseReader) once the first is gone.
        let (c, files) = try { () throws -> (Case, [AttachmentFile]) in
            let store = try CaseStore.open(storeDir, now: t0)
            _ = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
            store.close(now: t0)
            let c = try #require(store.cases.values.first)
            return (c, try #require(c.messages.first?.files))
        }()
        #expect(files.map(\.name) == ["shade-front.jpg", "Riss im Schirmé.jpg"])
        #expect(files.allSatisfy { $0.type == "image/jpeg" && $0.isKept })
        let kept = AttachmentStore(storeDirectory: storeDir)
        for (i, f) in files.enumerated() {
            let expected = try base64Part("amazon-message-photos.eml", i)
            #expect(f.size == expected.count)
            let path = try #require(kept.path(f.sha256!))
            #expect(FileManager.default.contents(atPath: path) == expected)
            #expect(mode(path) == 0o600)
            #expect(mode((path as NSString).deletingLastPathComponent) == 0o700)
        }
        #expect(ImageInfo.read(try kept.read(files[0].sha256!)) == ImageInfo(format: "JPEG", width: 16, height: 16))
        #expect(ImageInfo.read(try kept.read(files[1].sha256!)) == ImageInfo(format: "JPEG", width: 2, height: 2))
        let again = try CaseStore.open(storeDir, now: t0)
        #expect(again.cases[c.id]?.messages.first?.files == files)
        again.close(now: t0)
        let check = try CaseStore.check(storeDir, repair: false, now: t0)
        #expect(check.ok && check.attachmentFiles == 2 && check.unnamedAttachments == 0)
    }

    @Test func ebayPNGAndInlineHTMLImageAreKept() throws {
        let dir = try maildirWith(["ebay-message-photo.eml", "html-inline-image.eml"])
        let storeDir = tempDir()
        let store = try CaseStore.open(storeDir, now: t0)
        _ = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        let all = store.cases.values.flatMap { $0.messages.flatMap { $0.files ?? [] } }
        let png = try #require(all.first { $0.name == "crack.png" })
        #expect(png.type == "image/png" && png.inline == nil)
        #expect(try AttachmentStore(storeDirectory: storeDir).read(png.sha256!) == base64Part("ebay-message-photo.eml", 0))
        let inline = try #require(all.first { $0.inline == true })
        #expect(inline.name == nil && inline.type == "image/png")
        #expect(ImageInfo.read(try AttachmentStore(storeDirectory: storeDir).read(inline.sha256!)) == ImageInfo(format: "PNG", width: 12, height: 7))
        // The HTML text is still the message's text.
        #expect(store.cases.values.contains { $0.messages.first?.body.contains("Die Lampe ist kaputt") == true })
    }

    @Test func aMessageAboveTheCapStaysInTheMaildirAndIsReferenced() throws {
        // 30 MB sent `binary` (under the Maildir read limit), generated here rather than committed.
        var big = Data(count: 30 << 20)
        big.withUnsafeMutableBytes { p in for i in stride(from: 0, to: p.count, by: 4096) { p[i] = UInt8(truncatingIfNeeded: i >> 12) } }
        let head = "From: Eva <eva@example.com>\r\nSubject: video of the lamp\r\nDate: Fri, 20 Nov 2026 09:00:00 +0100\r\n"
            + "Message-ID: <big.1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
            + "--B\r\nContent-Type: text/plain\r\n\r\nSee the video.\r\n--B\r\nContent-Type: video/mp4\r\n"
            + "Content-Disposition: attachment; filename=lamp.mp4\r\nContent-Transfer-Encoding: binary\r\n\r\n"
        let mail = Data(head.utf8) + big + Data("\r\n--B--\r\n".utf8)
        let dir = try maildirWith([], extra: [("1763625600.M9P1.host", mail)])
        let storeDir = tempDir()
        let store = try CaseStore.open(storeDir, now: t0)
        _ = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        let m = try #require(store.cases.values.first?.messages.first)
        let f = try #require(m.files?.first)
        #expect(!f.isKept && f.leftIn == dir + "/new/1763625600.M9P1.host" && f.part == 0)
        #expect(f.size == big.count && f.sha256 == SHA256.hex(big))
        #expect(m.warnings?.contains { $0.contains("left in the Maildir") } == true)
        #expect(AttachmentStore(storeDirectory: storeDir).all().isEmpty)
        // Opened later from the Maildir, after the mail reader moved the file to cur/.
        try FileManager.default.moveItem(atPath: dir + "/new/1763625600.M9P1.host", toPath: dir + "/cur/1763625600.M9P1.host:2,S")
        #expect(try AttachmentSource.bytes(of: f, storeDirectory: storeDir) == big)
    }

    @Test func aConfiguredCapKeepsWhatFitsAndReferencesTheRest() throws {
        let dir = try maildirWith(["amazon-message-photos.eml"])
        let storeDir = tempDir()
        let store = try CaseStore.open(storeDir, now: t0)
        let first = try base64Part("amazon-message-photos.eml", 0)
        // Room for the first photo only.
        _ = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0, maxAttachmentBytes: first.count)
        let files = try #require(store.cases.values.first?.messages.first?.files)
        #expect(files.map(\.isKept) == [true, false])
        #expect(files[1].sha256 == SHA256.hex(try base64Part("amazon-message-photos.eml", 1)))
        #expect(try AttachmentSource.bytes(of: files[1], storeDirectory: storeDir) == base64Part("amazon-message-photos.eml", 1))
    }

    @Test func hostileFileNamesNeverLeaveTheFolderNorReachTheTerminal() throws {
        let dir = try maildirWith(["hostile-filenames.eml"])
        let storeDir = tempDir()
        let store = try CaseStore.open(storeDir, now: t0)
        _ = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        let files = try #require(store.cases.values.first?.messages.first?.files)
        #expect(files.count == 2)
        let out = tempDir("kefu-save")
        try FileManager.default.createDirectory(atPath: out + "/inner", withIntermediateDirectories: true)
        var saved: [String] = []
        for (i, f) in files.enumerated() {
            let data = try AttachmentSource.bytes(of: f, storeDirectory: storeDir)
            saved.append(try AttachmentSource.saveCopy(data, of: f, index: i + 1, to: out + "/inner"))
        }
        #expect(saved.allSatisfy { ($0 as NSString).deletingLastPathComponent == out + "/inner" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["inner"], "nothing written beside the folder")
        #expect(saved.map { ($0 as NSString).lastPathComponent }.allSatisfy { name in
            !name.hasPrefix(".") && !name.unicodeScalars.contains { TerminalText.isNeutralised($0.value) || $0 == "/" }
        })
        #expect(FileManager.default.contents(atPath: saved[0]) == Data("first payload".utf8))
        #expect(SafeFileName.make("../../x", type: "application/octet-stream", index: 1) == "x")
        #expect(SafeFileName.make("..", type: "image/png", index: 3) == "attachment-3.png")
        #expect(SafeFileName.make("a\u{1B}[2Jb\u{202E}gif.exe", type: "image/gif", index: 1) == "a[2Jbgif.exe")
        // A name of one huge character (a letter under 100 accents) has nothing left once cut to size:
        // never "" (the folder itself) nor ".jpg" (a hidden file).
        let heap = "x" + String(repeating: "\u{301}", count: 100)
        #expect(SafeFileName.make(heap + ".jpg", type: "image/jpeg", index: 1) == "attachment-1.jpg")
        #expect(SafeFileName.make(heap, type: "application/octet-stream", index: 2) == "attachment-2")
        // Saving twice never overwrites.
        let again = try AttachmentSource.saveCopy(Data("other".utf8), of: files[0], index: 1, to: out + "/inner")
        #expect(again != saved[0] && FileManager.default.contents(atPath: saved[0]) == Data("first payload".utf8))
    }

    @Test func purgeRemovesTheFilesOfPurgedCasesOnly() throws {
        let storeDir = tempDir()
        let store = try CaseStore.open(storeDir, now: t0)
        let kept = AttachmentStore(storeDirectory: storeDir)
        let mine = try kept.put(Data("photo of case 1".utf8)), shared = try kept.put(Data("same photo in two cases".utf8))
        let day: TimeInterval = 86400
        func withFiles(_ c: Case, _ shas: [String]) -> Case {
            var c = c
            c.messages[0].files = shas.map { AttachmentFile(name: "p.jpg", type: "image/jpeg", size: 1, sha256: $0) }
            return c
        }
        var old = withFiles(sampleCase("K-1", now: t0.addingTimeInterval(-60 * day)), [mine, shared])
        old.setStatus(.resolved, at: t0.addingTimeInterval(-59 * day))
        let recent = withFiles(sampleCase("K-2"), [shared])
        try store.save([old, recent])
        let dry = try store.purge(policy: PurgePolicy(), now: t0, dryRun: true)
        #expect(dry.filesRemoved == 1 && kept.all().count == 2)
        let report = try store.purge(policy: PurgePolicy(), now: t0, dryRun: false)
        #expect(report.active == ["K-1"] && report.filesRemoved == 1)
        #expect(kept.all().map(\.sha) == [shared])
        let purged = try #require(try store.cases["K-1"] ?? store.historyCase(id: "K-1"))
        #expect(purged.messages.allSatisfy { $0.files == nil })
        store.close(now: t0)
        let check = try CaseStore.check(storeDir, repair: false, now: t0)
        #expect(check.ok && check.attachmentFiles == 1)
    }

    @Test func checkFindsADamagedOrMissingFile() throws {
        let storeDir = tempDir()
        let store = try CaseStore.open(storeDir, now: t0)
        let kept = AttachmentStore(storeDirectory: storeDir)
        let a = try kept.put(Data("a".utf8)), b = try kept.put(Data("b".utf8))
        var c = sampleCase("K-1")
        c.messages[0].files = [a, b].map { AttachmentFile(name: nil, type: "image/png", size: 1, sha256: $0) }
        try store.save(c)
        store.close(now: t0)
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: kept.path(a)!))
        try FileManager.default.removeItem(atPath: kept.path(b)!)
        let check = try CaseStore.check(storeDir, repair: false, now: t0)
        #expect(check.problems.contains { $0.contains("damaged") } && check.problems.contains { $0.contains("missing") })
    }

    @Test func imageHeadersGiveTypeAndPixelsAndJunkGivesNothing() {
        #expect(ImageInfo.read(Data("GIF89a".utf8) + Data([0x10, 0x01, 0x20, 0x00])) == ImageInfo(format: "GIF", width: 272, height: 32))
        #expect(ImageInfo.read(Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF])) == nil, "a segment length below 2")
        #expect(ImageInfo.read(Data([0xFF, 0xD8] + [UInt8](repeating: 0xFF, count: 100))) == nil)
        #expect(ImageInfo.read(Data("not an image".utf8)) == nil)
    }

    @Test func configReadsTheCapAndTheViewer() throws {
        let c = try KefuConfig.parse("[attachments]\nmax-per-message = \"5 MB\"\nopen = \"xdg-open\"\n", file: "c.toml")
        #expect(c.attachments.maxPerMessage == 5 << 20 && c.attachments.open == "xdg-open")
        #expect(try KefuConfig.parse("", file: "c.toml").attachments.maxPerMessage == 25 << 20)
        #expect(throws: KefuError.self) { try KefuConfig.parse("[attachments]\nmax-per-message = \"lots\"\n", file: "c.toml") }
    }

    @Test func configReadsAProductsManual() throws {
        let c = try KefuConfig.parse("[products.\"LAMP-1\"]\nmanual = \"~/manuals/lamp.pdf\"\n", file: "c.toml")
        #expect(c.reply.manuals["LAMP-1"] == NSHomeDirectory() + "/manuals/lamp.pdf")
        #expect(throws: KefuError.self) { try KefuConfig.parse("[products.\"LAMP-1\"]\nmanual = 3\n", file: "c.toml") }
    }
}
