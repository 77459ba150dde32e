// libFuzzer target "mime": one Maildir file's bytes through the MIME parser, the classifier and the
// conversion to an inbound message — everything `kefu import maildir` does before touching the store.
import Foundation
@testable import KefuModel
@testable import KefuMail

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let parsed = MIMEParser.parse(data)
    let message = InboundMessage(mail: MailClassifier.classify(parsed, fallbackDate: Date(timeIntervalSince1970: 1_763_719_200)))
    _ = message.warnings.count
    return 0
}
