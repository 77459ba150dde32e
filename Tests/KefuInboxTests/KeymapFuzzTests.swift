import Foundation
import Testing
@testable import KefuInbox

// The keymap part of the seeded mutation tests (KefuDomainTests/FuzzTests has the importers; the
// mutator and driver are FuzzHarness.swift, shared through a symlink). Mutants of the shipped keymaps
// are laid over the default as `--keymap FILE` is: each loads, or is refused with `FILE:LINE:`, in
// time linear in its size; a keymap that loads prints its help and resolves every bound sequence.
@Suite struct KeymapFuzzTests {
    @Test func keymaps() throws {
        let seeds = ["default.keymap", "vim.keymap", "emacs.keymap"].map { name in
            (name: name, bytes: [UInt8](FileManager.default.contents(atPath: Fuzz.root + "/Keymaps/" + name) ?? Data()))
        }
        let fig = Fuzz.run(kind: "keymap", target: "keymap", seeds: seeds, count: Fuzz.mutants(default: 1200)) { bytes, dir in
            let file = dir + "/keymap"
            // The command line refuses a file that is not UTF-8 whole, before reading a line.
            guard let text = String(data: Data(bytes), encoding: .utf8) else { return .rejected }
            let keymap: Keymap
            do { keymap = try Keymap.load(overlays: [(text, file)]) } catch let e as KeymapError {
                try Fuzz.requireFileLine(e.description, file: file)
                return .rejected
            }
            _ = keymap.helpLines(contexts: KeyContext.allCases)
            for context in KeyContext.allCases {
                for binding in keymap.bindings(in: context) {
                    var matcher = KeySequenceMatcher(keymap: keymap)
                    var result = KeyMatch.pending
                    for key in binding.keys { result = matcher.feed(key, context: context) }
                    guard result == .action(binding.action) else {
                        throw FuzzFailure("'\(notation(binding.keys))' in [\(context.rawValue)] is bound to \(binding.action.rawValue) but typing it gives \(result)")
                    }
                }
            }
            return .imported
        }
        #expect(fig.failures.isEmpty, "\(fig.failures.count) failure(s):\n\(fig.failures.joined(separator: "\n"))")
    }
}
