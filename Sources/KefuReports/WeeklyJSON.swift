import Foundation
import KefuBase

/// The report as JSON: the `WeeklyReport` value itself (schema `kefu.weekly/1`, README), keys sorted,
/// times in UTC ISO 8601, amounts as decimal strings with their currency.
public enum WeeklyJSON {
    public static func render(_ r: WeeklyReport) throws -> String {
        KefuJSON.terminalSafeText(try KefuJSON.encoder(pretty: true).encode(r)) + "\n"
    }
}
