import Foundation

/// Tab in a path prompt: the typed path completed as far as the folder's names agree, like a shell.
/// `~/` stays as typed. Only the folder named by the path is listed (at most 10,000 names).
public enum PathCompletion {
    public static func complete(_ typed: String, home: String = NSHomeDirectory()) -> (text: String, choices: [String]) {
        let expanded = typed.hasPrefix("~/") ? home + typed.dropFirst(1) : typed == "~" ? home + "/" : typed
        let cut = expanded.lastIndex(of: "/")
        let dir = cut.map { String(expanded[...$0]) } ?? "./"
        let stem = cut.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).prefix(10_000)
            .filter { $0.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted()
        guard let first = names.first else { return (typed, []) }
        var common = first
        for n in names.dropFirst() { while !n.hasPrefix(common) { common.removeLast() } }
        var add = String(common.dropFirst(stem.count))
        if names.count == 1 {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + first, isDirectory: &isDir), isDir.boolValue { add += "/" }
        }
        return ((typed == "~" ? "~/" : typed) + add, names.count > 1 ? names : [])
    }
}
