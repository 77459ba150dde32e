import Foundation
import Testing

/// The module layering README.md draws ("Module map", bottom up): a target imports only targets listed
/// before it. Read from the README's table and the `import Kefu…` lines of every file under Sources/,
/// so the picture a newcomer reads and the code cannot drift apart.
@Suite struct LayeringTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The module names of the README's module map, in its order: rows "| `Name` | … |" under "### Module map".
    static func declaredOrder(readme: String) -> [String] {
        guard let start = readme.range(of: "### Module map") else { return [] }
        var names: [String] = []
        for line in readme[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") { break }
            guard line.hasPrefix("| `"), let close = line.dropFirst(3).firstIndex(of: "`") else { continue }
            names.append(String(line[line.index(line.startIndex, offsetBy: 3)..<close]))
        }
        return names
    }

    /// The kefu modules a Swift file imports (`import`, `@testable import`, `import struct M.T`, …).
    static func importedModules(_ source: String) -> [String] {
        let pattern = #"^\s*(?:@\w+\s+)*(?:(?:public|package|internal|private|fileprivate)\s+)?import\s+(?:(?:struct|enum|class|protocol|func|var|let|typealias)\s+)?((?:Kefu|kefu)\w*)"#
        let re = try! NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        let ns = source as NSString
        return re.matches(in: source, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }

    /// What breaks the layering: a target or an imported module missing from the order, or an import of a
    /// module listed at or after the importer. `imports` maps "Target/path.swift" to its imported modules.
    static func violations(order: [String], imports: [(target: String, file: String, modules: [String])]) -> [String] {
        var out: [String] = []
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for (target, file, modules) in imports {
            guard let mine = rank[target] else { out.append("\(file): target \(target) is not in the module map"); continue }
            for m in modules {
                guard let theirs = rank[m] else { out.append("\(file): imports \(m), which is not in the module map"); continue }
                if theirs >= mine { out.append("\(file): \(target) imports \(m), listed at or after it in the module map") }
            }
        }
        return out
    }

    /// Every Swift file under Sources/, with its target (the first folder) and the kefu modules it imports.
    static func sourceImports() throws -> [(target: String, file: String, modules: [String])] {
        let sources = root + "/Sources"
        guard let walker = FileManager.default.enumerator(atPath: sources) else { return [] }
        var out: [(String, String, [String])] = []
        for case let path as String in walker where path.hasSuffix(".swift") {
            let text = try String(contentsOfFile: sources + "/" + path, encoding: .utf8)
            out.append((String(path.prefix { $0 != "/" }), "Sources/" + path, importedModules(text)))
        }
        return out.sorted { $0.1 < $1.1 }
    }

    @Test func noTargetImportsOneAboveItInTheReadmeModuleMap() throws {
        let readme = try String(contentsOfFile: Self.root + "/README.md", encoding: .utf8)
        let order = Self.declaredOrder(readme: readme)
        #expect(order.first == "KefuBase")
        #expect(order.contains("KefuModel") && order.contains("KefuInbox") && order.contains("kefu"))
        let imports = try Self.sourceImports()
        // The walk found the tree: the model imports the base, the inbox the model.
        #expect(imports.contains { $0.target == "KefuModel" && $0.modules.contains("KefuBase") })
        #expect(imports.contains { $0.target == "KefuInbox" && $0.modules.contains("KefuModel") })
        let found = Self.violations(order: order, imports: imports)
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test func theCheckFailsOnAnUpwardImportAndOnAnUnlistedTarget() {
        let order = ["KefuBase", "KefuModel", "KefuStore"]
        let found = Self.violations(order: order, imports: [
            ("KefuModel", "Sources/KefuModel/Case.swift", ["KefuBase", "KefuStore"]),
            ("KefuStore", "Sources/KefuStore/CaseStore.swift", ["KefuModel", "KefuStore"]),
            ("KefuNew", "Sources/KefuNew/New.swift", ["KefuBase"]),
            ("KefuStore", "Sources/KefuStore/Other.swift", ["KefuGone"]),
        ])
        #expect(found == [
            "Sources/KefuModel/Case.swift: KefuModel imports KefuStore, listed at or after it in the module map",
            "Sources/KefuStore/CaseStore.swift: KefuStore imports KefuStore, listed at or after it in the module map",
            "Sources/KefuNew/New.swift: target KefuNew is not in the module map",
            "Sources/KefuStore/Other.swift: imports KefuGone, which is not in the module map",
        ])
    }

    @Test func importLinesAreReadInEveryForm() {
        let text = """
        import Foundation
        @testable import KefuStore
        import struct KefuModel.Case
        package import KefuBase
        // import KefuReports (a comment)
        let s = "import KefuDemo"
        """
        #expect(Self.importedModules(text) == ["KefuStore", "KefuModel", "KefuBase"])
    }

    @Test func theOrderIsReadFromTheTableRowsOnly() {
        let readme = "# x\n| `KefuOld` | before the map |\n### Module map\ntext\n| module | holds |\n|---|---|\n| `KefuBase` | a |\n| `KefuModel` | b |\n\n## Next\n| `KefuLater` | c |\n"
        #expect(Self.declaredOrder(readme: readme) == ["KefuBase", "KefuModel"])
    }
}
