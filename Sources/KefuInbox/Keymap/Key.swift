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
    // global (help and footer list actions in this order; each has a record in KeyActionRecord.swift)
    case help, search, redraw
    case switchPane = "switch-pane"
    case filterNeedsReply = "filter-needs-reply"
    case filterOverdue = "filter-overdue"
    case filterWaiting = "filter-waiting"
    case filterSnoozed = "filter-snoozed"
    case filterResolved = "filter-resolved"
    case filterAll = "filter-all"
    /// Team mode: only cases owned by me or by nobody (on top of the filter), or every owner's again.
    case filterMine = "filter-mine"
    /// Replies not sent: their errors, and retry now.
    case outbox
    /// In the outbox list: show the reply's case; rewrite the reply (same outbox item); take it back.
    case openQueued = "open-queued"
    case editQueued = "edit-queued"
    case cancelQueued = "cancel-queued"
    // movement (queue: the selection; detail: the thread; menu/help: the list)
    case moveDown = "move-down"
    case moveUp = "move-up"
    case pageDown = "page-down"
    case pageUp = "page-up"
    case first, last
    case openDetail = "open-detail"
    case back
    /// Take back the last change (a bulk change as one; a reply still in its grace period).
    case undo
    /// Marks for a bulk action: the selected case, every case shown, none.
    case toggleMark = "toggle-mark"
    case markAll = "mark-all"
    case clearMarks = "clear-marks"
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
    /// Team mode: give the case to an agent (a menu of the team), take it, or leave it unowned.
    case reassign
    /// Team mode: claim the most urgent case needing a reply that nobody owns (or I own) and nobody is replying to.
    case nextCase = "next-case"
    /// Team mode: available for new cases, or away.
    case toggleAvailable = "toggle-available"
    /// The detail pane lists the case's events (offers, amounts, status changes) after the thread, or stops.
    case toggleHistory = "toggle-history"
    /// Write last week's summary for the product team (Markdown) and say where.
    case exportWeekly = "export-weekly"
    /// Pin a buyer quote (and the agent's translation) to the case for the weekly summary; replace or remove it.
    case pinQuote = "pin-quote"
    /// The case's attachments as a list: Enter opens one, `save-attachment` saves a copy.
    case attachments
    case saveAttachment = "save-attachment"
    /// In the composer: attach a file (a path prompt with completion).
    case attachFile = "attach-file"
    /// In a path prompt: complete the file name.
    case complete
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
    case deleteToLineEnd = "delete-to-line-end"
    case deleteLine = "delete-line"
    case undoEdit = "undo-edit"
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

    // everywhere; last, so the footer offers the pane's own actions before it
    case quit
}
