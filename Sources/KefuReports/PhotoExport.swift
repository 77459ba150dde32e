import Foundation
import KefuBase
import KefuModel
import KefuStore

/// `kefu export photos`: the kept photos of the cases opened in a period, copied for the product team
/// as `SKU_K-1042_1.jpg` (SKU and case, then the photo's number in the case).
public enum PhotoExport {
    public struct Result: Sendable, Equatable {
        public var written: [String] = []
        /// "K-1042 #2: why" for a photo that could not be read (purged, damaged, gone from the Maildir).
        public var problems: [String] = []
    }

    public static func run(store: CaseStore, period: ReportPeriod, to directory: String) throws -> Result {
        try run(source: store, openCases: Array(store.cases.values), period: period, to: directory)
    }

    /// Photos of any store: `source` finds the cases, its `directory` holds the kept files.
    public static func run(source store: ReportSource, openCases: [Case], period: ReportPeriod, to directory: String) throws -> Result {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw KefuError.data("\(directory): no such folder")
        }
        let facts = try WeeklyExport.caseFacts(store, openCases: openCases, closedSince: period.start, quote: { _ in false })
        let ids = facts.filter { period.contains($0.openedAt) && ($0.photos ?? 0) > 0 }.map(\.id)
            .sorted { (Int($0.dropFirst(2)) ?? 0, $0) < (Int($1.dropFirst(2)) ?? 0, $1) }
        var out = Result()
        for id in ids {
            guard let c = try store.storedCase(id: id) else { continue }
            let photos = c.attachmentList.filter { $0.inbound && $0.file.isKept && $0.file.isImage }.map(\.file)
            for (n, f) in photos.enumerated() {
                let ext = SafeFileName.extensionFor(f.type) ?? "img"
                // SafeFileName keeps the result one harmless path component whatever the SKU holds.
                let name = SafeFileName.make("\(c.firstSKU ?? "no-sku")_\(c.id)_\(n + 1).\(ext)", type: f.type, index: n + 1)
                do {
                    let data = try AttachmentSource.bytes(of: f, storeDirectory: store.directory)
                    out.written.append(try AttachmentSource.saveCopy(data, named: name, to: directory))
                } catch {
                    out.problems.append("\(c.id) #\(n + 1): \(error)")
                }
            }
        }
        return out
    }
}
