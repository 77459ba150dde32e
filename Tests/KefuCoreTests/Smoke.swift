import Testing
@testable import KefuCore
@Test func smoke() { #expect(ISO8601.parse("2026-11-21T10:00:00Z") != nil) }
