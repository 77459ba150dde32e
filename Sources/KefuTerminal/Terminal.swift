import CNCurses
import Foundation
import KefuApp
import KefuInbox

/// The ncurses driver: reads keys, reports resizes and timeouts, blits a `Screen`. It holds no
/// inbox logic; everything it draws comes from the cell grid.
public final class Terminal: TerminalPort {
    public typealias Input = TerminalInput

    private let window: UnsafeMutablePointer<WINDOW>
    private let screenRef: OpaquePointer?
    private var pairs: [Role: Int16] = [:]
    public let hasColor: Bool
    private var open = true

    /// Requires a UTF-8 locale: with any other, CJK vanishes and lines turn into letters.
    public static func checkLocale() throws {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        guard codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8" else {
            throw TerminalError("the inbox needs a UTF-8 locale (the current one uses \(codeset)); set e.g. LANG=C.UTF-8")
        }
    }

    public init(noColor: Bool) throws {
        try Self.checkLocale()
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw TerminalError("the inbox needs a terminal; use `kefu list` in scripts")
        }
        guard let out = fdopen(STDOUT_FILENO, "w"), let inp = fdopen(STDIN_FILENO, "r"),
              let scr = newterm(nil, out, inp) else {
            throw TerminalError("cannot start the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset"))")
        }
        screenRef = scr
        set_term(scr)
        guard let w = stdscr_get() else { endwin(); throw TerminalError("no screen") }
        window = w
        cbreak(); noecho(); nonl()
        keypad(window, true)
        intrflush(window, false)
        curs_set(0)
        if ProcessInfo.processInfo.environment["ESCDELAY"] == nil { set_escdelay(25) }
        var color = false
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            let table: [(Role, Int16)] = [(.header, Int16(COLOR_CYAN)), (.selected, Int16(COLOR_CYAN)), (.overdue, Int16(COLOR_RED)),
                                          (.soon, Int16(COLOR_YELLOW)), (.accent, Int16(COLOR_CYAN)), (.error, Int16(COLOR_RED)),
                                          (.border, Int16(COLOR_BLUE)), (.title, Int16(COLOR_GREEN))]
            for (i, (role, fg)) in table.enumerated() {
                init_pair(Int16(i + 1), fg, -1)
                pairs[role] = Int16(i + 1)
            }
            color = true
        }
        hasColor = color
    }

    public var size: (width: Int, height: Int) { (Int(kefu_getmaxx(window)), Int(kefu_getmaxy(window))) }

    /// Waits up to `timeoutMs` for a key, or until `wakeFD` is readable (then `.timeout`): the
    /// runtime's queue wakes the loop through it. ncurses is asked first without waiting, since it
    /// may hold keys it read ahead (the rest of a pasted text, a pushed-back byte).
    public func read(timeoutMs: Int32, wakeFD: Int32) -> Input {
        let ready = read(timeoutMs: 0)
        if ready != .timeout { return ready }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        let rc = poll(&fds, 2, timeoutMs)
        // EINTR: a resize (ncurses turns SIGWINCH into KEY_RESIZE) or a stop signal.
        if rc < 0 { return Terminal.interruptRequested ? .interrupted : read(timeoutMs: 0) }
        if fds[0].revents != 0 { return read(timeoutMs: 0) }
        return .timeout
    }

    /// Waits up to `timeoutMs` for a key. Esc followed at once by a key is Alt+key.
    public func read(timeoutMs: Int32) -> Input {
        wtimeout(window, timeoutMs)
        var ch: wint_t = 0
        let rc = wget_wch(window, &ch)
        if rc == ERR { return Terminal.interruptRequested ? .interrupted : .timeout }
        if rc == KEY_CODE_YES {
            if Int32(ch) == KEY_RESIZE {
                // Drain a burst of resizes: only the final size matters.
                wtimeout(window, 0)
                var next: wint_t = 0
                while true {
                    let r = wget_wch(window, &next)
                    if r == KEY_CODE_YES && Int32(next) == KEY_RESIZE { continue }
                    if r == KEY_CODE_YES { ungetch(Int32(next)) } else if r == OK { unget_wch(wchar_t(next)) }
                    break
                }
                return .resize(width: size.width, height: size.height)
            }
            return Self.functionKey(Int32(ch)).map { .key($0) } ?? .timeout
        }
        if ch == 0x1B {
            wtimeout(window, 0)
            var next: wint_t = 0
            guard wget_wch(window, &next) == OK, let s = Unicode.Scalar(next), next >= 0x20, next != 0x7F else { return .key(.esc) }
            if next == 0x5B || next == 0x4F, let body = sequenceBody(csi: next == 0x5B) {
                // A sequence ncurses did not know (Home as ESC[1~ under TERM=xterm): its key, or nothing.
                return EscapeSequence.key(introducer: Character(s), body: body).map { .key($0) } ?? .timeout
            }
            return .key(.alt(Character(s)))
        }
        return Self.character(ch).map { .key($0) } ?? .timeout
    }

    /// The rest of an escape sequence after `ESC[` (up to its final byte) or `ESC O` (one byte); nil
    /// when nothing follows at once, which makes it Alt+[ or Alt+O. The bytes of one sequence come
    /// together; a short wait covers a slow link.
    private func sequenceBody(csi: Bool) -> String? {
        wtimeout(window, 10)
        var body = ""
        var ch: wint_t = 0
        while body.count < EscapeSequence.maxLength {
            let rc = wget_wch(window, &ch)
            if rc == KEY_CODE_YES { ungetch(Int32(ch)); break }
            guard rc == OK, let s = Unicode.Scalar(ch) else { break }
            body.unicodeScalars.append(s)
            if !csi || EscapeSequence.isFinal(ch) { return body }
        }
        // Cut short: dropped whole (a half sequence typed as text is worse than a lost key).
        return body.isEmpty ? nil : ""
    }

    static func character(_ ch: wint_t) -> Key? {
        switch ch {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        case 0x00: return .ctrl(" ")
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(UInt8(ch) + 0x60)))
        case 0x1F: return .ctrl("_")     // Ctrl+_ and Ctrl+/ alike
        case 0x1C...0x1E: return nil
        default: return Unicode.Scalar(ch).map { .char(Character($0)) }
        }
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        default:
            for n in 1...12 where code == kefu_key_f(Int32(n)) { return .f(n) }
            return nil
        }
    }

    /// Blits the frame; ncurses diffs it against what the terminal shows.
    public func draw(_ screen: Screen) {
        for r in 0..<screen.height {
            var c = 0
            while c < screen.width {
                let cell = screen[r, c]
                if cell.text.isEmpty { c += 1; continue } // right half of a wide char
                put(cell, row: r, col: c)
                c += 1
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    private func attributes(_ s: Style) -> (attr_t, Int16) {
        var a: attr_t = 0
        if s.bold { a |= kefu_a_bold() }
        if s.reverse { a |= kefu_a_reverse() }
        if s.role == .dim { a |= kefu_a_dim() }
        if !hasColor {
            // Monochrome: states stay visible by attribute (and the queue's ! and ~ markers).
            if s.role == .overdue || s.role == .error { a |= kefu_a_bold() }
            if s.role == .selected || s.role == .header { a |= kefu_a_reverse() }
            if s.role == .soon { a |= kefu_a_underline() }
        }
        return (a, hasColor ? (pairs[s.role] ?? 0) : 0)
    }

    private func put(_ cell: Cell, row: Int, col: Int) {
        let (attr, pair) = attributes(cell.style)
        var scalars = cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        let ourWidth = DisplayText.width(of: cell.text.first ?? " ")
        // ncurses and terminals measure multi-scalar emoji (ZWJ, VS16) by scalar; draw the base
        // alone and pad, so columns stay where the cell grid put them.
        let baseWidth = Int(wcwidth(scalars[0]))
        let combining = scalars.dropFirst().allSatisfy { wcwidth($0) == 0 } && scalars.count <= 5
        if !combining || baseWidth != ourWidth { scalars = [scalars[0]] }
        if baseWidth < 0 { scalars = [wchar_t(0x3F)] }
        scalars.append(0)
        var cc = cchar_t()
        setcchar(&cc, scalars, attr, pair, nil)
        mvwadd_wch(window, Int32(row), Int32(col), &cc)
        let drawn = max(Int(wcwidth(scalars[0])), 1)
        if drawn < ourWidth {
            var sp = cchar_t()
            setcchar(&sp, [0x20, 0], attr, pair, nil)
            mvwadd_wch(window, Int32(row), Int32(col + 1), &sp)
        }
    }

    /// Makes the next draw repaint every cell, not only what ncurses believes changed.
    public func forceRepaint() { clearok(window, true) }

    /// Hands the terminal to another program (the agent's editor), as mutt does: curses' modes are
    /// saved and the shell's restored. `resume` takes the terminal back and repaints everything.
    public func suspend() {
        def_prog_mode()
        endwin()
    }

    public func resume() {
        reset_prog_mode()
        // The editor's terminal queries may be answered after it quit (`ESC[2;2R`): not keys of ours.
        flushinp()
        clearok(window, true)
        wrefresh(window)
        // A Ctrl-C meant for the editor is not a request to quit kefu.
        if Terminal.stopSignal == SIGINT { Terminal.stopSignal = 0; Terminal.interruptRequested = false }
    }

    /// Restores the terminal. Safe to call twice.
    public func close() {
        guard open else { return }
        open = false
        endwin()
        if let s = screenRef { delscreen(s) }
    }

    deinit { close() }

    // SIGINT/SIGTERM: set a flag the read loop sees (the read returns ERR with EINTR), so the
    // terminal is restored by the normal exit path.
    nonisolated(unsafe) static var interruptRequested = false
    /// The signal that asked us to stop (0 if none): the caller exits with 128 + it once restored.
    nonisolated(unsafe) public static var stopSignal: Int32 = 0

    public static func installSignalHandlers() {
        let handler: @convention(c) (Int32) -> Void = { sig in Terminal.stopSignal = sig; Terminal.interruptRequested = true }
        var sa = sigaction()
        sa.__sigaction_handler.sa_handler = handler
        sigemptyset(&sa.sa_mask)
        sa.sa_flags = 0 // no SA_RESTART: the blocking read must return
        sigaction(SIGINT, &sa, nil)
        sigaction(SIGTERM, &sa, nil)
        sigaction(SIGHUP, &sa, nil)
    }
}

public struct TerminalError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
