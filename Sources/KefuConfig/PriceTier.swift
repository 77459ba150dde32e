import Foundation

/// How the offer order adapts to the item: cheap → reship or refund first; expensive or bulky →
/// photos, the part, partial refund, repair first; no return suggested for bulky goods.
public struct PriceTier: Sendable, Equatable {
    public enum Level: String, Sendable { case cheap, normal, expensive }
    public var level: Level
    public var bulky: Bool
    public init(level: Level = .normal, bulky: Bool = false) { self.level = level; self.bulky = bulky }
}
