import ArgumentParser
import Foundation
import KefuInbox
import KefuBase
import KefuModel
import KefuConfig
import KefuStore
import KefuDemo
import KefuPlaybook

struct Inbox: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the inbox (the default command).")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var screenOptions: ScreenOptions

    func run() throws {
        let now = try Now.fromEnvironment()
        let keymap = try screenOptions.loadKeymap()
        let config = try storeOptions.loadConfig()
        let playbook = Prefetch { try Playbook.load() }
        let store: CaseStoring = try storeOptions.openPostgres(now: now()) ?? storeOptions.open(.writeOrReadOnly, create: true, now: now())
        try InboxLauncher.run(store: store, now: now, keymap: keymap, config: config, playbook: playbook,
                              exitAfterFirstFrame: screenOptions.exitAfterFirstFrame)
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build a demo store of about 40 realistic cases and open the inbox on it.")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var screenOptions: ScreenOptions
    @Flag(help: "Build the store and print its queue, without opening the inbox.") var noInbox = false

    func run() throws {
        let clock = try Now.fromEnvironment()
        let now = clock()
        let keymap = try screenOptions.loadKeymap()
        let dir: String
        if storeOptions.store != nil {
            try storeOptions.refusePostgres()
            dir = storeOptions.path
        } else {
            var template = Array((NSTemporaryDirectory() + "/kefu-demo-XXXXXX").utf8CString)
            guard let p = mkdtemp(&template) else { throw KefuError.data("cannot create a temporary directory") }
            dir = String(cString: p)
        }
        let store = try storeOptions.open(.write, create: true, now: now, at: dir)
        // Every closed case has an index line: an empty or missing index means none, without reading it.
        let index = (try? FileManager.default.attributesOfItem(atPath: dir + "/history/index.tsv")[.size] as? Int) ?? 0
        guard store.cases.isEmpty, index == 0 else {
            throw KefuError.data("\(dir): already holds cases; open it with `kefu --store \(dir)`")
        }
        let cases = DemoData.cases(now: now)
        try store.save(cases)   // moves the id counter past the demo ids: later imports do not collide
        store.close(now: now)
        // The demo signs as a demo shop, so replies compose and send, now and when the store is reopened
        // with `kefu --store DIR` (which reads DIR/config.toml when the agent has no config of their own);
        // an agent's own file there is kept.
        let configFile = dir + "/" + KefuConfig.fileName
        if !DurableIO.exists(configFile) { try DurableIO.replace(configFile, with: Data(DemoSignature.toml.utf8)) }
        var config = try storeOptions.loadConfig(directory: dir)
        config.reply.storeName = config.reply.storeName ?? DemoSignature.storeName
        config.reply.agentName = config.reply.agentName ?? DemoSignature.agentName
        config.reply.fromAddress = config.reply.fromAddress ?? DemoSignature.fromAddress
        Output.error("kefu: demo store with \(cases.count) cases in \(dir) (signature and settings: \(configFile)); reopen it with `kefu --store \(dir)`")
        if noInbox || isatty(STDOUT_FILENO) == 0 {
            let entries = Queue.entries(store.cases.values, filter: .all, at: now, policy: config.sla).filter { $0.status != .resolved }
            Output.line(QueueText.table(entries, at: now, width: terminalColumns(), warnWithin: config.sla.warnWithin))
            return
        }
        try InboxLauncher.run(store: store, now: clock, keymap: keymap, config: config, exitAfterFirstFrame: screenOptions.exitAfterFirstFrame)
    }
}

/// Who the demo store's replies are signed by, and the `config.toml` that `kefu demo` writes with it.
enum DemoSignature {
    static let storeName = "Lumen Home (demo)"
    static let agentName = "Alex"
    static let fromAddress = "support@lumen-home.example"
    static var toml: String {
        """
        # Written by `kefu demo`: the demo shop's signature. kefu reads this file when the store is opened
        # with `kefu --store DIR` and there is no other configuration: no --config, no $KEFU_CONFIG and
        # no $XDG_CONFIG_HOME/kefu/config.toml.
        [store]
        name = "\(storeName)"

        [agent]
        name = "\(agentName)"

        [mail]
        from = "\(fromAddress)"

        """
    }
}

/// Options of the commands that open the inbox.
struct ScreenOptions: ParsableArguments {
    @Option(help: "A keymap file laid over the default (default: $XDG_CONFIG_HOME/kefu/keymap).") var keymap: String?
    @Flag(help: .hidden) var exitAfterFirstFrame = false

    func loadKeymap() throws -> Keymap { try KeymapFiles.load(explicit: keymap) }
}

enum KeymapFiles {
    /// The default keymap with the user's file laid over it: `--keymap FILE`, else
    /// `$XDG_CONFIG_HOME/kefu/keymap` (or `~/.config/kefu/keymap`) when it exists.
    static func load(explicit: String?, env: [String: String] = ProcessInfo.processInfo.environment) throws -> Keymap {
        var path = explicit
        if path == nil {
            let p = KefuConfig.directory(env: env) + "/keymap"
            if FileManager.default.fileExists(atPath: p) { path = p }
        }
        var overlays: [(text: String, name: String)] = []
        if let p = path {
            guard let data = FileManager.default.contents(atPath: p) else { throw KefuError.usage("\(p): cannot read the keymap file") }
            guard let text = String(data: data, encoding: .utf8) else { throw KefuError.usage("\(p): the keymap is not UTF-8 text") }
            overlays.append((text, p))
        }
        do { return try Keymap.load(overlays: overlays) }
        catch let e as KeymapError { throw KefuError.usage(e.description) }
    }
}

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the live keymap (the default with your keymap file laid over it).")
    @OptionGroup var screenOptions: ScreenOptions
    func run() throws {
        Output.line(try screenOptions.loadKeymap().helpLines(contexts: KeyContext.allCases).joined(separator: "\n"))
    }
}
