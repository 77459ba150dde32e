import Foundation
import Testing
@testable import KefuBase

/// The commands kefu runs (translator, mail command, viewers) run beside each other and beside store
/// writes: none may inherit another's temporary file (a buyer's text, an outbox message, a half-written
/// store file), least of all one that outlives kefu.
@Suite struct ChildDescriptorTests {
    @Test func aCommandInheritsNoneOfKefusTemporaryFiles() throws {
        let (fd, path) = try #require(TempFile.create(prefix: "kefu-fd-test-"))
        defer { close(fd); unlink(path) }
        // `[` is built into sh: it looks at the shell's own descriptors, not those of a child it started.
        let r = ShellCommand.run("if [ -e /dev/fd/\(fd) ]; then echo inherited; else echo closed; fi", stdin: "/dev/null", timeout: 10, mergeErrors: true)
        #expect(String(decoding: r.output, as: UTF8.self) == "closed\n")
    }
}

/// A command kefu runs (a translator given a buyer's text, the mail command) must not outlive kefu
/// when kefu dies without killing it (kill -9, the OOM killer, Ctrl-C on `kefu show --translate`,
/// whose child is in its own process group and gets no SIGINT).
@Suite struct OrphanedCommandTests {
    /// Whether `pid` still runs (a zombie has finished).
    static func running(_ pid: String) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z")
    }

    @Test func aCommandLeftRunningByADeadKefuEndsShortlyAfterItsTimeLimit() throws {
        let dir = NSTemporaryDirectory() + "kefu-orphan-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // What ShellCommand spawns, started in the background of a shell that exits at once: nobody
        // is left to enforce the time limit, as when kefu was killed.
        let argv = ShellCommand.arguments("echo $$ > '\(dir)/pid'; sleep 30; true", timeout: 1)
        #expect(system(argv.map(ShellCommand.quote).joined(separator: " ") + " </dev/null >/dev/null 2>&1 &") == 0)
        var pid = ""
        for _ in 0..<100 where pid.isEmpty {
            usleep(20_000)
            pid = ((try? String(contentsOfFile: dir + "/pid", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try #require(!pid.isEmpty && Self.running(pid), "the command started")
        let deadline = Date().addingTimeInterval(8)
        while Self.running(pid) && Date() < deadline { usleep(100_000) }
        let stillRunning = Self.running(pid)
        if stillRunning { kill(pid_t(pid)!, SIGKILL) }   // ours: do not leave it behind
        #expect(!stillRunning, "ended within seconds of its 1 s limit, not after its 30 s")
    }
}
