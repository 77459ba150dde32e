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
    static func peakMB() -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan) / 1024
    }

    /// One result line: the figure, its target, and whether it holds.
    static func report(_ name: String, _ value: Double, _ unit: String, target: Double, lowerIsBetter: Bool = true) {
        let ok = lowerIsBetter ? value <= target : value >= target
        let cmp = lowerIsBetter ? "≤" : "≥"
        print(String(format: "%-52@ %10.2f %-6@ target %@ %-8@ %@", name as NSString, value, unit as NSString, cmp, String(format: "%g", target), ok ? "ok" : "MISSED"))
    }
}
