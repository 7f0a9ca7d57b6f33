import Foundation
import Testing

/// The five panes with real tools on real sockets: porttutor in tmux on one side, and on
/// the other its own panes or real programs (`nc`, `curl`, `tcpdump -r`) run by the test.
///
/// Ports: only 18500-18518 here (other suites run at the same time), and the built-in web
/// server on 18519. The suite is serialized, so no two of these sessions overlap.
@Suite(.serialized) struct PanesEndToEndTests {
    static let webPort = "18519"

    // MARK: 1. Chat: nc -l in the Listener pane, telnet in the Client pane

    @Test func telnetAndNcChatBothWaysAndCloseWithTelnetsEscape() throws {
        let port = 18500
        let tmux = try TmuxSession.panes()
        try tmux.run("nc -l \(port)", in: .listener)
        try tmux.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")

        try tmux.run("telnet localhost \(port)", in: .client)
        try tmux.waitFor(.client, contains: "Connected to localhost.", "Escape character is '^]'.")
        try tmux.waitFor(.listener, contains: "Connection received on 127.0.0.1")

        // Each line typed on one side shows on the other; telnet's CRLF shows as a plain line end.
        try tmux.typeLine("hello-from-telnet")
        try tmux.waitFor(.listener, contains: "hello-from-telnet")
        try tmux.focus(.listener)
        try tmux.typeLine("hello-from-nc")
        try tmux.waitFor(.client, contains: "hello-from-nc")
        try tmux.typeLine("second-from-nc")
        try tmux.waitFor(.client, contains: "second-from-nc")
        try tmux.focus(.client)
        try tmux.typeLine("second-from-telnet")
        let listener = try tmux.waitFor(.listener, contains: "second-from-telnet")
        #expect(!listener.joined.contains("␍"), "telnet's CR showed as a character: \(listener.joined)")
        #expect(listener.rows.contains("hello-from-telnet"), "the received line is a line of its own")

        // Ctrl-] then quit: telnet's own words, and the listener sees its peer go.
        try tmux.send("C-]")
        try tmux.waitFor(.client, "the telnet> prompt") { $0.rows.last?.hasPrefix("telnet>") == true }
        try tmux.typeLine("quit")
        try tmux.waitFor(.client, contains: "Connection closed.")
        try tmux.waitFor(.client, "the shell prompt back") { $0.rows.last?.hasPrefix("$") == true }
        try tmux.waitFor(.listener, contains: "Connection closed by 127.0.0.1", "nc exits")

        try tmux.quitAndCheckTerminal()
    }

    // MARK: 1b. nc -lk serves several real clients, and its title follows them

    @Test func keepListeningServesTwoRealClientsAndTheTitleFollowsThem() throws {
        let port = 18508
        let tmux = try TmuxSession.panes()
        try tmux.run("nc -lk \(port)", in: .listener)
        try tmux.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try tmux.waitFor(.listener, "the title saying it listens") { $0.title.contains("listening on port \(port)") }

        let first = try BackgroundProcess(["nc", "127.0.0.1", "\(port)"])
        try tmux.waitFor(.listener, "the first client in the title") { $0.title.contains("connected to 127.0.0.1:") }
        let second = try BackgroundProcess(["nc", "127.0.0.1", "\(port)"])
        try tmux.waitFor(.listener, "both clients in the title") { $0.title.contains("2 clients connected") }
        try first.write("line-from-the-first\n")
        try second.write("line-from-the-second\n")
        try tmux.waitFor(.listener, contains: "line-from-the-first", "line-from-the-second")
        try tmux.typeLine("to-everyone")
        try first.waitForOutput("to-everyone\n")
        try second.waitForOutput("to-everyone\n")

        first.stop()
        try tmux.waitFor(.listener, "one client left in the title") { $0.title.contains("connected to 127.0.0.1:") }
        second.stop()
        let idle = try tmux.waitFor(.listener, "the title back to listening") { $0.title.contains("listening on port \(port)") }
        #expect(idle.joined.components(separatedBy: "Connection closed by 127.0.0.1").count - 1 == 2, "\(idle.rows)")
        #expect(idle.rows.last?.hasPrefix("$") != true, "nc -lk still runs, so no shell prompt: \(idle.rows)")
        try tmux.send("C-c")
        try tmux.waitFor(.listener, "the shell prompt back") { $0.rows.last?.hasPrefix("$") == true }
        try tmux.quitAndCheckTerminal()
    }

    // MARK: 2. A real client sends escape sequences and garbage

    @Test func escapeSequencesAndGarbageFromARealClientShowAsPlaceholders() throws {
        let port = 18501
        let tmux = try TmuxSession.panes()
        let titleBefore = try tmux.paneTitle()
        try tmux.run("nc -l \(port)", in: .listener)
        try tmux.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        let peer = try BackgroundProcess(["nc", "127.0.0.1", "\(port)"])
        try tmux.waitFor(.listener, contains: "Connection received on 127.0.0.1")

        // First a line longer than any buffer: it arrives whole, wrapped, and nothing after it is lost.
        try tmux.send("F2")
        try peer.write(String(repeating: "L", count: 5000) + "\nafter-long-line\n")
        let long = try tmux.waitFor(.listener, "the long line and the one after it") { pane in
            pane.rows.contains("after-long-line") && pane.rows.filter(Self.isAllL).joined().count >= 5000
        }
        #expect(long.rows.filter(Self.isAllL).joined().count == 5000, "\(long.rows)")

        var bytes: [UInt8] = []
        func line(_ parts: [UInt8]...) { bytes += parts.joined() + [0x0A] }
        func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }
        line(ascii("before"), [0x1B], ascii("[2Jclear"))
        line(ascii("title"), [0x1B], ascii("]0;owned"), [0x07], ascii("after"))
        line([0x1B], ascii("[31mred-text"))
        line(ascii("c0:"), (0x00...0x1F).filter { $0 != 0x0A && $0 != 0x0D }, ascii(":end"))
        line(ascii("del-c1:"), Array(0x7F...0x9F), ascii(":end"))
        line(ascii("utf8-c1:"), (0x80...0x9F).flatMap { [0xC2, UInt8($0)] }, ascii(":end"))
        line(ascii("bad-utf8:"), [0xFF, 0xFE, 0xC3], ascii("("), [0xED, 0xA0, 0x80], ascii(":end"))
        line(ascii("end-marker"))
        try peer.write(bytes)

        // C0 controls show as their control pictures (␀…␟); a tab is a space.
        var c0 = ""
        for byte: UInt32 in 0x00...0x1F where byte != 0x0A && byte != 0x0D {
            c0.unicodeScalars.append(byte == 0x09 ? " " : UnicodeScalar(0x2400 + byte)!)
        }
        let expected = [
            "before␛[2Jclear",
            "title␛]0;owned␇after",
            "␛[31mred-text",
            "c0:\(c0):end",
            "del-c1:␡" + String(repeating: "\u{FFFD}", count: 32) + ":end",
            "utf8-c1:" + String(repeating: "␦", count: 32) + ":end",
            "bad-utf8:\u{FFFD}\u{FFFD}\u{FFFD}(\u{FFFD}\u{FFFD}\u{FFFD}:end",
            "end-marker",
        ]
        let shown = try tmux.waitFor(.listener, contains: "end-marker")
        for text in expected {
            #expect(shown.rows.contains(text), "expected the row \(text.debugDescription); the pane:\n\(shown.rows.joined(separator: "\n"))")
        }

        // Nothing reached the terminal: every pane and the footer are where they were,
        // the screen was not cleared, and the window title is unchanged.
        try tmux.send("F2")
        let screen = try tmux.waitFor("all five panes again") { s in Self.titles.allSatisfy(s.contains) }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let top = lines.first ?? ""
        #expect(top.contains("1 Lesson") && top.contains("2 Listener") && top.contains("3 Client"),
                "the top row lost its titles:\n\(screen)")
        #expect(screen.contains("Step 1/"), "the Lesson pane lost its text:\n\(screen)")
        #expect(screen.contains("F10 quit"), "the footer is gone:\n\(screen)")
        #expect(lines.count == 50 || (lines.count == 51 && lines.last == ""), "rows: \(lines.count)")
        let title = try tmux.paneTitle()
        #expect(title == titleBefore && !title.contains("owned"), "the terminal title changed: \(title)")
        let listener = try tmux.paneText(.listener)
        #expect(listener?.joined.contains("end-marker") == true)

        // A line with no newline yet is shown at once, and just as safely.
        try peer.write([0x1B] + Array("]0;owned-too".utf8) + [0x07] + Array("unfinished".utf8) + [0x1B, 0x5B, 0x48])
        try tmux.waitFor(.listener, "the unfinished line") { $0.rows.last == "␛]0;owned-too␇unfinished␛[H" }
        #expect(try tmux.paneTitle() == titleBefore)

        peer.stop()
        try tmux.waitFor(.listener, contains: "Connection closed by 127.0.0.1")
        try tmux.quitAndCheckTerminal()
    }

    static func isAllL(_ row: String) -> Bool { !row.isEmpty && row.allSatisfy { $0 == "L" } }

    // MARK: 3. Real curl against the Listener pane

    @Test func realCurlAsksTheListenerPaneAndGetsTheTypedResponse() throws {
        let port = 18502
        let tmux = try TmuxSession.panes()
        try tmux.run("nc -l \(port)", in: .listener)
        try tmux.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")

        let curl = try BackgroundProcess(["curl", "-s", "-m", "60", "http://127.0.0.1:\(port)/lesson/path?x=1"])
        let request = try tmux.waitFor(.listener, contains: "GET /lesson/path?x=1 HTTP/1.1", "Host: 127.0.0.1:\(port)",
                                       "User-Agent: curl/", "Accept: */*")
        #expect(!request.joined.contains("␍"), "CRLF showed as a character: \(request.joined)")

        for line in ["HTTP/1.0 200 OK", "Content-Type: text/plain", "", "typed by hand in the Listener pane"] {
            try tmux.typeLine(line)
        }
        try tmux.waitFor(.listener, contains: "typed by hand in the Listener pane")
        try tmux.send("C-c")
        try tmux.waitFor(.listener, contains: "^C")
        try tmux.waitFor(.listener, "the shell prompt back") { $0.rows.last?.hasPrefix("$") == true }

        let status = curl.waitForExit(seconds: 30)
        #expect(status == 0, "curl exited with \(status.map(String.init) ?? "nothing"): \(curl.output)")
        #expect(curl.output.contains("typed by hand in the Listener pane"), "curl printed: \(curl.output)")
        #expect(!curl.output.contains("HTTP/1.0 200 OK"), "the status line is not part of the body")
        try tmux.quitAndCheckTerminal()
    }

    // MARK: 4. The Client pane talks to a real nc -l

    @Test func clientPaneTalksToARealNetcatListener() throws {
        let port = 18503
        let server = try BackgroundProcess(["nc", "-l", "127.0.0.1", "\(port)"])
        try waitUntilListening(port: port)
        let tmux = try TmuxSession.panes()
        try tmux.run("nc -v 127.0.0.1 \(port)", in: .client)
        try tmux.waitFor(.client, contains: "Connection to 127.0.0.1 (127.0.0.1) \(port) port [tcp/*] succeeded!")

        try tmux.typeLine("from-the-client-pane")
        try server.waitForOutput("from-the-client-pane\n")
        try server.write("from-real-nc\n")
        try tmux.waitFor(.client, contains: "from-real-nc")
        try tmux.typeLine("second-from-the-pane")
        try server.waitForOutput("second-from-the-pane\n")
        try server.write("second-from-real-nc\n")
        let client = try tmux.waitFor(.client, contains: "second-from-real-nc")
        #expect(client.rows.contains("from-real-nc"), "a received line is a row of its own: \(client.rows)")
        #expect(server.output == "from-the-client-pane\nsecond-from-the-pane\n", "nc received: \(server.output.debugDescription)")

        // A prompt with no newline shows at once, as in a terminal, and the rest of the line joins it.
        try server.write("password: ")
        try tmux.waitFor(.client, "the unfinished line") { $0.rows.last == "password:" }
        try server.write("accepted\n")
        let finished = try tmux.waitFor(.client, contains: "password: accepted")
        #expect(!finished.rows.contains("password:"), "the unfinished line stayed: \(finished.rows)")

        // Ctrl-C stops the pane's nc; the real nc sees the connection end and exits.
        try tmux.send("C-c")
        try tmux.waitFor(.client, "the shell prompt back") { $0.rows.last?.hasPrefix("$") == true }
        #expect(server.waitForExit(seconds: 15) != nil, "the real nc -l did not see the connection close")
        try tmux.quitAndCheckTerminal()
    }

    // MARK: 5. The Connections pane reads the kernel's real table

    @Test func connectionsPaneShowsTheChatAndARealListener() throws {
        let port = 18504, otherPort = 18514
        let tmux = try TmuxSession.panes()
        try tmux.run("nc -l \(port)", in: .listener)
        try tmux.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try tmux.run("nc 127.0.0.1 \(port)", in: .client)
        let accepted = try tmux.waitFor(.listener, contains: "Connection received on 127.0.0.1")
        guard let match = accepted.joined.firstMatch(of: /Connection received on 127\.0\.0\.1 (\d+)/) else {
            Issue.record("no client port in: \(accepted.joined)")
            return
        }
        let ephemeral = String(match.1)
        let server = "127.0.0.1:\(port)", client = "127.0.0.1:\(ephemeral)"

        try tmux.run("ss -tan | grep \(port)", in: .connections)
        try tmux.waitFor(.connections, "both ends of the chat, ESTAB") { pane in
            pane.hasRow(["ESTAB", server, client]) && pane.hasRow(["ESTAB", client, server])
        }
        try tmux.run("ss -tan '( sport = :\(port) or dport = :\(port) )'", in: .connections)
        try tmux.waitFor(.connections, "the chat through an ss filter") { pane in
            pane.hasRow(["State", "Local", "Peer"]) && pane.hasRow(["ESTAB", server, client]) && pane.hasRow(["ESTAB", client, server])
        }
        try tmux.run("netstat -tn | grep \(port)", in: .connections)
        try tmux.waitFor(.connections, "both ends of the chat, ESTABLISHED") { pane in
            pane.hasRow(["tcp", server, client, "ESTABLISHED"]) && pane.hasRow(["tcp", client, server, "ESTABLISHED"])
        }
        try tmux.run("ss -tan", in: .connections)
        // On a machine with other traffic on 8080 (the lesson's port), a long table opens
        // on those rows first and says how many more there are.
        try tmux.waitFor(.connections, "the whole table") { pane in
            pane.hasRow(["State", "Recv-Q", "Send-Q", "Local", "Peer"]) && (pane.hasRow(["LISTEN"]) || pane.hasRow(["more", "rows"]))
        }

        // A listener porttutor did not make, found with its program's name.
        let real = try BackgroundProcess(["nc", "-l", "127.0.0.1", "\(otherPort)"])
        try waitUntilListening(port: otherPort)
        try tmux.run("ss -tan | grep \(otherPort)", in: .connections)
        try tmux.waitFor(.connections, "the real nc's LISTEN row") { $0.hasRow(["LISTEN", "127.0.0.1:\(otherPort)"]) }
        try tmux.run("ss -tlnp | grep \(otherPort)", in: .connections)
        let named = try tmux.waitFor(.connections, "the real nc named with its pid") { pane in
            pane.hasRow(["LISTEN", "127.0.0.1:\(otherPort)"]) && pane.contains("users:((\"nc\",pid=\(real.pid),")
        }
        #expect(!named.hasRow(["ESTAB"]), "-l shows listening sockets only: \(named.rows)")

        real.stop()
        try tmux.quitAndCheckTerminal()
    }

    // MARK: 6. The Packets pane: tcpdump on loopback, errors, -w

    @Test func packetsPaneCapturesAChatAndExplainsItsErrors() throws {
        let port = 18505
        let tmux = try TmuxSession.panes()
        try tmux.run("tcpdump -A -nn -i lo port \(port)", in: .packets)
        try tmux.waitFor(.packets, contains: "listening on lo")

        try tmux.run("nc -l \(port)", in: .listener)
        try tmux.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try tmux.run("telnet 127.0.0.1 \(port)", in: .client)
        try tmux.waitFor(.client, contains: "Connected to 127.0.0.1.")
        try tmux.waitFor(.packets, "the handshake") { pane in
            pane.contains("> 127.0.0.1.\(port): Flags [S],") && pane.contains("127.0.0.1.\(port) > ")
                && pane.contains("Flags [S.],")
        }
        try tmux.typeLine("words-inside-a-packet")
        try tmux.waitFor(.listener, contains: "words-inside-a-packet")
        let data = try tmux.waitFor(.packets, "the typed words in a packet") { $0.contains("words-inside-a-packet") }
        #expect(data.contains("Flags [P.]"), "the data packet: \(data.rows)")
        #expect(data.contains("length 23"), "21 characters and telnet's CRLF: \(data.rows)")
        // Ctrl-C goes to the other side, as with the real telnet; Ctrl-] then quit leaves.
        try tmux.focus(.client)
        try tmux.send("C-c")
        try tmux.waitFor(text: "telnet passes Ctrl-C to the other side; leave with Ctrl-] then quit")
        #expect(try tmux.paneText(.client)?.title.contains("connected to 127.0.0.1:\(port)") == true, "telnet is still connected")
        try tmux.send("C-]")
        try tmux.waitFor(.client, "the telnet> prompt") { $0.rows.last?.hasPrefix("telnet>") == true }
        try tmux.typeLine("quit")
        try tmux.waitFor(.client, "the shell prompt back") { $0.rows.last?.hasPrefix("$") == true }

        try tmux.focus(.packets)
        try tmux.send("C-c")
        let stopped = try tmux.waitFor(.packets, "the packet count") { $0.joined.contains("packets captured") }
        let count = stopped.joined.firstMatch(of: /(\d+) packets captured/).flatMap { Int($0.1) } ?? 0
        #expect(count >= 4, "at least SYN, SYN-ACK, ACK and the data: \(stopped.joined)")
        try tmux.waitFor(.packets, "the shell prompt back") { $0.rows.last?.hasPrefix("$") == true }

        // tcpdump's mistakes, explained.
        try tmux.typeLine("tcpdump -i nosuchif")
        try tmux.waitFor(.packets, contains: "There is no network interface called \"nosuchif\"", "Interfaces here:")
        let badFilter = "port 99999"
        let libpcap = try Command.run(["tcpdump", "-i", "lo", "-d", badFilter]).output
            .split(separator: "\n").first.map { String($0.replacingOccurrences(of: "tcpdump: ", with: "")) } ?? ""
        #expect(libpcap.contains("99999"), "the real tcpdump says: \(libpcap)")
        try tmux.typeLine("tcpdump -i lo '\(badFilter)'")
        try tmux.waitFor(.packets, contains: "is not a valid tcpdump expression", libpcap)

        // -w writes a file the real tcpdump reads.
        let filePort = 18506
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-e2e-\(getpid())-\(filePort).pcap").path
        defer { unlink(path) }
        try tmux.typeLine("tcpdump -i lo -w \(path) port \(filePort)")
        try tmux.waitFor(.packets, contains: "listening on lo")
        let real = try BackgroundProcess(["nc", "-l", "127.0.0.1", "\(filePort)"])
        try waitUntilListening(port: filePort)
        try tmux.run("nc 127.0.0.1 \(filePort)", in: .client)
        // Without -v, nc says nothing on connecting; the pane's title does.
        let connected = try tmux.waitFor(.client, "connected, in the title") { $0.title.contains("connected to 127.0.0.1:\(filePort)") }
        #expect(!connected.contains("succeeded"), "only nc -v says so: \(connected)")
        try tmux.typeLine("written-to-a-file")
        try real.waitForOutput("written-to-a-file")
        try tmux.focus(.packets)
        try tmux.send("C-c")
        let written = try tmux.waitFor(.packets, "the file's packet count") { $0.joined.contains(" written to \(path)") }
        let writtenCount = written.joined.firstMatch(of: /(\d+) packets? written to/).flatMap { Int($0.1) } ?? -1
        #expect(writtenCount >= 4, "at least the handshake and the line: \(written.joined)")
        #expect(!written.joined.contains("0 packets captured"), "the stop line contradicts itself: \(written.joined)")
        let read = try Command.run(["tcpdump", "-nn", "-A", "-r", path])
        #expect(read.status == 0, "tcpdump -r: \(read.output)")
        #expect(read.output.contains("Flags [S],") && read.output.contains("written-to-a-file"), "tcpdump -r read:\n\(read.output)")
        let summaries = try Command.run(["tcpdump", "-nn", "-r", path]).output
            .split(separator: "\n").filter { $0.contains(" IP 127.0.0.1.") }
        #expect(summaries.count == writtenCount, "\(writtenCount) written, tcpdump -r read \(summaries.count)")

        try tmux.focus(.client)
        try tmux.send("C-c")
        real.stop()
        try tmux.quitAndCheckTerminal()
    }

    // MARK: 7. Address already in use, and who holds it

    @Test func addressInUseNamesTheRealHolder() throws {
        let port = 18507
        let holder = try BackgroundProcess(["nc", "-l", "127.0.0.1", "\(port)"])
        try waitUntilListening(port: port)
        let tmux = try TmuxSession.panes()
        try tmux.run("nc -l \(port)", in: .listener)
        let pane = try tmux.waitFor(.listener, contains: "Address already in use", "It is held by: nc (pid \(holder.pid))")
        #expect(!pane.contains("Listening on"), "nothing listens after a failed bind: \(pane.rows)")
        try tmux.waitFor(.listener, "the shell prompt back") { $0.rows.last?.hasPrefix("$") == true }
        holder.stop()
        try tmux.quitAndCheckTerminal()
    }
}

// MARK: - Reading one pane of the wide layout

enum PaneName: Int, CaseIterable {
    case lesson = 1, listener, client, connections, packets

    var title: String {
        switch self {
        case .lesson: "Lesson"
        case .listener: "Listener"
        case .client: "Client"
        case .connections: "Connections"
        case .packets: "Packets"
        }
    }
}

/// One pane's rows as the screen shows them (title bar left out, input line included).
struct PaneText: CustomStringConvertible {
    var rows: [String]
    /// The pane's title bar: its name and status ("─ ▶2 Listener ─listening on …").
    var title = ""

    /// The rows joined with spaces: a line the pane wrapped at a space reads back whole.
    var joined: String { rows.joined(separator: " ") }

    func contains(_ text: String) -> Bool { joined.contains(text) }

    /// Whether one row has these words in this order (columns of a table).
    func hasRow(_ words: [String]) -> Bool {
        rows.contains { row in
            var wanted = words[...]
            for word in row.split(separator: " ") where wanted.first == String(word) {
                wanted = wanted.dropFirst()
            }
            return wanted.isEmpty
        }
    }

    var description: String { rows.joined(separator: "\n") }
}

extension PanesEndToEndTests {
    static let titles = PaneName.allCases.map { "\($0.rawValue) \($0.title)" }
}

extension TmuxSession {
    /// porttutor as these tests run it: wide enough for every pane, its own web port.
    static func panes(sourceLocation: SourceLocation = #_sourceLocation) throws -> TmuxSession {
        let session = try TmuxSession(["tutor", "--web-port", PanesEndToEndTests.webPort], columns: 160, rows: 50)
        try session.waitFor("all five panes", sourceLocation: sourceLocation) { s in
            PanesEndToEndTests.titles.allSatisfy(s.contains)
        }
        return session
    }

    /// Finds a pane by its title bar and cuts its rows out of the screen. The panes are
    /// told apart by the `│` between them, so a wide character does not shift columns.
    static func pane(_ pane: PaneName, in screen: String) -> PaneText? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let marks = ["─ ▶\(pane.rawValue) \(pane.title)", "─  \(pane.rawValue) \(pane.title)"]
        guard let top = lines.firstIndex(where: { line in marks.contains { line.contains($0) } }),
              let mark = marks.compactMap({ lines[top].range(of: $0) }).first else { return nil }
        let column = lines[top][..<mark.lowerBound].filter { $0 == "│" }.count
        var rows: [String] = []
        // The last screen row is the footer, not a pane.
        for line in lines[(top + 1)..<max(top + 1, lines.count - 1)] {
            let segments = line.split(separator: "│", omittingEmptySubsequences: false)
            let segment = segments.count > column ? String(segments[column]) : ""
            if segment.wholeMatch(of: /─ [ ▶][1-5] .*/) != nil { break }
            rows.append(String(segment.reversed().drop { $0 == " " }.reversed()))
        }
        while rows.last == "" { rows.removeLast() }
        let titleSegments = lines[top].split(separator: "│", omittingEmptySubsequences: false)
        return PaneText(rows: rows, title: titleSegments.count > column ? String(titleSegments[column]) : "")
    }

    func paneText(_ pane: PaneName) throws -> PaneText? {
        Self.pane(pane, in: try screen())
    }

    /// Waits until a pane satisfies `condition`; returns the pane as it then was.
    @discardableResult
    func waitFor(_ pane: PaneName, _ description: String, seconds: Double = 20,
                 sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (PaneText) -> Bool) throws -> PaneText {
        let screen = try waitFor("\(description) in the \(pane.title) pane", seconds: seconds,
                                 sourceLocation: sourceLocation) { screen in
            Self.pane(pane, in: screen).map(condition) ?? false
        }
        return Self.pane(pane, in: screen) ?? PaneText(rows: [])
    }

    @discardableResult
    func waitFor(_ pane: PaneName, contains texts: String..., seconds: Double = 20,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> PaneText {
        let quoted = texts.map { "\"\($0)\"" }.joined(separator: ", ")
        return try waitFor(pane, quoted, seconds: seconds, sourceLocation: sourceLocation) { text in
            texts.allSatisfy(text.contains)
        }
    }

    /// Gives a pane the focus (Alt-N) and waits for its title to show it.
    /// Show me may still be typing in its own pane, and takes the focus back as it types:
    /// the key is pressed again until the pane keeps it, as a person would.
    func focus(_ pane: PaneName, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let focused = "▶\(pane.rawValue) \(pane.title)"
        for _ in 0..<4 {
            try send("M-\(pane.rawValue)")
            let deadline = Date().addingTimeInterval(3)
            while Date() < deadline {
                if try screen().contains(focused) { return }
                usleep(50_000)
            }
        }
        try send("M-\(pane.rawValue)")
        try waitFor(text: focused, sourceLocation: sourceLocation)
    }

    /// Types a line and Enter into the focused pane.
    func typeLine(_ line: String) throws {
        if !line.isEmpty { try type(line) }
        try send("Enter")
    }

    /// Focuses a pane and types a command line into it.
    func run(_ line: String, in pane: PaneName, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try focus(pane, sourceLocation: sourceLocation)
        try typeLine(line)
    }

    /// The title tmux keeps for the pane (what an OSC 0 sequence would change).
    func paneTitle() throws -> String {
        try tmux(["display-message", "-p", "-t", target, "#{pane_title}"]).trimmingCharacters(in: .newlines)
    }

    /// F10, then porttutor must exit with status 0 and leave the terminal sane.
    func quitAndCheckTerminal(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try send("F10")
        let exit = try waitForExit(sourceLocation: sourceLocation)
        #expect(exit.status == "EXIT=0", "porttutor ended with \(exit.status)", sourceLocation: sourceLocation)
        #expect(terminalIsSane(exit.stty), "the terminal was left broken: \(exit.stty)", sourceLocation: sourceLocation)
    }
}

/// The pane reader itself, on a screen written by hand: a wrong cut would let a test see
/// one pane's text in another (a line typed in the Client pane "received" by the Listener).
@Suite struct PaneReaderTests {
    static let screen = """
    ─ ▶1 Lesson ─────│─  2 Listener ─ listening ─│─  3 Client ───
    Step 1/5: ports  │$ nc -l 18500             │$ telnet localhost 18500
    a ␛ wide ✓ line  │Connection received on 1  │Connected to localhost.
                     │from-the-client           │from-the-client
                     │$                         │$
    tail of lesson   │─  4 Connections ─ 2 rows ──────────
                     │  State Local Peer
                     │  ESTAB 127.0.0.1:1 127.0.0.1:2
                     │$
                     │─  5 Packets ──────────────────────
                     │listening on lo
                     │$
     F1 help  F10 quit
    """

    @Test func cutsEachPaneOutByItsTitleAndTheBarsBetweenPanes() throws {
        let listener = try #require(TmuxSession.pane(.listener, in: Self.screen))
        #expect(listener.rows == ["$ nc -l 18500", "Connection received on 1", "from-the-client", "$"])
        #expect(listener.title == "─  2 Listener ─ listening ─")
        let client = try #require(TmuxSession.pane(.client, in: Self.screen))
        #expect(client.rows == ["$ telnet localhost 18500", "Connected to localhost.", "from-the-client", "$"])
        let lesson = try #require(TmuxSession.pane(.lesson, in: Self.screen))
        #expect(lesson.rows.first == "Step 1/5: ports")
        #expect(lesson.rows.contains("tail of lesson") && !lesson.contains("F10 quit"))
        let connections = try #require(TmuxSession.pane(.connections, in: Self.screen))
        #expect(connections.rows == ["  State Local Peer", "  ESTAB 127.0.0.1:1 127.0.0.1:2", "$"])
        #expect(connections.hasRow(["ESTAB", "127.0.0.1:1", "127.0.0.1:2"]))
        #expect(!connections.hasRow(["ESTAB", "127.0.0.1:2", "127.0.0.1:1"]))
        let packets = try #require(TmuxSession.pane(.packets, in: Self.screen))
        #expect(packets.rows == ["listening on lo", "$"], "the footer is not part of the last pane")
    }
}
