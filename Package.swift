// swift-tools-version: 6.0
import PackageDescription

/// One target per concern; see docs/ARCHITECTURE.md for who may import whom.
let package = Package(
    name: "porttutor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "porttutor", targets: ["porttutor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Thin system-library targets: a modulemap and a shim header each.
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]
        ),
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"]), .brew(["libpcap"])]
        ),

        // The one way untrusted bytes become text on the screen.
        .target(name: "SafeText"),
        // Addresses, ports and protocols as plain values, shared by every other target.
        .target(name: "NetworkTypes"),

        .target(name: "Lessons", dependencies: ["NetworkTypes", "SafeText"]),
        // The shipped Lessons/ folder compiled in (EmbedLessons writes it at build time), so
        // the binary alone is the whole program.
        .target(name: "BuiltinLessons", plugins: ["EmbedLessons"]),
        .executableTarget(name: "EmbedLessonsTool"),
        .plugin(name: "EmbedLessons", capability: .buildTool(), dependencies: ["EmbedLessonsTool"]),
        // The git commit `porttutor --version` names.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .target(name: "LessonFiles", dependencies: ["Lessons", "NetworkTypes", "ToolCommands", "CaptureCore", .product(name: "Yams", package: "Yams")]),
        // What the panes' tools are told: nc, telnet, curl, ss, netstat and tcpdump command lines.
        .target(name: "ToolCommands", dependencies: ["NetworkTypes", "ConnectionsCore", "CaptureCore", "SafeText"]),
        // What the socket hub is asked and answers, and the client sessions as state machines.
        .target(name: "SocketsCore", dependencies: ["ToolCommands", "NetworkTypes", "SafeText"]),
        .target(name: "Sockets", dependencies: ["SocketsCore", "ToolCommands", "NetworkTypes", "SafeText"]),
        .target(name: "ConnectionsCore", dependencies: ["NetworkTypes", "SafeText"]),
        .target(name: "Connections", dependencies: ["ConnectionsCore", "NetworkTypes", "SafeText"]),
        .target(name: "CaptureCore", dependencies: ["NetworkTypes", "SafeText"]),
        .target(name: "Capture", dependencies: ["CaptureCore", "CPcap", "SafeText"]),
        .target(name: "Tutor", dependencies: ["Lessons", "SocketsCore", "ToolCommands", "ConnectionsCore", "NetworkTypes", "CaptureCore", "SafeText"]),
        .target(name: "TUI", dependencies: ["Tutor", "Lessons", "CNcurses", "SafeText"]),
        // The lab: a private user and network namespace with a second computer (see docs/ARCHITECTURE.md).
        .target(name: "CLab"),
        .target(name: "RuntimeFolder"),
        .target(name: "Lab", dependencies: ["CLab", "NetworkTypes", "RuntimeFolder"]),
        .target(name: "Runtime", dependencies: ["BuiltinLessons", "Lab", "RuntimeFolder", "Tutor", "TUI", "Sockets", "SocketsCore", "ToolCommands", "Connections", "ConnectionsCore", "NetworkTypes", "Capture", "CaptureCore", "Lessons", "LessonFiles", "SafeText"]),
        .executableTarget(
            name: "porttutor",
            dependencies: [
                "BuiltinLessons", "Runtime", "RuntimeFolder", "Lab", "Tutor", "TUI", "Lessons", "LessonFiles", "Sockets", "SocketsCore", "ToolCommands", "Connections", "ConnectionsCore", "NetworkTypes", "Capture", "CaptureCore", "SafeText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["BuildInfo"]
        ),

        // Helpers shared by the test suites that start real programs.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SafeTextTests", dependencies: ["SafeText"]),
        .testTarget(name: "LessonsTests", dependencies: ["BuiltinLessons", "Lessons", "LessonFiles", "NetworkTypes", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SocketsTests", dependencies: ["Sockets", "SocketsCore", "ToolCommands", "NetworkTypes", "TestSupport"]),
        .testTarget(name: "ConnectionsTests", dependencies: ["Connections", "ConnectionsCore", "ToolCommands", "NetworkTypes", "Tutor", "SafeText", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "CaptureCore", "ToolCommands"]),
        .testTarget(name: "TutorTests", dependencies: ["Tutor", "Lessons", "LessonFiles", "SocketsCore", "ToolCommands", "CaptureCore", "ConnectionsCore", "NetworkTypes", "SafeText"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Tutor", "Lessons", "LessonFiles", "SocketsCore", "ToolCommands", "ConnectionsCore", "NetworkTypes", "SafeText"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "RuntimeFolder", "Lab", "TUI", "Tutor", "Lessons", "LessonFiles", "Sockets", "SocketsCore", "ToolCommands", "Connections", "ConnectionsCore", "NetworkTypes", "Capture", "CaptureCore", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "RuntimeFolder", "NetworkTypes", "Lessons", "LessonFiles", "Tutor", "TestSupport"]),
    ]
)
