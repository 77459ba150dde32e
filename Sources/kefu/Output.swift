import Foundation
import KefuBase

/// The one way the command line writes to standard output and standard error. Text of any origin
/// (buyer names, titles, SKUs, mail headers, file names, a mail command's error output, a keymap
/// file) goes through `TerminalText.block`: no ESC, BEL, C1 or bidi control reaches the terminal,
/// line breaks and TAB stay. JSON goes through `KefuJSON.terminalSafe`. Nothing in `kefu` calls
/// `print` or writes to `FileHandle.standardOutput`/`standardError` but this (a test checks).
enum Output {
    /// Lines on standard output (a line break added), neutralised.
    static func line(_ s: String) {
        write(TerminalText.block(s) + "\n", to: .standardOutput)
    }

    /// Lines on standard error (a line break added), neutralised.
    static func error(_ s: String) {
        write(TerminalText.block(s) + "\n", to: .standardError)
    }

    /// Encoded JSON on standard output with control and bidi characters escaped, then a line break.
    static func json(_ data: Data) {
        write(KefuJSON.terminalSafeText(data) + "\n", to: .standardOutput)
    }

    /// A rendered export (Markdown, CSV, JSON, HTML) on standard output, as it would be written to a
    /// file. The formats neutralise their own content; as a net, any control or bidi character left
    /// but the layout ones (CR, LF, TAB) is shown as its visible stand-in.
    static func document(_ s: String) {
        write(TerminalText.document(s), to: .standardOutput)
    }

    /// kefu's own terminal control (the progress bar's `\r` and line clear) around text the caller
    /// has neutralised. Standard error.
    static func control(_ s: String) {
        write(s, to: .standardError)
    }

    private enum Stream { case standardOutput, standardError }

    private static func write(_ s: String, to stream: Stream) {
        let handle = stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(s.utf8))
    }
}
