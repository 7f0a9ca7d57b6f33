import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons
import NetworkTypes

/// Every kind of check, fed the observations the engine would make.
@Suite struct CheckEvaluatorTests {
    static let listener = SocketRow(proto: .tcp, local: SocketAddress(numericHost: "0.0.0.0", port: 8080)!, state: .listen, process: "nc")
    static let clientRow = SocketRow(proto: .tcp, local: .loopback(51234), remote: .loopback(8080), state: .established, process: "telnet")
    static let serverRow = SocketRow(proto: .tcp, local: .loopback(8080), remote: .loopback(51234), state: .established, process: "nc")

    static func packet(_ from: UInt16, _ to: UInt16, _ flags: TCPFlags, _ payload: String = "", recorded: Bool = false) -> Observation {
        .packet(PacketSeen(source: .loopback(from), destination: .loopback(to), flags: flags, payload: Array(payload.utf8), fromRecording: recorded))
    }

    // MARK: State checks

    @Test func listeningTicksFromTheTableWithANote() throws {
        let step = try Build.step(checks: "      - listening: 8080")
        var evaluator = CheckEvaluator()
        #expect(evaluator.begin(step).isEmpty)
        #expect(evaluator.observe(.socketTable([Self.clientRow])).isEmpty)
        let ticks = evaluator.observe(.socketTable([Self.listener]))
        #expect(ticks == [CheckTick(checkIndex: 0, note: "listening on 0.0.0.0:8080 (nc)")])
        #expect(evaluator.isComplete)
        // Ticks stay, even when nc exits.
        #expect(evaluator.observe(.socketTable([])).isEmpty)
        #expect(evaluator.isComplete)
    }

    @Test func listeningRespectsProtocolAddressAndOwner() throws {
        let step = try Build.step(checks: """
                  - listening: {port: 5353, proto: udp}
                  - listening: {port: 8080, address: 127.0.0.1, by: porttutor}
            """)
        let udp = SocketRow(proto: .udp, local: SocketAddress(numericHost: "0.0.0.0", port: 5353)!, state: .close, process: "avahi")
        let realNC = SocketRow(proto: .tcp, local: .loopback(8080), state: .listen, process: "nc")
        let ours = SocketRow(proto: .tcp, local: SocketAddress(numericHost: "::", port: 8080)!, state: .listen, process: "porttutor")
        let ticks = CheckEvaluator.evaluate(step, observations: [.socketTable([udp, realNC])])
        #expect(ticks[0]?.note == "listening on 0.0.0.0:5353 (avahi)")
        #expect(ticks[1] == nil, "nc is not porttutor")
        let later = CheckEvaluator.evaluate(step, observations: [.socketTable([ours])])
        #expect(later[1]?.note == "listening on [::]:8080 (in porttutor)")
    }

    @Test func workDoneBeforeTheStepBeganCountsForStateChecks() throws {
        let step = try Build.step(checks: "      - connected: 8080")
        let ticks = CheckEvaluator.evaluate(step, observations: [], startingTable: [Self.listener, Self.clientRow, Self.serverRow])
        #expect(ticks[0]?.note == "connected 127.0.0.1:51234 → 127.0.0.1:8080 (telnet)")
    }

    @Test func connectedAcceptsTheServerSideAlone() throws {
        let step = try Build.step(checks: "      - connected: {port: 8080, by: other}")
        let ticks = CheckEvaluator.evaluate(step, observations: [.socketTable([Self.serverRow])])
        #expect(ticks[0]?.note == "connected 127.0.0.1:51234 → 127.0.0.1:8080 (nc)")
        let synSent = SocketRow(proto: .tcp, local: .loopback(51234), remote: .loopback(8080), state: .synSent)
        #expect(CheckEvaluator.evaluate(step, observations: [.socketTable([synSent])])[0] == nil)
    }

    @Test func connectionRowMatchesEveryGivenField() throws {
        let step = try Build.step(checks: """
                  - connection-row: {local-port: 8080, state: ESTAB}
                  - connection-row: {remote-port: 8080, proto: tcp}
                  - connection-row: {port: 51234, state: TIME_WAIT}
            """)
        let ticks = CheckEvaluator.evaluate(step, observations: [.socketTable([Self.clientRow, Self.serverRow])])
        #expect(ticks[0]?.note == "row tcp 127.0.0.1:8080 ⇄ 127.0.0.1:51234 ESTABLISHED (nc)")
        #expect(ticks[1]?.note == "row tcp 127.0.0.1:51234 ⇄ 127.0.0.1:8080 ESTABLISHED (telnet)")
        #expect(ticks[2] == nil)
    }

    // MARK: Closing

    @Test func closedTicksWhenAnEstablishedConnectionLeavesTheTable() throws {
        let step = try Build.step(checks: "      - closed: 8080")
        var evaluator = CheckEvaluator()
        evaluator.observe(.socketTable([Self.clientRow, Self.serverRow]))
        evaluator.begin(step)
        #expect(evaluator.observe(.socketTable([Self.clientRow, Self.serverRow])).isEmpty)
        let ticks = evaluator.observe(.socketTable([]))
        #expect(ticks.first?.note.hasPrefix("connection 127.0.0.1:") == true)
        #expect(ticks.first?.note.hasSuffix("closed (gone from the table)") == true)
    }

    @Test func closedTicksOnTimeWaitOrOnAFinPacket() throws {
        let step = try Build.step(checks: "      - closed: 8080")
        var timeWait = Self.clientRow
        timeWait.state = .timeWait
        let byTable = CheckEvaluator.evaluate(step, observations: [], startingTable: [Self.clientRow])
        #expect(byTable[0] == nil)
        let afterTimeWait = CheckEvaluator.evaluate(step, observations: [.socketTable([timeWait])], startingTable: [Self.clientRow])
        #expect(afterTimeWait[0]?.note == "connection 127.0.0.1:51234 ⇄ 127.0.0.1:8080 closed (now TIME-WAIT)")
        let byPacket = CheckEvaluator.evaluate(step, observations: [Self.packet(51234, 8080, [.fin, .ack])])
        #expect(byPacket[0]?.note == "FIN 127.0.0.1:51234 > 127.0.0.1:8080: the connection is closing")
    }

    @Test func anOldTimeWaitRowDoesNotCountAsClosingNow() throws {
        let step = try Build.step(checks: "      - closed: 8080")
        var stale = Self.clientRow
        stale.state = .timeWait
        #expect(CheckEvaluator.evaluate(step, observations: [.socketTable([stale])], startingTable: [stale])[0] == nil)
    }

    // MARK: Text

    @Test func receivedTextAcrossChunksInPorttutorsPanes() throws {
        let step = try Build.step(checks: "      - received: {by: listener, text: hello world}")
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        #expect(evaluator.observe(.received(.listener, Array("hel".utf8), serverPort: 8080)).isEmpty)
        #expect(evaluator.observe(.received(.client, Array("lo world".utf8), serverPort: 8080)).isEmpty)
        let ticks = evaluator.observe(.received(.listener, Array("lo world\r\n".utf8), serverPort: 8080))
        #expect(ticks.first?.note == "listener received “hello world”")
    }

    @Test func receivedBySeenOnTheWireForRealToolsInAnotherTerminal() throws {
        let step = try Build.step(checks: """
                  - received: {by: listener, pattern: '\\S', port: 8080}
                  - received: {by: client, text: BACK, ignore-case: true, port: 8080}
            """)
        let ticks = CheckEvaluator.evaluate(step, observations: [
            Self.packet(51234, 8080, [.psh, .ack], "hi there\r\n"),
            Self.packet(8080, 51234, [.psh, .ack], "right back\n"),
        ])
        #expect(ticks[0]?.note == "listener received “hi there”")
        #expect(ticks[1]?.note == "client received “right back”")
    }

    /// Lesson 8's DNS question: dig's datagram to a port nothing bound (or only a TCP
    /// listener holds) reached no one; bound by a UDP socket, it was heard.
    @Test func aDatagramToAPortNobodyBoundIsNotReceived() throws {
        let step = try Build.step(checks: "      - received: {by: listener, text: example, port: 8053}")
        let question = Observation.packet(PacketSeen(proto: .udp, source: .loopback(40000), destination: .loopback(8053),
                                                     payload: Array("\u{07}example\u{03}com".utf8)))
        let tcpListener = SocketRow(proto: .tcp, local: .loopback(8053), state: .listen, process: "nc")
        let udpSocket = SocketRow(proto: .udp, local: .loopback(8053), state: .close, process: "nc")
        #expect(CheckEvaluator.evaluate(step, observations: [.socketTable([]), question])[0] == nil)
        #expect(CheckEvaluator.evaluate(step, observations: [.socketTable([tcpListener]), question])[0] == nil)
        #expect(CheckEvaluator.evaluate(step, observations: [.socketTable([udpSocket]), question])[0] != nil)
    }

    @Test func receivedIgnoresOtherPortsAndRecordings() throws {
        let step = try Build.step(checks: "      - received: {by: listener, text: secret, port: 8080}")
        let ticks = CheckEvaluator.evaluate(step, observations: [
            .received(.listener, Array("secret".utf8), serverPort: 9999),
            Self.packet(51234, 9999, [.psh, .ack], "secret"),
            Self.packet(51234, 8080, [.psh, .ack], "secret", recorded: true),
        ])
        #expect(ticks[0] == nil)
    }

    @Test func notesAreMadePrintable() throws {
        let step = try Build.step(checks: "      - received: {by: listener, text: evil}")
        let nasty: [UInt8] = Array("evil\u{1B}[2J\u{07}".utf8) + [0xFF, 0xFE] + Array("ok\n".utf8)
        let ticks = CheckEvaluator.evaluate(step, observations: [.received(.listener, nasty, serverPort: nil)])
        let note = try #require(ticks[0]?.note)
        #expect(note == "listener received “evil␛[2J␇��ok”")
        #expect(!note.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    }

    /// Notes go through the one sanitiser, like the panes: a learner's non-ASCII words stay
    /// readable in the checklist and the status bar instead of turning into dots.
    @Test func notesKeepValidUTF8Readable() throws {
        let step = try Build.step(checks: "      - received: {by: listener, pattern: '\\S', port: 8080}")
        let words = "héllo wörld ✓ 日本 " + String(repeating: "x", count: 40)
        let ticks = CheckEvaluator.evaluate(step, observations: [.received(.listener, Array((words + "\r\n").utf8), serverPort: 8080)])
        #expect(ticks[0]?.note == "listener received “héllo wörld ✓ 日本 xxxxxxxxxxxxxxxxxxxxxxx...”")
    }

    @Test func eventsBeforeTheStepBeganDoNotCount() throws {
        let step = try Build.step(checks: "      - received: {by: listener, text: hello}")
        var evaluator = CheckEvaluator()
        evaluator.begin(try Build.step(checks: "      - closed: 1"))
        evaluator.observe(.received(.listener, Array("hello".utf8), serverPort: 8080))
        #expect(evaluator.begin(step).isEmpty)
        #expect(!evaluator.isComplete)
    }

    // MARK: HTTP

    static let curlRequest = "GET / HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n"

    @Test func httpRequestFromTheListenersBytes() throws {
        let step = try Build.step(checks: "      - http-request: {method: GET, path: /, headers: [host, User-Agent, Accept], port: 8080}")
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        // Headers still arriving: not yet.
        #expect(evaluator.observe(.received(.listener, Array("GET / HTTP/1.1\r\nHost: localhost:8080\r\n".utf8), serverPort: 8080)).isEmpty)
        let ticks = evaluator.observe(.received(.listener, Array("User-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n".utf8), serverPort: 8080))
        #expect(ticks.first?.note == "GET / HTTP/1.1 with host, User-Agent, Accept")
    }

    @Test func httpRequestSeenOnTheWireOrReportedByAServer() throws {
        let step = try Build.step(checks: """
                  - http-request: {method: GET, port: 8080}
                  - http-request: {method: POST, path: /form}
            """)
        let ticks = CheckEvaluator.evaluate(step, observations: [
            Self.packet(51000, 8080, [.psh, .ack], Self.curlRequest),
            .httpRequest(HTTPRequestSeen(method: "POST", path: "/form", version: "HTTP/1.1", headers: [HTTPHeader(name: "Host", value: "x")], port: 8088)),
        ])
        #expect(ticks[0]?.note == "GET / HTTP/1.1 with Host, User-Agent, Accept")
        #expect(ticks[1]?.note == "POST /form HTTP/1.1 with Host")
    }

    @Test func aRequestTypedByHandHasNoVersion() throws {
        let step = try Build.step(checks: "      - http-request: {method: GET, path: /}")
        let ticks = CheckEvaluator.evaluate(step, observations: [.received(.listener, Array("GET /\n\n".utf8), serverPort: 8088)])
        #expect(ticks[0]?.note == "GET /")
    }

    @Test func httpResponseByStatusClassAndPort() throws {
        let step = try Build.step(checks: """
                  - http-response: 3xx
                  - http-response: {status: 200, port: 8080}
                  - http-response: {}
            """)
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        var ticks = evaluator.observe(.received(.client, Array("HTTP/1.1 302 Found\r\nLocation: http://localhost:8088/\r\n\r\n".utf8), serverPort: 8088))
        #expect(ticks.map(\.checkIndex) == [0, 2])
        #expect(ticks.first?.note == "response 302 Found")
        ticks = evaluator.observe(Self.packet(8081, 40000, [.psh, .ack], "HTTP/1.0 200 OK\n\nhi"))
        #expect(ticks.isEmpty, "wrong port")
        ticks = evaluator.observe(Self.packet(8080, 40000, [.psh, .ack], "HTTP/1.0 200 OK\n\nhi"))
        #expect(ticks.map(\.note) == ["response 200 OK"])
        #expect(evaluator.isComplete)
    }

    @Test func httpResponseReportedByAPorttutorClient() throws {
        let step = try Build.step(checks: "      - http-response: 404")
        let ticks = CheckEvaluator.evaluate(step, observations: [.httpResponse(HTTPResponseSeen(status: 404, reason: "Not Found", port: 8088))])
        #expect(ticks[0]?.note == "response 404 Not Found")
    }

    // MARK: Packets

    @Test func packetWithFilterFlagsAndPayload() throws {
        let step = try Build.step(checks: """
                  - packet: {filter: tcp dst port 8080, flags: [SYN]}
                  - packet: {filter: src port 8080, flags: [SYN-ACK]}
                  - packet: {filter: dst port 8080 and host 127.0.0.1, payload: swordfish}
                  - packet: {payload: {hex: 16 03 01}, source: recording}
            """)
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        #expect(evaluator.observe(Self.packet(51234, 8080, [.syn, .ack])).isEmpty)
        #expect(evaluator.observe(Self.packet(51234, 8080, [.syn])).map(\.note) == ["127.0.0.1:51234 > 127.0.0.1:8080 Flags [S]"])
        #expect(evaluator.observe(Self.packet(8080, 51234, [.syn, .ack])).map(\.note) == ["127.0.0.1:8080 > 127.0.0.1:51234 Flags [S.]"])
        #expect(evaluator.observe(Self.packet(51234, 8080, [.psh, .ack], "my password is swordfish\r\n")).map(\.note)
            == ["127.0.0.1:51234 > 127.0.0.1:8080 Flags [P.] “my password is swordfish”"])
        // Live bytes do not satisfy a recording check.
        let hello: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00]
        #expect(evaluator.observe(.packet(PacketSeen(source: .loopback(50790), destination: .loopback(18443), flags: [.psh, .ack], payload: hello))).isEmpty)
        let recorded = evaluator.observe(.packet(PacketSeen(source: .loopback(50790), destination: .loopback(18443), flags: [.psh, .ack], payload: hello, fromRecording: true)))
        #expect(recorded.map(\.note) == ["127.0.0.1:50790 > 127.0.0.1:18443 Flags [P.] “.....” (recording)"])
        #expect(evaluator.isComplete)
    }

    /// A TLS record whose bytes happen to be UTF-8 for a CJK ideograph, a combining mark and
    /// a Hebrew letter is quoted as tcpdump -A shows it: one dot per byte, so the note is
    /// as many cells wide as it has characters.
    @Test func packetNoteShowsBinaryPayloadAsTcpdumpDoes() throws {
        let step = try Build.step(checks: "      - packet: {filter: port 18443}")
        let payload: [UInt8] = [0x16, 0x03, 0x01, 0xE6, 0x85, 0x96, 0xCC, 0x81, 0xD7, 0x90, 0x35, 0x48]
        let ticks = CheckEvaluator.evaluate(step, observations: [
            .packet(PacketSeen(source: .loopback(50790), destination: .loopback(18443), flags: [.psh, .ack], payload: payload)),
        ])
        let note = try #require(ticks[0]?.note)
        #expect(note == "127.0.0.1:50790 > 127.0.0.1:18443 Flags [P.] “..........5H”")
        #expect(note.unicodeScalars.allSatisfy { $0.isASCII || $0 == "“" || $0 == "”" })
    }

    /// Typed ASCII reads as typed and its line end is not shown; what the learner typed in
    /// UTF-8 is shown byte by byte, as tcpdump -A does; a long payload is cut after the quote.
    @Test func packetNoteQuotesTypedTextAndCutsLongPayloads() throws {
        let step = try Build.step(checks: "      - packet: {filter: port 8080}")
        func note(_ payload: String) -> String? {
            CheckEvaluator.evaluate(step, observations: [Self.packet(51234, 8080, [.psh, .ack], payload)])[0]?.note
        }
        #expect(note("hello\n") == "127.0.0.1:51234 > 127.0.0.1:8080 Flags [P.] “hello”")
        #expect(note("héllo\r\n") == "127.0.0.1:51234 > 127.0.0.1:8080 Flags [P.] “h..llo”")
        #expect(note("\n") == "127.0.0.1:51234 > 127.0.0.1:8080 Flags [P.] “.”")
        #expect(note("GET / HTTP/1.1\r\nHost: localhost:8080\r\n\r\n")
            == "127.0.0.1:51234 > 127.0.0.1:8080 Flags [P.] “GET / HTTP/1.1..Host: localhos”...")
    }

    @Test func handshakeNeedsAllThreePacketsOfOneConnectionInOrder() throws {
        let step = try Build.step(checks: "      - handshake: 8080")
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        // A SYN-ACK without its SYN, and an ACK of another connection, are not a handshake.
        #expect(evaluator.observe(Self.packet(8080, 40000, [.syn, .ack])).isEmpty)
        #expect(evaluator.observe(Self.packet(51234, 8080, [.syn])).isEmpty)
        #expect(evaluator.observe(Self.packet(40001, 8080, [.ack])).isEmpty)
        #expect(evaluator.observe(Self.packet(8080, 51234, [.syn, .ack])).isEmpty)
        let ticks = evaluator.observe(Self.packet(51234, 8080, [.ack]))
        #expect(ticks.map(\.note) == ["SYN, SYN-ACK, ACK between 127.0.0.1:51234 and 127.0.0.1:8080"])
    }

    @Test func handshakeFromTheRecordingOnlyWhenAsked() throws {
        let live = try Build.step(checks: "      - handshake: 18443")
        let recorded = try Build.step(checks: "      - handshake: {port: 18443, source: recording}")
        let packets = [
            Self.packet(50790, 18443, [.syn], recorded: true),
            Self.packet(18443, 50790, [.syn, .ack], recorded: true),
            Self.packet(50790, 18443, [.ack], recorded: true),
        ]
        #expect(CheckEvaluator.evaluate(live, observations: packets)[0] == nil)
        #expect(CheckEvaluator.evaluate(recorded, observations: packets)[0]?.note
            == "SYN, SYN-ACK, ACK between 127.0.0.1:50790 and 127.0.0.1:18443 (recording)")
    }

    // MARK: Typing and alternatives

    @Test func typedMatchesTheLineInTheRightPane() throws {
        let step = try Build.step(checks: "      - typed: {pane: packets, pattern: '^(sudo\\s+)?tcpdump\\b.*-i lo'}")
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        #expect(evaluator.observe(.typed(.client, "tcpdump -i lo")).isEmpty)
        #expect(evaluator.observe(.typed(.packets, "tcpdump -i eth0")).isEmpty)
        #expect(evaluator.observe(.typed(.packets, "  sudo tcpdump -A -i lo port 8080 ")).map(\.note)
            == ["typed “sudo tcpdump -A -i lo port 8080” in the packets pane"])
    }

    /// A tcpdump command can fail (no such interface, no permission): only a capture that
    /// really started, on the loopback and letting the port through, counts.
    @Test func capturingHoldsOnlyForALiveLoopbackCaptureThatSeesThePort() throws {
        let step = try Build.step(checks: "      - capturing: 8080")
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        #expect(evaluator.observe(.typed(.packets, "tcpdump -i nosuch0 port 8080")).isEmpty)
        #expect(evaluator.observe(.paneCapture(nil)).isEmpty, "the capture failed to start")
        #expect(evaluator.observe(.paneCapture(CaptureSeen(interface: "eth0", filter: "port 8080"))).isEmpty)
        #expect(evaluator.observe(.paneCapture(CaptureSeen(interface: "lo", filter: "port 9999"))).isEmpty)
        #expect(evaluator.observe(.paneCapture(CaptureSeen(interface: "lo", filter: "dst port 8080"))).map(\.note)
            == ["capturing on lo “dst port 8080” in the Packets pane"])
    }

    @Test func capturingCountsACaptureStartedBeforeTheStepAndAnyLoopbackSpelling() throws {
        let step = try Build.step(checks: "      - capturing: {port: 8080}")
        var evaluator = CheckEvaluator()
        evaluator.observe(.paneCapture(CaptureSeen(interface: "lo0")))
        #expect(evaluator.begin(step).map(\.note) == ["capturing on lo0 in the Packets pane"])
        // A filter beyond the lessons' language cannot be judged; the capture did start.
        #expect(CaptureSeen(interface: "any", filter: "tcp[13] & 2 != 0").admitsLoopbackTraffic(port: 8080))
        #expect(CaptureSeen(interface: "lo", filter: "ip6 and port 8080").admitsLoopbackTraffic(port: 8080))
        #expect(!CaptureSeen(interface: "lo", filter: "udp port 8080").admitsLoopbackTraffic(port: 8080))
        let anyPort = try Build.step(checks: "      - capturing:")
        #expect(CheckEvaluator.evaluate(anyPort, observations: [.paneCapture(CaptureSeen(interface: "lo", filter: "port 22"))])[0] != nil)
        #expect(anyPort.checks[0].summary == "a capture runs on the loopback, in the Packets pane or another terminal")
        #expect(step.checks[0].summary
            == "a capture runs on the loopback, in the Packets pane or another terminal, seeing port 8080")
    }

    /// A tcpdump in another terminal holds a packet socket on the loopback, which the kernel
    /// lists with its pid. porttutor's own capture (told by pid, whatever its name), a
    /// daemon's socket, and a capture of another interface do not count.
    @Test func capturingHoldsForACaptureToolInAnotherTerminalNotForPorttutorsOwn() throws {
        let step = try Build.step(checks: "      - capturing: 8080")
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        let ours = PacketSocketSeen(process: "porttutor", pid: 100, interface: "lo", isPorttutor: true)
        let oursNamedTcpdump = PacketSocketSeen(process: "tcpdump", pid: 100, interface: "lo", isPorttutor: true)
        let dhcpClient = PacketSocketSeen(process: "dhclient", pid: 200, interface: nil)
        let onEthernet = PacketSocketSeen(process: "tcpdump", pid: 300, interface: "eth0")
        #expect(evaluator.observe(.packetSockets([ours, oursNamedTcpdump, dhcpClient, onEthernet])).isEmpty)
        let learners = PacketSocketSeen(process: "tcpdump", pid: 1234, interface: "lo")
        // The port cannot be judged from outside: the note says so rather than pretend.
        #expect(evaluator.observe(.packetSockets([ours, learners])).map(\.note)
            == ["tcpdump (pid 1234) is capturing on lo (its filter is not checked)"])
    }

    @Test func capturingCountsAnotherTerminalsCaptureOnEveryInterfaceStartedBeforeTheStep() throws {
        let anyPort = try Build.step(checks: "      - capturing:")
        var evaluator = CheckEvaluator()
        evaluator.observe(.packetSockets([PacketSocketSeen(process: "dumpcap", pid: 77, interface: nil)]))
        #expect(evaluator.begin(anyPort).map(\.note) == ["dumpcap (pid 77) is capturing on every interface"])
        // With both running, the Packets pane's capture is the note: its filter was checked.
        let withPort = try Build.step(checks: "      - capturing: 8080")
        evaluator.observe(.paneCapture(CaptureSeen(interface: "lo", filter: "port 8080")))
        #expect(evaluator.begin(withPort).map(\.note) == ["capturing on lo “port 8080” in the Packets pane"])
    }

    @Test func anyOfTicksOnTheFirstAlternativeThatHolds() throws {
        let step = try Build.step(checks: """
                  - any-of:
                      - typed: {pane: packets, text: tcpdump}
                      - packet: {filter: tcp port 8080, payload: {pattern: '\\S'}}
                    label: tcpdump is watching
            """)
        #expect(step.checks[0].summary == "tcpdump is watching")
        let ticks = CheckEvaluator.evaluate(step, observations: [Self.packet(51234, 8080, [.psh, .ack], "x")])
        #expect(ticks[0]?.note == "127.0.0.1:51234 > 127.0.0.1:8080 Flags [P.] “x”")
    }

    @Test func allChecksMustHoldInAnyOrder() throws {
        let step = try Build.step(checks: """
                  - listening: 8080
                  - connected: 8080
            """)
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        evaluator.observe(.socketTable([Self.clientRow]))
        #expect(!evaluator.isComplete)
        evaluator.observe(.socketTable([Self.listener]))
        #expect(evaluator.isComplete, "connected held earlier and stays ticked")
    }
}
