import Foundation
import KefuBase

/// A failure reported by libpq or the server. `message` is the server's own words, neutralised for a
/// terminal (a server, a proxy or a value echoed in an error is outside input), on one line.
public struct PGError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The SQLSTATE code (`23505` unique violation, `40001` serialisation failure, …); nil when the
    /// failure did not come from a statement (a lost connection).
    public var sqlState: String?
    public var message: String

    public init(_ message: String, sqlState: String? = nil) {
        self.message = TerminalText.line(message.trimmingCharacters(in: .whitespacesAndNewlines))
        self.sqlState = sqlState
    }

    public var description: String { message }

    /// As a command-line error (exit code 2), for callers that report `KefuError`s.
    public var kefuError: KefuError { .data(message) }
}
