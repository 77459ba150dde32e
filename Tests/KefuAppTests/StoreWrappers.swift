import Foundation
import KefuApp
@testable import KefuBase
@testable import KefuModel
@testable import KefuMail
@testable import KefuStore

/// A real store behind the seam, with hooks a test sets: refuse a save, slow the history load.
class HookedStore: CaseStoring {
    let inner: CaseStore
    /// Thrown by `save` instead of writing (nothing kept): a store that refuses the change.
    var refuseSaves: String?
    /// Runs before each save, on the thread that saves (a test holds a write there).
    var beforeSave: () -> Void = {}
    /// Runs on the intake's thread before the history is read.
    let beforeHistory: @Sendable () -> Void

    init(_ inner: CaseStore, beforeHistory: @escaping @Sendable () -> Void = {}) {
        self.inner = inner; self.beforeHistory = beforeHistory
    }

    var name: String { inner.name }
    var directory: String { inner.directory }
    var readOnly: Bool { inner.readOnly }
    var openCases: [Case] { inner.openCases }
    var nextCaseNumber: Int { inner.nextCaseNumber }
    func save(_ cases: [Case], keepIfUnwritten: Bool) throws {
        beforeSave()
        if let why = refuseSaves { throw KefuError.data(why) }
        try inner.save(cases, keepIfUnwritten: keepIfUnwritten)
    }
    func retryPending() throws { try inner.retryPending() }
    var pendingCount: Int { inner.pendingCount }
    func keeps(_ c: Case) -> Bool { inner.keeps(c) }
    func queueReply(_ mail: MailMessage, recording c: Case, notBefore: Date?) throws { try inner.queueReply(mail, recording: c, notBefore: notBefore) }
    var historyLoader: @Sendable () throws -> HistoryLookup {
        let load = inner.historyLoader, before = beforeHistory
        return { before(); return try load() }
    }
    func close(now: Date) { inner.close(now: now) }
}
