import Testing
@testable import KefuInbox
@Test func smoke() { #expect(true == true) }
