import Foundation
@testable import KefuBase
@testable import KefuModel

/// A fresh private directory under the system temp dir, removed by the caller when wanted.
func tempDir(_ name: String = "kefu-test") -> String {
    let path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString.prefix(8))"
    return path
}

let t0 = ISO8601.parse("2026-11-21T10:00:00Z")!

func at(_ hoursFromT0: Double) -> Date { t0.addingTimeInterval(hoursFromT0 * 3600) }

func sampleCase(_ id: String = "K-1001", inboundHoursAgo: [Double] = [2], now: Date = t0) -> Case {
    var c = Case(id: id, channel: .amazon, marketplace: "amazon.de", kinds: [.buyerMessage], category: .damaged,
                 order: Order(id: "302-1234567-1234567", purchasedAt: at(-100), tracking: Tracking(carrier: "DHL", number: "00340434"),
                              items: [OrderItem(sku: "LAMP-1", asin: "B0TEST0001", title: "Desk lamp", quantity: 1, price: Money(Decimal(string: "34.99")!, "EUR"))]),
                 buyer: Buyer(name: "Markus Weber", address: "abc@marketplace.amazon.de", country: "DE", timeZone: "Europe/Berlin", language: "de"),
                 openedAt: now.addingTimeInterval(-inboundHoursAgo.max()! * 3600))
    for (i, h) in inboundHoursAgo.sorted(by: >).enumerated() {
        c.insertMessage(Message(sourceId: "\(id)-m\(i)", direction: .inbound, at: now.addingTimeInterval(-h * 3600), kind: .buyerMessage,
                                subject: "Lampe kaputt", body: "Hallo,\ndie Lampe ist kaputt."))
        c.events.append(CaseEvent(.received, at: now.addingTimeInterval(-h * 3600), messageId: "\(id)-m\(i)"))
    }
    return c
}

/// The built products directory (where `kefu` and `kefu-bench` live next to the test bundle).
func productsDir() -> URL {
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 where !FileManager.default.fileExists(atPath: url.appendingPathComponent("kefu").path) {
        url.deleteLastPathComponent()
    }
    if FileManager.default.fileExists(atPath: url.appendingPathComponent("kefu").path) { return url }
    // Fall back to the package's debug build folder.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug")
}

struct RunResult { var status: Int32; var stdout: String; var stderr: String }

/// Runs a built executable with extra environment, returning its exit status and output.
func run(_ tool: String, _ args: [String], env: [String: String] = [:], stdin: Data? = nil) throws -> RunResult {
    let p = Process()
    p.executableURL = productsDir().appendingPathComponent(tool)
    p.arguments = args
    var e = ProcessInfo.processInfo.environment
    e["KEFU_NOW"] = "2026-11-21T10:00:00Z"
    e["KEFU_STORE"] = nil
    for (k, v) in env { e[k] = v }
    p.environment = e
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let r = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: r, as: UTF8.self))
}
