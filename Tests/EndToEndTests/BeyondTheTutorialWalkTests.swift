import Foundation
import Testing

/// Lessons 6 to 9, each done in a real terminal at 80x24 as a newcomer does it: commands
/// typed in the panes, a mistake and its feedback, a hint, the right answers, the
/// on-your-own step without F4, the recap. Where a lesson says "in a terminal of your
/// own", the learner opens a second tmux window (as `Ctrl-b c` would) and types there.
///
/// Ports: a copy of the shipped lessons with 8080, 8088, 9090, 8089 and 8053 moved to
/// 18680, 18688, 18689, 18687 and 18686 (the lessons helper's range); one session at a time.
@Suite(.serialized) struct BeyondTheTutorialWalkTests {
    static let listenPort = 18680
    static let webPort = 18688
    static let otherPort = 18689
    static let nextPort = 18687
    static let dnsPort = 18686

    /// Lesson 9's port 80, moved to 79 (privileged too): the suites share one network, where
    /// the lab's test watches that no one listens on 80.
    static let privilegedPort = 79

    static func walk(_ lesson: String) throws -> LearnerWalk {
        let folder = try LessonsCopy.make(tag: "beyond", ports: [
            "8080": listenPort, "8088": webPort, "9090": otherPort, "8089": nextPort, "8053": dnsPort,
        ])
        let nine = folder.appendingPathComponent("09-privileged-and-ephemeral-ports.yaml")
        let text = try String(contentsOf: nine, encoding: .utf8)
        try text.replacing(/\b80\b/, with: String(privilegedPort)).write(to: nine, atomically: true, encoding: .utf8)
        return try LearnerWalk(lesson, lessons: folder, webPort: webPort)
    }

    // MARK: Lesson 6

    @Test func lesson6ManyClientsOnePort() throws {
        let walk = try Self.walk("many-clients-one-port")
        defer { walk.finish() }
        let l = walk.tmux
        let port = Self.listenPort

        // 1. -k without -l first: the pane says what is wrong.
        try walk.heading(1, of: 7, "A listener that stays")
        try l.run("nc -k \(port)", in: .listener)
        try l.waitFor(.listener, contains: "nc without -l connects out; this pane listens.")
        try l.typeLine("nc -lk \(port)")
        try l.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try walk.stepDone("A listener that stays")

        try walk.heading(2, of: 7, "The first caller")
        try l.run("telnet localhost \(port)", in: .client)
        try l.waitFor(.client, contains: "Connected to localhost.")
        try walk.stepDone("The first caller")

        // 3. A hint, then the second caller from a terminal of one's own.
        try walk.heading(3, of: 7, "A second caller, at the same time")
        try l.focus(.lesson)
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/3: The first caller, in the Client pane, must stay connected")
        let other = try OtherWindow(l)
        try other.typeLine("telnet localhost \(port)")
        try walk.stepDone("A second caller, at the same time", check: "two callers are connected to port \(port) at once")

        // 4. Two rows with nc's end on the port; a wrong letter, then the right one.
        try walk.heading(4, of: 7, "The four numbers")
        try l.run("ss -tn '( sport = :\(port) )'", in: .connections)
        let table = try l.waitFor(.connections, "two rows on the port") { pane in
            pane.rows.filter { $0.contains("127.0.0.1:\(port) ") && $0.contains("ESTAB") }.count == 2
        }
        try l.focus(.lesson)
        try l.type("c"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: c. Both callers run on this computer")
        try walk.answer("d", expect: "✔ Right. Answered d.")

        // 5. The server's port is not a caller's; a caller's port read off the table is.
        try walk.heading(5, of: 7, "A caller's own port")
        try l.focus(.lesson)
        try l.type("\(port)"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: \(port).")
        let callerPort = try #require(table.rows.lazy.compactMap { Self.peerPort(in: $0, server: port) }.first,
                                      "no caller's port in \(table)")
        try walk.answer(callerPort, expect: "✔ Right.")

        try walk.heading(6, of: 7, "One caller leaves, the listener stays")
        try l.focus(.client)
        try l.send("C-]")
        try l.waitFor(.client, "the telnet> prompt") { $0.rows.last?.hasPrefix("telnet>") == true }
        try l.typeLine("quit")
        try walk.stepDone("One caller leaves, the listener stays")

        // 7. On your own on 18689: a listener that stays, two callers at once.
        try walk.heading(7, of: 7, "On your own: two callers on \(Self.otherPort)")
        try l.focus(.listener)
        try l.send("C-c")
        try l.waitFor(.listener, contains: "(stopped listening)")
        try l.typeLine("nc -lk \(Self.otherPort)")
        try l.run("telnet localhost \(Self.otherPort)", in: .client)
        try l.waitFor(.client, contains: "Connected to localhost.")
        try other.typeLine("nc localhost \(Self.otherPort)")
        try walk.lesson(contains: "✔ Done: On your own: two callers on \(Self.otherPort)", "The recap in")
        try walk.recap(lesson: "Many clients, one port", did: "Kept a listener open for more than one caller with nc -lk.",
                       commands: "nc -lk \(port)", idea: "One listening port serves any number of clients")
    }

    /// The peer port of an `ss -tn` row whose local end is the server's port.
    static func peerPort(in row: String, server: Int) -> String? {
        let words = row.split(separator: " ").map(String.init)
        guard let local = words.firstIndex(of: "127.0.0.1:\(server)"), local + 1 < words.count,
              words[local + 1].hasPrefix("127.0.0.1:") else { return nil }
        return String(words[local + 1].dropFirst("127.0.0.1:".count))
    }

    // MARK: Lesson 7

    @Test func lesson7WhoHoldsThisPort() throws {
        let walk = try Self.walk("who-holds-this-port")
        defer { walk.finish() }
        let l = walk.tmux
        let port = Self.listenPort

        // 1. The forgotten server, in a window of one's own.
        try walk.heading(1, of: 8, "A forgotten server")
        let other = try OtherWindow(l)
        try other.typeLine("nc -l \(port)")
        try walk.stepDone("A forgotten server", check: "a program outside porttutor listens on \(port)")

        try walk.heading(2, of: 8, "Address already in use")
        try l.run("nc -l \(port)", in: .listener)
        // The pane keeps the error's first line in view; the holder's name is a few rows below.
        try l.waitFor(.listener, contains: "nc: Address already in use", "Port \(port) is already in use")
        try walk.stepDone("Address already in use")

        // 3. lsof and fuser in the pane, a wrong answer, the right one.
        try walk.heading(3, of: 8, "Find the holder")
        try l.run("lsof -i :\(port)", in: .connections)
        try l.waitFor(.connections, "lsof's row for nc") { pane in
            pane.contains("COMMAND") && pane.hasRow(["nc", "IPv4", "TCP", "*:\(port)", "(LISTEN)"])
        }
        try l.typeLine("fuser -v \(port)/tcp")
        try l.waitFor(.connections, "fuser's row for nc") { pane in pane.hasRow(["\(port)/tcp:", "F....", "nc"]) }
        try l.focus(.lesson)
        try l.type("porttutor"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: porttutor. porttutor holds its web server and panes")
        try walk.answer("nc", expect: "✔ Right. Answered nc.")

        // 4. Ctrl-C in the other window, then the Listener pane takes the port.
        try walk.heading(4, of: 8, "Stop it, take the port back")
        try other.send("C-c")
        try l.run("nc -l \(port)", in: .listener)
        try l.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try walk.stepDone("Stop it, take the port back")

        // 5. The server hangs up first: TIME-WAIT on its side.
        try walk.heading(5, of: 8, "The goodbye that lingers")
        try l.run("telnet localhost \(port)", in: .client)
        try l.waitFor(.client, contains: "Connected to localhost.")
        try l.focus(.listener)
        try l.send("C-c")
        try l.run("ss -tan", in: .connections)
        try l.waitFor(.connections, "the TIME-WAIT row") { $0.hasRow(["TIME-WAIT", "127.0.0.1:\(port)"]) }
        try walk.stepDone("The goodbye that lingers")

        try walk.heading(6, of: 8, "Restart while it waits")
        try l.run("nc -l \(port)", in: .listener)
        try l.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try walk.stepDone("Restart while it waits")

        try walk.heading(7, of: 8, "Why the restart works")
        try l.focus(.lesson)
        try l.type("a"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: a. SO_KEEPALIVE sends probes")
        try walk.answer("b", expect: "✔ Right. Answered b.")

        // 8. On your own: the web server's port is taken; find who holds it, listen next door.
        try walk.heading(8, of: 8, "On your own: port \(Self.webPort) is taken")
        try l.focus(.listener)
        try l.send("C-c")
        try l.waitFor(.listener, contains: "(stopped listening)")
        try l.typeLine("nc -l \(Self.webPort)")
        try l.waitFor(.listener, contains: "porttutor's own web server")
        try l.run("fuser -v \(Self.webPort)/tcp", in: .connections)
        try l.waitFor(.connections, "the web server's holder") { $0.hasRow(["\(Self.webPort)/tcp:", "F....", "porttutor"]) }
        try l.run("nc -l \(Self.nextPort)", in: .listener)
        try walk.lesson(contains: "✔ Done: On your own: port \(Self.webPort) is taken", "The recap in")
        try walk.recap(lesson: "Who holds this port?", did: "Met \"Address already in use\" from a forgotten server.",
                       commands: "lsof -i :\(port)", idea: "One port, one listener")
    }

    // MARK: Lesson 8

    @Test func lesson8UDP() throws {
        let walk = try Self.walk("udp")
        defer { walk.finish() }
        let l = walk.tmux
        let port = Self.listenPort

        try walk.heading(1, of: 8, "Listen for datagrams")
        try l.run("nc -lu \(port)", in: .listener)
        try l.waitFor(.listener, contains: "Bound on 127.0.0.1 \(port) (UDP)")
        try walk.stepDone("Listen for datagrams")

        try walk.heading(2, of: 8, "Watch the loopback")
        try l.run("tcpdump -A -nn -i lo udp port \(port)", in: .packets)
        try l.waitFor(.packets, contains: "listening on lo")
        try walk.stepDone("Watch the loopback")

        try walk.heading(3, of: 8, "Send a datagram")
        try l.run("nc -u localhost \(port)", in: .client)
        try l.waitFor(.client, contains: "UDP has no connection")
        try l.typeLine("hello over UDP")
        try l.waitFor(.listener, contains: "hello over UDP")
        try l.waitFor(.packets, contains: "UDP, length 15")
        try walk.stepDone("Send a datagram")

        try walk.heading(4, of: 8, "No handshake, no receipt")
        try l.focus(.lesson)
        try l.type("3"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 3. Three is TCP's handshake.")
        try walk.answer("0", expect: "✔ Right. Answered 0.")

        // 5. UDP rows: the listener UNCONN; LISTEN first, which is TCP's.
        try walk.heading(5, of: 8, "UDP in the table")
        try l.run("ss -uan", in: .connections)
        try l.waitFor(.connections, "the UDP listener's row") { $0.hasRow(["UNCONN", "127.0.0.1:\(port)"]) }
        try l.focus(.lesson)
        try l.type("LISTEN"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: LISTEN. LISTEN belongs to TCP")
        try walk.answer("UNCONN", expect: "✔ Right.")

        // 6. The listener stopped, a line sent anyway: lost.
        try walk.heading(6, of: 8, "A datagram nobody hears")
        try l.focus(.listener)
        try l.send("C-c")
        try l.waitFor(.listener, contains: "(stopped listening)")
        try l.run("is anybody there", in: .client)
        try walk.stepDone("A datagram nobody hears")

        try walk.heading(7, of: 8, "DNS, the UDP everybody uses")
        try l.focus(.lesson)
        try l.type("5353"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 5353. 5353 is multicast DNS")
        try walk.answer("53", expect: "✔ Right. Answered 53.")

        // 8. On your own: a DNS question from dig in a window of one's own.
        try walk.heading(8, of: 8, "On your own: be a DNS server")
        try l.run("nc -lu \(Self.dnsPort)", in: .listener)
        try l.waitFor(.listener, contains: "Bound on 127.0.0.1 \(Self.dnsPort) (UDP)")
        let other = try OtherWindow(l)
        try other.typeLine("dig @127.0.0.1 -p \(Self.dnsPort) +tries=1 +time=2 example.com")
        try walk.lesson(contains: "✔ Done: On your own: be a DNS server", "The recap in")
        try walk.recap(lesson: "UDP, the other kind of port", did: "Caught a DNS question from dig.",
                       commands: "ss -uan", idea: "UDP sends each datagram alone")
    }

    // MARK: Lesson 9

    @Test func lesson9PrivilegedAndEphemeralPorts() throws {
        let walk = try Self.walk("privileged-and-ephemeral-ports")
        defer { walk.finish() }
        let l = walk.tmux

        // 1. Port 80 (79 here): as root it listens (the tests run as root, in their own network).
        let low = Self.privilegedPort
        try walk.heading(1, of: 5, "Ask for port \(low)")
        try l.run("nc -l \(low)", in: .listener)
        try l.waitFor(.listener, "an answer from the kernel") { pane in
            pane.contains("Listening on 127.0.0.1 \(low)") || pane.contains("Permission denied") || pane.contains("already in use")
        }
        try walk.stepDone("Ask for port \(low)")

        try walk.heading(2, of: 5, "Below 1024")
        try l.focus(.lesson)
        try l.type("1023"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 1023. 1023 is the last privileged port.")
        try walk.answer("1024", expect: "✔ Right. Answered 1024.")

        try walk.heading(3, of: 5, "The ports the kernel lends")
        try l.type("d"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: d. 61000 is just past the end")
        try walk.answer("c", expect: "✔ Right. Answered c.")

        try walk.heading(4, of: 5, "Running out")
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/1: Subtract the first from the last, then add one.")
        try walk.answer("28232", expect: "✔ Right. Answered 28232.")

        // 5. On your own: a connection to the web server, its borrowed port read off ss.
        try walk.heading(5, of: 5, "On your own: a borrowed port")
        try l.run("telnet localhost \(Self.webPort)", in: .client)
        try l.waitFor(.client, contains: "Connected to localhost.")
        try l.run("ss -tn", in: .connections)
        let table = try l.waitFor(.connections, "the client's row") { pane in
            pane.rows.contains { Self.localPort(in: $0, peer: Self.webPort) != nil }
        }
        let lent = try #require(table.rows.lazy.compactMap { Self.localPort(in: $0, peer: Self.webPort) }.first,
                                "no client row in \(table)")
        try l.focus(.lesson)
        try l.type(lent); try l.send("Enter")
        try walk.lesson(contains: "✔ Right. Yes: your client really got port \(lent)", "Press Enter (or F5) for the recap.")
        try walk.recap(lesson: "Privileged and ephemeral ports", did: "Asked for port \(low)",
                       commands: "nc -l \(low)", idea: "Ports below 1024 are guarded by the kernel")
    }

    // MARK: Demo mode

    /// Lesson 8 presented at 80x24 with the presenter's keys: each step typed by Space,
    /// its result shown and its check ticked; at the step for a terminal of one's own, the
    /// status bar says what to type there (the presenter's own terminal does it).
    @Test func lesson8PresentedInDemoMode() throws {
        let lessons = try LessonsCopy.make(tag: "beyond-demo", ports: ["8080": Self.listenPort, "8088": Self.webPort, "8053": Self.dnsPort])
        defer { try? FileManager.default.removeItem(at: lessons) }
        let tmux = try TmuxSession(["--demo", "udp", "--lessons", lessons.path, "--web-port", "\(Self.webPort)"], columns: 80, rows: 24)
        let port = Self.listenPort
        try tmux.waitFor(text: "DEMO · 8.1")
        for _ in 0..<5 { try tmux.send("+") }
        try tmux.send("Space")
        try tmux.waitFor(text: "✔ nc is bound to UDP port \(port)")
        try tmux.send("Space")
        try tmux.waitFor(text: "✔ tcpdump watches port \(port) on the loopback")
        try tmux.send("Space")
        try tmux.waitFor("the datagram received, both checks ticked") { s in
            s.contains("✔ the listener receives your line") && s.contains("✔ a UDP packet carries it to port \(port)")
        }
        try tmux.send("Space")
        try tmux.waitFor(text: "Question: How many packets went between the two programs before your line?")
        try tmux.presenterNext(until: "DEMO · 8.5")
        // ss -uan typed: the listener UNCONN, nc -u's socket ESTAB (a remembered peer).
        try tmux.send("Space")
        try tmux.waitFor("the UDP table") { s in
            s.contains("UNCONN 0      0          127.0.0.1:\(port)") && s.contains("$ ss -uan")
        }
        try tmux.presenterNext(until: "DEMO · 8.6")
        try tmux.send("Space")
        try tmux.waitFor(text: "✔ a datagram goes to port \(port) while nothing is bound there")
        try tmux.send("Space")
        try tmux.waitFor(text: "Question: Which port do DNS servers listen on?")
        try tmux.presenterNext(until: "DEMO · 8.8")
        try tmux.send("Space")
        try tmux.waitFor(text: "In a terminal of your own, type:")
        try tmux.send("q")
        let exit = try tmux.waitForExit()
        #expect(exit.status == "EXIT=0")
    }

    /// The local port of an `ss -tn` row whose peer is the server's port.
    static func localPort(in row: String, peer: Int) -> String? {
        let words = row.split(separator: " ").map(String.init)
        guard let remote = words.firstIndex(of: "127.0.0.1:\(peer)"), remote > 0,
              words[remote - 1].hasPrefix("127.0.0.1:") else { return nil }
        return String(words[remote - 1].dropFirst("127.0.0.1:".count))
    }
}

/// A second window in the learner's tmux, a shell of their own beside porttutor: what
/// `Ctrl-b c` opens. Not selected, so the screen read back stays porttutor's.
struct OtherWindow {
    let tmux: TmuxSession
    let target: String

    init(_ tmux: TmuxSession) throws {
        self.tmux = tmux
        target = "\(tmux.target):own"
        try tmux.tmux(["new-window", "-d", "-t", tmux.target, "-n", "own", "sh"])
    }

    func typeLine(_ line: String) throws {
        try tmux.tmux(["send-keys", "-t", target, "-l", line])
        try tmux.tmux(["send-keys", "-t", target, "Enter"])
    }

    func send(_ key: String) throws {
        try tmux.tmux(["send-keys", "-t", target, key])
    }
}
