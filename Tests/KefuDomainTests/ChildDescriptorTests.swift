import Foundation
import Testing
@testable import KefuBase

/// The commands kefu runs (translator, mail command, viewers) run beside each other and beside store
/// writes: none may inherit another's temporary file (a buyer's text, an outbox message, a half-written
/// store file), least of all one that outlives kefu.
@Suite struct ChildDescriptorTests {
    @Test func aCommandInheritsNoneOfKefusTemporaryFiles() throws {
        let (fd, path) = try #require(TempFile.create(prefix: "kefu-fd-test-"))
        defer { close(fd); unlink(path) }
        // `[` is built into sh: it looks at the shell's own descriptors, not those of a child it started.
        let r = ShellCommand.run("if [ -e /dev/fd/\(fd) ]; then echo inherited; else echo closed; fi", stdin: "/dev/null", timeout: 10, mergeErrors: true)
        #expect(String(decoding: r.output, as: UTF8.self) == "closed\n")
    }
}
