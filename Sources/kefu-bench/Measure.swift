import Foundation

enum Measure {
    static func ms(_ body: () throws -> Void) rethrows -> Double {
        let t = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
    }

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s[min(Int((Double(s.count - 1) * p).rounded()), s.count - 1)]
    }

    /// Peak resident memory of this process, MB (VmHWM: unlike ru_maxrss it is not inherited
    /// from the parent across fork/exec).
    static func peakMB() -> Double { statusMB("VmHWM:") }

    /// A memory line of /proc/self/status ("VmRSS:", "VmHWM:") or another such file, MB.
    static func statusMB(_ key: String, file: String = "/proc/self/status") -> Double {
        let status = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(key) } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan) / 1024
    }

    /// CPU time this process has used (user + system), seconds: on a loaded machine the wall time
    /// says more about the neighbours than about the code.
    static func cpuSeconds() -> Double {
        var ru = rusage()
        getrusage(RUSAGE_SELF.rawValue, &ru)
        return Double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + Double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6
    }

    /// Starts `peakMB` afresh from the current size (Linux: writing 5 to clear_refs resets VmHWM).
    /// False when the kernel refuses, and the peak stays the whole process's.
    static func resetPeak() -> Bool {
        (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    /// The machine's load averages (1, 5, 15 min), as `uptime` shows them: figures on a shared machine
    /// mean little without it.
    static func load() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return "load " + text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// One result line: the figure, its target, and whether it holds (and a note, such as the load).
    static func report(_ name: String, _ value: Double, _ unit: String, target: Double, lowerIsBetter: Bool = true, note: String = "") {
        let ok = lowerIsBetter ? value <= target : value >= target
        let cmp = lowerIsBetter ? "≤" : "≥"
        print(String(format: "%-52@ %10.2f %-6@ target %@ %-8@ %@", name as NSString, value, unit as NSString, cmp, String(format: "%g", target), ok ? "ok" : "MISSED")
              + (note.isEmpty ? "" : "  " + note))
    }
}
