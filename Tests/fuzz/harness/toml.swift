// libFuzzer target "toml": config.toml through the TOML parser and the config reader
// (`--config FILE`); an error must name the file and a line.
import Foundation
@testable import KefuConfig

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let text = String(data: data, encoding: .utf8) else { return 0 }
    do {
        _ = try KefuConfig.parse(text, file: "fuzz.toml", fallbackZone: TimeZone(identifier: "UTC")!)
    } catch {
        if !"\(error)".hasPrefix("fuzz.toml:") { fatalError("config error without FILE:LINE: \(error)") }
    }
    return 0
}
