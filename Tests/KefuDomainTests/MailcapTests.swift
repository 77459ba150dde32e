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

@Suite struct MailcapTests {
    static let text = """
    # comment
    image/jpeg; feh %s; test=test -n "$DISPLAY"
    image/*; display '%s'; needsterminal
    text/plain; cat; copiousoutput
    application/pdf; pdftotext %s - \\
      | less; needsterminal; description=PDF
    text/html; lynx -dump %{charset} %s; copiousoutput
    video; mpv "%s" --title=%t
    bad
    """

    @Test func parsesFlagsContinuationsAndWildcards() {
        let e = Mailcap.parse(Self.text, file: "mc")
        #expect(e.map(\.type) == ["image/jpeg", "image/*", "text/plain", "application/pdf", "text/html", "video/*"])
        #expect(e[0].test == "test -n \"$DISPLAY\"" && !e[0].needsTerminal)
        #expect(e[1].needsTerminal && e[2].copiousOutput)
        #expect(e[3].command == "pdftotext %s -   | less" && e[3].needsTerminal && e[3].source == "mc:5")
        #expect(Mailcap.matches("image/*", "image/png") && Mailcap.matches("video/*", "VIDEO/mp4") && !Mailcap.matches("image/jpeg", "image/png"))
    }

    @Test func theFileIsKefusPathQuotedOnceAndUnsupportedCodesSkipTheEntry() throws {
        let path = "/tmp/kefu-view-Ab12/attachment-1.jpg"
        #expect(Mailcap.expand("feh %s", file: path, type: "image/jpeg")! == ("feh '\(path)'", false))
        #expect(Mailcap.expand("display '%s'", file: path, type: "image/jpeg")! == ("display '\(path)'", false))
        #expect(Mailcap.expand("mpv \"%s\" --title=%t", file: path, type: "video/mp4;x=$(rm -rf ~)")! == ("mpv \"\(path)\" --title='video/mp4xrm-rf'", false))
        #expect(Mailcap.expand("cat", file: path, type: "text/plain")! == ("cat", true), "no %s: the file on standard input")
        #expect(Mailcap.expand("echo 100%% %s", file: path, type: "text/plain")!.command == "echo 100% '\(path)'")
        #expect(Mailcap.expand("lynx %{charset} %s", file: path, type: "text/html") == nil)
        #expect(Mailcap.expand("cat %s", file: "/tmp/x; rm -rf ~", type: "text/plain") == nil, "only a kefu-chosen safe path is ever put in")
    }

    @Test func mailcapsVariableComesFirst() {
        #expect(Mailcap.files(environment: ["MAILCAPS": "/a:/b", "HOME": "/h"]) == ["/a", "/b"])
        #expect(Mailcap.files(environment: ["HOME": "/h"]) == ["/h/.mailcap", "/etc/mailcap"])
    }

    @Test func pathCompletionExtendsToTheCommonPrefix() throws {
        let dir = tempDir("kefu-complete")
        try FileManager.default.createDirectory(atPath: dir + "/manuals", withIntermediateDirectories: true)
        for f in ["manual-lamp.pdf", "manual-lamp-de.pdf", "label.pdf", ".hidden"] { FileManager.default.createFile(atPath: dir + "/manuals/" + f, contents: Data()) }
        #expect(PathCompletion.complete(dir + "/man").text == dir + "/manuals/")
        let r = PathCompletion.complete(dir + "/manuals/man")
        #expect(r.text == dir + "/manuals/manual-lamp" && r.choices == ["manual-lamp-de.pdf", "manual-lamp.pdf"])
        #expect(PathCompletion.complete(dir + "/manuals/l").text == dir + "/manuals/label.pdf")
        #expect(PathCompletion.complete("~/", home: dir).text == "~/manuals/")
    }
}
