import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One program run as a child process, measured on its own: wall time and its peak resident memory
/// (`wait4`'s rusage is that child's alone, unlike `RUSAGE_CHILDREN`, which keeps the largest so far).
struct ChildRun {
    var status: Int32
    var ms: Double
    var peakMB: Double
    /// User + system CPU of the child: on a shared machine its wall time waits for cores, this does not.
    var cpuMS: Double
    var output: String

    /// Runs `program` with `arguments`, stdout and stderr into `log` (read back into `output`).
    static func run(_ program: String, _ arguments: [String], environment: [String: String], log: String) throws -> ChildRun {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawnp(&pid, program, &actions, nil, argv, envp)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        // Exit status from the wait status word (WEXITSTATUS; a signal shows as 128 + its number).
        let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        let cpu = ms(usage.ru_utime) + ms(usage.ru_stime)
        return ChildRun(status: code, ms: wall, peakMB: Double(usage.ru_maxrss) / 1024, cpuMS: cpu, output: output)
    }

    /// Whether `program` is found on PATH.
    static func installed(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .contains { access("\($0)/\(program)", X_OK) == 0 }
    }
}
