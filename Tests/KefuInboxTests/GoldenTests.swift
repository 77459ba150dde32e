import Foundation
import Testing
@testable import KefuInbox
@testable import KefuModel
@testable import KefuStore
@testable import KefuPlaybook

/// Golden screens: the rendered cell grid as text (and its colour roles), at fixed sizes with a
/// fixed clock. `KEFU_UPDATE_GOLDENS=1 swift test --filter GoldenTests` rewrites them; review the diff.
@Suite struct GoldenTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    func check(_ name: String, _ screen: Screen, roles: Bool = true) throws {
        let text = screen.text + (roles ? "--- roles ---\n" + screen.styleMap : "")
        let url = Self.dir.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["KEFU_UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: Self.dir, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != text {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("\(name): differs from the golden at line \(first + 1)\nexpected: \(first < a.count ? String(a[first]) : "<none>")\nactual:   \(first < b.count ? String(b[first]) : "<none>")")
        }
    }

    /// Every cell of every row adds up to the screen width: no wide char split, nothing overflowing.
    func assertGeometry(_ s: Screen) {
        for r in 0..<s.height {
            var c = 0
            while c < s.width {
                let cell = s[r, c]
                let w = cell.text.isEmpty ? 1 : DisplayText.width(of: cell.text.first!)
                if w == 2 { #expect(c + 1 < s.width && s[r, c + 1].text.isEmpty, "row \(r) col \(c): wide char without its right half") }
                c += max(w, 1)
            }
            for c in 0..<s.width {
                let t = s[r, c].text
                #expect(!t.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) },
                        "row \(r) col \(c): control character on screen")
            }
        }
    }

    @Test(arguments: [(80, 24), (120, 40), (160, 50), (200, 50), (40, 12)])
    func queueAndDetail(size: (Int, Int)) throws {
        let s = fixtureState(width: size.0, height: size.1)
        let screen = InboxRender.render(s)
        assertGeometry(screen)
        try check("inbox-\(size.0)x\(size.1)", screen)
    }

    /// A working day's queue (issue 17): kind badges, products, the buyer's words past the greeting in
    /// nine languages; at 80×24 the detail pane keeps order, product, clock, thread and numbered offers.
    @Test(arguments: [(80, 24), (120, 40), (200, 50)])
    func aDaysQueue(size: (Int, Int)) throws {
        let s = fixtureState(width: size.0, height: size.1, cases: dayCases())
        let screen = InboxRender.render(s)
        assertGeometry(screen)
        // The queue's rows: above the divider, left of the side-by-side detail pane.
        let lines = screen.text.split(separator: "\n").prefix { !$0.hasPrefix("──") }.map { $0.split(separator: "│").first.map(String.init) ?? "" }
        let markus = try #require(lines.first { $0.contains("Markus") })
        #expect(markus.contains("return") && markus.contains("KETTLE-GLS") && markus.contains("der Wasserkocher"), "\(markus)")
        #expect(lines.contains { $0.contains("A-to-z") && $0.contains("The buyer has filed") })
        #expect(!lines.contains { $0.contains("Hallo") || $0.contains("Dear Seller") || $0.contains("Bonjour") || $0.contains("您好") })
        try check("day-\(size.0)x\(size.1)", screen)
    }

    @Test(arguments: [(80, 24), (40, 12)])
    func hostileTextSelected(size: (Int, Int)) throws {
        var s = fixtureState(width: size.0, height: size.1)
        _ = apply(&s, .last)   // K-1004: ESC, CR, bidi override, BEL, TAB, ZWJ emoji
        let screen = InboxRender.render(s)
        assertGeometry(screen)
        // ESC and BEL become visible pictures, CR breaks the line instead of overwriting it,
        // the bidi override is neutralised and TAB is one space.
        #expect(screen.text.contains(size.0 >= 80 ? "␛[2Jhostile\n" : "␛[2J…"))
        #expect(screen.text.contains("CR overwrite�txt.exe␇bell TAB 👩‍💻 done"))
        try check("hostile-\(size.0)x\(size.1)", screen)
    }

    @Test func cjkAndEmojiDetail() throws {
        var s = fixtureState(width: 120, height: 40)
        _ = apply(&s, .moveDown, .moveDown) // K-1003, Japanese with 🙏
        let screen = InboxRender.render(s)
        assertGeometry(screen)
        #expect(screen.text.contains("佐藤 美咲 (DE, de) · Sat 19:00, evening"))
        try check("cjk-120x40", screen)
    }

    @Test func everyClockOfACase() throws {
        var c = makeCase(1006, buyer: "Olivia Smith", body: "Where is my refund?", hoursAgo: 20, category: .notReceived,
                         marketplace: "amazon.com.au", timeZone: nil)
        c.buyer.country = nil
        c.insertMessage(Message(sourceId: "claim", direction: .inbound, at: hoursAgo(10), kind: .aToZClaim, subject: "A-to-z claim", body: "Claim opened."))
        c.insertMessage(Message(sourceId: "fb", direction: .inbound, at: hoursAgo(9), kind: .negativeFeedback, subject: "Feedback", body: "1 star"))
        c.addKind(.aToZClaim); c.addKind(.negativeFeedback)
        c.insertMessage(Message(sourceId: "ans", direction: .outbound, at: hoursAgo(8), body: "We are checking with the carrier."))
        c.events.append(CaseEvent(.promised, at: hoursAgo(8), until: t0.addingTimeInterval(4 * 3600)))
        var s = fixtureState(width: 100, height: 40, cases: [c])
        _ = apply(&s, .openDetail)
        let screen = InboxRender.render(s)
        assertGeometry(screen)
        let text = screen.text
        // The A-to-z claim on amazon.com.au runs 48 h; the promise is the most urgent, so the queue shows it.
        #expect(text.contains("Promise due in 4h 00m (Sat 21 Nov 14:00 UTC)"))
        #expect(text.contains("A-to-z claim due in 1d 14h (Mon 23 Nov 00:00 UTC) · respond to the claim within 48 h"))
        #expect(text.contains("Reply: met — answered after 12h 00m"))
        #expect(text.contains("Feedback removal window due in 89d 15h (Fri 19 Feb 01:00 UTC)"))
        #expect(text.contains("Sat 21:00, evening"), "the buyer's time from the marketplace country")
        #expect(text.contains("\n  4h 00m       A-to-z     AMZ.au"), "the queue shows the promise, not yet in the 2 h warning, and the claim's badge")
        try check("clocks-100x40", screen)
    }

    /// The composer: the Japanese buyer gets a Japanese reply; an e-mail address typed into it is
    /// marked and listed as an error; the offer checklist before it.
    @Test func composerAndChecklist() throws {
        var s = fixtureState(width: 100, height: 30)
        s.replySettings.storeName = "Lumen Home"; s.replySettings.agentName = "Lin"
        s.cases["K-1003"]?.buyer.language = "ja"
        _ = apply(&s, .moveDown, .moveDown, .chooseOffers, .offer1, .moveDown, .toggle)
        try check("checklist-100x30", InboxRender.render(s), roles: false)
        _ = apply(&s, .confirm)
        guard case .composer = s.overlay else { Issue.record("no composer: \(s.overlay)"); return }
        _ = apply(&s, .lineEnd)
        _ = InboxUpdate.update(&s, .insert(" support@lumen.example"))
        let screen = InboxRender.render(s)
        assertGeometry(screen)
        #expect(screen.text.contains("✗ "))
        try check("composer-100x30", screen)
    }

    /// A Taiwanese buyer writing Chinese: the agent (`[agent] language = "zh"`) sees the offers and the
    /// playbook's guidance in Chinese, and the reply is written in traditional characters.
    @Test func chineseGuidanceAndReply() throws {
        var s = fixtureState(width: 100, height: 40)
        s.replySettings.storeName = "Lumen Home"; s.replySettings.agentName = "Lin"; s.replySettings.agentLanguage = "zh"
        s.cases["K-1002"]?.buyer.language = "zh"
        s.cases["K-1002"]?.buyer.country = "TW"
        _ = apply(&s, .moveDown, .openDetail)
        let detail = InboxRender.render(s)
        assertGeometry(detail)
        let first = try #require(s.offers(for: s.selectedCase!).first)
        #expect(detail.text.contains("1 " + first.label["zh"]!), "offers named in Chinese")
        let advice = try #require(s.playbook?.play(.missingPart)?.guidance["zh"])
        #expect(detail.text.contains("» " + advice.prefix(8)), "the category's guidance in Chinese")
        try check("guidance-zh-100x40", detail)
        let i = try #require(s.offers(for: s.selectedCase!).firstIndex { !$0.refunds })
        _ = apply(&s, KeyAction(rawValue: "offer-\(i + 1)")!)
        guard case .composer(let cs) = s.overlay else { Issue.record("no composer: \(s.overlay)"); return }
        #expect(cs.language == "zh-Hant" && cs.editor.text.hasPrefix("王晓明，您好："))
        let composer = InboxRender.render(s)
        assertGeometry(composer)
        try check("composer-zh-100x40", composer)
    }

    @Test func emptyQueue() throws {
        var s = fixtureState(width: 80, height: 24)
        _ = apply(&s, .filterSnoozed)
        let screen = InboxRender.render(s)
        #expect(screen.text.contains("No cases here (snoozed)."))
        try check("empty-80x24", screen)
        #expect(screen.text.contains("Select a case.") && !screen.text.contains("kefu import maildir"))
    }

    /// A store with no case at all (a first run) says how cases get in.
    @Test func emptyStoreSaysHowCasesGetIn() {
        let s = fixtureState(width: 100, height: 24, cases: [])
        let text = InboxRender.render(s).text
        #expect(text.contains("No cases in this store yet") && text.contains("kefu import maildir DIR") && text.contains("kefu demo"))
    }

    @Test func tooSmall() throws {
        let screen = InboxRender.render(fixtureState(width: 39, height: 12))
        #expect(screen.text.contains("terminal too small"))
        try check("too-small-39x12", screen, roles: false)
    }

    @Test func helpAndMenuAndPrompt() throws {
        var s = fixtureState(width: 80, height: 24)
        _ = apply(&s, .help)
        try check("help-80x24", InboxRender.render(s), roles: false)
        s = fixtureState(width: 80, height: 24)
        _ = apply(&s, .setCategory)
        try check("menu-80x24", InboxRender.render(s), roles: false)
        s = fixtureState(width: 80, height: 24)
        _ = apply(&s, .search)
        _ = InboxUpdate.update(&s, .insert("王"))
        try check("search-80x24", InboxRender.render(s))
    }

    /// Team mode: a colleague replying (queue row and detail pane), owners, the agent in the header.
    @Test(arguments: [(80, 24), (120, 40)])
    func teamReplyingMarker(size: (Int, Int)) throws {
        let lin = AgentRef(id: "lin", name: "Lin Wei")
        var s = InboxState(storeName: "golden", cases: fixtureCases(), now: t0, width: size.0, height: size.1, keymap: try Keymap.load(),
                           agentTimeZone: utc, playbook: try Playbook.bundled(), team: AgentRef(id: "alex", name: "Alex Kim"))
        _ = InboxUpdate.update(&s, .teamLoaded(TeamSnapshot(replying: ["K-1001": lin], owners: ["K-1002": "alex", "K-1003": "lin"],
                                                           agents: [TeamAgent(agent: AgentRef(id: "alex", name: "Alex Kim"), available: true, openCases: 1),
                                                                    TeamAgent(agent: lin, available: true, openCases: 1)])))
        let screen = InboxRender.render(s)
        assertGeometry(screen)
        try check("team-replying-\(size.0)x\(size.1)", screen)
    }

    @Test func overdueAndSoonRowsCarryMarkersAndRoles() {
        let screen = InboxRender.render(fixtureState(width: 120, height: 40))
        let lines = screen.text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("! 2h 00m late") })
        #expect(lines.contains { $0.hasPrefix("~ 30m 00s") })
        let roles = screen.styleMap.split(separator: "\n")
        // Row 2 (the first case) is selected; row 3 is due within 2 h: yellow role throughout.
        #expect(roles[3].allSatisfy { $0 == "~" })
    }
}
