import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The agent's own machine translator, the Unix way (`[translate] command`): a command line with
/// `{from}`/`{to}` (two-letter codes, `es`) or `{from3}`/`{to3}` (three-letter, `spa`, as Apertium's
/// modes name them), the text on standard input, the translation on standard output. The codes are
/// checked and shell-quoted, and never come from buyer text; the text only ever travels on stdin.
public struct Translator: Sendable {
    public var command: String
    public var timeout: TimeInterval
    /// Input longer than this is cut (a translator is no place for a whole mailbox).
    public static let maxInput = 20_000
    /// Output beyond this kills the command.
    public static let maxOutput = 256 * 1024

    public init(command: String, timeout: TimeInterval) { self.command = command; self.timeout = timeout }

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// One line, neutralised: safe on any terminal.
        public var description: String
        public init(_ d: String) { description = TerminalText.line(d) }
    }

    /// ISO 639-1 → 639-3 (the languages kefu's buyers and agents write).
    static let threeLetter = ["en": "eng", "de": "deu", "fr": "fra", "es": "spa", "it": "ita", "ja": "jpn", "zh": "zho",
                              "nl": "nld", "pt": "por", "pl": "pol", "sv": "swe", "da": "dan", "ko": "kor", "ru": "rus",
                              "tr": "tur", "cs": "ces", "ca": "cat", "gl": "glg", "eu": "eus", "ar": "ara"]

    /// A language code kefu passes to a command: two or three lower-case letters.
    public static func isCode(_ s: String) -> Bool {
        (2...3).contains(s.count) && s.unicodeScalars.allSatisfy { $0.value >= 0x61 && $0.value <= 0x7A }
    }

    public static func code3(_ two: String) -> String { threeLetter[two] ?? two }

    /// The command line for one language pair, placeholders replaced by quoted codes.
    public func commandLine(from: String, to: String) throws(Failure) -> String {
        for c in [from, to] where !Self.isCode(c) { throw Failure("not a language code: \"\(c)\"") }
        return command.replacingOccurrences(of: "{from3}", with: ShellCommand.quote(Self.code3(from)))
            .replacingOccurrences(of: "{to3}", with: ShellCommand.quote(Self.code3(to)))
            .replacingOccurrences(of: "{from}", with: ShellCommand.quote(from))
            .replacingOccurrences(of: "{to}", with: ShellCommand.quote(to))
    }

    /// Runs the command on `text` (blocking: call it off the UI thread). The translation comes back
    /// with control and bidi characters neutralised (line breaks kept), trimmed; never empty.
    public func translate(_ text: String, from: String, to: String, started: ((pid_t) -> Void)? = nil) -> Result<String, Failure> {
        let line: String
        do { line = try commandLine(from: from, to: to) } catch { return .failure(error) }
        guard let (fd, path) = TempFile.create(prefix: "kefu-tr-") else { return .failure(Failure("cannot create a temporary file")) }
        defer { close(fd); unlink(path) }
        let input = Data(String(text.prefix(Self.maxInput)).utf8)
        guard input.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == input.count else {
            return .failure(Failure("cannot write a temporary file"))
        }
        let r = ShellCommand.run(line, stdin: path, timeout: timeout, outputLimit: Self.maxOutput, mergeErrors: false, started: started)
        guard r.succeeded else {
            return .failure(Failure("translator " + ShellCommand.failure(status: r.status, timedOut: r.timedOut, tooMuchOutput: r.tooMuchOutput, said: r.errors)))
        }
        let out = TerminalText.block(String(decoding: r.output, as: UTF8.self)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !out.isEmpty else { return .failure(Failure("translator printed nothing" + (r.errors.isEmpty ? "" : ": " + r.errors))) }
        return .success(out)
    }
}
