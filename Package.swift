// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "kefu",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kefu", targets: ["kefu"]),
        .executable(name: "kefu-bench", targets: ["kefu-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Tests only: property-based checks of the clock arithmetic (no dependencies of its own).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // ncursesw, reached through a shim header (see Sources/CNCurses/shim.h).
        .systemLibrary(
            name: "CNCurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // libpq, PostgreSQL's C client, for the shared team store (see Sources/CLibPQ/shim.h).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The domain, bottom up: a target imports only targets listed above it here, in the order of
        // README.md's module map (LayeringTests checks every `import` against that map). No terminal code.
        .target(name: "KefuBase"),
        .target(name: "KefuPostgres", dependencies: ["CLibPQ", "KefuBase"]),
        .target(name: "KefuModel", dependencies: ["KefuBase"]),
        .target(name: "KefuCategories", dependencies: ["KefuModel"]),
        .target(name: "KefuMail", dependencies: ["KefuBase", "KefuModel", "KefuCategories"]),
        .target(name: "KefuStore", dependencies: ["KefuBase", "KefuModel", "KefuMail"]),
        .target(name: "KefuPostgresStore", dependencies: ["KefuBase", "KefuModel", "KefuMail", "KefuStore", "KefuPostgres"]),
        .target(name: "KefuImport", dependencies: ["KefuBase", "KefuModel", "KefuCategories", "KefuMail", "KefuStore"]),
        .target(name: "KefuConfig", dependencies: ["KefuBase", "KefuModel", "KefuStore"]),
        .target(name: "KefuPlaybook", dependencies: ["KefuBase", "KefuModel", "KefuMail", "KefuConfig"],
                resources: [.copy("Resources/playbook.json")]),
        .target(name: "KefuReports", dependencies: ["KefuBase", "KefuModel", "KefuStore", "KefuConfig", "KefuPlaybook"]),
        .target(name: "KefuDemo", dependencies: ["KefuBase", "KefuModel", "KefuImport"]),
        // The inbox as pure state → update → render into a cell grid. No terminal code either.
        // The default keymap is bundled from Keymaps/, where users find it to copy: SwiftPM takes a
        // resource path relative to the target, and this one reaches outside it, so the one file is
        // both the user-facing copy and the built-in (no second copy to keep in step).
        .target(name: "KefuInbox", dependencies: ["KefuBase", "KefuModel", "KefuMail", "KefuStore", "KefuImport", "KefuConfig", "KefuPlaybook"], resources: [.copy("../../Keymaps/default.keymap")]),
        // The runtime: one queue of actions, the loop, the effects' executors and the workers. No ncurses.
        .target(name: "KefuApp", dependencies: [
            "KefuBase", "KefuModel", "KefuMail", "KefuStore", "KefuImport", "KefuConfig", "KefuPlaybook", "KefuReports", "KefuInbox",
        ]),
        // The only place that talks to ncurses: reads keys, blits the cell grid.
        .target(name: "KefuTerminal", dependencies: ["CNCurses", "KefuApp", "KefuInbox"]),
        .executableTarget(
            name: "kefu",
            dependencies: [
                "KefuBase", "KefuModel", "KefuMail", "KefuStore", "KefuImport", "KefuConfig", "KefuPlaybook", "KefuReports",
                "KefuDemo", "KefuInbox", "KefuApp", "KefuTerminal", "KefuPostgres", "KefuPostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "kefu-bench", dependencies: [
            "KefuBase", "KefuModel", "KefuCategories", "KefuMail", "KefuStore", "KefuImport", "KefuConfig", "KefuPlaybook",
            "KefuReports", "KefuInbox", "KefuApp",
        ]),
        .testTarget(name: "KefuDomainTests", dependencies: [
            "KefuBase", "KefuModel", "KefuCategories", "KefuMail", "KefuStore", "KefuImport", "KefuConfig", "KefuPlaybook",
            "KefuReports", "KefuDemo", .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Fixtures"]), // read from the source tree by path, not bundled
        .testTarget(name: "KefuInboxTests", dependencies: ["KefuBase", "KefuModel", "KefuMail", "KefuStore", "KefuImport", "KefuPlaybook", "KefuInbox"],
                    exclude: ["Goldens"]),
        // Driver tests: the runtime with a scripted terminal, a temporary store and fake workers.
        .testTarget(name: "KefuAppTests", dependencies: [
            "KefuBase", "KefuModel", "KefuMail", "KefuStore", "KefuImport", "KefuConfig", "KefuPlaybook", "KefuDemo", "KefuInbox", "KefuApp",
        ]),
        // Against a real PostgreSQL server (`KEFU_TEST_PG_URL`, started by .ci/run).
        .testTarget(name: "KefuPostgresTests", dependencies: ["KefuBase", "KefuModel", "KefuMail", "KefuStore", "KefuPostgres", "KefuPostgresStore", "KefuDemo",
                                                      "KefuImport", "KefuConfig", "KefuReports"]),
    ],
    swiftLanguageModes: [.v6]
)
