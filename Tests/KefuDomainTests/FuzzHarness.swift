import Foundation

// The seeded mutator and the driver of the fuzz tests: FuzzTests here, KeymapFuzzTests in
// KefuInboxTests, which compiles this same file through a symlink (so it imports no kefu module).
// Deterministic: the same seed gives the same mutants.

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough to drive a mutator (and, as a
/// generator, the standard library's `random(in:using:)`).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0); the modulo bias is irrelevant here.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
}

enum FuzzMutator {
    /// Values that break parsers and the store: overflows, non-numbers, deep nesting, encoded words,
    /// terminal escapes, bidi overrides, NUL, line ends, MIME boundaries, far-away dates and durations.
    static let tokens: [String] = [
        "1000000000000000", "-1", "0", "1e309", "-1e309", "NaN", "Infinity", "-0", "0.000000001",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616",
        "99999-01-01", "99999-01-01T00:00:00Z", "0000-00-00", "2026-02-30", "9999-12-31T23:59:59+14:00",
        "999999999999999d", "999999999999999h", "99999999999m", "1h99999999999999m",
        "[[[[[[[[[[[[[[[[", "{{{{{{{{{{", "{\"a\":[{\"a\":[", "]]]]", "\"\"\"", "'''",
        "=?utf-8?b?SGFsbG8g4oCu?=", "=?utf-8?q?=E2=80=AE=1B]0;x=07?=", "=?x-unknown?b?////?=", "=?utf-8?b?", "?=",
        "\u{1b}]0;x\u{07}", "\u{1b}[2J", "\u{202e}", "\u{2066}", "\u{feff}", "\u{0}", "\r\n", "\r", "\n\n", "\r\n\r\n",
        "\r\n\t", "=\r\n", "\\", "\\u0000", "\\ud800", "\"", ",", "\t", ";", ":", "<", ">", "=",
        "Quantity: 1000000000000000", "Quantity: -1",
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n", "--b\r\n", "--b--\r\n",
        "Content-Transfer-Encoding: base64\r\n", "Content-Transfer-Encoding: quoted-printable\r\n",
        "charset=\"iso-2022-jp\"", "charset=shift_jis", "charset=\"\u{1b}]0;x\u{07}\"",
        "References: <a@b> <a@b> <a@b>\r\n", "In-Reply-To: <>\r\n", "Message-ID: <\r\n", "Date: Fri, 31 Dec 99999 25:61:61 +9999\r\n",
        "\"quantity\":1000000000000000", "\"price\":\"1000000000000000.999\"", "\"receivedAt\":\"99999-01-01T00:00:00Z\"",
        "\"dueAt\":\"0001-01-01T00:00:00Z\"", "\"timeZone\":\"Mars/Olympus\"",
        "[[a.b]]", "a = {b = {c = {d = 1}}}", "<C-", "<M-<C-<M-", "<lt>", "= none", "[global]\n",
    ]

    /// Kinds of mutation, named for the figures the tests print.
    enum Op: String, CaseIterable {
        case flipBit, setByte, insertBytes, deleteRange, duplicateRange, splice, insertToken,
             replaceNumber, longLine, repeatLine, deleteLine, lineEnds, truncate
    }

    /// Small edits are common; the ones that make big inputs (long lines, a line repeated) are rare,
    /// so the run stays within its time budget while still meeting each of them often.
    static let weighted: [Op] = Op.allCases.flatMap { op -> [Op] in
        switch op {
        case .longLine, .repeatLine, .splice, .truncate, .lineEnds: return [op]
        case .insertToken, .replaceNumber: return Array(repeating: op, count: 5)
        default: return Array(repeating: op, count: 3)
        }
    }

    /// 1–4 mutations of `input`; `other` (another seed of the same kind) feeds splices. The result
    /// stays under `maxSize` bytes so one mutant cannot eat the whole time budget.
    static func mutate(_ input: [UInt8], other: [UInt8], rng: inout SplitMix64, maxSize: Int = 256 * 1024) -> [UInt8] {
        var b = input
        for _ in 0..<(1 + rng.below(4)) {
            apply(rng.pick(weighted), to: &b, other: other, rng: &rng)
            if b.count > maxSize { b.removeSubrange(maxSize...) }
        }
        return b
    }

    static func apply(_ op: Op, to b: inout [UInt8], other: [UInt8], rng: inout SplitMix64) {
        func pos() -> Int { rng.below(b.count + 1) }
        func range(max: Int = 64) -> Range<Int> {
            let lo = rng.below(b.count + 1)
            return lo..<min(b.count, lo + rng.below(max + 1))
        }
        switch op {
        case .flipBit:
            guard !b.isEmpty else { return }
            b[rng.below(b.count)] ^= UInt8(1 << rng.below(8))
        case .setByte:
            guard !b.isEmpty else { return }
            b[rng.below(b.count)] = rng.pick([0x00, 0x0A, 0x0D, 0x1B, 0x22, 0x2C, 0x3D, 0x5C, 0x7F, 0x80, 0xC3, 0xE2, 0xFF, UInt8(rng.below(256))])
        case .insertBytes:
            let n = 1 + rng.below(16)
            b.insert(contentsOf: (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: pos())
        case .deleteRange:
            b.removeSubrange(range(max: 256))
        case .duplicateRange:
            let r = range(max: 128)
            let copies = rng.chance(10) ? 1 + rng.below(200) : 1
            let piece = Array(b[r])
            b.insert(contentsOf: (0..<copies).flatMap { _ in piece }, at: r.upperBound)
        case .splice:
            guard !other.isEmpty else { return }
            let cut = pos(), from = rng.below(other.count)
            b = Array(b[..<cut]) + Array(other[from...])
        case .insertToken:
            b.insert(contentsOf: Array(rng.pick(tokens).utf8), at: pos())
        case .replaceNumber:
            // A run of digits (a quantity, a price, a year, an hour count) becomes an extreme value.
            let starts = b.indices.filter { (0x30...0x39).contains(b[$0]) && ($0 == 0 || !(0x30...0x39).contains(b[$0 - 1])) }
            guard !starts.isEmpty else { return }
            let s = rng.pick(starts)
            var e = s
            while e < b.count, (0x30...0x39).contains(b[e]) { e += 1 }
            b.replaceSubrange(s..<e, with: Array(rng.pick(["1000000000000000", "9223372036854775808", "99999", "0", "-1", "1e309", "NaN", "999999999999999"]).utf8))
        case .longLine:
            let unit = Array(rng.pick(["a", "x ", "=", "\u{e4}", "<a@b> ", "=?utf-8?b?QQ==?= ", "[", "\t", "\"", "\u{202e}"]).utf8)
            let n = rng.chance(10) ? 20_000 + rng.below(100_000) : 1_000 + rng.below(8_000)
            b.insert(contentsOf: (0..<(n / unit.count)).flatMap { _ in unit }, at: pos())
        case .repeatLine, .deleteLine:
            let lines = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            guard !lines.isEmpty else { return }
            var out = lines
            let i = rng.below(lines.count)
            if op == .deleteLine { out.remove(at: i) } else {
                out.insert(contentsOf: Array(repeating: lines[i], count: 1 + (rng.chance(10) ? rng.below(1_000) : rng.below(3))), at: i)
            }
            b = Array(out.joined(separator: [0x0A]))
        case .lineEnds:
            // Every LF to CRLF, or every CRLF to LF, or a lone CR.
            switch rng.below(3) {
            case 0: b = b.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
            case 1: b = b.filter { $0 != 0x0D }
            default: b.insert(0x0D, at: pos())
            }
        case .truncate:
            b.removeSubrange(pos()...)
        }
    }

    /// A printable one-line summary of an input for failure reports: size and the start, escaped.
    static func summary(_ b: [UInt8], limit: Int = 160) -> String {
        let text = String(decoding: b.prefix(limit), as: UTF8.self).unicodeScalars.map { s -> String in
            s.value < 0x20 || s.value == 0x7F || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
                ? "\\u{\(String(s.value, radix: 16))}" : String(s)
        }.joined()
        return "\(b.count) bytes: \(text)\(b.count > limit ? "…" : "")"
    }
}

/// One value handed from the thread running an input to the test (the semaphore orders the accesses).
final class Slot<T>: @unchecked Sendable { var value: T? }

/// How a mutant ended; anything else is a failure.
enum FuzzOutcome { case imported, warned, rejected }

/// A broken promise found while running one mutant.
struct FuzzFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The figures of one kind's run, printed with the test output, and the failures found.
struct FuzzFigures {
    let kind: String
    var replayed = 0, mutants = 0
    var imported = 0, warned = 0, rejected = 0
    var worstRatio = 0.0, worstRatioAt = ""
    var slowest = 0.0, slowestAt = ""
    var failures: [String] = []
    var seconds = 0.0

    var line: String {
        String(format: "fuzz %@: %d mutants + %d replayed in %.1f s: %d imported, %d warned, %d rejected; worst %.2f µs/byte over 4 KB (%@), slowest %.3f s (%@); %d failure(s)",
               kind, mutants, replayed, seconds, imported, warned, rejected, worstRatio, worstRatioAt, slowest, slowestAt, failures.count)
    }
}

enum Fuzz {
    /// The package root from this file (Tests/TARGET/FuzzHarness.swift, the symlink included).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = root + "/Tests/KefuDomainTests/Fixtures"
    static let seed = UInt64(ProcessInfo.processInfo.environment["KEFU_FUZZ_SEED"] ?? "") ?? 0x6B65_6675_2014
    /// Generous: a linear parser stays below it in a debug build on a loaded machine (the slowest seen,
    /// a 46 KB mail subject, ran at 16–50 µs/byte); a quadratic one does not (a 4,800-key sequence in a
    /// keymap ran at 600–1,000 µs/byte).
    /// KEFU_FUZZ_US_PER_BYTE and KEFU_FUZZ_FLOOR (seconds) tighten them, say for a release build.
    static let microsPerByte = Double(ProcessInfo.processInfo.environment["KEFU_FUZZ_US_PER_BYTE"] ?? "") ?? 100
    static let floorSeconds = Double(ProcessInfo.processInfo.environment["KEFU_FUZZ_FLOOR"] ?? "") ?? 1

    static func mutants(default n: Int) -> Int { Int(ProcessInfo.processInfo.environment["KEFU_FUZZ_MUTANTS"] ?? "") ?? n }

    /// Scratch space: tmpfs when there is one (the stores fsync a lot), else the temp directory.
    static func scratch(_ kind: String) -> String {
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        let dir = base + "kefu-fuzz-\(kind)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func files(_ dir: String) -> [(name: String, bytes: [UInt8])] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.compactMap { n in
            FileManager.default.contents(atPath: dir + "/" + n).map { (n, [UInt8]($0)) }
        }
    }

    /// Replays `Fixtures/fuzz/TARGET/`, then runs `count` mutants of the seeds through `body`.
    /// `body(bytes, scratch)` runs one input in an empty scratch directory; it throws `FuzzFailure`
    /// for a broken promise.
    static func run(kind: String, target: String, seeds: [(name: String, bytes: [UInt8])], count: Int,
                    _ body: @escaping ([UInt8], String) throws -> FuzzOutcome) -> FuzzFigures {
        precondition(!seeds.isEmpty, "no seeds for \(kind)")
        var fig = FuzzFigures(kind: kind)
        let scratch = scratch(kind)
        let failDir = NSTemporaryDirectory() + "kefu-fuzz-failures"
        let last = NSTemporaryDirectory() + "kefu-fuzz-last-\(kind)"
        var rng = SplitMix64(seed: seed ^ UInt64(truncatingIfNeeded: kind.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) }))
        let replays = files(fixtures + "/fuzz/" + target)
        // Warm-up, untimed: the first mail builds the classifier's automata, the first zone loads tzdata.
        try? FileManager.default.createDirectory(atPath: scratch + "/warm-up", withIntermediateDirectories: true)
        do { _ = try body(seeds[0].bytes, scratch + "/warm-up") } catch {
            fig.failures.append("\(kind) seed \(seeds[0].name) itself: \(error)")
        }
        let started = ContinuousClock.now
        for i in 0..<(replays.count + count) {
            let input: [UInt8], origin: String
            if i < replays.count {
                input = replays[i].bytes; origin = "fuzz/\(target)/\(replays[i].name)"
                fig.replayed += 1
            } else {
                let a = rng.below(seeds.count), b = rng.below(seeds.count)
                input = FuzzMutator.mutate(seeds[a].bytes, other: seeds[b].bytes, rng: &rng)
                origin = "mutant \(i - replays.count) of \(seeds[a].name)"
                fig.mutants += 1
            }
            FileManager.default.createFile(atPath: last, contents: Data(input)) // for a crash: what was running
            let dir = scratch + "/\(i)"
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let ceiling = max(floorSeconds, Double(input.count) * microsPerByte / 1e6)
            let t = ContinuousClock.now
            var failure: String?
            // On a thread of its own, so a hang costs the ceiling, not the CI run: past it the input
            // is reported and left running (the process ends with the tests).
            let outcome = Slot<Result<FuzzOutcome, Error>>()
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) let work = { outcome.value = Result { try body(input, dir) }; done.signal() }
            Thread { work() }.start()
            let hung = done.wait(timeout: .now() + ceiling) == .timedOut
            switch hung ? nil : outcome.value {
            case .success(.imported)?: fig.imported += 1
            case .success(.warned)?: fig.warned += 1
            case .success(.rejected)?: fig.rejected += 1
            case .failure(let error)?:
                let text = "\(error)"  // an error may quote a whole 100 KB line
                failure = text.count > 600 ? text.prefix(600) + "…" : text
            case nil: failure = String(format: "still running after %.1f s for %d bytes (over %.0f µs/byte); abandoned", ceiling, input.count, microsPerByte)
            }
            let d = ContinuousClock.now - t
            let secs = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            // µs per byte means something for inputs of some size; small ones are all fixed costs.
            let ratio = input.count >= 4096 ? secs * 1e6 / Double(input.count) : 0
            if ratio > fig.worstRatio { fig.worstRatio = ratio; fig.worstRatioAt = "\(origin), \(input.count) bytes" }
            if secs > fig.slowest { fig.slowest = secs; fig.slowestAt = "\(origin), \(input.count) bytes" }
            if !hung, secs > ceiling {
                failure = (failure.map { $0 + "; " } ?? "") + String(format: "took %.2f s for %d bytes (over %.0f µs/byte)", secs, input.count, microsPerByte)
            }
            if let failure {
                try? FileManager.default.createDirectory(atPath: failDir, withIntermediateDirectories: true)
                let saved = "\(failDir)/\(kind)-" + (i < replays.count ? replays[i].name : "\(i - replays.count).bin")
                FileManager.default.createFile(atPath: saved, contents: Data(input))
                fig.failures.append("\(kind) \(origin) [\(FuzzMutator.summary(input))] saved as \(saved): \(failure)")
            }
            if !hung { try? FileManager.default.removeItem(atPath: dir) }
        }
        let total = ContinuousClock.now - started
        fig.seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        if !fig.failures.contains(where: { $0.contains("; abandoned") }) {
            try? FileManager.default.removeItem(atPath: scratch)
            try? FileManager.default.removeItem(atPath: last)
        }
        print(fig.line)
        for f in fig.failures.prefix(40) { print("  " + f) }
        return fig
    }

    /// An error must name the file it is about and a line: `FILE:LINE: …`.
    static func requireFileLine(_ text: String, file: String) throws {
        guard text.hasPrefix(file + ":") else { throw FuzzFailure("error does not start with the file name: \(text)") }
        let rest = text.dropFirst(file.count + 1)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let n = Int(digits), n >= 1, rest.dropFirst(digits.count).hasPrefix(":") else {
            throw FuzzFailure("error has no line number: \(text)")
        }
    }
}
