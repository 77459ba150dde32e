import Foundation

/// Where the store lives: `--store DIR`, else `$KEFU_STORE`, else `$XDG_DATA_HOME/kefu`, else `~/.local/share/kefu`.
public enum StoreLocation {
    public static func resolve(explicit: String?, env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let e = explicit, !e.isEmpty { return absolute(e) }
        if let s = env["KEFU_STORE"], !s.isEmpty { return absolute(s) }
        if let x = env["XDG_DATA_HOME"], !x.isEmpty { return absolute(x) + "/kefu" }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/kefu"
    }

    static func absolute(_ p: String) -> String {
        let expanded = (p as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return (expanded as NSString).standardizingPath }
        return ((FileManager.default.currentDirectoryPath + "/" + expanded) as NSString).standardizingPath
    }
}
