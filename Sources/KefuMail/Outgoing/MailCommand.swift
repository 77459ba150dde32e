import Foundation
#if canImport(Glibc)
import Glibc
import KefuBase
#endif

/// Runs the sendmail-compatible command (`msmtp -t`, `sendmail -t -i`) with one message on its
/// standard input, under a time limit. The command runs through `/bin/sh` in its own process group,
/// so a hung command — and anything it started — is killed as a whole.
public enum MailCommand {
    public struct Result: Sendable, Equatable {
        /// The exit status; nil when it was killed or could not start.
        public var status: Int32?
        public var timedOut = false
        /// The end of what it printed (stdout and stderr), for the agent.
        public var output: String
        public var succeeded: Bool { status == 0 && !timedOut }

        /// One line naming what went wrong, e.g. `exit 69: msmtp: cannot connect to 127.0.0.1, port 2525`.
        public var failure: String {
            let said = output.split(whereSeparator: \.isNewline).last.map { ": " + $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if timedOut { return "timed out, killed" + said }
            if let s = status { return "exit \(s)" + said }
            return "killed by a signal" + said
        }
    }

    public static func run(_ command: String, stdin path: String, timeout: TimeInterval) -> Result {
        guard let (outFd, outPath) = TempFile.create(prefix: "kefu-mail-") else {
            return Result(status: nil, output: "cannot create a temporary file")
        }
        unlink(outPath)   // read back through the descriptor; nothing left behind
        defer { close(outFd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outFd, 1)
        posix_spawn_file_actions_adddup2(&actions, outFd, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attr, 0)

        let args: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ)
        guard rc == 0 else { return Result(status: nil, output: "cannot run /bin/sh: \(String(cString: strerror(rc)))") }

        let deadline = ProcessInfo.processInfo.systemUptime + timeout   // monotonic: a time limit, not a date
        var status: Int32 = 0
        var timedOut = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) { break }
            if ProcessInfo.processInfo.systemUptime >= deadline {
                timedOut = true
                kill(-pid, SIGTERM)
                usleep(200_000)
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(10_000)
        }
        let exited = status & 0x7f == 0
        return Result(status: exited && !timedOut ? (status >> 8) & 0xff : nil, timedOut: timedOut, output: tail(outFd))
    }

    /// The last 400 bytes the command printed.
    static func tail(_ fd: Int32) -> String {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return "" }
        let start = max(size - 400, 0)
        var buf = [UInt8](repeating: 0, count: Int(size - start))
        let n = pread(fd, &buf, buf.count, start)
        return String(decoding: buf.prefix(max(n, 0)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
