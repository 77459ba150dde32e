import Testing
@testable import KefuApp
@testable import KefuInbox

/// Escape sequences terminfo may not list: mapped to their key or dropped, never typed.
@Suite struct EscapeSequenceTests {
    @Test func homeAndEndAsTmuxPuttyAndXtermSendThem() {
        for body in ["1~", "7~", "H", "1;5H"] { #expect(EscapeSequence.key(introducer: "[", body: body) == .home, "\(body)") }
        for body in ["4~", "8~", "F", "1;2F"] { #expect(EscapeSequence.key(introducer: "[", body: body) == .end, "\(body)") }
        #expect(EscapeSequence.key(introducer: "O", body: "H") == .home)
        #expect(EscapeSequence.key(introducer: "O", body: "F") == .end)
        #expect(EscapeSequence.key(introducer: "[", body: "3;5~") == .delete)
    }

    @Test func terminalRepliesAndUnknownKeysAreNoKey() {
        // A cursor-position report, a focus event, F-keys beyond the list: dropped whole by the driver.
        for body in ["2;2R", "I", "O", "15~", "200~"] { #expect(EscapeSequence.key(introducer: "[", body: body) == nil, "\(body)") }
        #expect(EscapeSequence.isFinal(0x7E) && EscapeSequence.isFinal(0x52) && !EscapeSequence.isFinal(0x3B))
    }
}
