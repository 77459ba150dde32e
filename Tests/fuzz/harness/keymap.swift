// libFuzzer target "keymap": a keymap file laid over the built-in default (`--keymap FILE`); an
// error must name the file and a line, and every binding of a keymap that loads must resolve.
import Foundation
@testable import KefuInbox

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let text = String(data: data, encoding: .utf8) else { return 0 }
    let keymap: Keymap
    do { keymap = try Keymap.load(overlays: [(text, "fuzz.keymap")]) } catch {
        if !"\(error)".hasPrefix("fuzz.keymap:") { fatalError("keymap error without FILE:LINE: \(error)") }
        return 0
    }
    for context in KeyContext.allCases {
        for binding in keymap.bindings(in: context) {
            var matcher = KeySequenceMatcher(keymap: keymap)
            var result = KeyMatch.pending
            for key in binding.keys { result = matcher.feed(key, context: context) }
            if result != .action(binding.action) { fatalError("\(notation(binding.keys)) does not resolve to \(binding.action)") }
        }
    }
    return 0
}
