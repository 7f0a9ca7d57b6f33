import Foundation
import Testing

/// Each lesson done in a real terminal at 80x24 the way a newcomer does it: the commands
/// typed in the panes, a mistake or a wrong answer and the feedback for it, a hint asked
/// for, the right answers, Enter to move on, the on-your-own step done without F4, and the
/// recap at the end. Every step's heading, its ✔ and the pane it works in are read back
/// off the screen.
///
/// Ports: a copy of the shipped lessons with 8080, 8088 and 9090 moved to 18560, 18568 and
/// 18569 (no other suite uses them); one session at a time.
@Suite(.serialized) struct LearnerWalkEndToEndTests {
    static let listenPort = 18560
    static let webPort = 18568
    static let otherPort = 18569

    static func lessonsFolder() throws -> URL {
        try LessonsCopy.make(tag: "walk", ports: ["8080": listenPort, "8088": webPort, "9090": otherPort])
    }

    // MARK: Lesson 1

    @Test func lesson1WhatAPortIs() throws {
        let walk = try LearnerWalk("what-is-a-port")
        defer { walk.finish() }
        let l = walk.tmux

        // 1. A choice: a wrong one first, then a hint, then the right one.
        try walk.heading(1, of: 6, "An address and a port")
        try walk.lesson(contains: "Question: In that picture, which part plays the role of the port?",
                        "b) the extension number of one desk")
        try l.type("a"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: a. The phone number gets you to the office")
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/1: The port chooses one program among the many running on the same computer.")
        try walk.answer("b", expect: "✔ Right. Answered b.", "The address gets you to the machine; the port picks one program on it.")

        try walk.heading(2, of: 6, "Ports everyone agrees on")
        try walk.lesson(contains: "Question: Which port does a browser use for an http:// address that names no port?")
        try l.type("443"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 443. 443 goes with https://")
        try walk.answer("80", expect: "✔ Right. Answered 80.", "Port 80 has been HTTP's home")

        try walk.heading(3, of: 6, "And for HTTPS")
        try walk.answer("443", expect: "✔ Right. Answered 443.")

        try walk.heading(4, of: 6, "How many ports are there?")
        try l.type("65536"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 65536. 65536 is how many port numbers there are.")
        try walk.answer("65535", expect: "✔ Right. Answered 65535.")

        // 5. ss -tln in the Connections pane (focus follows the step), then the question.
        try walk.heading(5, of: 6, "Listening services")
        try l.waitFor(text: "▶4 Connections", seconds: 20)
        try l.typeLine("ss -tln")
        try l.waitFor(.connections, "the listening table") { pane in
            pane.rows.first == "$ ss -tln" && pane.hasRow(["LISTEN", "127.0.0.1:\(Self.webPort)"])
        }
        try l.focus(.lesson)
        try l.type("0"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 0. Port 0 is never listened on")
        try walk.answer("\(Self.webPort)", expect: "✔ Right. Yes: 127.0.0.1:\(Self.webPort) is listening (porttutor).")

        // 6. On your own: no command given, F3 not pressed, F4 never.
        try walk.heading(6, of: 6, "On your own")
        try walk.lesson(contains: "○ the table lists only the listening sockets",
                        "On your own: F3 gives a hint when you want one.")
        try l.run("ss -tln", in: .connections)
        try walk.lesson(contains: "✔ the table lists only the listening sockets", "✔ Done: On your own: only the listeners",
                        "The recap in")
        try walk.recap(lesson: "What a port is", did: "Met the two numbers that reach a program",
                       commands: "ss -tln", idea: "An address picks the computer; a port picks the program on it.")
    }

    // MARK: Lesson 2

    @Test func lesson2TalkingToYourself() throws {
        let walk = try LearnerWalk("talking-to-yourself")
        defer { walk.finish() }
        let l = walk.tmux
        let port = Self.listenPort

        // 1. Not sure what to type: a hint first.
        try walk.heading(1, of: 7, "Start a listener with nc")
        try walk.lesson(contains: "○ something listens on TCP port \(port)")
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/3: Type nc -l \(port) in the Listener pane and press Enter.")
        try l.run("nc -l \(port)", in: .listener)
        try l.waitFor(.listener, contains: "$ nc -l \(port)", "Listening on 127.0.0.1 \(port)")
        try walk.stepDone("Start a listener with nc", check: "something listens on TCP port \(port)")

        // 2. A wrong port first: refused; then the right one.
        try walk.heading(2, of: 7, "Call it with telnet")
        try l.run("telnet localhost \(port + 1)", in: .client)
        try l.waitFor(.client, "the refusal and the prompt back") { pane in
            pane.contains("Connection refused") && pane.rows.last?.hasPrefix("$") == true
        }
        try walk.lesson(contains: "○ a connection to port \(port) is established")
        try l.typeLine("telnet localhost \(port)")
        try l.waitFor(.client, contains: "Trying 127.0.0.1...", "Connected to localhost.", "Escape character is '^]'.")
        try l.waitFor(.listener, contains: "Connection received on 127.0.0.1")
        try walk.stepDone("Call it with telnet", check: "a connection to port \(port) is established")

        try walk.heading(3, of: 7, "Type from the client")
        try l.run("hello from telnet", in: .client)
        try l.waitFor(.listener, contains: "hello from telnet")
        try walk.stepDone("Type from the client", check: "the listener receives your line")

        try walk.heading(4, of: 7, "Answer from the listener")
        try l.run("hello back from nc", in: .listener)
        try l.waitFor(.client, contains: "hello back from nc")
        try walk.stepDone("Answer from the listener", check: "the client receives your line")

        // 5. The IPv6 answer first.
        try walk.heading(5, of: 7, "The number behind localhost")
        try walk.lesson(contains: "Question: Which IPv4 address does localhost stand for?")
        try l.type("::1"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: ::1. That is localhost too, but in IPv6.")
        try walk.answer("127.0.0.1", expect: "✔ Right.", "Every address from 127.0.0.1 to 127.255.255.254 loops back")

        try walk.heading(6, of: 7, "Leave telnet")
        try l.focus(.client)
        try l.send("C-]")
        try l.waitFor(.client, "the telnet> prompt") { $0.rows.last?.hasPrefix("telnet>") == true }
        try l.typeLine("quit")
        try l.waitFor(.client, contains: "Connection closed.")
        try walk.stepDone("Leave telnet", check: "the connection to port \(port) is closed")

        // 7. On your own, on 18569: the same conversation without being told how.
        try walk.heading(7, of: 7, "On your own")
        let other = Self.otherPort
        try l.waitFor(.listener, "nc gone after the hang-up") { $0.rows.last?.hasPrefix("$") == true }
        try l.run("nc -l \(other)", in: .listener)
        try l.waitFor(.listener, contains: "Listening on 127.0.0.1 \(other)")
        try l.run("telnet localhost \(other)", in: .client)
        try l.waitFor(.client, contains: "Connected to localhost.")
        try l.typeLine("hello on \(other)")
        try l.waitFor(.listener, contains: "hello on \(other)")
        try l.run("hello back", in: .listener)
        try l.waitFor(.client, contains: "hello back")
        try l.focus(.client)
        try l.send("C-]")
        try l.waitFor(.client, "the telnet> prompt") { $0.rows.last?.hasPrefix("telnet>") == true }
        try l.typeLine("quit")
        try walk.lesson(contains: "✔ Done: On your own: another port", "The recap in")
        try walk.recap(lesson: "Talking to yourself", did: "Started a listener with nc and called it with telnet.",
                       commands: "telnet localhost \(port)",
                       idea: "A conversation needs one program listening on a port and another connecting to it")
    }

    // MARK: Lesson 3

    @Test func lesson3TalkingHTTP() throws {
        let walk = try LearnerWalk("talking-http")
        defer { walk.finish() }
        let l = walk.tmux
        let port = Self.listenPort
        let web = Self.webPort

        try walk.heading(1, of: 9, "Listen on \(port) again")
        try l.run("nc -l \(port)", in: .listener)
        try l.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try walk.stepDone("Listen on \(port) again", check: "something listens on TCP port \(port)")

        // 2. A typo in the port: curl cannot connect; then the right URL.
        try walk.heading(2, of: 9, "Send a request with curl")
        try l.run("curl http://localhost:\(port + 1)", in: .client)
        try l.waitFor(.client, "curl's failure and the prompt back") { pane in
            pane.contains("curl: (7)") && pane.rows.last?.hasPrefix("$") == true
        }
        try l.typeLine("curl http://localhost:\(port)")
        // The Listener is five rows at 80x24: the end of the request shows.
        try l.waitFor(.listener, contains: "User-Agent: curl/", "Accept: */*")
        try walk.stepDone("Send a request with curl", check: "a GET request with Host, User-Agent and Accept reaches nc")

        // 3. nc is not the sender; a hint; curl is.
        try walk.heading(3, of: 9, "Read the request")
        try l.type("nc"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: nc. nc only received the request and printed it.")
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/1: Find the line that starts with User-Agent: in the Listener pane")
        try walk.answer("curl", expect: "✔ Right.", "curl names itself and its version")

        // 4. The three lines of a response typed in the Listener pane, then Ctrl-C.
        try walk.heading(4, of: 9, "Be the web server")
        try l.run("HTTP/1.0 200 OK", in: .listener)
        try l.typeLine("")
        try l.typeLine("Hello from a human web server")
        try l.waitFor(.listener, contains: "Hello from a human web server")
        try l.send("C-c")
        try l.waitFor(.client, "the page in curl and the prompt back") { pane in
            pane.rows.contains("Hello from a human web server") && pane.rows.last?.hasPrefix("$") == true
                && !pane.contains("curl: (18)")
        }
        try walk.stepDone("Be the web server", check: "curl receives your whole page and finishes without an error")

        try walk.heading(5, of: 9, "The port curl assumes")
        try l.type("\(port)"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: \(port). \(port) is where your nc listened")
        try walk.answer("80", expect: "✔ Right.", "The http:// part implies port 80")

        // 6. telnet to the built-in web server, GET / and an empty line.
        try walk.heading(6, of: 9, "Speak HTTP yourself")
        try l.run("telnet localhost \(web)", in: .client)
        try l.waitFor(.client, contains: "Connected to localhost.")
        try l.typeLine("GET /")
        try l.typeLine("")
        try l.waitFor(.client, contains: "Connection closed by foreign host.")
        try walk.stepDone("Speak HTTP yourself", check: "a web server answers your request")

        // 7. The status line has scrolled out of the small Client pane: F2 zooms it whole.
        try walk.heading(7, of: 9, "The status code")
        try l.focus(.client)
        try l.send("F2")
        let zoomed = try l.waitFor("the Client pane zoomed, with the status line") { s in
            !s.contains("1 Lesson") && s.contains("▶3 Client") && s.contains("HTTP/1.")
        }
        let status = try #require(zoomed.firstMatch(of: /HTTP\/1\.[01] (\d{3})/).map { String($0.1) },
                                  "a status code in\n\(zoomed)")
        try l.send("F2")
        try l.waitFor(text: "1 Lesson")
        try l.focus(.lesson)
        try l.type("1.1"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 1.1. That is the version of HTTP.")
        try walk.answer(status, expect: "✔ Right.")

        try walk.heading(8, of: 9, "Verbs and status codes")
        try walk.answer("b", expect: "✔ Right. Answered b.", "4xx codes blame the request")

        // 9. On your own: curl the page at /welcome (telnet first left if still connected).
        try walk.heading(9, of: 9, "On your own")
        try l.focus(.client)
        if let pane = try l.paneText(.client), pane.rows.last?.hasPrefix("$") != true {
            try l.send("C-]")
            try l.waitFor(.client, "the telnet> prompt") { $0.rows.last?.hasPrefix("telnet>") == true }
            try l.typeLine("quit")
            try l.waitFor(.client, "the shell prompt back") { $0.rows.last?.hasPrefix("$") == true }
        }
        try l.typeLine("curl http://localhost:\(web)/welcome")
        try walk.lesson(contains: "✔ Done: On your own: fetch a page", "The recap in")
        try walk.recap(lesson: "Talking HTTP", did: "Played web server by hand and answered curl yourself.",
                       commands: "curl http://localhost:\(port)",
                       idea: "HTTP is plain text over a TCP connection")
    }

    // MARK: Lesson 4

    @Test func lesson4YourComputersChatter() throws {
        let walk = try LearnerWalk("your-computers-chatter")
        defer { walk.finish() }
        let l = walk.tmux
        let port = Self.listenPort
        let web = Self.webPort

        // 1. telnet before nc: refused; the hint says which goes first.
        try walk.heading(1, of: 7, "Connect nc and telnet again")
        try l.run("telnet localhost \(port)", in: .client)
        try l.waitFor(.client, "the refusal and the prompt back") { pane in
            pane.contains("Connection refused") && pane.rows.last?.hasPrefix("$") == true
        }
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/1: Listener first, then the client")
        try l.run("nc -l \(port)", in: .listener)
        try l.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try l.run("telnet localhost \(port)", in: .client)
        try l.waitFor(.client, contains: "Connected to localhost.")
        try walk.stepDone("Connect nc and telnet again", check: "telnet is connected to nc on \(port)")

        // 2. ss -tn, then the port the kernel lent telnet, read off the table.
        try walk.heading(2, of: 7, "Ask for the table")
        try l.run("ss -tn", in: .connections)
        // telnet's row: ESTAB, its own end 127.0.0.1:EPHEMERAL, the peer 127.0.0.1:PORT.
        func telnetEnd(_ row: String) -> String? {
            let words = row.split(separator: " ").map(String.init)
            guard words.contains("ESTAB"), words.last == "127.0.0.1:\(port)", words.count >= 2 else { return nil }
            let local = words[words.count - 2]
            return local.hasPrefix("127.0.0.1:") ? String(local.dropFirst("127.0.0.1:".count)) : nil
        }
        let table = try l.waitFor(.connections, "both ends of the conversation") { pane in
            pane.rows.first == "$ ss -tn" && pane.rows.contains { telnetEnd($0) != nil }
        }
        let ephemeral = try #require(table.rows.lazy.compactMap(telnetEnd).first, "telnet's end in \(table.rows)")
        #expect(table.hasRow(["ESTAB", "127.0.0.1:\(port)", "127.0.0.1:\(ephemeral)"]), "nc's end too: \(table.rows)")
        try l.focus(.lesson)
        try l.type("23"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 23. 23 is where telnet servers usually listen")
        try walk.answer(ephemeral, expect: "✔ Right.", "Every outgoing connection gets one.")

        try walk.heading(3, of: 7, "Whose end is whose")
        try l.type("a"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: a. telnet's end is the row with the high port the kernel picked.")
        try walk.answer("b", expect: "✔ Right. Answered b.", "nc listens on \(port)")

        try walk.heading(4, of: 7, "Connection states")
        try l.run("ss -tan", in: .connections)
        try l.waitFor(.connections, "the listeners added") { pane in
            pane.rows.first == "$ ss -tan" && pane.hasRow(["LISTEN", "127.0.0.1:\(port)"]) == false
                && pane.hasRow(["ESTAB", "127.0.0.1:\(port)"])
        }
        try l.focus(.lesson)
        try l.type("connected"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: connected. That is the idea, but ss writes this state under another name.")
        try walk.answer("ESTAB", expect: "✔ Right.", "ESTABLISHED; ss abbreviates it to ESTAB.")

        try walk.heading(5, of: 7, "Names versus numbers")
        try l.run("ss -t", in: .connections)
        try l.waitFor(.connections, "the table without -n") { $0.rows.first == "$ ss -t" && $0.contains("ESTAB") }
        try walk.answer("http-alt", expect: "✔ Right.", "/etc/services lists")

        try walk.heading(6, of: 7, "Everyone else's connections")
        try l.run("ss -tan", in: .connections)
        try l.waitFor(.connections, "the whole table") { $0.rows.first == "$ ss -tan" && $0.contains("ESTAB") }
        try walk.answer("\(web)", expect: "✔ Right.", "porttutor compared your answer with the live table.")

        // 7. On your own: the web server's rows only, with ss's own filter.
        try walk.heading(7, of: 7, "On your own")
        try l.run("ss -tan sport = :\(web)", in: .connections)
        try l.waitFor(.connections, "only port \(web)'s rows") { pane in
            pane.rows.first == "$ ss -tan sport = :\(web)" && pane.hasRow(["LISTEN", "127.0.0.1:\(web)"])
                && !pane.contains(":\(port)")
        }
        try walk.lesson(contains: "✔ Done: On your own: one port's rows", "The recap in")
        try walk.recap(lesson: "Your computer's chatter", did: "Listed the connections of this machine with ss.",
                       commands: "ss -tn", idea: "Every connection is four numbers, two addresses and two ports")
    }

    // MARK: Lesson 5 (capture needs root, as in CI)

    @Test(.enabled(if: getuid() == 0, "capturing packets needs root"))
    func lesson5WatchingPackets() throws {
        let walk = try LearnerWalk("watching-packets")
        defer { walk.finish() }
        let l = walk.tmux
        let port = Self.listenPort
        let web = Self.webPort

        try walk.heading(1, of: 10, "nc and telnet, connected")
        try l.run("nc -l \(port)", in: .listener)
        try l.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try l.run("telnet localhost \(port)", in: .client)
        try l.waitFor(.client, contains: "Connected to localhost.")
        try walk.stepDone("nc and telnet, connected", check: "telnet is connected to nc on \(port)")

        // 2. The wrong interface first: no such device; a hint; then the loopback.
        try walk.heading(2, of: 10, "Start tcpdump on the loopback")
        try l.run("tcpdump -A -nn -i eth9 port \(port)", in: .packets)
        try l.waitFor(.packets, "the capture refused and the prompt back") { pane in
            pane.contains("There is no network interface called \"eth9\"") && LearnerWalk.packetsAtPrompt(pane)
        }
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/3: Type the command in the Packets pane.")
        try l.run("tcpdump -A -nn -i lo port \(port)", in: .packets)
        try l.waitFor(.packets, contains: "listening on lo")
        try walk.stepDone("Start tcpdump on the loopback", check: "tcpdump watches port \(port) on the loopback")

        try walk.heading(3, of: 10, "Find your words in a packet")
        try l.run("my password is swordfish", in: .client)
        try l.waitFor(.listener, contains: "my password is swordfish")
        try l.waitFor(.packets, contains: "my password is swordfish")
        try walk.stepDone("Find your words in a packet", check: "a packet carries your line to port \(port)")

        try walk.heading(4, of: 10, "And the other way")
        try l.run("I can read you", in: .listener)
        try l.waitFor(.client, contains: "I can read you")
        try l.waitFor(.packets, contains: "I can read you")
        try walk.stepDone("And the other way", check: "a packet carries the listener's line back")

        // 5. Hang up, listen again, call again: the handshake in the Packets pane.
        try walk.heading(5, of: 10, "Watch a connection being born")
        try l.focus(.client)
        try l.send("C-]")
        try l.waitFor(.client, "the telnet> prompt") { $0.rows.last?.hasPrefix("telnet>") == true }
        try l.typeLine("quit")
        try l.waitFor(.client, contains: "Connection closed.")
        try l.waitFor(.listener, "nc gone after the hang-up") { $0.rows.last?.hasPrefix("$") == true }
        try l.run("nc -l \(port)", in: .listener)
        try l.waitFor(.listener, contains: "Listening on 127.0.0.1 \(port)")
        try l.run("telnet localhost \(port)", in: .client)
        try l.waitFor(.client, contains: "Connected to localhost.")
        try walk.stepDone("Watch a connection being born")

        try walk.heading(6, of: 10, "The first packet")
        try l.waitFor(.packets, contains: "Flags [S],")
        try l.focus(.lesson)
        try l.type("SYN-ACK"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: SYN-ACK. That is the second packet, the server's reply.")
        try walk.answer("SYN", expect: "✔ Right.", "SYN, for synchronise")

        // 7. A capture one way only: the client's line shows, the listener's does not.
        try walk.heading(7, of: 10, "Narrow the view with filters")
        try l.focus(.packets)
        try l.send("C-c")
        try l.waitFor(.packets, "the capture stopped") { LearnerWalk.packetsAtPrompt($0) }
        try l.typeLine("tcpdump -A -nn -i lo dst port \(port)")
        try l.waitFor(.packets, contains: "listening on lo")
        try l.run("can you see me", in: .client)
        try l.waitFor(.packets, contains: "can you see me")
        try l.run("and me", in: .listener)
        try l.waitFor(.client, contains: "and me")
        try l.focus(.lesson)
        try l.type("b"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: b. nc's packets come from \(port) and go to telnet's port")
        #expect(try l.paneText(.packets)?.contains("and me") == false, "dst port \(port) keeps nc's line out")
        try walk.answer("a", expect: "✔ Right. Answered a.", "Only packets whose destination port is \(port) pass")

        // 8. The recording replayed; the name in the TLS hello.
        try walk.heading(8, of: 10, "Why HTTPS is unreadable")
        // Once it has played, the pane is brought back to the hello's readable name (point-at).
        try l.waitFor(.packets, contains: "localhost.....")
        try l.waitFor(text: "stopped: 19 packets")
        try walk.lesson(contains: "✔ the client's TLS hello is replayed")
        try l.focus(.lesson)
        try l.type("127.0.0.1"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 127.0.0.1. That is the address curl connected to.")
        try walk.answer("localhost", expect: "✔ Right.", "That is SNI, the server name indication")

        try walk.heading(9, of: 10, "Plain HTTP is readable by anyone on the path")
        try l.type("80"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 80. 80 is for plain HTTP, the readable kind.")
        try walk.answer("443", expect: "✔ Right. Answered 443.")

        // 10. On your own: capture requests to the web server, leave telnet, curl /welcome.
        try walk.heading(10, of: 10, "On your own")
        try l.focus(.packets)
        if try l.paneText(.packets).map(LearnerWalk.packetsAtPrompt) != true { try l.send("C-c") }
        try l.waitFor(.packets, "the shell prompt in Packets") { LearnerWalk.packetsAtPrompt($0) }
        try l.typeLine("tcpdump -A -nn -i lo dst port \(web)")
        try l.waitFor(.packets, contains: "listening on lo")
        try l.focus(.client)
        try l.send("C-]")
        try l.waitFor(.client, "the telnet> prompt") { $0.rows.last?.hasPrefix("telnet>") == true }
        try l.typeLine("quit")
        try l.waitFor(.client, "the shell prompt back") { $0.rows.last?.hasPrefix("$") == true }
        try l.typeLine("curl http://localhost:\(web)/welcome")
        // porttutor's own loopback capture can drop a packet when every other suite floods
        // the loopback at once (a CI machine running them all); a learner who sees no tick
        // fetches the page again, and so does this walk, once.
        let deadline = Date().addingTimeInterval(12)
        var ticked = false
        while !ticked && Date() < deadline {
            ticked = LearnerWalk.lessonShows("✔ Done: On your own: watch a web request", in: try l.screen())
            if !ticked { usleep(200_000) }
        }
        if !ticked {
            try l.typeLine("curl http://localhost:\(web)/welcome")
        }
        try walk.lesson(contains: "✔ Done: On your own: watch a web request", "The recap in")
        // Esc stays; the checklist shows both ticks (the five-row Packets pane has scrolled on).
        try l.focus(.lesson)
        try l.send("Escape")
        try walk.lesson(contains: "Press Enter (or F5)")
        try walk.scrollUp(to: ["✔ a request to port \(web) crossed the loopback", "✔ tcpdump watches port \(web)"])
        try walk.recap(lesson: "Watching packets", did: "Captured the loopback with tcpdump and found your own words in packets.",
                       commands: "tcpdump -A -nn -i lo port \(port)",
                       idea: "Plain text crosses the wire as it is typed")
    }
}

/// One learner's session: porttutor at 80x24 on a lesson of the moved copy.
final class LearnerWalk {
    let tmux: TmuxSession
    let lessons: URL
    /// Generous: the machine may be busy with other suites.
    let seconds: Double = 25

    convenience init(_ lesson: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try self.init(lesson, lessons: try LearnerWalkEndToEndTests.lessonsFolder(),
                      webPort: LearnerWalkEndToEndTests.webPort, sourceLocation: sourceLocation)
    }

    /// A walk through `lesson` of a copy of the lessons in `lessons` (a suite's own ports).
    convenience init(_ lesson: String, lessons: URL, webPort: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try self.init(lessons: lessons, tmux: try TmuxSession([lesson, "--lessons", lessons.path, "--web-port", "\(webPort)",
                                                                // A loaded machine may take longer than the 5 s countdown to read the ✔.
                                                                "--next-step-delay", "60"],
                                                               columns: 80, rows: 24), sourceLocation: sourceLocation)
    }

    /// A walk in a session already started at 80x24 (in the lab, as the learner).
    init(lessons: URL, tmux: TmuxSession, sourceLocation: SourceLocation = #_sourceLocation) throws {
        self.lessons = lessons
        self.tmux = tmux
        try tmux.waitFor("all five panes", seconds: seconds, sourceLocation: sourceLocation) { s in
            PanesEndToEndTests.titles.allSatisfy(s.contains)
        }
    }

    /// A walk in a session already started (the lab's, at 80x24).
    init(session: TmuxSession, lessons: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        self.lessons = lessons
        tmux = session
        try tmux.waitFor("all five panes", seconds: seconds, sourceLocation: sourceLocation) { s in
            PanesEndToEndTests.titles.allSatisfy(s.contains)
        }
    }

    func finish() {
        try? tmux.send("F10")
        try? FileManager.default.removeItem(at: lessons)
    }

    /// Whether the Packets pane's last row is the shell prompt (the pane reader counts the
    /// screen's bottom row, the status bar, as the last pane's last row).
    static func packetsAtPrompt(_ pane: PaneText) -> Bool {
        pane.rows.dropLast().last?.hasPrefix("$") == true
    }

    /// The Lesson pane's rows joined with spaces, so wrapped sentences read whole.
    static func lessonText(_ screen: String) -> String? {
        TmuxSession.pane(.lesson, in: screen)?.joined
    }

    /// Whether the Lesson pane holds `text`, wherever the pane wrapped it (at a space or a
    /// hyphen): compared without white space.
    static func lessonShows(_ text: String, in screen: String) -> Bool {
        guard let lesson = lessonText(screen) else { return false }
        return squeezed(lesson).contains(squeezed(text))
    }

    static func squeezed(_ s: String) -> String { s.filter { !$0.isWhitespace } }

    @discardableResult
    func lesson(contains texts: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let quoted = texts.map { "\"\($0)\"" }.joined(separator: ", ")
        let screen = try tmux.waitFor("\(quoted) in the Lesson pane", seconds: seconds, sourceLocation: sourceLocation) { s in
            texts.allSatisfy { Self.lessonShows($0, in: s) }
        }
        return Self.lessonText(screen) ?? ""
    }

    /// The step's heading on the Lesson pane's first row (a long title is cut at 80 columns).
    func heading(_ number: Int, of count: Int, _ title: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let wanted = "Step \(number)/\(count): \(title)"
        try tmux.waitFor("the heading \"\(wanted)\"", seconds: seconds, sourceLocation: sourceLocation) { s in
            guard let first = TmuxSession.pane(.lesson, in: s)?.rows.first else { return false }
            return first.hasPrefix(wanted) || (first.count >= 30 && wanted.hasPrefix(first.prefix(30)))
        }
    }

    /// Types an answer on the Lesson pane's answer line, expects it right, and presses Enter.
    func answer(_ text: String, expect: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        try tmux.focus(.lesson, sourceLocation: sourceLocation)
        try tmux.type(text)
        try tmux.send("Enter")
        try lesson(contains: "Press Enter (or F5) for the next step.", sourceLocation: sourceLocation)
        // A long explanation can push "✔ Right." above the pane's top: PgUp scrolls back to it
        // (Up would recall the last answer on the answer line).
        try scrollUp(to: expect, key: "PPage", sourceLocation: sourceLocation)
        try tmux.send("Enter")
    }

    /// After a step's checks tick: its ✔ Done line and the countdown, then Enter from the
    /// Lesson pane moves on.
    /// With `check`, that check's ✔ line too: Esc stops the countdown (the step stays)
    /// and Up scrolls back to the checklist if the pane is too short for both.
    func stepDone(_ title: String, check: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try lesson(contains: "✔ Done: \(title)", sourceLocation: sourceLocation)
        try tmux.focus(.lesson, sourceLocation: sourceLocation)
        if let check {
            // Esc stays on the step; Up scrolls the Lesson pane back to the checklist.
            try tmux.send("Escape")
            try lesson(contains: "✔ Done: \(title)", "Press Enter (or F5) for the next step.", sourceLocation: sourceLocation)
            try scrollUp(to: ["✔ \(check)"], sourceLocation: sourceLocation)
        }
        try tmux.send("Enter")
    }

    /// Scrolls the focused Lesson pane up (a line, or with PPage a page, at a time) until
    /// each of `texts` has been on screen.
    func scrollUp(to texts: [String], key: String = "Up", sourceLocation: SourceLocation = #_sourceLocation) throws {
        var missing = texts
        func look() throws {
            let screen = try tmux.screen()
            missing.removeAll { Self.lessonShows($0, in: screen) }
        }
        try look()
        for _ in 0..<25 where !missing.isEmpty {
            try tmux.send(key)
            let before = Date()
            repeat {
                try look()
                if !missing.isEmpty { usleep(50_000) }
            } while !missing.isEmpty && Date().timeIntervalSince(before) < 0.5
        }
        if !missing.isEmpty {
            Issue.record("never shown in the Lesson pane: \(missing); the screen was:\n\(try tmux.screen())",
                         sourceLocation: sourceLocation)
            throw TmuxError(message: "never shown: \(missing)")
        }
    }

    /// The last step ticked; Enter shows the recap on the whole screen.
    func recap(lesson title: String, did: String, commands: String, idea: String,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        try tmux.focus(.lesson, sourceLocation: sourceLocation)
        let showsRecap = { (s: String) in s.contains("You did") && s.contains("The idea to keep") }
        // On a slow machine the countdown may already have opened the recap; Enter there
        // would leave it for the next lesson. Otherwise Esc stops the countdown first.
        if !showsRecap(try tmux.screen()) {
            try tmux.send("Escape")
            if !showsRecap(try tmux.screen()) { try tmux.send("Enter") }
        }
        let screen = try tmux.waitFor("the recap of \(title)", seconds: seconds, sourceLocation: sourceLocation) { s in
            s.contains("You did") && s.contains("The idea to keep")
        }
        let flat = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for words in [title, "You did", did, "Commands", commands, "The idea to keep", idea] {
            #expect(flat.contains(words), "the recap shows \"\(words)\":\n\(screen)", sourceLocation: sourceLocation)
        }
    }
}
