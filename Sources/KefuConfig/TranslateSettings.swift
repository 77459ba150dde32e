import Foundation
import KefuBase

/// `[translate]`: the agent's own translator (see `Translator`); none configured, none run.
public struct TranslateSettings: Sendable {
    /// e.g. `apertium -u {from3}-{to3}`, `trans -b {from}:{to}`.
    public var command: String?
    /// Seconds one translation may take before the command is killed.
    public var timeout: TimeInterval = 20

    public init(command: String? = nil, timeout: TimeInterval = 20) { self.command = command; self.timeout = timeout }

    public var translator: Translator? { command.map { Translator(command: $0, timeout: timeout) } }
}

extension ReplySettings {
    /// The language buyer messages are translated into and the agent writes in: `[agent] language`.
    public var translationLanguage: String { agentLanguage }
}

extension ConfigReader {
    func translate(_ root: TOMLTable) throws -> TranslateSettings {
        var t = TranslateSettings()
        guard let table = try table(root, "translate") else { return t }
        try allow(table, ["command", "timeout"], at: "translate")
        if let c = try nonBlank(table, "command", path: "translate", expected: "expected a command line, e.g. \"apertium -u {from3}-{to3}\"") {
            guard c.contains("{to}") || c.contains("{to3}") else {
                throw fail(table.line(of: "command"), "translate.command", "names no target language: put {to} or {to3} in it")
            }
            t.command = c
        }
        if let n = try integer(table, "timeout", path: "translate", range: 1...600) { t.timeout = TimeInterval(n) }
        return t
    }
}
