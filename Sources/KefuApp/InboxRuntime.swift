import Foundation
import KefuInbox
import KefuBase
import KefuImport
import KefuStore

/// The one impure loop, in the shape of Bubble Tea's: every input — a key, a resize, the clock's
/// second, a worker's news — becomes an action in one queue; `InboxUpdate.update` alone changes the
/// state and answers with effects; the runtime runs them (slow ones on other threads) and turns
/// their results into actions in the same queue; `InboxRender.render` draws; the terminal blits.
/// Nothing calls `update` from the side, and the store is only ever written by an effect.
public final class InboxRuntime {
    public private(set) var state: InboxState
    public let queue = ActionQueue()
    let terminal: TerminalPort
    let services: InboxServices
    let clock: Now
    private var matcher: KeySequenceMatcher
    private var lastFrame: Screen?
    private var lastSecond: TimeInterval
    var worker: DeliveryWorker?
    var watcher: MaildirWatcher?
    /// Hears colleagues' changes when the store is shared (PostgreSQL).
    var listener: StoreListening?
    /// The Maildir files already filed: marked only after their cases are written.
    var seen: MaildirSeenList?
    let jobs = DispatchGroup()
    /// Every store write, in the order the update asked for them. New mail's are queued here and not
    /// waited for (its fsyncs must not hold a keystroke); the agent's own changes wait their turn.
    let storeWrites = DispatchQueue(label: "kefu.store-writes")
    /// The translator's runs, off the UI thread; killed on shutdown rather than waited for.
    let translations = TranslationRunner()
    public private(set) var interrupted = false
    /// Every action handled, oldest first, when `recording` (the driver tests read it).
    public var recording = false
    public private(set) var handled: [InboxAction] = []

    /// `state`: pass it with `consume` (or as a temporary). A caller's copy kept alive shares every
    /// container with the runtime's, and the first change to each then copies it whole on the UI thread.
    public init(state: consuming InboxState, terminal: TerminalPort, services: InboxServices, clock: Now) throws {
        self.state = state
        self.terminal = terminal
        self.services = services
        self.clock = clock
        self.state.translationEnabled = services.translator != nil
        matcher = KeySequenceMatcher(keymap: state.keymap)
        lastSecond = clock().timeIntervalSince1970.rounded(.down)
        let store = services.store
        if !store.readOnly {
            worker = services.delivery.map { DeliveryWorker(delivery: $0, clock: clock, queue: queue) }
            if let m = services.maildir {
                let seen = try services.seenList ?? MaildirSeen(storeDirectory: store.directory)
                self.seen = seen
                watcher = MaildirWatcher(maildir: m, alreadyRead: try seen.allKeys(), store: store, queue: queue, files: services.keptFiles)
            }
        }
    }

    /// Runs until the agent quits or a signal asks to stop; then closes the store.
    public func run() {
        start()
        while !state.quitting && !interrupted { step() }
        shutdown()
    }

    /// Draws the first frame and starts the workers (`workers: false`: a first frame only, as `--exit-after-first-frame` wants).
    public func start(workers: Bool = true) {
        draw()
        guard workers else { return }
        worker?.start()
        startDeliveryAndIntake()
        if let shared = services.store as? SharedCaseStoring {
            let queue = self.queue
            listener = shared.listen { ids in queue.post(.casesChangedElsewhere(ids)) }
            // Listening now: a change committed between opening the store and the LISTEN is read too.
            queue.post(.casesChangedElsewhere([]))
        }
        registerAgent()
    }

    /// One turn of the loop: wait for a key or a posted action (at most until the next whole second,
    /// or `maxWaitMs`), handle everything waiting, draw.
    public func step(maxWaitMs: Int32 = .max) {
        let t = clock().timeIntervalSince1970
        let toNextSecond = Int32(((t.rounded(.down) + 1 - t) * 1000).rounded(.up)) + 1
        let input = terminal.read(timeoutMs: max(min(toNextSecond, maxWaitMs), 0), wakeFD: queue.wakeFD)
        if input == .interrupted { interrupted = true; return }
        // Tick when a new second began, whatever woke us: a busy typist still sees the clock move.
        let second = clock().timeIntervalSince1970.rounded(.down)
        if second != lastSecond { lastSecond = second; queue.post(.tick(clock())) }
        drain()   // what the workers posted came first
        switch input {
        case .interrupted, .timeout: break
        case .resize(let w, let h): queue.post(.resize(width: w, height: h))
        case .key(let key):
            // Translated against the state as it is now: the key's context is what the agent sees.
            for a in InboxInput.translate(key, state: state, matcher: &matcher) { queue.post(a) }
        }
        drain()
        if !state.quitting { draw() }
    }

    /// Stops the workers, waits for background effects, closes the store.
    public func shutdown() {
        services.deliverer?.stop()
        watcher?.stop()
        worker?.stop()
        listener?.stop()
        translations.stop()
        jobs.wait()
        drain()   // an export finishing meanwhile still reaches the state (and the tests)
        services.store.close(now: clock())
    }

    /// Handles every queued action, and those their effects queue in turn.
    func drain() {
        var rounds = 0
        while true {
            let batch = queue.takeAll()
            if batch.isEmpty || rounds > 100 { return }   // a runaway chain waits for the next turn
            rounds += 1
            for a in batch { dispatch(a) }
        }
    }

    private func dispatch(_ action: InboxAction) {
        if recording { handled.append(action) }
        for effect in InboxUpdate.update(&state, action) { run(effect) }
    }

    func draw() {
        let frame = InboxRender.render(state)
        if frame != lastFrame { terminal.draw(frame); lastFrame = frame }
    }

    func repaintAll() { terminal.forceRepaint(); lastFrame = nil }
}
