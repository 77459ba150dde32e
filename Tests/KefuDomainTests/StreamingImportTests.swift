import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuImport

/// Issue 16: the JSONL import reads a bounded chunk at a time, holds one batch, and still files the
/// same store, names every bad line and refuses an over-long one unread.
@Suite struct StreamingImportTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/jsonl/messages.jsonl").path

    /// Every line of `text` through `LineBatches` with a tiny chunk (lines straddle every read).
    static func lines(_ text: String, chunk: Int, maxLine: Int = 1 << 20) throws -> (lines: [(Int, String)], tooLong: [(Int, Int)], buffer: Int) {
        let data = Data(text.utf8)
        var offset = 0
        let reader = LineBatches(maxLineBytes: maxLine, chunkBytes: chunk) { into in
            let n = min(into.count, data.count - offset)
            data.withUnsafeBytes { into.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            offset += n
            return n
        }
        var out: [(Int, String)] = [], long: [(Int, Int)] = [], buffer = 0
        while let b = try reader.next(maxLines: 3, maxBytes: 64) {
            out += b.lines.map { ($0.number, String(decoding: b.bytes[$0.range], as: UTF8.self)) }
            long += b.tooLong
            buffer = max(buffer, reader.bufferBytes)
        }
        return (out, long, buffer)
    }

    @Test func linesAreNumberedAsAnEditorDoesAcrossEveryChunkBoundary() throws {
        let text = "\u{FEFF}first\r\n\n  \t\nfourth\nfifth line is longer than the chunk\r\n\nlast without newline"
        for chunk in [1, 2, 3, 7, 64, 1 << 20] {
            let r = try Self.lines(text, chunk: chunk)
            #expect(r.lines.map(\.0) == [1, 4, 5, 7], "chunk \(chunk)")
            #expect(r.lines.map(\.1) == ["first", "fourth", "fifth line is longer than the chunk", "last without newline"], "chunk \(chunk)")
            #expect(r.tooLong.isEmpty)
        }
    }

    @Test func anOverLongLineIsSkippedByNumberWithoutGrowingTheBuffer() throws {
        let long = String(repeating: "x", count: 5000)
        let r = try Self.lines("a\n\(long)\nb\n\(long)", chunk: 16, maxLine: 100)
        #expect(r.lines.map(\.0) == [1, 3])
        #expect(r.tooLong.map(\.0) == [2, 4] && r.tooLong.map(\.1) == [5000, 5000])
        // Never more than a line's cap and a chunk or two, however long the line.
        #expect(r.buffer <= 100 + 3 * 16, "buffer grew to \(r.buffer)")
    }

    /// The fixture, and the fixture repeated past a batch: the streamed parse reads exactly what a
    /// whole-file split reads, and the strings agree with `JSONSerialization` (escapes, non-ASCII).
    @Test func streamingReadsTheSameMessagesAsTheWholeFile() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixture))
        let whole = JSONLImport.parse(data, file: "m.jsonl")
        #expect(whole.problems.isEmpty && !whole.messages.isEmpty)
        for (line, m) in zip(data.split(separator: 0x0A), whole.messages) {
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            #expect(m.messageId == obj["messageId"] as? String && m.body == obj["body"] as? String && m.subject == obj["subject"] as? String)
            #expect(m.from.name == (obj["from"] as? [String: Any])?["name"] as? String)
        }
        let big = tempDir("kefu-stream") + ".jsonl"
        defer { try? FileManager.default.removeItem(atPath: big) }
        // More lines than a batch, each fixture line under a new message id.
        var text = ""
        for i in 0..<(JSONLImport.batchLines / whole.messages.count + 2) {
            text += String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"messageId\":\"", with: "\"messageId\":\"r\(i)-")
            if !text.hasSuffix("\n") { text += "\n" }
        }
        try text.write(toFile: big, atomically: true, encoding: .utf8)
        var streamed: [InboundMessage] = [], batches = 0
        try JSONLImport.read(path: big) { batches += 1; streamed += $0.messages; #expect($0.problems.isEmpty) }
        #expect(batches >= 2)
        #expect(streamed == JSONLImport.parse(Data(text.utf8), file: big).messages)
        #expect(streamed.count == text.split(separator: "\n").count)
    }

    /// `kefu import` (streamed through its spool) files the same cases as filing the whole parse at once.
    @Test func theStreamedImportFilesTheSameStoreAsTheWholeFile() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixture))
        let reference = tempDir("kefu-ref")
        let store = try CaseStore.open(reference, now: t0)
        try Intake(store: store, now: t0).run(JSONLImport.parse(data, file: "m.jsonl").messages)
        store.close(now: t0)
        let dir = tempDir("kefu-cli")
        let r = try run("kefu", ["import", "--store", dir, Self.fixture])
        #expect(r.status == 0, "\(r.stderr)")
        let a = try CaseStore.open(reference, mode: .readOnly, now: t0).cases, b = try CaseStore.open(dir, mode: .readOnly, now: t0).cases
        #expect(!a.isEmpty && a == b)
    }

    /// A bad line deep in a large file (past the first batches): named by number, the file is
    /// rejected whole, and with --skip-invalid every other line is filed, all those before it included.
    @Test func aBadLineDeepInALargeFileIsNamedAndNothingBeforeItIsLost() throws {
        let dir = tempDir("kefu-cli")
        let file = dir + "-deep.jsonl"
        let count = 4_500, badAt = 4_321
        var lines: [String] = []
        for i in 1...count {
            var m = msg("d\(i)", order: "302-\(String(format: "%07d", i))-0000000")
            if i == badAt { m["receivedAt"] = "yesterday" }
            lines.append(String(decoding: jsonl([m]), as: UTF8.self))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let r = try run("kefu", ["import", "--store", dir, file])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(file):\(badAt): receivedAt: not an ISO 8601 time"), "\(r.stderr)")
        #expect(r.stderr.contains("rejected: 1 bad line(s)") && r.stdout.contains("imported 0 message(s)"))
        let skip = try run("kefu", ["import", "--store", dir, "--skip-invalid", file])
        #expect(skip.stdout.contains("imported \(count - 1) message(s) into \(count - 1) new case(s)"), "\(skip.stdout)\(skip.stderr)")
        let ids = Set(try CaseStore.open(dir, mode: .readOnly, now: t0).cases.values.flatMap { $0.messages.map(\.sourceId) })
        #expect(ids == Set((1...count).filter { $0 != badAt }.map { "d\($0)" }))
    }

    @Test func anOverLongLineIsRefusedWithItsNumberAndTheRestIsRead() throws {
        let file = tempDir("kefu-long") + ".jsonl"
        defer { try? FileManager.default.removeItem(atPath: file) }
        var long = msg("long"); long["body"] = String(repeating: "a", count: JSONLImport.maxLineBytes)
        let text = [jsonl([msg("a1")]), jsonl([msg("a2")]), jsonl([long]), jsonl([msg("a4")])].map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        var messages: [String] = [], problems: [String] = []
        try JSONLImport.read(path: file, file: "in.jsonl") { p in
            messages += p.messages.map(\.messageId); problems += p.problems.map(\.description)
        }
        #expect(messages == ["a1", "a2", "a4"])
        #expect(problems.count == 1 && problems[0].hasPrefix("in.jsonl:3: longer than 8 MB ("), "\(problems)")
    }

    /// A rescan with nothing new is answered from the listing and the seen-list: the store is not even
    /// opened (it works while another kefu holds it), and one new file makes it a real import again.
    @Test func aMaildirRescanWithNothingNewDoesNotOpenTheStore() throws {
        let mail = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mail")
        let md = tempDir("kefu-md"), store = tempDir("kefu-store")
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: md + "/" + sub, withIntermediateDirectories: true) }
        for (i, name) in ["amazon-atoz-de.eml", "amazon-atoz-en.eml"].enumerated() {
            try FileManager.default.copyItem(atPath: mail.appendingPathComponent(name).path, toPath: md + "/new/176362560\(i).M1P1.host")
        }
        let first = try run("kefu", ["import", "maildir", "--store", store, md])
        #expect(first.status == 0 && first.stdout.contains("imported 2 message(s)"), "\(first.stdout)\(first.stderr)")
        var holder: CaseStore? = try CaseStore.open(store, now: t0)   // another kefu holds the writer lock
        let again = try run("kefu", ["import", "maildir", "--store", store, md])
        #expect(again.status == 0 && again.stdout.contains("imported 0 message(s)") && again.stdout.contains("2 file(s) read before"), "\(again.stdout)\(again.stderr)")
        try FileManager.default.copyItem(atPath: mail.appendingPathComponent("amazon-atoz-es.eml").path, toPath: md + "/cur/1763625700.M1P1.host:2,S")
        let busy = try run("kefu", ["import", "maildir", "--store", store, md])
        #expect(busy.status != 0 && busy.stderr.contains("in use by another kefu"), "\(busy.stdout)\(busy.stderr)")
        holder?.close(now: t0)
        holder = nil   // the lock goes with the store
        let third = try run("kefu", ["import", "maildir", "--store", store, md])
        #expect(third.status == 0 && third.stdout.contains("imported 1 message(s)") && third.stdout.contains("2 file(s) read before"), "\(third.stdout)")
    }
}
