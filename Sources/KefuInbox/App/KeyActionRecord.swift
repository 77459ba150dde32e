import Foundation
import KefuModel
import KefuPlaybook

/// Everything the inbox says about one key action, in one place: its keymap name, its help text,
/// its short footer label, the contexts where it does something, and why it does nothing right now.
/// The footer and the help screen are generated from these records, the keymap loader checks
/// bindings against `contexts`, and the update refuses a disabled action with its reason.
///
/// Adding an action: its `KeyAction` case (its place there orders help and footer), its record
/// below (the compiler asks for it), a binding in `Keymaps/default.keymap`, and its handling in
/// `InboxUpdate` (`normal()` or the overlay's handler).
public struct KeyActionRecord: Sendable {
    public let action: KeyAction
    /// The name keymap files use.
    public var id: String { action.rawValue }
    /// One line for the help screen.
    public let summary: String
    /// Where the action does something. A keymap section other than [global] may bind it only here.
    public let contexts: Set<KeyContext>
    /// The footer's short label in each context where the footer offers the action.
    public let hints: [KeyContext: String]
    let unavailable: @Sendable (InboxState, KeyContext) -> String?

    /// Why the action does nothing in `context` (the state's own by default), as the status line says
    /// it; nil when it works, or when it does nothing there anyway (a context not in `contexts`).
    public func disabledReason(_ s: InboxState, in context: KeyContext? = nil) -> String? {
        let context = context ?? s.keyContext
        return contexts.contains(context) ? unavailable(s, context) : nil
    }
}

extension KeyAction {
    /// One line for the help screen.
    public var summary: String { record.summary }

    /// This action's record (built once: the footer reads them every frame).
    public var record: KeyActionRecord { KeyActionRecord.table[self]! }
}

extension KeyActionRecord {
    static let table = Dictionary(uniqueKeysWithValues: KeyAction.allCases.map { ($0, $0.newRecord) })
}

extension KeyAction {
    fileprivate var newRecord: KeyActionRecord {
        let cases: Set<KeyContext> = [.queue, .detail], lists: Set<KeyContext> = [.queue, .detail, .menu, .help],
            text: Set<KeyContext> = [.prompt, .composer]
        func r(_ summary: String, _ contexts: Set<KeyContext>, hints: [KeyContext: String] = [:],
               unavailable: @escaping @Sendable (InboxState, KeyContext) -> String? = { _, _ in nil }) -> KeyActionRecord {
            KeyActionRecord(action: self, summary: summary, contexts: contexts, hints: hints, unavailable: unavailable)
        }
        func normal(_ label: String) -> [KeyContext: String] { [.queue: label, .detail: label] }
        let caseChange: @Sendable (InboxState, KeyContext) -> String? = { s, _ in Unavailable.caseChange(s) }
        switch self {
        case .help: return r("show this help", [.queue, .detail, .help], hints: normal("help"))
        case .search: return r("search buyer, order id, SKU and text", cases, hints: normal("search"))
        case .redraw: return r("redraw the screen", Set(KeyContext.allCases))
        case .switchPane: return r("switch between queue and detail", cases, hints: normal("pane"))
        case .filterNeedsReply: return r("show cases that need a reply", cases)
        case .filterOverdue: return r("show overdue cases", cases)
        case .filterWaiting: return r("show cases waiting for the buyer", cases)
        case .filterSnoozed: return r("show snoozed cases", cases)
        case .filterResolved: return r("show resolved cases", cases)
        case .filterAll: return r("show all cases", cases)
        case .filterMine: return r("team: only my cases and unowned ones (again: every owner's)", cases) { s, _ in Unavailable.team(s) }
        case .reassign: return r("team: give the case to an agent, take it, or unassign it", cases) { s, _ in
            Unavailable.team(s) ?? Unavailable.caseChange(s)
        }
        case .nextCase: return r("team: take the most urgent case nobody owns or is replying to", cases) { s, _ in
            Unavailable.team(s) ?? Unavailable.readOnly(s)
        }
        case .toggleAvailable: return r("team: available for new cases / away", cases) { s, _ in Unavailable.team(s) ?? Unavailable.readOnly(s) }
        case .outbox: return r("replies not sent: errors, retry now", cases)
        case .openQueued: return r("outbox list: show the reply's case", [.menu], hints: [.menu: "open"]) { s, _ in Unavailable.outboxEntry(s) }
        case .editQueued:
            return r("outbox list: edit the reply (sending replaces it in the outbox)", [.menu], hints: [.menu: "edit"]) { s, _ in
                Unavailable.outboxEntry(s) ?? Unavailable.readOnly(s)
            }
        case .cancelQueued:
            return r("outbox list: cancel the reply (the case needs a reply again)", [.menu], hints: [.menu: "cancel reply"]) { s, _ in
                Unavailable.outboxEntry(s) ?? Unavailable.readOnly(s)
            }
        case .quit: return r("quit kefu", [.queue, .detail, .menu, .help, .composer], hints: normal("quit"))
        case .moveDown: return r("move down / scroll down", lists.union([.composer]), hints: [.help: "down", .menu: "down"])
        case .moveUp: return r("move up / scroll up", lists.union([.composer]), hints: [.help: "up", .menu: "up"])
        case .pageDown: return r("page down", lists.union([.composer]), hints: [.help: "page"])
        case .pageUp: return r("page up", lists.union([.composer]))
        case .first: return r("go to the first line", lists)
        case .last: return r("go to the last line", lists)
        case .openDetail: return r("open the selected case", cases) { s, _ in Unavailable.noCase(s) }
        case .back: return r("back to the queue", [.detail, .menu, .help, .composer])
        case .undo:
            return r("undo the last change (a bulk change at once; a reply in its grace period comes back to the composer)",
                     cases, hints: normal("undo")) { s, _ in Unavailable.readOnly(s) ?? (s.undoSteps.isEmpty ? "Nothing to undo" : nil) }
        case .toggleMark: return r("mark / unmark the case: x, R, c and s then act on every marked case", cases) { s, _ in Unavailable.noCase(s) }
        case .markAll: return r("mark every case shown (the filter and the search)", cases) { s, _ in
            s.visible.isEmpty ? "No cases shown to mark" : nil
        }
        case .clearMarks: return r("clear the marks", cases, hints: normal("clear marks")) { s, _ in
            s.marked.isEmpty ? "No case is marked" : nil
        }
        case .noResponseNeeded: return r("mark: no response needed", cases, hints: normal("no reply"), unavailable: caseChange)
        case .snooze: return r("snooze until a chosen time", cases, hints: normal("snooze"), unavailable: caseChange)
        case .setCategory: return r("set the category", cases, hints: normal("category"), unavailable: caseChange)
        case .toggleResolved: return r("resolve / reopen", cases, hints: normal("resolve"), unavailable: caseChange)
        case .addNote: return r("add an internal note", cases, hints: normal("note"), unavailable: caseChange)
        case .promise: return r("promise the buyer a follow-up by a time (a clock)", cases, unavailable: caseChange)
        case .clockActions:
            return r("clock actions: mark a deadline handled, return arrived, refund issued", cases) { s, _ in
                Unavailable.caseChange(s) ?? Unavailable.noDeadline(s)
            }
        case .toggleHold: return r("hold / release: a held case (a dispute) is never purged", cases, unavailable: caseChange)
        case .toggleHistory: return r("show / hide the case's history (offers, amounts, status changes) after the thread", [.detail]) { s, _ in
            Unavailable.noCase(s)
        }
        case .exportWeekly: return r("write last week's summary (Markdown) to the store's exports/", cases)
        case .attachments: return r("the case's attachments: Enter opens one (mailcap), s saves a copy", [.detail], hints: [.detail: "files"]) { s, _ in
            Unavailable.noCase(s)
        }
        case .saveAttachment: return r("save a copy of the attachment to a folder", [.menu]) { s, _ in
            if case .menu(let m) = s.overlay, case .attachments = m.purpose { return nil }
            return "Only in the attachment list"
        }
        case .attachFile: return r("attach a file to the reply", [.composer])
        case .complete: return r("complete the file name", [.prompt])
        case .pinQuote: return r("pin a buyer quote (and your translation) for the weekly summary", cases, hints: normal("pin quote"),
                                 unavailable: caseChange)
        case .offer1, .offer2, .offer3, .offer4, .offer5, .offer6, .offer7, .offer8, .offer9:
            let n = Int(rawValue.suffix(1))!
            return r("reply with offer \(n) (in a checklist: tick it)", cases.union([.menu]), hints: n == 1 ? [.menu: "tick 1"] : [:]) { s, context in
                context == .menu ? Unavailable.checklistEntry(s, n) : Unavailable.offer(s, n)
            }
        case .chooseOffers:
            return r("tick several offers: the reply gives them as numbered choices", cases, hints: normal("offers")) { s, _ in
                Unavailable.caseChange(s) ?? Unavailable.noOffers(s) ?? Unavailable.colleagueReplying(s)
            }
        case .toggle: return r("tick / untick", [.menu], hints: [.menu: "tick"]) { s, _ in Unavailable.checklistEntry(s, nil) }
        case .confirm:
            return r("confirm (in the composer: send the reply)", [.prompt, .menu, .help, .composer],
                     hints: [.menu: "choose", .composer: "send"]) { s, _ in
                guard case .composer(let cs) = s.overlay else { return nil }
                return Unavailable.sendBlocked(s, cs)
            }
        case .cancel: return r("cancel", [.prompt, .menu, .help, .composer], hints: [.help: "close", .menu: "cancel", .composer: "cancel"])
        case .deleteBack: return r("delete the character before the cursor (category list: the last letter typed)", text.union([.menu]))
        case .clearLine: return r("clear the input", text)
        case .cursorLeft: return r("cursor left", text)
        case .cursorRight: return r("cursor right", text)
        case .deleteForward: return r("delete the character under the cursor", [.composer])
        case .deleteWordBack: return r("delete the word before the cursor", [.composer], hints: [.composer: "delete word"])
        case .deleteToLineEnd: return r("delete from the cursor to the end of the line (at its end: join the next line)", [.composer])
        case .deleteLine: return r("delete the whole line", [.composer])
        case .undoEdit: return r("undo the last edit of the reply (typing a word at a time)", [.composer])
        case .lineStart: return r("to the start of the line", [.composer])
        case .lineEnd: return r("to the end of the line", [.composer])
        case .wordLeft: return r("one word left", [.composer])
        case .wordRight: return r("one word right", [.composer])
        case .switchLanguage:
            return r("the reply in the next language (rewrites the text)", [.composer], hints: [.composer: "language"]) { s, _ in
                (s.playbook?.languages.count ?? 0) < 2 ? "The playbook has replies in one language only" : nil
            }
        case .externalEditor: return r("edit the reply in $VISUAL / $EDITOR", [.composer], hints: [.composer: "$EDITOR"])
        case .toggleTranslation:
            return r("buyer messages: original / machine translation / both", [.detail], hints: [.detail: "translation"]) { s, _ in
                Unavailable.noTranslator(s)
            }
        case .translateReply:
            return r("translate the paragraph you typed into the buyer's language", [.composer], hints: [.composer: "translate"]) { s, _ in
                Unavailable.noTranslator(s)
            }
        case .checkTranslation:
            return r("translate the reply back into your language, to check it", [.composer], hints: [.composer: "read back"]) { s, _ in
                Unavailable.noTranslator(s)
            }
        }
    }
}

/// Why an action does nothing now, in the words the status line uses. The records and the update's
/// own guards both say it from here.
enum Unavailable {
    static func noCase(_ s: InboxState) -> String? { s.selectedCase == nil ? "No case selected" : nil }

    static func readOnly(_ s: InboxState) -> String? { s.readOnly ? "Read-only: another kefu has this store open" : nil }

    /// Team mode: a colleague holds the reply lease on the selected case, so no composer opens on it.
    static func colleagueReplying(_ s: InboxState) -> String? {
        guard let c = s.selectedCase, let who = s.team?.colleagueReplying(c.id) else { return nil }
        return "\(c.id): \(DisplayText.sanitizeLine(who.name)) is replying — leave it to them"
    }

    /// Owners, leases and availability exist on a shared (PostgreSQL) store only.
    static func team(_ s: InboxState) -> String? { s.team == nil ? "Team mode only (store is a JSON directory)" : nil }

    /// A change to the selected case: there must be one, and a store that may be written.
    static func caseChange(_ s: InboxState) -> String? { noCase(s) ?? readOnly(s) }

    static func noTranslator(_ s: InboxState) -> String? {
        s.translationEnabled ? nil : "No translator configured: set [translate] command in config.toml"
    }

    static func noPlaybook(_ s: InboxState) -> String? { s.playbook == nil ? "No playbook loaded: replies are off" : nil }

    static func noOffers(_ s: InboxState) -> String? {
        guard let c = s.selectedCase, s.offers(for: c).isEmpty else { return nil }
        return "\(c.id): the playbook has no offers for \(c.category.rawValue)"
    }

    /// Offer `n` (1-based) of the selected case.
    static func offer(_ s: InboxState, _ n: Int) -> String? {
        if let why = caseChange(s) ?? noPlaybook(s) ?? colleagueReplying(s) { return why }
        guard let c = s.selectedCase else { return nil }
        let count = s.offers(for: c).count
        return n > count ? "No offer \(n) for \(c.category.rawValue) (it has \(count))" : nil
    }

    /// Ticking entry `n` (1-based; nil: the selected one) works in the offer checklist only.
    static func checklistEntry(_ s: InboxState, _ n: Int?) -> String? {
        guard case .menu(let m) = s.overlay, case .offers = m.purpose else { return "Only in the offer checklist" }
        if let n, n > m.items.count { return "No offer \(n) in the list (it has \(m.items.count))" }
        return nil
    }

    /// The outbox list's actions work on its entries only.
    static func outboxEntry(_ s: InboxState) -> String? {
        guard case .menu(let m) = s.overlay, case .outbox = m.purpose else { return "Only in the outbox list (U)" }
        return nil
    }

    static func noDeadline(_ s: InboxState) -> String? {
        guard let c = s.selectedCase, InboxUpdate.clockMenu(c, s).0.isEmpty else { return nil }
        return "\(c.id): no running deadline to mark"
    }

    /// What stops the reply in the composer from leaving (lint errors, no address, no sender), as the
    /// reply gate says it; warnings only ask for a second press, so they do not count here.
    static func sendBlocked(_ s: InboxState, _ cs: ComposerState) -> String? {
        guard let c = s.cases[cs.caseID],
              case .blocked(let why) = ReplyGate.check(c, findings: cs.findings, warningsAccepted: true, settings: s.replySettings)
        else { return nil }
        return "Not sent: \(why)"
    }
}
