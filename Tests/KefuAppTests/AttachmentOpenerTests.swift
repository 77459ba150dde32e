import Foundation
import Testing
@testable import KefuApp
@testable import KefuInbox
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuConfig

/// `AttachmentOpener` with real files: the mailcap viewer gets kefu's copy (by %s or on standard input),
/// the screen is handed over only around the viewer, and without a viewer an image is described.
@Suite struct AttachmentOpenerTests {
    // A 3×2 GIF header is enough for the description.
    static let gif = Data("GIF89a".utf8) + Data([3, 0, 2, 0]) + Data(repeating: 0, count: 20)

    func setUp() throws -> (store: String, file: AttachmentFile, work: String) {
        let root = NSTemporaryDirectory() + "kefu-opener-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root + "/store", withIntermediateDirectories: true)
        let sha = try AttachmentStore(storeDirectory: root + "/store").put(Self.gif)
        let f = AttachmentFile(name: "$(touch pwned).gif", type: "image/gif", size: Self.gif.count, sha256: sha)
        return (root + "/store", f, root)
    }

    @Test func aMailcapViewerReadsKefusCopyAndTheScreenIsHandedOverAroundIt() throws {
        let (store, f, work) = try setUp()
        try "image/*; cat > '\(work)/stdin.out'; needsterminal\n".write(toFile: work + "/mailcap", atomically: true, encoding: .utf8)
        var settings = AttachmentSettings()
        settings.mailcaps = [work + "/mailcap"]
        var events: [String] = []
        let r = AttachmentOpener.outcome(.open(f, number: 1), storeDirectory: store, settings: settings, environment: ["PATH": "/usr/bin:/bin"],
                                         suspend: { events.append("suspend") }, resume: { events.append("resume") })
        #expect(r == .opened("Opened attachment 1 with \(work)/mailcap:1"))
        #expect(events == ["suspend", "resume"])
        #expect(FileManager.default.contents(atPath: work + "/stdin.out") == Self.gif, "the file on standard input")
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/pwned"), "the buyer's name never ran")
    }

    @Test func withoutAViewerAnImageIsDescribed() throws {
        let (store, f, work) = try setUp()
        var settings = AttachmentSettings()
        settings.mailcaps = [work + "/none"]
        var handedOver = false
        let r = AttachmentOpener.outcome(.open(f, number: 1), storeDirectory: store, settings: settings, environment: [:],
                                         suspend: { handedOver = true }, resume: {})
        #expect(r == .described("$(touch pwned).gif (image/gif, 30 B) — GIF image, 3×2 pixels"))
        #expect(!handedOver)
    }

    @Test func aFailingViewerIsReportedAndAFailedTestSkipsTheEntry() throws {
        let (store, f, work) = try setUp()
        try "image/gif; echo skipped > '\(work)/skipped'; test=false\nimage/gif; exit 3\n".write(toFile: work + "/mailcap", atomically: true, encoding: .utf8)
        var settings = AttachmentSettings()
        settings.mailcaps = [work + "/mailcap"]
        let r = AttachmentOpener.outcome(.open(f, number: 1), storeDirectory: store, settings: settings, environment: ["PATH": "/usr/bin:/bin"],
                                         suspend: {}, resume: {})
        #expect(r == .failed("\(work)/mailcap:2: the viewer exited with status 3"))
        #expect(!FileManager.default.fileExists(atPath: work + "/skipped"))
    }

    @Test func theConfiguredOpenerWinsOverTheMailcap() throws {
        let (store, f, work) = try setUp()
        try "image/*; exit 9\n".write(toFile: work + "/mailcap", atomically: true, encoding: .utf8)
        var settings = AttachmentSettings()
        settings.mailcaps = [work + "/mailcap"]
        settings.open = "cp -t '\(work)'"   // run as `cp -t WORK '/tmp/kefu-view-…/attachment-2.gif'`
        let r = AttachmentOpener.outcome(.open(f, number: 2), storeDirectory: store, settings: settings, environment: ["PATH": "/usr/bin:/bin"],
                                         suspend: {}, resume: {})
        #expect(r == .opened("Opened attachment 2 with \(settings.open!)"))
        #expect(FileManager.default.contents(atPath: work + "/attachment-2.gif") == Self.gif, "the opener got kefu's copy, not the mailcap")
    }
}

/// A `copiousoutput` viewer prints the buyer's file: what reaches the pager must be neutralised, since
/// a pager may pass escapes through (`less -R`, `PAGER=cat`) and the file is hostile.
@Suite struct AttachmentCopiousOutputTests {
    @Test func aCopiousOutputFiltersPrintingReachesThePagerNeutralised() throws {
        let root = NSTemporaryDirectory() + "kefu-copious-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root + "/store", withIntermediateDirectories: true)
        let hostile = Data("hello\u{1b}]52;c;cm0gLXJmIH4K\u{07}\u{1b}[2J\nsecond line\n".utf8)
        let sha = try AttachmentStore(storeDirectory: root + "/store").put(hostile)
        let f = AttachmentFile(name: "note.txt", type: "text/plain", size: hostile.count, sha256: sha)
        try "text/plain; cat %s; copiousoutput\n".write(toFile: root + "/mailcap", atomically: true, encoding: .utf8)
        var settings = AttachmentSettings()
        settings.mailcaps = [root + "/mailcap"]
        // $PAGER is one word list (no redirection), so the pager here is a script keeping what it got.
        try "#!/bin/sh\ncat > '\(root)/paged'\n".write(toFile: root + "/pager", atomically: true, encoding: .utf8)
        chmod(root + "/pager", 0o700)
        let env = ["PATH": "/usr/bin:/bin", "PAGER": root + "/pager"]
        let r = AttachmentOpener.outcome(.open(f, number: 1), storeDirectory: root + "/store", settings: settings, environment: env,
                                         suspend: {}, resume: {})
        #expect(r == .opened("Opened attachment 1 with \(root)/mailcap:1"))
        let paged = try #require(FileManager.default.contents(atPath: root + "/paged"))
        let text = String(decoding: paged, as: UTF8.self)
        #expect(text.hasPrefix("hello"), "the pager got the filter's output")
        #expect(text.contains("second line"))
        #expect(!paged.contains(0x1B) && !paged.contains(0x07), "no ESC or BEL reaches the terminal")
    }
}
