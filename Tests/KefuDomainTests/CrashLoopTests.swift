import Foundation
import Testing
@testable import KefuStore

@Suite struct CrashLoopTests {
    /// Kills a writing process with SIGKILL at random moments, many times, and reloads after each:
    /// every change the writer reported done must be there, in order, and the store must open.
    @Test func killNineAtRandomMomentsLosesNothingAcknowledged() throws {
        let dir = tempDir("kefu-crash")
        var rng = SystemRandomNumberGenerator()
        var acknowledged = 0
        var killsMidWrite = 0
        // A loaded machine starts the writer slowly: a round that saw no new change waits longer next time,
        // so the kills keep landing mid-write instead of before the first one.
        var slowStart: UInt32 = 0
        for round in 0..<40 {
            let p = Process()
            p.executableURL = productsDir().appendingPathComponent("kefu-bench")
            p.arguments = ["crash-writer", dir]
            var env = ProcessInfo.processInfo.environment
            env["KEFU_NOW"] = "2026-11-21T10:00:00Z"
            p.environment = env
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 15_000...120_000, using: &rng) + slowStart)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let acks = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .split(separator: "\n").compactMap { Int($0) }
            if let last = acks.last { acknowledged = max(acknowledged, last) }
            slowStart = acks.isEmpty ? min(slowStart + 100_000, 2_000_000) : slowStart / 2

            // Killed before it created the store (a slow start on a loaded machine): nothing was acknowledged.
            guard FileManager.default.fileExists(atPath: dir + "/meta.json") else {
                #expect(acknowledged == 0, "round \(round): acknowledged changes but no store")
                continue
            }
            let store = try CaseStore.open(dir, mode: .readOnly, now: t0)
            let notes = store.cases["K-1001"]?.events.compactMap(\.text) ?? []
            // Nothing acknowledged is lost; at most the change in flight is extra; no gaps, no duplicates.
            #expect(notes.count >= acknowledged, "round \(round): \(notes.count) notes < \(acknowledged) acknowledged")
            #expect(notes.count <= acknowledged + 1, "round \(round)")
            #expect(notes == (0..<notes.count).map { "change \($0 + 1)" }, "round \(round)")
            if !store.warnings.isEmpty { killsMidWrite += 1 }
            acknowledged = notes.count
        }
        #expect(acknowledged > 40, "the writer made progress")
        #expect(try CaseStore.check(dir, repair: false, now: t0).problems.allSatisfy { $0.contains("torn last record") })
        print("crash loop: \(acknowledged) changes, \(killsMidWrite) kills left a torn record")
    }
}
