import Foundation
import KefuBase

/// Runs the sendmail-compatible command (`msmtp -t`, `sendmail -t -i`) with one message on its
/// standard input, under a time limit (`ShellCommand`: its own process group, so a hung command —
/// and anything it started — is killed as a whole).
public enum MailCommand {
    public struct Result: Sendable, Equatable {
        /// The exit status; nil when it was killed or could not start.
        public var status: Int32?
        public var timedOut = false
        /// The end of what it printed (stdout and stderr), for the agent.
        public var output: String
        public var succeeded: Bool { status == 0 && !timedOut }

        /// One line naming what went wrong, e.g. `exit 69: msmtp: cannot connect to 127.0.0.1, port 2525`.
        public var failure: String { ShellCommand.failure(status: status, timedOut: timedOut, said: output) }
    }

    public static func run(_ command: String, stdin path: String, timeout: TimeInterval) -> Result {
        let r = ShellCommand.run(command, stdin: path, timeout: timeout, mergeErrors: true)
        // Only the end of what it said matters for the agent; the output limit guards the disk.
        return Result(status: r.status, timedOut: r.timedOut, output: r.errors)
    }
}
