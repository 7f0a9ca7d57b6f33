import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons
import NetworkTypes

@Suite struct PacketFilterTests {
    static func packet(_ source: SocketAddress, _ destination: SocketAddress, proto: TransportProtocol = .tcp) -> PacketSeen {
        PacketSeen(proto: proto, source: source, destination: destination)
    }

    static let toListener = packet(.loopback(51234), .loopback(8080))
    static let fromListener = packet(.loopback(8080), .loopback(51234))
    static let dns = packet(SocketAddress(numericHost: "::1", port: 40000)!, SocketAddress(numericHost: "::1", port: 53)!, proto: .udp)

    @Test(arguments: [
        ("port 8080", true, true, false),
        ("tcp port 8080", true, true, false),
        ("dst port 8080", true, false, false),
        ("src port 8080", false, true, false),
        ("src or dst port 8080", true, true, false),
        ("udp", false, false, true),
        ("ip6 and port domain", false, false, true),
        ("not port 8080", false, false, true),
        ("host 127.0.0.1 and portrange 8000-8099", true, true, false),
        ("dst 127.0.0.1 && !src port 8080", true, false, false),
        ("(port 80 or port 8080) and tcp", true, true, false),
        ("host localhost", true, true, true),
        ("port http-alt", true, true, false),
    ])
    func filters(_ text: String, _ matchesToListener: Bool, _ matchesFromListener: Bool, _ matchesDNS: Bool) throws {
        let filter = try PacketFilter(text)
        #expect(filter.matches(Self.toListener) == matchesToListener)
        #expect(filter.matches(Self.fromListener) == matchesFromListener)
        #expect(filter.matches(Self.dns) == matchesDNS)
    }

    @Test(arguments: [
        ("", "the filter is empty: write one such as `tcp port 8080`, or leave `filter` out", 0),
        ("port", "expected a port number after 'port'", 4),
        ("port 8080 and", "the filter ends too early: a condition is missing after the last word", 13),
        ("tcp prot 8080", "unknown word 'prot' in filter; did you mean 'port'?", 4),
        ("dest port 80", "unknown word 'dest' in filter; did you mean 'dst'?", 0),
        ("portrange 90-80", "the range 90-80 goes backwards: write the smaller port first", 10),
        ("host example.com", "'example.com' is not a numeric address; checks compare numbers such as 127.0.0.1 or ::1 (or the name localhost)", 5),
        ("icmp", "'icmp' is tcpdump filter language that porttutor's checks don't understand; use tcp, udp, ip, ip6, port, portrange, host, src, dst, and, or, not", 0),
        ("(port 80", "missing ')' to close the '(' here", 0),
        ("port 80 port 81", "unexpected 'port' in filter; join conditions with `and` or `or`", 8),
    ])
    func errorsSayWhatAndWhere(_ text: String, _ message: String, _ offset: Int) {
        do {
            _ = try PacketFilter(text)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.message == message)
            #expect(error.offset == offset)
        }
    }
}

@Suite struct SmallPartsTests {
    @Test func richTextMarksCodeSpans() {
        let text = RichText(markup: "Type `nc -l 8080`, then `telnet localhost 8080`. A lone ` stays.")
        #expect(text.spans == [
            .plain("Type "), .code("nc -l 8080"), .plain(", then "), .code("telnet localhost 8080"), .plain(". A lone ` stays."),
        ])
        #expect(text.plainText == "Type nc -l 8080, then telnet localhost 8080. A lone ` stays.")
        #expect(text.markup == "Type `nc -l 8080`, then `telnet localhost 8080`. A lone ` stays.")
        #expect(RichText(markup: "`code`").spans == [.code("code")])
    }

    @Test func nearMissSuggestions() {
        #expect(NearMiss.distance("titel", "title") == 1)
        #expect(NearMiss.distance("kitten", "sitting") == 3)
        #expect(NearMiss.suggestion(for: "listen", among: Check.names) == "listening")
        #expect(NearMiss.suggestion(for: "HTTP_Response", among: Check.names) == "http-response")
        #expect(NearMiss.suggestion(for: "xyz", among: Check.names) == nil)
        #expect(NearMiss.suggestion(for: "ab", among: ["ac", "ad"]) == nil, "two-letter words are not guessed")
    }

    @Test func controlKeys() {
        #expect(ControlKey(name: "ctrl-]")?.byte == 0x1D)
        #expect(ControlKey(name: "Ctrl+C")?.byte == 0x03)
        #expect(ControlKey(name: "^D")?.byte == 0x04)
        #expect(ControlKey(name: "ctrl-]")?.description == "Ctrl-]")
        #expect(ControlKey(name: "alt-x") == nil)
        #expect(ControlKey(name: "ctrl-1") == nil)
    }

    @Test func socketStatesReadEveryToolsSpelling() {
        #expect(SocketState(name: "ESTAB") == .established)
        #expect(SocketState(name: "established") == .established)
        #expect(SocketState(name: "SYN_RECV") == .synReceived)
        #expect(SocketState(name: "FIN_WAIT1") == .finWait1)
        #expect(SocketState(name: "TIME-WAIT") == .timeWait)
        #expect(SocketState(name: "UNCONN") == .close)
        #expect(SocketState(name: "BOGUS") == nil)
    }

    @Test func tcpFlagsPrintLikeTcpdump() {
        #expect(TCPFlags.syn.tcpdumpLetters == "S")
        #expect(TCPFlags([.syn, .ack]).tcpdumpLetters == "S.")
        #expect(TCPFlags([.psh, .ack]).tcpdumpLetters == "P.")
        #expect(TCPFlags([.fin, .ack]).tcpdumpLetters == "F.")
        #expect(TCPFlags.ack.tcpdumpLetters == ".")
        #expect(TCPFlags([.syn, .ack]).description == "SYN, ACK")
    }

    @Test func lessonHostsKnowLocalhostAndMappedAddresses() {
        #expect(LessonHost("localhost").matches(.loopbackIPv4))
        #expect(LessonHost("localhost").matches(.loopbackIPv6))
        #expect(LessonHost("LOCALHOST").matches(IPAddress(parsing: "127.0.0.2")!))
        #expect(LessonHost("127.0.0.1").matches(IPAddress(parsing: "::ffff:127.0.0.1")!))
        #expect(LessonHost("::ffff:127.0.0.1").matches(.loopbackIPv4))
        #expect(LessonHost("[::1]").matches(.loopbackIPv6))
        #expect(!LessonHost("127.0.0.1").matches(IPAddress(parsing: "10.0.0.1")!))
        #expect(!LessonHost("localhost").matches(IPAddress(parsing: "10.0.0.1")!))
        #expect(!LessonHost("nonsense").matches(.anyIPv4))
        #expect(SocketAddress(numericHost: "::1", port: 8080)!.description == "[::1]:8080")
    }

    @Test func httpSnifferFindsHeadsInStreams() {
        let requests = HTTPSniffer.requests(in: Array("GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST /x HTTP/1.0\nContent-Length: 0\n\n".utf8), port: 80)
        #expect(requests.map(\.method) == ["GET", "POST"])
        #expect(requests[0].hasHeader("HOST"))
        #expect(requests[1].path == "/x")
        #expect(HTTPSniffer.requests(in: Array("hello there\nGETTING / nowhere\n".utf8), port: nil).isEmpty)
        let responses = HTTPSniffer.responses(in: Array("HTTP/1.1 302 Found\r\nLocation: /\r\n\r\nHTTP/1.0 999 Nope\r\n".utf8), port: 8088)
        #expect(responses.map(\.status) == [302])
        #expect(responses[0].reason == "Found")
    }

    @Test func checkSummariesReadAsSentences() throws {
        let step = try Build.step(checks: """
                  - listening: 8080
                  - packet: {filter: tcp dst port 8080, flags: [SYN]}
                  - http-request: {method: GET, path: /, headers: [Host], port: 8080}
            """, question: "      ask: Why?\n      accept: [because]")
        #expect(step.checks.map(\.summary) == [
            "something listens on TCP port 8080",
            "a packet matching `tcp dst port 8080` with flags [S] is captured",
            "a GET request for / with Host reaches port 8080",
            "you answer the question",
        ])
    }

    @Test func performInputsKeepPaneAndOrder() throws {
        let lesson = try Build.lesson("""
            id: p
            title: P
            summary: P.
            steps:
              - id: s
                title: S
                text: S.
                pane: client
                perform:
                  - telnet localhost 8080
                  - pause: 0.5
                  - {pane: listener, type: hello}
                  - ""
                  - key: ctrl-]
                  - quit
                checks: [closed: 8080]
                hints: [h]
            """)
        let actions = lesson.steps[0].perform.map { "\($0.pane):\($0.action)" }
        #expect(actions == [
            "client:line(\"telnet localhost 8080\")", "client:pause(seconds: 0.5)", "listener:line(\"hello\")",
            "client:line(\"\")", "client:key(Ctrl-])", "client:line(\"quit\")",
        ])
    }
}
