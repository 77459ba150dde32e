import Foundation
import Testing
import KefuApp
@testable import KefuInbox
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuConfig
@testable import KefuPlaybook
@testable import KefuDemo

/// A terminal the test types into: keys wait in a list, the last frame is kept.
final class ScriptedTerminal: TerminalPort {
    var size: (width: Int, height: Int)
    var inputs: [TerminalInput] = []
    private(set) var frame: Screen?
    private(set) var suspensions = 0

    init(width: Int, height: Int) { size = (width, height) }

    func read(timeoutMs: Int32, wakeFD: Int32) -> TerminalInput {
        if !inputs.isEmpty { return inputs.removeFirst() }
        // Nothing typed: wait like the real terminal, for the queue's wake-up or a short while.
        var fd = pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)
        _ = poll(&fd, 1, min(timeoutMs, 20))
        return .timeout
    }

    func draw(_ screen: Screen) { frame = screen }
    func forceRepaint() {}
    func suspend() { suspensions += 1 }
    func resume() {}
}

/// The clock the test sets: logic time only moves when the test says so.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Now { Now { [self] in lock.lock(); defer { lock.unlock() }; return current } }
    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}

/// The inbox as an agent uses it, in-process: keys pressed by their binding in the live keymap
/// (never by hard-coded letters), the screen read as lines, the store read back from disk.
final class InboxDriver {
    let terminal: ScriptedTerminal
    let runtime: InboxRuntime
    let clock: TestClock
    let directory: String

    static let start = ISO8601.parse("2026-11-21T10:00:00Z")!

    /// A store in a fresh directory holding `cases` (the demo's by default), opened as the inbox opens it.
    init(cases: [Case]? = nil, width: Int = 120, height: Int = 40, reply: ReplySettings? = nil,
         wrap: (CaseStore) -> CaseStoring = { $0 }, team: AgentRef? = nil,
         services configure: (inout InboxServices, String) -> Void = { _, _ in }) throws {
        var template = Array((NSTemporaryDirectory() + "/kefu-driver-XXXXXX").utf8CString)
        directory = String(cString: mkdtemp(&template)!)
        clock = TestClock(Self.start)
        let store = try CaseStore.open(directory + "/store", now: Self.start)
        try store.save(cases ?? DemoData.cases(now: Self.start))
        let seam = wrap(store)
        var settings = reply ?? ReplySettings()
        if reply == nil { settings.storeName = "Lumen Home"; settings.fromAddress = "support@lumen-home.example"; settings.agentName = "Alex" }
        terminal = ScriptedTerminal(width: width, height: height)
        let state = InboxState(storeName: "test", readOnly: seam.readOnly, cases: seam.openCases, now: Self.start,
                               width: width, height: height, keymap: Keymap.builtIn, playbook: try Playbook.load(),
                               replySettings: settings, nextCaseNumber: seam.nextCaseNumber, random: RandomSource(seed: 1), team: team)
        var services = InboxServices(store: seam)
        configure(&services, directory)
        runtime = try InboxRuntime(state: consume state, terminal: terminal, services: services, clock: clock.now)
        runtime.recording = true
        runtime.start()
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var state: InboxState { runtime.state }
    var lines: [String] { terminal.frame?.text.components(separatedBy: "\n") ?? [] }
    var screen: String { terminal.frame?.text ?? "" }

    /// Presses the first key sequence bound to `action` where the inbox is now, and lets the loop handle it.
    func press(_ action: KeyAction, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let keys = state.keymap.keys(for: action, in: state.keyContext).first else {
            Issue.record("\(action.rawValue) is not bound in \(state.keyContext)", sourceLocation: sourceLocation); return
        }
        for k in keys { terminal.inputs.append(.key(k)); runtime.step(maxWaitMs: 0) }
    }

    /// Types text as keys (in a prompt or the composer).
    func type(_ text: String) {
        for ch in text { terminal.inputs.append(.key(.char(ch))); runtime.step(maxWaitMs: 0) }
    }

    /// Turns the loop until `condition` holds (real time: workers run on their threads), at most `seconds`.
    @discardableResult
    func waitUntil(_ what: String, seconds: TimeInterval = 10, sourceLocation: SourceLocation = #_sourceLocation,
                   _ condition: (InboxDriver) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)   // a test timeout, not logic time
        while Date() < deadline {
            if condition(self) { return true }
            runtime.step(maxWaitMs: 50)
        }
        Issue.record("waited \(Int(seconds)) s for \(what); the screen:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }

    /// Selects a case through the search prompt, as an agent would.
    func select(_ id: String) {
        press(.search)
        type(id)
        press(.confirm)
        #expect(state.selectedID == id, "search for \(id) selected \(state.selectedID ?? "nothing")")
    }

    func reopenedStore() throws -> CaseStore { try CaseStore.open(directory + "/store", mode: .readOnly, now: clock.now()) }
}
