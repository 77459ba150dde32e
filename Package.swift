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
        // Domain core: cases, clocks, store, import. No terminal code.
        .target(name: "KefuCore", resources: [.copy("Resources/playbook.json")]),
        // The inbox as pure state → update → render into a cell grid. No terminal code either.
        .target(name: "KefuInbox", dependencies: ["KefuCore"]),
        // The runtime: one queue of actions, the loop, the effects' executors and the workers. No ncurses.
        .target(name: "KefuApp", dependencies: ["KefuInbox", "KefuCore"]),
        // The only place that talks to ncurses: reads keys, blits the cell grid.
        .target(name: "KefuTerminal", dependencies: ["CNCurses", "KefuApp", "KefuInbox", "KefuCore"]),
        .executableTarget(
            name: "kefu",
            dependencies: [
                "KefuCore", "KefuInbox", "KefuApp", "KefuTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "kefu-bench", dependencies: ["KefuCore", "KefuInbox"]),
        .testTarget(name: "KefuCoreTests", dependencies: ["KefuCore", .product(name: "PropertyBased", package: "swift-property-based")],
                    exclude: ["Fixtures"]), // read from the source tree by path, not bundled
        .testTarget(name: "KefuInboxTests", dependencies: ["KefuInbox", "KefuCore"], exclude: ["Goldens"]),
        // Driver tests: the runtime with a scripted terminal, a temporary store and fake workers.
        .testTarget(name: "KefuAppTests", dependencies: ["KefuApp", "KefuInbox", "KefuCore"]),
    ],
    swiftLanguageModes: [.v6]
)
