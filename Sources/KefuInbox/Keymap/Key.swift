/// One key press as the inbox sees it, independent of the terminal. The ncurses driver produces
/// these; keymap files name them in vim notation (`j`, `<C-x>`, `<Enter>`, `<PageDown>`, `<F1>`, `<Space>`).
public enum Key: Hashable, Sendable {
    /// A printable character (including space), as typed.
    case char(Character)
    /// Control + a lowercase letter (`<C-x>`).
    case ctrl(Character)
    /// Alt/Meta + a character (`<M-x>`), delivered by terminals as Esc followed by the key.
    case alt(Character)
    case enter, esc, tab, backTab, backspace, delete, insert
    case up, down, left, right, pageUp, pageDown, home, end
    case f(Int)
}

/// The contexts of the keymap: `[global]` applies everywhere unless the focused context binds the key.
public enum KeyContext: String, CaseIterable, Sendable {
    case global, queue, detail, prompt, menu, help, composer
}

/// Every action the inbox can perform from a key, by the name keymap files use.
/// Nothing in the inbox is hard-wired to a key: the driver maps keys to these through the keymap.
public enum KeyAction: String, CaseIterable, Sendable {
    // global
    case quit, help, search, redraw
    case switchPane = "switch-pane"
    case filterNeedsReply = "filter-needs-reply"
    case filterOverdue = "filter-overdue"
    case filterWaiting = "filter-waiting"
    case filterSnoozed = "filter-snoozed"
    case filterResolved = "filter-resolved"
    case filterAll = "filter-all"
    /// Replies not sent: their errors, and retry now.
    case outbox
    // movement (queue: the selection; detail: the thread; menu/help: the list)
    case moveDown = "move-down"
    case moveUp = "move-up"
    case pageDown = "page-down"
    case pageUp = "page-up"
    case first, last
    case openDetail = "open-detail"
    case back
    // case actions (queue and detail)
    case noResponseNeeded = "no-response-needed"
    case snooze
    case setCategory = "set-category"
    case toggleResolved = "toggle-resolved"
    case addNote = "add-note"
    case promise
    case clockActions = "clock-actions"
    /// Hold the case (a dispute in progress: `kefu purge` keeps its personal data) or release it.
    case toggleHold = "toggle-hold"
    /// Write last week's summary for the product team (Markdown) and say where.
    case exportWeekly = "export-weekly"
    /// Pin a buyer quote (and the agent's translation) to the case for the weekly summary; replace or remove it.
    case pinQuote = "pin-quote"
    // offers (detail), filled by the playbook
    case offer1 = "offer-1", offer2 = "offer-2", offer3 = "offer-3", offer4 = "offer-4", offer5 = "offer-5"
    case offer6 = "offer-6", offer7 = "offer-7", offer8 = "offer-8", offer9 = "offer-9"
    /// A checklist of the offers, to give the buyer several as numbered choices.
    case chooseOffers = "choose-offers"
    /// In a checklist: tick or untick the entry.
    case toggle
    // prompt and menu editing
    case confirm, cancel
    case deleteBack = "delete-back"
    case clearLine = "clear-line"
    case cursorLeft = "cursor-left"
    case cursorRight = "cursor-right"
    // composer editing (beyond the prompt's)
    case deleteForward = "delete-forward"
    case deleteWordBack = "delete-word-back"
    case lineStart = "line-start"
    case lineEnd = "line-end"
    case wordLeft = "word-left"
    case wordRight = "word-right"
    case switchLanguage = "switch-language"
    case externalEditor = "external-editor"
    /// Detail: buyer messages as original, machine translation, or both.
    case toggleTranslation = "toggle-translation"
    /// Composer: the paragraph at the cursor, typed in the agent's language, into the buyer's.
    case translateReply = "translate-reply"
    /// Composer: the whole reply translated back into the agent's language, to check it.
    case checkTranslation = "check-translation"

    /// One line for the help screen.
    public var summary: String {
        switch self {
        case .quit: return "quit kefu"
        case .help: return "show this help"
        case .search: return "search buyer, order id, SKU and text"
        case .redraw: return "redraw the screen"
        case .switchPane: return "switch between queue and detail"
        case .filterNeedsReply: return "show cases that need a reply"
        case .filterOverdue: return "show overdue cases"
        case .filterWaiting: return "show cases waiting for the buyer"
        case .filterSnoozed: return "show snoozed cases"
        case .filterResolved: return "show resolved cases"
        case .filterAll: return "show all cases"
        case .outbox: return "replies not sent: errors, retry now"
        case .moveDown: return "move down / scroll down"
        case .moveUp: return "move up / scroll up"
        case .pageDown: return "page down"
        case .pageUp: return "page up"
        case .first: return "go to the first line"
        case .last: return "go to the last line"
        case .openDetail: return "open the selected case"
        case .back: return "back to the queue"
        case .noResponseNeeded: return "mark: no response needed"
        case .snooze: return "snooze until a chosen time"
        case .setCategory: return "set the category"
        case .toggleResolved: return "resolve / reopen"
        case .addNote: return "add an internal note"
        case .promise: return "promise the buyer a follow-up by a time (a clock)"
        case .clockActions: return "clock actions: mark a deadline handled, return arrived, refund issued"
        case .toggleHold: return "hold / release: a held case (a dispute) is never purged"
        case .exportWeekly: return "write last week's summary (Markdown) to the store's exports/"
        case .pinQuote: return "pin a buyer quote (and your translation) for the weekly summary"
        case .offer1, .offer2, .offer3, .offer4, .offer5, .offer6, .offer7, .offer8, .offer9:
            return "reply with offer \(rawValue.suffix(1)) (in a checklist: tick it)"
        case .chooseOffers: return "tick several offers: the reply gives them as numbered choices"
        case .toggle: return "tick / untick"
        case .confirm: return "confirm (in the composer: send the reply)"
        case .cancel: return "cancel"
        case .deleteBack: return "delete the character before the cursor"
        case .clearLine: return "clear the input"
        case .cursorLeft: return "cursor left"
        case .cursorRight: return "cursor right"
        case .deleteForward: return "delete the character under the cursor"
        case .deleteWordBack: return "delete the word before the cursor"
        case .lineStart: return "to the start of the line"
        case .lineEnd: return "to the end of the line"
        case .wordLeft: return "one word left"
        case .wordRight: return "one word right"
        case .switchLanguage: return "the reply in the next language (rewrites the text)"
        case .externalEditor: return "edit the reply in $VISUAL / $EDITOR"
        case .toggleTranslation: return "buyer messages: original / machine translation / both"
        case .translateReply: return "translate the paragraph you typed into the buyer's language"
        case .checkTranslation: return "translate the reply back into your language, to check it"
        }
    }
}
