import Foundation

/// A message body as the agent's translator rendered it (`[translate] command`): machine-made,
/// kept with the message so a second look runs no command, and purged with the body.
public struct MessageTranslation: Codable, Hashable, Sendable {
    /// The language it was translated from (the message's known language) and into.
    public var from: String
    public var language: String
    public var text: String
    public var at: Date
    public init(from: String, language: String, text: String, at: Date) {
        self.from = from; self.language = language; self.text = text; self.at = at
    }
}

extension Message {
    /// A buyer message still to be put into `language`: not translated into it yet, and with words
    /// left to translate (not purged, not blank). The inbox's prefetch and `kefu show --translate` share it.
    public func needsTranslation(into language: String) -> Bool {
        direction == .inbound && translation?.language != language
            && !PersonalData.isMarker(body) && !body.allSatisfy(\.isWhitespace)
    }
}
