import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `porttutor --lab` run as an ordinary user (`nobody` when the tests run as root, as on
/// CI): capture in the Packets pane, `porttutor shell` seeing the same network, the host's
/// socket table untouched, and nothing of the lab left once porttutor ends or is killed.
/// The lab is a private network, so it uses the lessons' own ports (8080, the web server's
/// 8088) without clashing with any other suite.
@Suite(.serialized, .enabled(if: LabFixture.learnerMayMakeUserNamespaces, "this machine refuses user namespaces to ordinary users (see `porttutor --lab`'s message)"))
struct LabEndToEndTests {
    @Test func capturePanesAndShellWorkForAnOrdinaryUserAndTheHostSeesNothing() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let hostBefore = try LabFixture.hostListeners()
        let session = try lab.start()
        try session.waitFor(text: "in the lab")

        try session.send("M-2")
        try session.type("nc -l 8080")
        try session.send("Enter")
        try session.waitFor(text: "Listening on 127.0.0.1 8080")
        // The learner's own tools in another terminal see the lab's listener...
        let listeners = try lab.shell(["ss", "-tln"])
        #expect(listeners.status == 0)
        #expect(listeners.output.contains("127.0.0.1:8080"), "ss in the lab: \(listeners.output)")
        #expect(listeners.output.contains("127.0.0.1:8088"), "porttutor's web server listens in the lab")
        // ... and the host's own table never shows it.
        #expect(try LabFixture.hostListeners() == hostBefore)
        try session.send("M-5")
        try session.type("tcpdump -A -nn -i lo port 8080")
        try session.send("Enter")
        try session.waitFor("the Packets pane capturing") { $0.contains("capturing") }
        try session.send("M-3")
        try session.type("telnet localhost 8080")
        try session.send("Enter")
        try session.waitFor(text: "Connected to localhost")
        try session.type("typed in the lab")
        try session.send("Enter")
        try session.waitFor("the typed line in the Packets pane") { screen in
            LabFixture.packetsPane(of: screen).contains { $0.contains("typed in the lab") }
        }

        let connections = try lab.shell(["ss", "-tn"])
        #expect(connections.output.contains("127.0.0.1:8080"), "ss -tn in the lab: \(connections.output)")
        #expect(try LabFixture.hostListeners() == hostBefore)

        // The second computer: a name every program resolves, its own address and sockets.
        let resolved = try lab.shell(["getent", "hosts", "server.lab"])
        #expect(resolved.output.contains("10.0.0.2"), "getent: \(resolved.output)")
        // Each computer has its host name, so prompts (user@lab, user@server) tell them apart.
        #expect(try lab.shell(["hostname"]).output == "lab\n")
        #expect(try lab.shell(["hostname"], on: "server").output == "server\n")
        #expect(try Command.run(["hostname"]).output != "lab\n")
        let serverTable = try lab.shell(["ss", "-tln"], on: "server")
        #expect(!serverTable.output.contains(":8080"), "the server has its own sockets: \(serverTable.output)")
        // Root of the lab: a port below 1024, reached across the cable by name.
        let server = try BackgroundProcess(lab.shellCommand(["nc", "-l", "80"], on: "server"))
        defer { server.stop() }
        try waitForLab(lab, on: "server") { $0.contains(":80 ") }
        let reply = try lab.shell(["sh", "-c", "echo across the cable | nc -N server.lab 80"])
        #expect(reply.status == 0, "nc to server.lab:80: \(reply.output)")
        try server.waitForOutput("across the cable")

        // Root of the lab: a firewall table of its own, which the host never sees.
        let table = try lab.shell(["sh", "-c", "nft add table inet porttutor_lab_test && nft list tables"])
        #expect(table.status == 0 && table.output.contains("porttutor_lab_test"), "nft in the lab (is nftables installed? scripts/install-deps.sh --test): \(table.output)")
        #expect(!(try Command.run(["nft", "list", "tables"]).output.contains("porttutor_lab_test")))

        // A shell that joined the lab ends with it.
        let joined = try BackgroundProcess(lab.shellCommand(["sleep", "600"]))
        defer { joined.stop() }
        try waitForLab(lab) { _ in true }
        let namespaces = try lab.namespaces()

        try session.send("F10")
        let exit = try session.waitForExit()
        let screen = try session.screen()
        #expect(exit.status == "EXIT=0", "porttutor's exit: \(screen)")
        #expect(joined.waitForExit(seconds: 10) != nil, "the joined shell ended with the lab")
        #expect(joined.output.contains("The lab ended"))
        try LabFixture.waitUntilGone(namespaces)
        let after = try lab.shell(["true"])
        #expect(after.output.contains("No lab is running"))
    }

    @Test func aLabLessonStartsAServerOnTheSecondComputerThatTheClientPaneReachesByName() throws {
        let lab = try LabFixture(lessonText: """
            id: second-computer
            title: A second computer
            summary: Reach a server on server.lab.
            needs: lab
            steps:
              - id: call-it
                title: Call the server
                pane: client
                text: A server waits on `server.lab` port 80. Call it with `nc server.lab 80`.
                start:
                  - {host: server, run: "echo hello from the server | nc -l 80"}
                perform: nc server.lab 80
                checks:
                  - received: {by: client, text: hello from the server}
                hints:
                  - Type `nc server.lab 80` in the Client pane.
            """)
        defer { lab.remove() }
        let session = try lab.start()
        try session.waitFor(text: "in the lab")
        try waitForLab(lab, on: "server") { $0.contains(":80 ") }
        #expect(!(try lab.shell(["ss", "-tln"]).output.contains(":80 ")), "the server's port is on the server, not here")
        try session.send("M-3")
        try session.type("nc server.lab 80")
        try session.send("Enter")
        try session.waitFor(text: "✔ client received")
        #expect(try session.screen().contains("hello from the server"))
    }

    @Test func anInteractiveShellInAnotherTerminalJoinsTheLabAndEndsWithIt() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let tutorial = try lab.start()
        try tutorial.waitFor(text: "in the lab")
        var environment = lab.environment
        environment["SHELL"] = "/bin/sh"
        let terminal = try TmuxSession(["shell"], columns: 100, rows: 20, environment: environment,
                                       launcher: LabFixture.asLearner, binary: lab.binary)
        try terminal.waitFor(text: "You are in porttutor's lab, on lab.lab (10.0.0.1)")
        try terminal.type("ss -tln")
        try terminal.send("Enter")
        try terminal.waitFor(text: "127.0.0.1:8088")
        try tutorial.send("F10")
        #expect(try tutorial.waitForExit().status == "EXIT=0")
        let ended = try terminal.waitForExit()
        #expect(try terminal.screen().contains("The lab ended (porttutor quit)"))
        #expect(ended.status == "EXIT=137")
        #expect(terminalIsSane(ended.stty))
    }

    @Test func theRealNcAndTcpdumpInPorttutorShellTickTheChecks() throws {
        let lab = try LabFixture(lessonText: """
            id: real-tools
            title: Real tools in the lab
            summary: The checks see the real nc and tcpdump in porttutor shell.
            steps:
              - id: listen-and-watch
                title: Listen and watch
                pane: packets
                text: In `porttutor shell`, run `nc -l 8080` and `tcpdump -i lo port 8080`.
                perform: tcpdump -i lo port 8080
                checks:
                  - listening: {port: 8080, by: other}
                    label: the real nc listens
                  - capturing: 8080
                    label: the real tcpdump watches
                hints:
                  - Use porttutor shell.
            """)
        defer { lab.remove() }
        let session = try lab.start()
        try session.waitFor(text: "in the lab")
        let nc = try BackgroundProcess(lab.shellCommand(["nc", "-l", "8080"]))
        defer { nc.stop() }
        let tcpdump = try BackgroundProcess(lab.shellCommand(["tcpdump", "-nn", "-i", "lo", "port", "8080"]))
        defer { tcpdump.stop() }
        // The learner is themselves in the lab, with its capabilities: tcpdump captures
        // without trying to drop root (which a lab of one user could not do).
        try tcpdump.waitForOutput("listening on lo")
        try waitForLab(lab) { $0.contains(":8080 ") }
        // The step is done only when both checks held: the real nc listening, the real
        // tcpdump capturing (its labels give way to "Lesson complete" at once).
        try session.waitFor(text: "✔ Done: Listen and watch")
    }

    @Test func aTerminatedPorttutorQuitsAsItDoesOutsideTheLabAndTheLabEnds() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let session = try lab.start()
        try session.waitFor(text: "in the lab")
        let namespaces = try lab.namespaces()
        kill(try session.porttutorPID(), SIGTERM)
        let exit = try session.waitForExit()
        #expect(exit.status == "EXIT=143", "128 + SIGTERM, as outside the lab")
        #expect(terminalIsSane(exit.stty))
        try LabFixture.waitUntilGone(namespaces)
    }

    @Test func aKilledPorttutorLeavesNoNamespaceOrProcessBehind() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let session = try lab.start()
        try session.waitFor(text: "in the lab")
        let namespaces = try lab.namespaces()
        let launcher = try session.porttutorPID()
        kill(launcher, SIGKILL)
        try LabFixture.waitUntilGone(namespaces)
    }

    @Test func shellExplainsItselfAndSaysWhenNoLabRuns() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let help = try Command.run(LabFixture.asLearner + [lab.binary, "shell", "--help"])
        #expect(help.status == 0 && help.output.contains("USAGE: porttutor shell [--on <COMPUTER>]"), "\(help.output)")
        let none = try lab.shell(["ss", "-tln"])
        #expect(none.status == 1)
        #expect(none.output.contains("No lab is running. Start one with `porttutor --lab` in another terminal"))
    }

    @Test func withoutCapturePermissionTheLabIsOfferedInOneLine() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let session = try TmuxSession(["--lessons", lab.lessons], columns: 120, rows: 40, environment: lab.environment,
                                      launcher: LabFixture.asLearner, binary: lab.binary)
        try session.waitFor("the lab offered in the Packets pane") { screen in
            LabFixture.packetsPane(of: screen).contains { $0.contains("`porttutor --lab` runs the tutorial") }
        }
    }

    @Test func refusedUserNamespacesAreNamedWithTheCommandAndPorttutorRunsWithoutTheLab() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        // A user namespace of the test's own whose limit allows one more namespace: the
        // learner's is that one, so porttutor's is refused (ENOSPC), as on a machine with
        // user.max_user_namespaces used up. The host's settings are not touched.
        let session = try lab.start(wrappedIn: ["unshare", "--user", "--map-root-user", "sh", "-c",
                                                "echo 1 > /proc/sys/user/max_user_namespaces && exec unshare --user \"$0\" \"$@\""])
        try session.waitFor(text: "No lab: user.max_user_namespaces")
        let screen = try session.screen()
        #expect(!screen.contains("in the lab"))
        try session.send("F10")
        let exit = try session.waitForExit()
        #expect(exit.stty.contains("The lab needs user namespaces"))
        #expect(exit.stty.contains("sudo sysctl -w user.max_user_namespaces="))
    }

    /// Waits until `ss -tln` in the lab satisfies `condition` (an event, not a timing).
    private func waitForLab(_ lab: LabFixture, on host: String = "lab", _ condition: (String) -> Bool,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let deadline = Date().addingTimeInterval(15)
        var last = ""
        while Date() < deadline {
            last = try lab.shell(["ss", "-tln"], on: host).output
            if condition(last) { return }
            usleep(100_000)
        }
        Issue.record("the lab's table never matched: \(last)", sourceLocation: sourceLocation)
    }
}

/// A copy of porttutor and the lessons an ordinary user may run, with that user's own home
/// and runtime folders (where the lab is recorded).
struct LabFixture {
    let root: String
    let binary: String
    let lessons: String
    let home: String
    let runtime: String
    /// Who runs porttutor and `porttutor shell`: the learner (`asLearner`), or [] for the
    /// tests' own user (root's lab, without a user namespace).
    var launcher: [String] = LabFixture.asLearner

    /// With `lessonText`, the lessons are that one lesson instead of the shipped ones.
    /// `base` holds the copy (and the learner's home).
    init(lessonText: String? = nil, base: String = "/tmp") throws {
        // In /tmp, not $TMPDIR, which may be a folder only root can enter.
        root = "\(base)/porttutor-lab-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        binary = root + "/porttutor"
        try FileManager.default.copyItem(atPath: TmuxSession.binaryPath, toPath: binary)
        chmod(binary, 0o755)
        lessons = root + "/lessons"
        if let lessonText {
            try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
            try lessonText.write(toFile: lessons + "/01-lab.yaml", atomically: true, encoding: .utf8)
        } else {
            let shipped = try LessonsCopy.make(tag: "lab", ports: [:])
            try FileManager.default.moveItem(atPath: shipped.path, toPath: lessons)
        }
        _ = try Command.run(["chmod", "-R", "a+rX", lessons])
        home = root + "/home"
        runtime = root + "/run"
        for folder in [home, runtime] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if getuid() == 0 { _ = try Command.run(["chown", "nobody", folder]) }
        }
    }

    /// Removes the copy, and the lab's folders with it.
    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Whether the learner may make a user namespace here (`unshare -rn` as them).
    static let learnerMayMakeUserNamespaces: Bool = {
        (try? Command.run(asLearner + ["unshare", "--user", "--map-root-user", "--net", "true"]).status) == 0
    }()

    /// Runs as `nobody` when the tests run as root; as the user running them otherwise.
    static var asLearner: [String] {
        guard getuid() == 0 else { return [] }
        let group = getgrnam("nogroup") != nil ? "nogroup" : "nobody"
        return ["setpriv", "--reuid=nobody", "--regid=\(group)", "--clear-groups"]
    }

    var environment: [String: String] {
        ["HOME": home, "XDG_RUNTIME_DIR": runtime, "XDG_STATE_HOME": home + "/state", "TERM": "xterm-256color"]
    }

    func start(wrappedIn wrapper: [String] = []) throws -> TmuxSession {
        try TmuxSession(["--lab", "--lessons", lessons], columns: 120, rows: 40, environment: environment,
                        launcher: launcher + wrapper, binary: binary)
    }

    /// `porttutor shell [--on HOST] -- COMMAND...` as the learner.
    func shellCommand(_ command: [String], on host: String = "lab") -> [String] {
        launcher + ["env"] + environment.map { "\($0.key)=\($0.value)" } + [binary, "shell", "--on", host, "--"] + command
    }

    func shell(_ command: [String], on host: String = "lab") throws -> Command.Result {
        try Command.run(shellCommand(command, on: host))
    }

    /// The lab's two network namespaces, as `net:[INODE]`.
    func namespaces() throws -> [String] {
        try ["lab", "server"].map { host in
            try shell(["readlink", "/proc/self/ns/net"], on: host).output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Waits until no process on the machine is in any of `namespaces`: with the last
    /// one gone, the kernel frees the namespace.
    static func waitUntilGone(_ namespaces: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(namespaces.allSatisfy { $0.hasPrefix("net:[") }, "namespaces: \(namespaces)", sourceLocation: sourceLocation)
        let deadline = Date().addingTimeInterval(15)
        var holders: [String] = []
        while Date() < deadline {
            holders = processes(in: Set(namespaces))
            if holders.isEmpty { return }
            usleep(100_000)
        }
        Issue.record("processes still in the lab: \(holders)", sourceLocation: sourceLocation)
    }

    static func processes(in namespaces: Set<String>) -> [String] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { Int($0) != nil } ?? []
        return pids.filter { pid in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/net")).map(namespaces.contains) ?? false
        }
    }

    /// The host's TCP listeners on the lab's ports, as `ss` prints them.
    /// The host's listeners on the lab's ports, those of the lab's user only when that is
    /// `nobody`: suites running as root beside this one open and close their own 8080s.
    static func hostListeners() throws -> [String] {
        let labUser = getuid() == 0 ? getpwnam("nobody").map { "uid:\($0.pointee.pw_uid) " } : nil
        return try Command.run(["ss", "-Htlne"]).output.split(separator: "\n")
            .filter { $0.contains(":8080 ") || $0.contains(":8088 ") || $0.contains(":80 ") }
            .filter { row in labUser.map { row.contains($0) } ?? true }
            .map(String.init).sorted()
    }

    /// The Packets pane's rows in the wide layout: below its title, right of the Lesson column.
    static func packetsPane(of screen: String) -> [String] {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let title = rows.firstIndex(where: { $0.contains("5 Packets") }) else { return [] }
        return rows[(title + 1)...].map { row in
            row.split(separator: "│", maxSplits: 1, omittingEmptySubsequences: false).last.map(String.init) ?? row
        }
    }
}
