import Foundation

/// Connection URLs (`postgresql://user:secret@host:5432/db?sslmode=require`): recognising them and
/// showing them without their password.
public enum PGURL {
    /// The URL with the password (in the user part or a `password=` parameter) replaced by `***`,
    /// for messages and logs.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        var out = url
        let afterScheme = scheme.upperBound
        let authorityEnd = out[afterScheme...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? out.endIndex
        if let at = out[afterScheme..<authorityEnd].lastIndex(of: "@"),
           let colon = out[afterScheme..<at].firstIndex(of: ":") {
            out.replaceSubrange(out.index(after: colon)..<at, with: "***")
        }
        // password=… in the query string, up to the next &.
        if let q = out.firstIndex(of: "?") {
            var parts = out[out.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map(String.init)
            for i in parts.indices where parts[i].lowercased().hasPrefix("password=") { parts[i] = "password=***" }
            out = String(out[...q]) + parts.joined(separator: "&")
        }
        return out
    }
}
