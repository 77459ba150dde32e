import KefuInbox

/// The keys in escape sequences the terminal's terminfo entry may not list: tmux, screen, PuTTY and
/// Xshell send Home/End as `ESC[1~`/`ESC[4~` (or 7~/8~, `ESC[H`, `ESC O H`) whatever TERM says. A
/// sequence the driver did not recognise is mapped here or dropped whole: never typed as text.
public enum EscapeSequence {
    /// The longest CSI sequence read before giving up on it (terminal replies are short).
    public static let maxLength = 32

    /// `introducer` is `[` (CSI) or `O` (SS3); `body` the bytes after it, up to and with the final one.
    public static func key(introducer: Character, body: String) -> Key? {
        // Modifiers (`ESC[1;5H`, Ctrl+Home) are dropped: the key stays the key.
        var core = body
        if introducer == "[", let semi = body.firstIndex(of: ";"), let final = body.last {
            core = final == "~" ? String(body[..<semi]) + "~" : String(final)
        }
        switch (introducer, core) {
        case ("[", "1~"), ("[", "7~"), ("[", "H"), ("O", "H"): return .home
        case ("[", "4~"), ("[", "8~"), ("[", "F"), ("O", "F"): return .end
        case ("[", "A"), ("O", "A"): return .up
        case ("[", "B"), ("O", "B"): return .down
        case ("[", "C"), ("O", "C"): return .right
        case ("[", "D"), ("O", "D"): return .left
        case ("[", "2~"): return .insert
        case ("[", "3~"): return .delete
        case ("[", "5~"): return .pageUp
        case ("[", "6~"): return .pageDown
        case ("[", "Z"): return .backTab
        default: return nil
        }
    }

    /// The byte that ends a CSI sequence (ECMA-48: 0x40–0x7E).
    public static func isFinal(_ byte: UInt32) -> Bool { (0x40...0x7E).contains(byte) }
}
