import Foundation
import Testing
@testable import KefuCore

/// `kefu attachments`: listing and saving through the real command, hostile names included.
@Suite struct AttachmentsCLITests {
    static func importFixtures(_ names: [String]) throws -> String {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mail").path
        let md = tempDir("kefu-maildir")
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: md + "/" + sub, withIntermediateDirectories: true) }
        for (i, n) in names.enumerated() { try FileManager.default.copyItem(atPath: fixtures + "/" + n, toPath: "\(md)/new/\(1763700000 + i).M\(i).x") }
        let store = tempDir("kefu-cli")
        let r = try run("kefu", ["import", "maildir", "--store", store, md])
        #expect(r.status == 0, "\(r.stderr)")
        return store
    }

    @Test func listsTypeSizeAndPixelsAndSavesInsideTheFolderOnly() throws {
        let store = try Self.importFixtures(["hostile-filenames.eml", "amazon-message-photos.eml"])
        let list = try run("kefu", ["attachments", "--store", store, "K-1001"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(!list.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" }, "\(list.stdout)")
        #expect(list.stdout.contains("1  x (application/octet-stream, 13 B)"), "\(list.stdout)")
        #expect(list.stdout.contains("GIF image, 16×16 pixels"), "\(list.stdout)")
        let photos = try run("kefu", ["attachments", "--store", store, "K-1002"])
        #expect(photos.stdout.contains("shade-front.jpg (image/jpeg, ") && photos.stdout.contains("JPEG image, 16×16 pixels"), "\(photos.stdout)")

        let out = tempDir("kefu-out")
        try FileManager.default.createDirectory(atPath: out + "/a/b", withIntermediateDirectories: true)
        let saved = try run("kefu", ["attachments", "--store", store, "K-1001", "--save", out + "/a/b"])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/a") == ["b"])
        let names = try FileManager.default.contentsOfDirectory(atPath: out + "/a/b").sorted()
        #expect(names.count == 2 && names.contains("x"), "\(names)")
        #expect(names.allSatisfy { !$0.unicodeScalars.contains { TerminalText.isNeutralised($0.value) } })
        #expect(!saved.stdout.unicodeScalars.contains { $0 == "\u{1B}" }, "\(saved.stdout)")
        let none = try run("kefu", ["attachments", "--store", store, "K-1001", "--number", "9"])
        #expect(none.status == 1)
    }
}
