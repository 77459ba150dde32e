import Foundation
import Testing
@testable import KefuModel
@testable import KefuMail
@testable import KefuPlaybook
@testable import KefuInbox

/// Update and render share one geometry: whatever the keys can scroll to is what the screen shows.
/// Every assertion here reads the rendered screen, not only the state's numbers.
@Suite struct GeometryTests {
    static let sizes = [(40, 12), (80, 24), (120, 40), (200, 50)]

    /// The rendered screen; a failed expectation prints it whole.
    struct Shot: CustomStringConvertible {
        let lines: [String]
        init(_ s: InboxState) {
            lines = InboxRender.render(s).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        func has(_ text: String) -> Bool { lines.contains { $0.contains(text) } }
        var description: String { "\n" + lines.joined(separator: "\n") }
    }

    /// Expects the rendered screen of `s` to show every text of `shows` and none of `hides`.
    func expect(_ s: InboxState, shows: [String] = [], hides: [String] = [], row: (Int, String)? = nil, _ note: String = "",
                sourceLocation: SourceLocation = #_sourceLocation) {
        let shot = Shot(s)
        for t in shows { #expect(shot.has(t), "\(note): “\(t)” not on screen", sourceLocation: sourceLocation) }
        for t in hides { #expect(!shot.has(t), "\(note): “\(t)” on screen", sourceLocation: sourceLocation) }
        if let (r, t) = row { #expect(shot.lines[r].contains(t), "\(note): “\(t)” not on row \(r)", sourceLocation: sourceLocation) }
    }

    /// Presses `a` until the screen (text and styles) stops changing (at most `limit` times); returns the presses that changed it.
    @discardableResult
    func pressUntilStill(_ s: inout InboxState, _ a: KeyAction, limit: Int = 400) -> Int {
        // The styles too: the composer's cursor and a list's selection move without changing the text.
        var before = InboxRender.render(s)
        for n in 0..<limit {
            _ = apply(&s, a)
            let after = InboxRender.render(s)
            if after == before { return n }
            before = after
        }
        Issue.record("\(a.rawValue) still scrolls after \(limit) presses")
        return limit
    }

    /// A case whose thread is `body`'s lines, the first message's subject marking the thread's top.
    func threadCase(_ body: String) -> Case {
        var c = makeCase(1001, buyer: "A", body: body, hoursAgo: 2, subject: "TOP-OF-THREAD")
        // The queue's LATEST column shows the reply's first line, so the marker is its second.
        c.messages.append(Message(sourceId: "r", direction: .outbound, at: hoursAgo(1), body: "reply\nEND-OF-THREAD"))
        return c
    }

    func longThread() -> Case { threadCase((1...80).map { "line \($0)" }.joined(separator: "\n")) }

    // MARK: The three bugs of issue 15

    /// (a) Help paged by one height and drew another: its last line could never be reached.
    @Test(arguments: sizes)
    func helpReachesItsLastLine(size: (Int, Int)) {
        var s = fixtureState(width: size.0, height: size.1)
        _ = apply(&s, .help, .last)
        expect(s, shows: ["$EDITOR"], "at \(size)")
    }

    /// (b) Update wrapped the thread at the pane's width, render one column narrower: lines that fit
    /// the one and not the other made `gg` stop short of the oldest message.
    /// The "more" note the thread's rule and a menu's bottom rule share: each side only when rows hide there.
    @Test func moreTextCountsTheHiddenRows() {
        #expect(Viewport(length: 10, height: 4, offset: 3).moreText == " ↑3 more ↓3 more")
        #expect(Viewport(length: 10, height: 4).moreText == " ↓6 more")
        #expect(Viewport(length: 10, height: 4, offset: 99).moreText == " ↑6 more")
        #expect(Viewport(length: 3, height: 4).moreText == "")
    }

    @Test func threadWrapsWhereItIsDrawn() {
        // At 80 columns render draws the thread 79 wide, body lines indented by two: 77 columns of text.
        let body = (1...40).map { "L\(String(format: "%02d", $0))-" + String(repeating: "x", count: 74) }.joined(separator: "\n")
        var s = fixtureState(width: 80, height: 24, cases: [threadCase(body)])
        _ = apply(&s, .filterAll, .switchPane, .first)
        expect(s, shows: ["TOP-OF-THREAD"])
        expect(s, hides: ["↑"], "nothing hidden above the top")
    }

    /// (c) The "Reply not sent" banner takes a row update did not count: `gg` stopped one line short.
    @Test func threadTopIsReachedUnderTheNotSentBanner() {
        var s = fixtureState(width: 80, height: 24, cases: [longThread()])
        let late = QueuedReply(path: "/s/outbox/x.eml", messageID: "m", caseID: "K-1001", to: "b@x", subject: "Re: x",
                               queuedAt: t0.addingTimeInterval(-3600), state: DeliveryState())
        _ = InboxUpdate.update(&s, .deliveryReport(outcomes: [], queued: [late]))
        _ = apply(&s, .filterAll, .switchPane, .first)
        expect(s, shows: ["⚠ Reply not sent"])
        expect(s, shows: ["TOP-OF-THREAD"])
        _ = apply(&s, .last)
        expect(s, shows: ["END-OF-THREAD"])
    }

    // MARK: Both ends of every scrollable, at every size

    @Test(arguments: sizes)
    func queueEnds(size: (Int, Int)) {
        let many = (0..<150).map { makeCase(2000 + $0, buyer: "Buyer-\(String(format: "%03d", $0))", body: "x", hoursAgo: Double($0) / 10) }
        var s = fixtureState(width: size.0, height: size.1, cases: many)
        let first = s.visible.first!.item.buyer.name!, last = s.visible.last!.item.buyer.name!
        let queueRow = Layout(width: size.0, height: size.1).queue.row + 1
        expect(s, row: (queueRow, first))
        pressUntilStill(&s, .pageDown)
        expect(s, shows: [last], hides: [first], "at \(size)")
        pressUntilStill(&s, .pageUp)
        expect(s, hides: [last], row: (queueRow, first), "at \(size)")
        _ = apply(&s, .last)
        expect(s, shows: [last], "at \(size)")
        _ = apply(&s, .first)
        expect(s, row: (queueRow, first), "at \(size)")
    }

    @Test(arguments: sizes)
    func threadEnds(size: (Int, Int)) {
        var s = fixtureState(width: size.0, height: size.1, cases: [longThread()])
        _ = apply(&s, .filterAll, .switchPane)
        expect(s, shows: ["END-OF-THREAD"], hides: ["TOP-OF-THREAD"], "newest first, at \(size)")
        pressUntilStill(&s, .pageUp)
        expect(s, shows: ["TOP-OF-THREAD"], hides: ["END-OF-THREAD"], "at \(size)")
        pressUntilStill(&s, .moveDown)
        expect(s, shows: ["END-OF-THREAD"], "at \(size)")
        _ = apply(&s, .first)
        expect(s, shows: ["TOP-OF-THREAD"], "at \(size)")
        _ = apply(&s, .last)
        expect(s, shows: ["END-OF-THREAD"], "at \(size)")
    }

    @Test(arguments: sizes)
    func helpEnds(size: (Int, Int)) {
        var s = fixtureState(width: size.0, height: size.1)
        _ = apply(&s, .help)
        expect(s, shows: ["Everywhere"], hides: ["$EDITOR"], "at \(size)")
        pressUntilStill(&s, .pageDown)
        expect(s, shows: ["$EDITOR"], hides: ["Everywhere"], "at \(size)")
        pressUntilStill(&s, .moveUp)
        expect(s, shows: ["Everywhere"], "at \(size)")
    }

    @Test(arguments: sizes)
    func menuEnds(size: (Int, Int)) {
        var s = fixtureState(width: size.0, height: size.1)
        let queued = (0..<60).map {
            QueuedReply(path: "/s/outbox/\($0).eml", messageID: "m\($0)", caseID: "K-\(3000 + $0)", to: "b@x", subject: "Re: x",
                        queuedAt: t0, state: DeliveryState())
        }
        _ = InboxUpdate.update(&s, .deliveryReport(outcomes: [], queued: queued))
        _ = apply(&s, .outbox)
        expect(s, shows: ["K-3000 ", "↓"], hides: ["K-3059 ", "↑"], "at \(size)")
        pressUntilStill(&s, .pageDown)
        expect(s, shows: ["K-3059 ", "↑"], hides: ["K-3000 ", "↓"], "at \(size)")
        pressUntilStill(&s, .moveUp)
        expect(s, shows: ["K-3000 "], "at \(size)")
        _ = apply(&s, .last)
        expect(s, shows: ["K-3059 "], "at \(size)")
        _ = apply(&s, .first)
        expect(s, shows: ["K-3000 "], "at \(size)")
    }

    @Test(arguments: sizes)
    func composerEnds(size: (Int, Int)) {
        var s = fixtureState(width: size.0, height: size.1)
        s.replySettings.fromAddress = "shop@example.com"
        _ = apply(&s, .chooseOffers, .confirm)
        while case .prompt = s.overlay { _ = apply(&s, .confirm) }   // the suggested refund amount
        guard case .composer = s.overlay else { Issue.record("no composer at \(size): \(s.overlay)"); return }
        _ = InboxUpdate.update(&s, .editedExternally((1...80).map { "C\(String(format: "%03d", $0)) reply text" }.joined(separator: "\n")))
        expect(s, shows: ["C080 "], hides: ["C001 "], "the cursor at the end of the edited text, at \(size)")
        pressUntilStill(&s, .pageUp)
        expect(s, shows: ["C001 "], hides: ["C080 "], "at \(size)")
        pressUntilStill(&s, .pageDown)
        expect(s, shows: ["C080 "], hides: ["C001 "], "at \(size)")
        pressUntilStill(&s, .moveUp)
        expect(s, shows: ["C001 "], "at \(size)")
    }

    /// The keys that reach the ends are bound wherever something scrolls, in every shipped keymap.
    @Test(arguments: ["default.keymap", "vim.keymap", "emacs.keymap"])
    func endKeysAreBoundWhereverSomethingScrolls(file: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Keymaps/\(file)"), encoding: .utf8)
        let keymap = try Keymap.load(default: (text, file))
        for context in [KeyContext.queue, .detail, .menu, .help] {
            for a in [KeyAction.pageDown, .pageUp, .first, .last] {
                #expect(!keymap.keys(for: a, in: context).isEmpty, "\(file): no key for \(a.rawValue) in [\(context.rawValue)]")
            }
        }
        #expect(!keymap.keys(for: .pageDown, in: .composer).isEmpty && !keymap.keys(for: .pageUp, in: .composer).isEmpty)
    }

    /// A resize keeps what was in view reachable: the help scrolled to its end at a tall size still
    /// ends on its last line after the terminal grows or shrinks.
    @Test func resizeKeepsTheEndsReachable() {
        var s = fixtureState(width: 80, height: 24)
        _ = apply(&s, .help, .last)
        _ = InboxUpdate.update(&s, .resize(width: 80, height: 50))
        expect(s, shows: ["$EDITOR"])
        _ = InboxUpdate.update(&s, .resize(width: 40, height: 12))
        _ = apply(&s, .last)
        expect(s, shows: ["$EDITOR"])
    }
}

/// One set of queue columns: the inbox and `kefu list` drop and size the same columns at every width.
@Suite struct QueueColumnsTests {
    /// Where each title starts on a header line.
    func starts(_ line: String, _ titles: [String]) -> [String: Int] {
        var out: [String: Int] = [:]
        for t in titles { if let r = line.range(of: t) { out[t] = line.distance(from: line.startIndex, to: r.lowerBound) } }
        return out
    }

    @Test func theInboxAndTheListingAgree() {
        let titles = ["CHANNEL", "BUYER", "ORDER", "CATEGORY", "LATEST"]
        for width in [60, 80, 100, 139] {
            let s = fixtureState(width: width, height: 30)
            let header = InboxRender.render(s).text.components(separatedBy: "\n")[1]
            let list = QueueText.table(s.visible, at: s.now, width: width + 9).components(separatedBy: "\n")[0]   // + the ID column
            let inbox = starts(header, titles), plain = starts(list, titles)
            #expect(Set(inbox.keys) == Set(plain.keys), "columns shown at \(width)")
            for t in inbox.keys where t != "CHANNEL" { #expect(plain[t]! - plain["CHANNEL"]! == inbox[t]! - inbox["CHANNEL"]!, "\(t) at \(width)") }
        }
    }
}
