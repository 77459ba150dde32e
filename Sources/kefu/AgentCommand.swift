import ArgumentParser
import Foundation
import KefuBase
import KefuStore
import KefuConfig
import KefuPostgresStore

/// `kefu agent available|away|list|assign`: team mode on a PostgreSQL store. This agent is
/// `[agent] name` with `[team] agent-id` (or its name in lower case) as the id.
struct AgentCmd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Team mode: mark yourself available or away for new cases, list the agents, assign a case.",
        subcommands: [Available.self, Away.self, ListAgents.self, Assign.self])

    struct Available: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "New cases may be assigned to you ([team] assign).")
        @OptionGroup var storeOptions: StoreOptions
        func run() throws { try AgentCmd.setAvailable(true, storeOptions) }
    }

    struct Away: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "No new cases are assigned to you; yours stay yours.")
        @OptionGroup var storeOptions: StoreOptions
        func run() throws { try AgentCmd.setAvailable(false, storeOptions) }
    }

    struct ListAgents: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The team's agents, available or away, and their open cases.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let store = try AgentCmd.team(storeOptions)
            let agents = try store.agents()
            if json {
                struct Row: Encodable { var id: String; var name: String; var available: Bool; var openCases: Int }
                let rows = agents.map { Row(id: $0.agent.id, name: $0.agent.name, available: $0.available, openCases: $0.openCases) }
                Output.json(try KefuJSON.encoder(pretty: true).encode(rows))
                return
            }
            Output.line("  id                    name                  status      open cases")
            for a in agents {
                Output.line("  " + Stats.pad(TerminalText.line(a.agent.id), 22) + Stats.pad(TerminalText.line(a.agent.name), 22)
                            + Stats.pad(a.available ? "available" : "away", 12) + Stats.lpad(String(a.openCases), 10))
            }
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a case to an agent (by id), or to nobody with --nobody.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The case, e.g. K-1042.") var id: String
        @Argument(help: "The agent's id (see `kefu agent list`).") var agent: String?
        @Flag(help: "Leave the case without an owner.") var nobody = false
        func run() throws {
            guard (agent == nil) == nobody else { throw KefuError.usage("name one agent, or --nobody") }
            let key = StoreOptions.caseKey(id)
            try AgentCmd.team(storeOptions).reassign(key, to: agent)
            Output.line("\(key): \(agent.map { "assigned to \(TerminalText.line($0))" } ?? "no owner")")
        }
    }

    static func team(_ options: StoreOptions) throws -> PostgresCaseStore {
        guard let store = try options.openPostgres(now: Date()) else {
            throw KefuError.usage("agents are for a team store: set [store] url = \"postgresql://…\" (or --store postgresql://…)")
        }
        return store
    }

    static func setAvailable(_ available: Bool, _ options: StoreOptions) throws {
        let config = try options.loadConfig()
        guard let name = config.reply.agentName else {
            throw KefuError.usage("\(config.reply.configFile ?? "config.toml"): set [agent] name first, as your colleagues should see it")
        }
        let me = config.team.agent(name: name)
        try team(options).setAvailable(me, available)
        Output.line("\(TerminalText.line(me.name)) (\(TerminalText.line(me.id))): \(available ? "available for new cases" : "away")")
    }
}
