// libFuzzer target "jsonl": one file through the generic import (`kefu import FILE`), every line
// checked field by field.
import Foundation
@testable import KefuImport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let parsed = JSONLImport.parse(data, file: "fuzz.jsonl")
    for p in parsed.problems where p.line < 1 { fatalError("problem without a line: \(p)") }
    return 0
}
