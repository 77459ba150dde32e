import Foundation

/// A value from an import file, quoted for a problem message. A hostile file can put megabytes in
/// one cell and repeat it on every row: the message keeps only its start, so the problem list (held
/// in memory, printed on the terminal) stays small whatever the file holds.
enum QuotedValue {
    static let maxCharacters = 60

    static func quoted(_ value: String) -> String {
        guard value.count > maxCharacters else { return "\"\(value)\"" }
        return "\"\(value.prefix(maxCharacters))…\" (\(value.utf8.count) bytes)"
    }
}
