import KefuInbox

/// What the runtime needs of a terminal: keys in, frames out. ncurses implements it in
/// `KefuTerminal`; the driver tests use a scripted one.
public protocol TerminalPort: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Waits at most `timeoutMs` for input; returns `.timeout` early when `wakeFD` becomes readable
    /// (an action was posted to the queue).
    func read(timeoutMs: Int32, wakeFD: Int32) -> TerminalInput
    func draw(_ screen: Screen)
    /// The next draw repaints every cell.
    func forceRepaint()
    /// Hands the terminal to another program (the agent's editor) and takes it back.
    func suspend()
    func resume()
}

public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// Nothing to read: the time ran out, or the queue woke the loop.
    case timeout
    /// SIGINT/SIGTERM: leave the loop, restoring the terminal and closing the store.
    case interrupted
}
