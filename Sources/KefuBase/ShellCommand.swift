import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command line the agent configured (the mail command, the translator) through `/bin/sh`
/// in its own process group, with a file on standard input, under a time limit and an output limit:
/// a hung command — and anything it started — is killed as a whole, and one that prints without end
/// is killed before it fills the disk.
public enum ShellCommand {
    public struct Result: Sendable, Equatable {
        /// The exit status; nil when it was killed or could not start.
        public var status: Int32?
        public var timedOut = false
        /// It printed more than the limit and was killed.
        public var tooMuchOutput = false
        /// Standard output (with standard error when `mergeErrors`), at most the limit, raw bytes.
        public var output: Data = Data()
        /// The end of standard error (when kept apart), for a one-line failure.
        public var errors: String = ""
        public var succeeded: Bool { status == 0 && !timedOut && !tooMuchOutput }
    }

    /// `started` gets the process group id as soon as the command runs (to kill it from outside).
    public static func run(_ command: String, stdin path: String, timeout: TimeInterval, outputLimit: Int = 1 << 20,
                           mergeErrors: Bool, started: ((pid_t) -> Void)? = nil) -> Result {
        guard let (outFd, outPath) = TempFile.create(prefix: "kefu-cmd-") else {
            return Result(status: nil, errors: "cannot create a temporary file")
        }
        unlink(outPath)   // read back through the descriptor; nothing left behind
        defer { close(outFd) }
        var errFd = outFd
        if !mergeErrors {
            guard let (fd, p) = TempFile.create(prefix: "kefu-cmd-") else { return Result(status: nil, errors: "cannot create a temporary file") }
            unlink(p); errFd = fd
        }
        defer { if errFd != outFd { close(errFd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outFd, 1)
        posix_spawn_file_actions_adddup2(&actions, errFd, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attr, 0)

        let args = arguments(command, timeout: timeout)
        let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, args[0], &actions, &attr, argv, environ)
        guard rc == 0 else { return Result(status: nil, errors: "cannot run \(args[0]): \(String(cString: strerror(rc)))") }
        started?(pid)

        let deadline = ProcessInfo.processInfo.systemUptime + timeout   // monotonic: a time limit, not a date
        var status: Int32 = 0
        var timedOut = false, tooMuch = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) { break }
            timedOut = ProcessInfo.processInfo.systemUptime >= deadline
            // fstat, not lseek: the command shares the descriptors' offset.
            tooMuch = size(outFd) > outputLimit || (errFd != outFd && size(errFd) > outputLimit)
            if timedOut || tooMuch {
                kill(-pid, SIGTERM)
                usleep(200_000)
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(10_000)
        }
        let exited = status & 0x7f == 0
        var result = Result(status: exited && !timedOut && !tooMuch ? (status >> 8) & 0xff : nil, timedOut: timedOut, tooMuchOutput: tooMuch)
        result.output = head(outFd, limit: outputLimit)
        result.errors = errFd == outFd ? tail(outFd) : tail(errFd)
        return result
    }

    /// coreutils' `timeout`, when there, as a watchdog: our own deadline kills the command first, but
    /// should kefu die without doing so (kill -9, the OOM killer, Ctrl-C on a CLI command, whose child
    /// is in its own group and gets no SIGINT), the watchdog still kills the whole group soon after.
    static let watchdog = "/usr/bin/timeout"

    /// What is spawned for `command`.
    static func arguments(_ command: String, timeout: TimeInterval) -> [String] {
        let shell = ["/bin/sh", "-c", command]
        guard access(watchdog, X_OK) == 0 else { return shell }
        return [watchdog, "-s", "KILL", String(Int(min(max(timeout, 0), 86_400).rounded(.up)) + 2)] + shell
    }

    static func size(_ fd: Int32) -> Int {
        var st = stat()
        return fstat(fd, &st) == 0 ? Int(st.st_size) : 0
    }

    /// The first `limit` bytes the command printed.
    static func head(_ fd: Int32, limit: Int) -> Data {
        let size = min(Int(max(lseek(fd, 0, SEEK_END), 0)), limit)
        guard size > 0 else { return Data() }
        var buf = [UInt8](repeating: 0, count: size)
        let n = pread(fd, &buf, size, 0)
        return Data(buf.prefix(max(n, 0)))
    }

    /// The last 400 bytes the command printed, trimmed.
    public static func tail(_ fd: Int32) -> String {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return "" }
        let start = max(size - 400, 0)
        var buf = [UInt8](repeating: 0, count: Int(size - start))
        let n = pread(fd, &buf, buf.count, start)
        return String(decoding: buf.prefix(max(n, 0)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `s` as one single-quoted shell word: nothing in it is expanded or ends the word.
    public static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// A one-line reason for a failed run, e.g. `exit 69: msmtp: cannot connect`.
    public static func failure(status: Int32?, timedOut: Bool, tooMuchOutput: Bool = false, said output: String) -> String {
        let said = output.split(whereSeparator: \.isNewline).last.map { ": " + $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if timedOut { return "timed out, killed" + said }
        if tooMuchOutput { return "printed too much, killed" + said }
        if let s = status { return "exit \(s)" + said }
        return "killed by a signal" + said
    }
}
