import Foundation

/// The injected source of randomness (the random part of a Message-ID), like `Now` for time:
/// SplitMix64, seeded from `KEFU_SEED` for tests and reproducible runs, else from the system.
/// A value, so the pure inbox update carries it in its state and stays deterministic.
public struct RandomSource: Sendable, Equatable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> RandomSource {
        if let text = env["KEFU_SEED"], let seed = UInt64(text) { return RandomSource(seed: seed) }
        return RandomSource(seed: UInt64.random(in: .min ... .max))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
