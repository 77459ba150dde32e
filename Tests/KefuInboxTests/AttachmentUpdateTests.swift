import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuMail
@testable import KefuPlaybook
@testable import KefuInbox

/// The attachment list (A), opening and saving through effects, and files attached to a reply.
@Suite struct AttachmentUpdateTests {
    static let photo = AttachmentFile(name: "riss\u{1B}[2J.jpg", type: "image/jpeg", size: 2048, sha256: String(repeating: "ab", count: 32))
    static let video = AttachmentFile(name: "lamp.mp4", type: "video/mp4", size: 30 << 20, sha256: String(repeating: "cd", count: 32),
                                      leftIn: "/mail/new/1.x", part: 1)

    func withFiles() -> InboxState {
        var cases = fixtureCases()
        cases[0].messages[0].files = [Self.photo, Self.video]
        var s = fixtureState(cases: cases)
        s.replySettings.storeName = "Lumen Home"
        s.replySettings.agentName = "Lin"
        s.replySettings.fromAddress = "support@lumen.example"
        return s
    }

    @Test func theListOpensAndSavesByNumberAndShowsNoRawControlCharacters() throws {
        var s = withFiles()
        _ = apply(&s, .openDetail, .attachments)
        guard case .menu(let m) = s.overlay, case .attachments(let id, let files) = m.purpose else { Issue.record("no list: \(s.overlay)"); return }
        #expect(id == "K-1001" && files == [Self.photo, Self.video])
        #expect(m.items.count == 2 && !m.items[0].unicodeScalars.contains("\u{1B}"))
        #expect(m.items[1].contains("left in the Maildir"))
        let screen = InboxRender.render(s)
        #expect(!screen.text.unicodeScalars.contains("\u{1B}") && screen.text.contains("lamp.mp4 (video/mp4, 30.0 MB)"))

        #expect(apply(&s, .moveDown, .confirm) == [.attachment(.open(Self.video, number: 2))])
        #expect(InboxUpdate.update(&s, .attachmentDone(.opened("Opened attachment 2 with mc:1"))) == [.redraw])
        _ = apply(&s, .moveUp, .saveAttachment)
        guard case .prompt(var p) = s.overlay, p.kind == .saveFolder else { Issue.record("no folder prompt"); return }
        p.text = "/tmp/out"; p.cursor = 8
        s.overlay = .prompt(p)
        #expect(apply(&s, .confirm) == [.attachment(.save(Self.photo, number: 1, to: "/tmp/out"))])
        _ = InboxUpdate.update(&s, .attachmentDone(.saved(path: "/tmp/out/riss[2J.jpg")))
        #expect(s.statusLine?.text == "Saved a copy as /tmp/out/riss[2J.jpg" && s.statusLine?.isError == false)
    }

    @Test func aCaseWithoutFilesSaysSo() {
        var s = withFiles()
        _ = apply(&s, .moveDown, .openDetail, .attachments)
        #expect(s.overlay == .none && s.statusLine?.text.hasSuffix("no attachments") == true)
    }

    @Test func theComposerAttachesAFileThroughThePromptAndTheLintJudgesIt() throws {
        var s = withFiles()
        _ = apply(&s, .offer1)
        guard case .composer = s.overlay else { Issue.record("no composer"); return }
        _ = apply(&s, .attachFile)
        guard case .prompt(let p) = s.overlay, p.kind == .attachPath, p.text == "~/" else { Issue.record("no path prompt: \(s.overlay)"); return }
        #expect(apply(&s, .complete) == [.attachment(.complete(path: "~/"))])
        _ = InboxUpdate.update(&s, .attachmentDone(.completed("~/manuals/", choices: [])))
        _ = InboxUpdate.update(&s, .insert("tool.exe"))
        #expect(apply(&s, .confirm) == [.attachment(.load(path: "~/manuals/tool.exe"))])
        guard case .composer = s.overlay else { Issue.record("the composer is not back"); return }
        _ = InboxUpdate.update(&s, .attachmentDone(.loaded(OutgoingAttachment(name: "tool.exe", type: "application/octet-stream", data: Data([1])))))
        guard case .composer(let cs) = s.overlay else { return }
        #expect(cs.errors.map(\.rule) == ["attachment-type"], "Amazon would refuse it")
        #expect(apply(&s, .confirm).isEmpty, "blocked")

        // A PDF instead: sent with the reply.
        var ok = cs
        ok.attachments = [OutgoingAttachment(name: "manual.pdf", type: "application/pdf", data: Data("%PDF".utf8))]
        ok.relint(s.cases[ok.caseID]!)   // as the update does after every change: the send gate reads the findings
        s.overlay = .composer(ok)
        let effects = apply(&s, .confirm)
        guard case .queueReply(let mail, let c, _, _)? = effects.first else { Issue.record("not queued: \(effects)"); return }
        #expect(mail.attachments.map(\.name) == ["manual.pdf"] && mail.rendered().contains("filename=\"manual.pdf\""))
        #expect(c.messages.last?.attachments == ["manual.pdf (application/pdf, 4 B)"])
    }

    @Test func cancellingThePathPromptBringsTheReplyBack() {
        var s = withFiles()
        _ = apply(&s, .offer1, .attachFile, .cancel)
        guard case .composer = s.overlay else { Issue.record("lost the reply: \(s.overlay)"); return }
    }

    @Test func theManualOfferBringsTheProductsManual() throws {
        var cases = fixtureCases()
        cases[0].category = .howToUse
        var s = fixtureState(cases: cases)
        s.replySettings.fromAddress = "support@lumen.example"
        s.replySettings.manuals = ["SKU-1001": "/manuals/lamp.pdf", "OTHER": "/manuals/other.pdf"]
        let n = try #require(s.offers(for: s.cases["K-1001"]!).firstIndex { $0.action == .sendManual })
        #expect(apply(&s, KeyAction(rawValue: "offer-\(n + 1)")!) == [.attachment(.load(path: "/manuals/lamp.pdf"))])
        guard case .composer = s.overlay else { Issue.record("no composer"); return }
        // Another offer brings nothing.
        var t = fixtureState(cases: cases)
        t.replySettings.manuals = s.replySettings.manuals
        let other = try #require(t.offers(for: t.cases["K-1001"]!).firstIndex { $0.action != .sendManual && !$0.refunds })
        #expect(apply(&t, KeyAction(rawValue: "offer-\(other + 1)")!).isEmpty)
    }

    @Test func switchingLanguageKeepsTheFiles() {
        var s = withFiles()
        _ = apply(&s, .offer1)
        _ = InboxUpdate.update(&s, .attachmentDone(.loaded(OutgoingAttachment(name: "manual.pdf", type: "application/pdf", data: Data([1])))))
        #expect(apply(&s, .switchLanguage).isEmpty)
        guard case .composer(let cs) = s.overlay else { Issue.record("no composer"); return }
        #expect(cs.language != "de" && cs.attachments.map(\.name) == ["manual.pdf"])
    }
}
