import Foundation
import KefuCore

/// Everything that can happen to the inbox, from the keyboard, the clock, the terminal or the store.
public enum InboxAction: Sendable {
    /// A keymap action (the driver resolved the key through the live keymap).
    case command(KeyAction)
    /// Text typed into a prompt (keys the keymap leaves unbound there).
    case insert(String)
    case tick(Date)
    case resize(width: Int, height: Int)
    /// Cases changed outside the inbox (new mail, another command).
    case casesChanged([Case])
    /// A save the update asked for failed: put the case back as it was and say why.
    case saveFailed(previous: Case?, id: String, message: String)
}

/// Work the update asks the runtime to do; it never does I/O itself.
public enum InboxEffect: Sendable, Equatable {
    case save(Case)
    /// Repaint the whole terminal (after another program scribbled on it).
    case redraw
    case quit
}
