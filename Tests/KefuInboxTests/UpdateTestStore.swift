import Foundation
import Testing
@testable import KefuInbox

/// The pure update under exhaustive assertion, as Point-Free's TestStore does it: each `send`
/// names the state change it expects (a closure applied to the state before) and the effects it
/// expects; any other change, or any unnamed effect, fails the test. Derived parts of the state
/// (the visible queue, counts, search text) are rebuilt from the expected state the way the
/// update rebuilds them, so a test names causes, not their echoes.
struct UpdateTestStore {
    private(set) var state: InboxState

    init(_ state: InboxState) { self.state = state }

    mutating func send(_ action: InboxAction, effects expected: [InboxEffect] = [],
                       sourceLocation: SourceLocation = #_sourceLocation, _ change: (inout InboxState) -> Void = { _ in }) {
        var wanted = state
        change(&wanted)
        wanted.refresh()
        let effects = InboxUpdate.update(&state, action)
        // The search cache is filled on the first search: a cache, not a change.
        wanted.haystacks = state.haystacks
        let diff = Self.difference(Self.lines(wanted), Self.lines(state))
        if !diff.isEmpty {
            Issue.record(Comment(rawValue: "state after \(action) differs from the expected (− expected, + actual):\n" + diff.prefix(12).joined(separator: "\n")),
                         sourceLocation: sourceLocation)
        }
        if effects != expected {
            Issue.record("effects after \(action): expected \(expected), got \(effects)", sourceLocation: sourceLocation)
        }
    }

    mutating func press(_ a: KeyAction, effects: [InboxEffect] = [], sourceLocation: SourceLocation = #_sourceLocation,
                        _ change: (inout InboxState) -> Void = { _ in }) {
        send(.command(a), effects: effects, sourceLocation: sourceLocation, change)
    }

    /// Every leaf of a value as `path = value`, dictionaries and sets in sorted order (their own
    /// order differs between equal values), so two states compare field by field.
    static func lines(_ value: Any, _ path: String = "state") -> [String] {
        let m = Mirror(reflecting: value)
        switch m.displayStyle {
        case .dictionary:
            let entries = m.children.map { child -> (String, Any) in
                let pair = Array(Mirror(reflecting: child.value).children)
                return ("\(pair[0].value)", pair[1].value)
            }
            return entries.sorted { $0.0 < $1.0 }.flatMap { lines($0.1, "\(path)[\($0.0)]") }
        case .set:
            return ["\(path) = {" + m.children.map { "\($0.value)" }.sorted().joined(separator: ", ") + "}"]
        case .optional:
            guard let some = m.children.first else { return ["\(path) = nil"] }
            return lines(some.value, path)
        case .struct, .class, .tuple, .collection:
            if m.children.isEmpty || value is Date || value is Decimal || value is TimeZone { return ["\(path) = \(value)"] }
            return m.children.enumerated().flatMap { i, c in lines(c.value, path + "." + (c.label ?? "\(i)")) }
        default:
            return ["\(path) = \(value)"]
        }
    }

    static func difference(_ expected: [String], _ actual: [String]) -> [String] {
        let e = Set(expected), a = Set(actual)
        return expected.filter { !a.contains($0) }.map { "− " + $0 } + actual.filter { !e.contains($0) }.map { "+ " + $0 }
    }
}
