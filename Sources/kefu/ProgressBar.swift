import Foundation
#if canImport(Glibc)
import Glibc
import KefuBase
#endif

/// A one-line progress bar on stderr for long imports. Silent unless stderr is a terminal, and silent for
/// the first second (a quick import prints nothing); redraws at most ten times a second with `\r` and a
/// line clear, so it never scrolls and never reaches a pipe or a log.
final class ProgressBar {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private var done = 0
    private var drawn = false

    init(total: Int, label: String, enabled: Bool = isatty(STDERR_FILENO) != 0) {
        self.total = max(total, 1); self.label = label; self.enabled = enabled
    }

    /// Sets the absolute position (for callers that report an offset rather than steps).
    func set(_ position: Int) {
        done = min(max(position, 0), total)
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start >= 1_000_000_000, now - lastDraw >= 100_000_000 else { return }
        lastDraw = now
        drawn = true
        let width = 30
        let filled = width * done / total
        let line = "\r\u{1B}[2K\(TerminalText.line(label)) [\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(100 * done / total)%"
        Output.control(line)
    }

    /// Clears the bar so the summary starts on a clean line.
    func finish() {
        guard drawn else { return }
        Output.control("\r\u{1B}[2K")
        drawn = false
    }
}
