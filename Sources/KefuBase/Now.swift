import Foundation

/// The injected clock. Logic asks a `Now`, never `Date()`, so tests and reports are reproducible.
public struct Now: Sendable {
    public let read: @Sendable () -> Date
    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }
    public func callAsFunction() -> Date { read() }

    public static func fixed(_ date: Date) -> Now { Now { date } }

    /// `KEFU_NOW` (ISO 8601) sets the starting instant; the clock then runs forward from it on the
    /// monotonic clock, so countdowns still tick in tests. Unset: the system clock.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Now {
        guard let text = env["KEFU_NOW"], !text.isEmpty else { return Now { Date() } }
        guard let start = ISO8601.parse(text) else {
            throw KefuError.usage("KEFU_NOW is not an ISO 8601 time with a zone: \(text)")
        }
        let origin = DispatchTime.now().uptimeNanoseconds
        return Now { start.addingTimeInterval(Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e9) }
    }
}
