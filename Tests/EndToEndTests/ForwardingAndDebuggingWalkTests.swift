import Foundation
import Testing

/// Lessons 12 and 13, done in a real terminal at 80x24 inside `porttutor --lab` as an
/// ordinary user: commands typed in the panes, a wrong answer that does not tick, a hint,
/// the learner's own `porttutor shell` in a second window (nft, kill), the recap; and
/// the lesson's firewall rules gone once another lesson begins. The lab is private, so
/// the lessons keep their own ports.
@Suite(.serialized, .enabled(if: LabFixture.learnerMayMakeUserNamespaces, "this machine refuses user namespaces to ordinary users"))
struct ForwardingAndDebuggingWalkTests {
    static func start(_ lesson: String, lab: LabFixture, columns: Int = 80, rows: Int = 24,
                      demo: Bool = false) throws -> TmuxSession {
        try TmuxSession(["--lab", "--lessons", lab.lessons] + (demo ? ["--demo"] : ["--next-step-delay", "60"]) + [lesson],
                        columns: columns, rows: rows, environment: lab.environment,
                        launcher: LabFixture.asLearner, binary: lab.binary)
    }

    // MARK: Lesson 12

    @Test func lesson12PortForwarding() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let walk = try LearnerWalk(lessons: URL(fileURLWithPath: lab.lessons), tmux: try Self.start("port-forwarding", lab: lab))
        defer { walk.finish() }
        let l = walk.tmux
        try l.waitFor(text: "in the lab")
        let shell = try LabShellWindow(l, lab: lab)

        try walk.heading(1, of: 8, "A container on port 80")
        try lab.waitUntil("the container listens on 80", on: "server", ["ss", "-tln"]) { $0.contains(":80 ") }
        try l.run("curl http://server.lab/", in: .client)
        try l.waitFor(.client, contains: "hello from the container")
        try walk.stepDone("A container on port 80")

        try walk.heading(2, of: 8, "Port 8080, before the rule")
        #expect(!(try lab.shell(["nft", "list", "ruleset"]).output.contains("dnat")), "no rule before step 3")
        try l.run("curl http://lab.lab:8080/", in: .client)
        try l.waitFor(.client, contains: "Couldn't connect to server")
        try walk.stepDone("Port 8080, before the rule")

        // 3. The lesson's start: program adds the DNAT rule; the same curl now gets the page.
        try walk.heading(3, of: 8, "Publish the port")
        try lab.waitUntil("the DNAT rule", on: "lab", ["nft", "list", "ruleset"]) { $0.contains("dnat to 10.0.0.2:80") }
        try l.run("curl http://lab.lab:8080/", in: .client)
        try walk.stepDone("Publish the port")
        #expect(!(try lab.shell(["ss", "-tln"]).output.contains(":8080 ")), "nothing listens on 8080: the rule answers")

        // 4. The client's own row says 8080; a wrong answer (80) does not tick; a hint.
        try walk.heading(4, of: 8, "What the client believes")
        try l.run("nc lab.lab 8080", in: .client)
        try l.waitFor(.client, contains: "hello from the container")
        try l.run("ss -tn", in: .connections)
        try l.waitFor(.connections, "the client's row") { $0.hasRow(["ESTAB", "10.0.0.1:8080"]) }
        try l.focus(.lesson)
        try l.typeLine("80")
        try walk.lesson(contains: "✘ Not quite: 80. 80 is where the container listens.")
        #expect(!LearnerWalk.lessonShows("✔ Right", in: try l.screen()))
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/2:")
        try walk.answer("8080", expect: "✔ Right. Answered 8080.")

        // 5. On the cable the same connection goes to port 80.
        try walk.heading(5, of: 8, "What the cable carries")
        try l.run("tcpdump -nn -i lab0 tcp", in: .packets)
        try l.waitFor(.packets, contains: "listening on lab0")
        try l.run("hello through the rule", in: .client)
        let cable = try l.waitFor(.packets, contains: "> 10.0.0.2.80:")
        #expect(!cable.contains("10.0.0.2.8080"), "the cable never carries 8080: \(cable)")
        try walk.answer("80", expect: "✔ Right. Answered 80.")

        try walk.heading(6, of: 8, "localhost is different")
        try l.focus(.client)
        try l.send("C-c")
        try l.typeLine("curl http://localhost:8080/")
        try walk.stepDone("localhost is different")

        // 7. The rule, with its counter, from the learner's own shell; a wrong choice first.
        try walk.heading(7, of: 8, "Where Docker keeps it")
        try shell.typeLine("nft list ruleset")
        try shell.waitFor("the rule and its counter") { $0.contains("tcp dport 8080 counter packets") }
        try l.focus(.lesson)
        try l.typeLine("a")
        try walk.lesson(contains: "✘ Not quite: a.")
        try walk.answer("b", expect: "✔ Right. Answered b.")

        // 8. On your own: the learner's own rule for 9090.
        try walk.heading(8, of: 8, "On your own: publish a second port")
        try shell.typeLine("nft add rule ip nat DOCKER tcp dport 9090 dnat to 10.0.0.2:80")
        try l.run("nc lab.lab 9090", in: .client)
        try walk.lesson(contains: "✔ Done: On your own: publish a second port")
        try walk.recap(lesson: "Port forwarding, as Docker does it", did: "Published it as lab.lab:8080 with a real DNAT rule.",
                       commands: "nft list ruleset", idea: "A published port is a rewrite, not a listener")

        // Another lesson: the lesson's programs end, and the rule goes with them.
        try Self.openAnotherLesson(l)
        try lab.waitUntil("the nat table gone", on: "lab", ["nft", "list", "ruleset"]) { !$0.contains("nat") }
        try lab.waitUntil("the container gone", on: "server", ["ss", "-tln"]) { !$0.contains(":80 ") }
    }

    // MARK: Lesson 13

    @Test func lesson13DebugItYourself() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let walk = try LearnerWalk(lessons: URL(fileURLWithPath: lab.lessons), tmux: try Self.start("debug-it-yourself", lab: lab))
        defer { walk.finish() }
        let l = walk.tmux
        try l.waitFor(text: "in the lab")
        let shell = try LabShellWindow(l, lab: lab)

        // 1-3. The app is not on the port the learner was told.
        try walk.heading(1, of: 10, "The app does not answer")
        try lab.waitUntil("the app listens", on: "lab", ["ss", "-tln"]) { $0.contains("127.0.0.1:8081") }
        try l.run("curl http://localhost:8080/", in: .client)
        try walk.stepDone("The app does not answer")

        try walk.heading(2, of: 10, "Where does it listen?")
        try l.run("ss -ltnp", in: .connections)
        try l.waitFor(.connections, contains: "127.0.0.1:8081")
        try l.focus(.lesson)
        try l.typeLine("8080")
        try walk.lesson(contains: "✘ Not quite: 8080. 8080 is where you were told to look")
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/2:")
        try walk.answer("8081", expect: "✔ Right. Answered 8081.")

        try walk.heading(3, of: 10, "Reach the app")
        try l.run("curl http://localhost:8081/", in: .client)
        try l.waitFor(.client, contains: "hello from the app")
        try walk.stepDone("Reach the app")

        // 4-6. A leftover nc holds 9000: found with lsof, stopped by its pid.
        try walk.heading(4, of: 10, "Your port is taken")
        try lab.waitUntil("the leftover listens", on: "lab", ["ss", "-tln"]) { $0.contains(":9000 ") }
        try l.run("nc -l 9000", in: .listener)
        try walk.stepDone("Your port is taken")

        try walk.heading(5, of: 10, "Who holds it?")
        try l.run("lsof -i :9000", in: .connections)
        let holder = try l.waitFor(.connections, "nc holding 9000") { $0.hasRow(["nc", "TCP", "*:9000", "(LISTEN)"]) }
        let pid = try #require(holder.rows.lazy.compactMap(Self.pidOfNc).first, "no pid in \(holder)")
        try l.focus(.lesson)
        try l.typeLine("porttutor")
        try walk.lesson(contains: "✘ Not quite: porttutor.")
        try walk.answer("nc", expect: "✔ Right. Answered nc.")

        try walk.heading(6, of: 10, "Take the port back")
        try shell.typeLine("kill \(pid)")
        try lab.waitUntil("9000 free", on: "lab", ["ss", "-tln"]) { !$0.contains(":9000 ") }
        try l.run("nc -l 9000", in: .listener)
        try l.waitFor(.listener, contains: "Listening on 127.0.0.1 9000")
        try walk.stepDone("Take the port back")

        // 7-9. A firewall on server.lab drops the API's packets.
        try walk.heading(7, of: 10, "The call that hangs")
        try lab.waitUntil("the firewall", on: "server", ["nft", "list", "ruleset"]) { $0.contains("tcp dport 8000 drop") }
        try l.run("curl http://server.lab:8000/", in: .client)
        try l.run("ss -tan dport = :8000", in: .connections)
        try l.waitFor(.connections, contains: "SYN-SENT")
        try walk.stepDone("The call that hangs")

        try walk.heading(8, of: 10, "What comes back?")
        try l.run("tcpdump -nn -i lab0 port 8000", in: .packets)
        try l.waitFor(.client, contains: "Timeout was reached", seconds: 30)
        try l.run("curl http://server.lab:8000/", in: .client)
        let silence = try l.waitFor(.packets, "a SYN, no answer") { pane in
            pane.title.contains("capturing") && pane.contains("> 10.0.0.2.8000: Flags [S],")
        }
        #expect(!silence.contains("10.0.0.2.8000 >"), "nothing comes back: \(silence)")
        try l.focus(.lesson)
        try l.typeLine("b")
        try walk.lesson(contains: "✘ Not quite: b.")
        try walk.answer("c", expect: "✔ Right. Answered c.")

        try walk.heading(9, of: 10, "Open the firewall")
        try l.focus(.lesson)
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/3: The rule is on server.lab")
        try shell.typeLine("porttutor shell --on server -- nft flush chain inet filter input")
        try lab.waitUntil("the drop rule gone", on: "server", ["nft", "list", "ruleset"]) { !$0.contains("drop") }
        try l.focus(.client)
        try l.send("C-c")
        try l.typeLine("curl http://server.lab:8000/")
        try l.waitFor(.client, contains: "hello from the api")
        try walk.stepDone("Open the firewall")

        // 10. On your own: refused by a firewall for a server that listens.
        try walk.heading(10, of: 10, "On your own: refused, but listening")
        try lab.waitUntil("the reject rule", on: "server", ["nft", "list", "ruleset"]) { $0.contains("reject with tcp reset") }
        try l.run("curl http://server.lab:7000/", in: .client)
        try l.waitFor(.client, contains: "port 7000")
        try shell.typeLine("porttutor shell --on server -- ss -ltn")
        try shell.waitFor("the app listening on the server") { $0.contains("0.0.0.0:7000") }
        try shell.typeLine("porttutor shell --on server -- nft delete table inet guard")
        try lab.waitUntil("the guard gone", on: "server", ["nft", "list", "ruleset"]) { !$0.contains("guard") }
        try l.run("curl http://server.lab:7000/", in: .client)
        try walk.lesson(contains: "✔ Done: On your own: refused, but listening")
        try walk.recap(lesson: "Debug it yourself", did: "Stopped a leftover program that held your port.",
                       commands: "ss -ltnp", idea: "Does something listen, and where?")

        try Self.openAnotherLesson(l)
        try lab.waitUntil("the firewall tables gone", on: "server", ["nft", "list", "ruleset"]) { !$0.contains("table") }
    }

    // MARK: Demo mode at 64x20

    @Test(arguments: [("port-forwarding", "A container on port 80", "hello from the container"),
                      ("debug-it-yourself", "The app does not answer", "Couldn't connect")])
    func presentsInDemoModeAt64x20(_ lesson: String, _ firstStep: String, _ result: String) throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let demo = try Self.start(lesson, lab: lab, columns: 64, rows: 20, demo: true)
        let screen = try demo.waitFor(text: "Step 1/")
        #expect(screen.contains(firstStep) || screen.contains(String(firstStep.prefix(20))), "\(screen)")
        for row in screen.split(separator: "\n") {
            #expect(row.count <= 64, "a row wider than the projector's 64 columns: \(row)")
        }
        try lab.waitUntil("the lesson's first program", on: lesson == "port-forwarding" ? "server" : "lab", ["ss", "-tln"]) {
            $0.contains(lesson == "port-forwarding" ? ":80 " : ":8081")
        }
        // Space types the step for the room; the real result follows.
        try demo.send("Space")
        try demo.waitFor("\(result) on the screen", seconds: 25) { $0.contains(result) }
        try demo.send("q")
    }

    /// F7 on the recap, then lesson 8 (UDP) from the picker: the lab lesson's programs are stopped.
    static func openAnotherLesson(_ l: TmuxSession) throws {
        try l.send("F7")
        try l.waitFor(text: "filter>")
        try l.type("udp")
        try l.send("Enter")
        try l.waitFor(text: "UDP")
    }

    /// The pid in an lsof row for nc (`nc 14 nobody 3u IPv4 ... TCP *:9000 (LISTEN)`).
    static func pidOfNc(_ row: String) -> String? {
        let words = row.split(separator: " ").map(String.init).filter { $0 != "●" }
        guard words.count > 1, words[0] == "nc", Int(words[1]) != nil else { return nil }
        return words[1]
    }
}

/// The learner's own terminal in the lab: a second tmux window running an interactive
/// `porttutor shell` as the learner, with `porttutor` on its PATH.
struct LabShellWindow {
    let tmux: TmuxSession
    let target: String

    init(_ tmux: TmuxSession, lab: LabFixture) throws {
        self.tmux = tmux
        target = "\(tmux.target):own"
        var environment = lab.environment
        environment["SHELL"] = "/bin/sh"
        environment["PATH"] = URL(fileURLWithPath: lab.binary).deletingLastPathComponent().path + ":/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"
        let command = LabFixture.asLearner + ["env"] + environment.map { "\($0.key)=\($0.value)" } + [lab.binary, "shell"]
        try tmux.tmux(["new-window", "-d", "-t", tmux.target, "-n", "own", command.map(TmuxSession.quote).joined(separator: " ")])
        try waitFor("the lab's shell") { $0.contains("You are in porttutor's lab") }
    }

    func typeLine(_ line: String) throws {
        try tmux.tmux(["send-keys", "-t", target, "-l", line])
        try tmux.tmux(["send-keys", "-t", target, "Enter"])
    }

    func screen() throws -> String {
        try tmux.tmux(["capture-pane", "-p", "-J", "-t", target])
    }

    func waitFor(_ description: String, seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return }
            usleep(100_000)
        }
        Issue.record("\(description) never showed in the learner's shell:\n\(last)", sourceLocation: sourceLocation)
        throw TmuxError(message: "never shown: \(description)")
    }
}

extension LabFixture {
    /// Waits until `command`, run in the lab on `host`, prints what `condition` wants.
    func waitUntil(_ description: String, on host: String, _ command: [String], seconds: Double = 15,
                   sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try shell(command, on: host).output
            if condition(last) { return }
            usleep(100_000)
        }
        Issue.record("\(description): `\(command.joined(separator: " "))` on \(host) never matched: \(last)", sourceLocation: sourceLocation)
        throw TmuxError(message: "never matched: \(description)")
    }
}
