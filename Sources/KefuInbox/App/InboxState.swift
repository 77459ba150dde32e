import Foundation
import KefuModel
import KefuMail
import KefuConfig
import KefuPlaybook
import KefuBase
import KefuStore

public enum Pane: Sendable, Equatable { case queue, detail }

public enum PromptKind: Sendable, Equatable {
    case search, snooze, note, promise, amount
    /// The quote to pin for the weekly summary, then the agent's translation of it (`Q`).
    case pinQuote, pinTranslation
    /// The folder to save an attachment in (`s` in the attachment list).
    case saveFolder
    /// A file to attach to the reply (the composer waits in `Prompt.composer`).
    case attachPath
}

/// A one-line text input at the bottom of the screen. `cursor` counts characters.
public struct Prompt: Sendable, Equatable {
    public var kind: PromptKind
    public var text: String = ""
    public var cursor: Int = 0
    /// For search: the query before the prompt opened, restored on cancel.
    public var previous: String = ""
    /// For amount: the offers waiting for it, and what the prompt names.
    public var reply: PendingReply?
    public var subject: String = ""
    /// For the translation: the (scrubbed) quote the first prompt took.
    public var quote: String = ""
    /// For the quote: what the translation prompt starts with (the pinned translation when editing it).
    public var translation: String = ""
    /// For saveFolder: the attachment and its number in the case's list.
    public var file: AttachmentFile?
    public var fileNumber = 0
    /// For attachPath: the reply being written, back on screen when the prompt closes.
    public var composer: ComposerState?

    public var label: String {
        switch kind {
        case .search: return "Search: "
        case .snooze: return "Snooze until (2h, 30m, 1d, 14:00, tomorrow 9:00): "
        case .note: return "Note: "
        case .promise: return "Promise the buyer a follow-up by (24h, 4h, tomorrow 9:00): "
        case .amount: return "Refund for \(subject): "
        case .pinQuote: return "Quote to pin for the report: "
        case .pinTranslation: return "Translation (optional): "
        case .saveFolder: return "Save a copy in folder: "
        case .attachPath: return "Attach file (Tab completes): "
        }
    }
}

public struct Menu: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case category
        /// One entry per item.
        case clockActions([ClockAction])
        /// The case's offers as a checklist; the ticked ones become numbered choices.
        case offers(caseID: String)
        /// Replies not delivered: Enter retries them all now.
        case outbox
        /// The case has a pinned quote: edit it, pin the latest buyer message instead, or remove it.
        case pinnedQuote([PinChoice])
        /// The case's files, numbered as in the detail pane: Enter opens, `s` saves a copy.
        case attachments(caseID: String, files: [AttachmentFile])
        /// Team mode: the new owner of the case, one per item (nil: nobody).
        case reassign(caseID: String, to: [String?])
    }
    public var title: String
    public var items: [String]
    public var selected: Int
    public var purpose: Purpose = .category
    /// Ticked entries, for a checklist.
    public var checked: Set<Int> = []
    /// The first item shown when the list is longer than the screen (`MenuBox` keeps it in range).
    public var top = 0
    /// The category menu: the letters typed so far, the cursor on the first category they match.
    public var typed = ""
    /// The outbox list: the entry whose cancel asked for a second press.
    public var cancelAsked: Int?
}

/// What `Q` offers on a case that already has a pinned quote.
public enum PinChoice: Sendable, Equatable {
    /// The pinned text and translation, back in the prompts to change.
    case edit
    /// The latest buyer message's excerpt instead.
    case replace
    case remove
}

/// What the agent can record about a case's deadlines from the clock menu.
public enum ClockAction: Sendable, Equatable {
    /// Done outside kefu (the claim answered in Seller Central, the buyer answered by phone…).
    case handled(ClockKind)
    case returnReceived
    case refundIssued
}

public enum Overlay: Sendable, Equatable {
    case none
    case help(scroll: Int)
    case prompt(Prompt)
    case menu(Menu)
    case composer(ComposerState)
}

/// The header's counts.
public struct QueueCounts: Sendable, Equatable {
    public var needsReply = 0, overdue = 0, dueSoon = 0, waiting = 0
    /// Replies that should have left and have not.
    public var notSent = 0
}

/// Everything the inbox shows, and nothing the terminal knows. `update` changes it; `render` draws it.
public struct InboxState: Sendable {
    public var storeName: String
    public var readOnly: Bool
    public var now: Date
    public var width: Int
    public var height: Int
    public var keymap: Keymap
    /// The agent's own zone, for reading snooze times like "14:00".
    public var agentTimeZone: TimeZone
    /// Clock lengths, calendars and the warning threshold (from `config.toml`).
    public var policy: SLAPolicy { didSet { queueIndex.valid = false } }
    /// The offers shown and picked with 1–9, ordered for the item's price tier.
    public var playbook: Playbook?
    public var replySettings = ReplySettings()
    /// Warning threshold: due within this is yellow / `~`.
    public var warnWithin: TimeInterval { policy.warnWithin }

    public internal(set) var cases: CaseTable
    /// What the queue keeps between changes (clocks, next change times): derived, like `visible`.
    var queueIndex = QueueIndex()
    public internal(set) var filter: QueueFilter = .needsReply
    public internal(set) var search: String = ""
    /// The queue as shown: filtered, searched, ordered. Derived; rebuilt by `refresh`.
    public internal(set) var visible: [QueueEntry] = []
    public internal(set) var counts = QueueCounts()
    public internal(set) var selectedID: String?
    /// A case just resolved stays in view while it is selected, so `R` again reopens it instead of
    /// resolving the next case; it leaves the queue once the agent moves on.
    var lingering: String?
    public internal(set) var queueTop = 0
    public internal(set) var focus: Pane = .queue
    /// Thread lines scrolled up from the newest (0 = newest visible at the bottom).
    public internal(set) var threadScroll = 0
    public internal(set) var overlay: Overlay = .none
    public internal(set) var statusLine: (text: String, isError: Bool)?
    public internal(set) var quitting = false
    /// What `u` can take back, newest last (`UndoStep`); not stored, so it ends with the session.
    public internal(set) var undoSteps: [UndoStep] = []
    /// Cases marked for a bulk action (`m`, `M`): no-reply, resolve, category and snooze act on all of them.
    public internal(set) var marked: Set<String> = []
    /// The number the next new case gets (new mail filed by the update allocates it; the store follows).
    public internal(set) var nextCaseNumber: Int
    /// Random bits for Message-IDs: injected like the clock, so the update stays deterministic.
    public internal(set) var random: RandomSource
    /// Changes the store could not write yet (disk full): shown, retried, and a reason to ask before quitting.
    public internal(set) var unsaved = 0
    var nextSaveRetry = Date.distantPast
    var quitAsked = false
    /// The outbox as the delivery thread last reported it (empty without one).
    public internal(set) var outbox: [QueuedReply] = []
    /// Cases whose reply has not left: failed, held, or queued over ten minutes. Derived by `refresh`.
    public internal(set) var unsent: Set<String> = []
    /// The Message-IDs of every reply in the outbox, by case (late or not): no clock counts them. Derived by `refresh`.
    public internal(set) var undelivered: [String: Set<String>] = [:]
    /// Lower-cased searchable text per case: built on the first search (not at start-up, where it
    /// would cost tens of milliseconds), then kept current as cases change.
    var haystacks: [String: String] = [:]
    /// A translator is configured: buyer messages are translated as their cases come into view.
    public var translationEnabled = false
    /// What the detail pane shows of a translated message (`toggle-translation`).
    public internal(set) var translationView: TranslationView = .both
    /// The detail pane lists the case's events (offers, amounts, status and category changes) after the thread.
    public internal(set) var showHistory = false
    /// Team mode on a shared store (who is replying, owners, this agent's lease); nil on a JSON store.
    public internal(set) var team: TeamState?
    /// Translations asked for and not back yet, or failed (keyed by `TranslationJob.key`); not stored.
    public internal(set) var translationStatus: [String: TranslationStatus] = [:]

    public init(storeName: String, readOnly: Bool = false, cases: [Case], now: Date, width: Int, height: Int,
                keymap: Keymap, agentTimeZone: TimeZone = .current, policy: SLAPolicy = .standard,
                playbook: Playbook? = nil, replySettings: ReplySettings = ReplySettings(),
                nextCaseNumber: Int? = nil, random: RandomSource = RandomSource(seed: 0), team: AgentRef? = nil) {
        self.team = team.map(TeamState.init)
        self.storeName = storeName; self.readOnly = readOnly; self.now = now; self.policy = policy
        self.playbook = playbook; self.replySettings = replySettings
        self.width = width; self.height = height; self.keymap = keymap; self.agentTimeZone = agentTimeZone
        self.cases = CaseTable(cases)
        self.nextCaseNumber = nextCaseNumber ?? max(1001, (cases.map(\.number).max() ?? 0) + 1)
        self.random = random
        refresh()
        selectedID = visible.first?.item.id
        if readOnly { statusLine = ("Read-only: another kefu has this store open; changes are off", true) }
    }

    public var selectedIndex: Int? {
        guard let id = selectedID else { return nil }
        return visible.firstIndex { $0.item.id == id }
    }

    public var selectedCase: Case? { selectedID.flatMap { cases[$0] } }

    /// The case's numbered offers (empty without a playbook).
    public func offers(for c: Case) -> [Playbook.Offer] {
        playbook?.offers(for: c, tier: replySettings.tier(for: c)) ?? []
    }

    /// An offer's name in the agent's language (`[agent] language`).
    public func label(_ o: Playbook.Offer) -> String {
        o.label[replySettings.agentLanguage] ?? o.label["en"] ?? o.id
    }

    /// The detail pane's content for a case at a width: offers and guidance in the agent's language.
    func detail(_ c: Case, width: Int) -> DetailContent {
        DetailContent(c, at: now, width: width, agentZone: agentTimeZone, policy: policy, offers: offers(for: c),
                      guidance: playbook?.guidance(for: c, language: replySettings.agentLanguage) ?? [],
                      language: replySettings.agentLanguage, translations: detailTranslations(c),
                      delivery: DeliveryMarks(c, outbox: outbox), showHistory: showHistory)
    }

    public var keyContext: KeyContext {
        switch overlay {
        case .help: return .help
        case .prompt: return .prompt
        case .menu: return .menu
        case .composer: return .composer
        case .none: return focus == .queue ? .queue : .detail
        }
    }

    /// Records a changed (or removed) case in the search text, if search text exists yet.
    mutating func reindex(_ id: String) {
        guard !haystacks.isEmpty else { return }
        haystacks[id] = cases[id].map(Self.haystack)
    }

    static func haystack(_ c: Case) -> String {
        var parts = [c.id, c.buyer.name ?? "", c.buyer.address ?? "", c.order?.id ?? ""]
        for i in c.order?.items ?? [] { parts += [i.sku ?? "", i.asin ?? "", i.title ?? ""] }
        for m in c.messages { parts += [m.subject ?? "", m.body] }
        return parts.joined(separator: "\n").lowercased()
    }

    /// Brings the derived queue and counts up to date (after a change, a tick, a filter or search
    /// change): only the cases written since, and those a deadline or snooze crossed, are recomputed.
    mutating func refresh() {
        if lingering != selectedID { lingering = nil }
        var changed = cases.takeChanged()
        let late = outbox.filter { $0.isLate(at: now) }
        counts.notSent = late.count
        let lateIDs = Set(late.compactMap(\.caseID))
        changed.formUnion(lateIDs.symmetricDifference(unsent))
        unsent = lateIDs
        // A reply still in the outbox answers nothing yet: a case's clocks change when its set of them does.
        let queued = DeliveryMarks.queuedByCase(outbox)
        for id in Set(queued.keys).union(undelivered.keys) where queued[id] != undelivered[id] { changed.insert(id) }
        undelivered = queued
        let needle = search.lowercased()
        if !needle.isEmpty && haystacks.isEmpty {
            for c in cases.values { haystacks[c.id] = Self.haystack(c) }
        }
        let context = QueueIndex.Context(now: now, policy: policy, filter: filter, needle: needle, haystacks: haystacks,
                                         unsent: unsent, undelivered: undelivered, lingering: lingering,
                                         mine: team.flatMap { $0.mineOnly ? $0 : nil })
        queueIndex.update(cases, changed: changed, context, visible: &visible, counts: &counts)
    }
}
