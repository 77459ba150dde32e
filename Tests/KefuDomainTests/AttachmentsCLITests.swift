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

    @Test func theWeeklySummaryNamesTheCasesWithPhotosAndExportCopiesThem() throws {
        let store = try Self.importFixtures(["amazon-message-photos.eml", "ebay-message-photo.eml", "amazon-message-en.eml"])
        let md = try run("kefu", ["export", "weekly", "--store", store, "--week", "2026-W47"])
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("- Photos: K-1001 (2) — `kefu export photos --week 2026-W47 -o DIR`"), "\(md.stdout)")
        #expect(md.stdout.contains("- Photos: K-1002 (1)"), "\(md.stdout)")
        #expect(!md.stdout.contains("K-1003 ("), "the case without photos is not named")
        let html = try run("kefu", ["export", "weekly", "--store", store, "--week", "2026-W47", "--format", "html"])
        #expect(html.stdout.contains("<th>Photos</th>"))

        let out = tempDir("kefu-photos")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let r = try run("kefu", ["export", "photos", "--store", store, "--week", "2026-W47", "-o", out])
        #expect(r.status == 0 && r.stdout.hasPrefix("3 photo(s) of 2026-W47 copied to "), "\(r.stdout) \(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names.count == 3 && names.filter { $0.contains("_K-1001_") }.count == 2 && names.contains { $0.hasSuffix("_K-1002_1.png") }, "\(names)")
        let first = try #require(names.first { $0.hasSuffix("_K-1001_1.jpg") })
        let shown = try run("kefu", ["attachments", "--store", store, "K-1001", "--number", "1", "--save", tempDir("unused")])
        #expect(shown.status == 2, "no such folder is a data error")
        #expect(FileManager.default.contents(atPath: out + "/" + first)?.starts(with: [0xFF, 0xD8]) == true, "a JPEG")
        // Another week has none.
        let none = try run("kefu", ["export", "photos", "--store", store, "--week", "2026-W40", "-o", out])
        #expect(none.stdout.hasPrefix("0 photo(s)"))
    }
}
