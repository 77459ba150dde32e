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

    /// Peak resident memory of this process, MB.
    static func peakMB() -> Double {
        var u = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
        return Double(u.ru_maxrss) / 1024
    }

    /// One result line: the figure, its target, and whether it holds.
    static func report(_ name: String, _ value: Double, _ unit: String, target: Double, lowerIsBetter: Bool = true) {
        let ok = lowerIsBetter ? value <= target : value >= target
        let cmp = lowerIsBetter ? "≤" : "≥"
        print(String(format: "%-52@ %10.2f %-6@ target %@ %-8@ %@", name as NSString, value, unit as NSString, cmp, String(format: "%g", target), ok ? "ok" : "MISSED"))
    }
}
