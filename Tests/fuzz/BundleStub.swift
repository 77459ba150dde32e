// Only for the libFuzzer build (Tests/fuzz/run.sh), which compiles KefuPlaybook's sources with swiftc
// directly: SwiftPM generates `Bundle.module` for the bundled playbook, plain swiftc does not.
// The fuzz targets never read the playbook.
import Foundation

extension Bundle {
    static let module = Bundle.main
}
