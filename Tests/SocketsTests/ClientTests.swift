import ToolCommands
import SocketsCore
import Foundation
import Glibc
import Testing
import SafeText
@testable import Sockets
import NetworkTypes

/// The Client pane against real peers.
@Suite(.serialized) struct ClientTests {
    func connect(_ harness: HubHarness, _ line: String) throws {
        harness.perform(.connectClient(try ClientCommand.parse(line).get()))
    }

    func clientText(_ harness: HubHarness) -> [String] { harness.lines(.client) }

    /// `nc HOST PORT` talks to a real `nc -l`, both directions.
    @Test func netcatClientTalksToRealNetcat() throws {
        let server = try ExternalTool(["nc", "-l", "127.0.0.1", "18320"])
        #expect(waitForListener(port: 18320))
        let harness = HubHarness()
        try connect(harness, "nc 127.0.0.1 18320")
        #expect(harness.run { harness.hub.isClientConnected })
        #expect(!clientText(harness).contains { $0.contains("succeeded") }, "only nc -v says so: \(clientText(harness))")
        harness.perform(.clientLine("hello real nc"))
        #expect(harness.run { server.output == "hello real nc\n" })
        server.write("hello pane\n")
        #expect(harness.run { clientText(harness).contains("hello pane") })
        server.terminate()
        #expect(harness.run { !harness.hub.isClientActive })
        #expect(harness.kinds(.client).contains(.clientClosed(byPeer: true)))
    }

    /// telnet to a real `nc -l`: greeting, CRLF line endings, Ctrl-] then quit.
    @Test func telnetClientAgainstRealNetcat() throws {
        let server = try ExternalTool(["nc", "-l", "127.0.0.1", "18321"])
        #expect(waitForListener(port: 18321))
        let harness = HubHarness()
        try connect(harness, "telnet localhost 18321")
        #expect(harness.run { harness.hub.isClientConnected })
        #expect(Array(clientText(harness).prefix(3)) == ["Trying 127.0.0.1...", "Connected to localhost.", "Escape character is '^]'."])
        harness.perform(.clientLine("GET /"))
        #expect(harness.run { server.outputBytes == Array("GET /\r\n".utf8) })
        harness.perform(.clientEscape)
        #expect(harness.kinds(.client).contains(.promptChanged("telnet> ")))
        harness.perform(.clientLine("quit"))
        #expect(clientText(harness).suffix(2) == ["telnet> quit", "Connection closed."])
        #expect(!harness.hub.isClientActive)
        // nc -l exits when its one client hangs up.
        #expect(harness.run(untilExit: server))
    }

    /// A line typed while telnet is still "Trying..." is kept and sent once connected, as a
    /// terminal keeps keystrokes for a program that has not read them yet.
    @Test func aLineTypedWhileConnectingIsSentOnceConnected() throws {
        let server = try ExternalTool(["nc", "-l", "127.0.0.1", "18329"])
        #expect(waitForListener(port: 18329))
        let harness = HubHarness()
        try connect(harness, "telnet 127.0.0.1 18329")
        #expect(!harness.hub.isClientConnected, "the connect has not been seen to complete yet")
        harness.perform(.clientLine("typed early"))
        #expect(!clientText(harness).contains("Not sent: not connected yet."))
        #expect(harness.run { server.outputBytes == Array("typed early\r\n".utf8) })
        #expect(clientText(harness).contains("typed early"))
        server.terminate()
    }

    @Test func telnetSeesTheForeignHostClose() throws {
        let server = try ExternalTool(["printf 'bye\\n' | nc -N -l 127.0.0.1 18322"], shell: true)
        #expect(waitForListener(port: 18322))
        let harness = HubHarness()
        try connect(harness, "telnet 127.0.0.1 18322")
        #expect(harness.run { !harness.hub.isClientActive && harness.hub.openDescriptorCount == 0 })
        #expect(clientText(harness).suffix(2) == ["bye", "Connection closed by foreign host."])
        server.terminate()
    }

    @Test func refusedIsExplained() throws {
        let harness = HubHarness()
        try connect(harness, "telnet localhost 18323")
        #expect(harness.run { !harness.hub.isClientActive })
        let text = clientText(harness)
        #expect(text.prefix(4) == ["Trying 127.0.0.1...", "telnet: connect to address 127.0.0.1: Connection refused",
                                   "Trying ::1...", "telnet: Unable to connect to remote host: Connection refused"])
        #expect(harness.firstFailure(.client)?.kind == .connectionRefused(host: "localhost", port: 18323))
        #expect(text.contains("The connection request (SYN) reached the machine, and its kernel answered at once with a reset (RST): no program there is listening on that port."), "one sentence, one line for the pane to wrap")
        #expect(text.contains("Start a listener first (nc -l 18323 in the Listener pane), or check the port number."))
        #expect(harness.hub.openDescriptorCount == 0)
    }

    @Test func curlRefusedSpeaksCurl() throws {
        let harness = HubHarness()
        try connect(harness, "curl -v http://127.0.0.1:18323/")
        #expect(harness.run { !harness.hub.isClientActive })
        let text = clientText(harness)
        #expect(text.first == "*   Trying 127.0.0.1:18323...")
        #expect(text.contains { $0.hasPrefix("curl: (7) Failed to connect to 127.0.0.1 port 18323 after ") })
    }

    /// UDP both ways with a real `nc -u -l`.
    @Test func udpClientWithRealNetcat() throws {
        let server = try ExternalTool(["nc", "-u", "-l", "127.0.0.1", "18324"])
        #expect(waitForListener(port: 18324, udp: true))
        let harness = HubHarness()
        try connect(harness, "nc -u 127.0.0.1 18324")
        #expect(harness.hub.isClientConnected)
        harness.perform(.clientLine("datagram one"))
        #expect(harness.run { server.output.contains("datagram one") })
        server.write("answer\n")
        #expect(harness.run { clientText(harness).contains("answer") })
        server.terminate()
    }

    /// A SYN that gets no answer: the listen queue of this socket is full and nobody
    /// accepts, so the kernel drops the SYN, as a firewall would.
    @Test func connectTimeoutIsExplained() throws {
        let full = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(full) }
        var one: Int32 = 1
        setsockopt(full, SOL_SOCKET, SO_REUSEADDR, &one, 4)
        let address = SocketAddress.loopback(.ipv4, port: 18325)
        #expect(POSIXSocket.bind(full, to: address) == nil)
        #expect(POSIXSocket.listen(full, backlog: 0) == nil)
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        defer { close(filler) }
        _ = POSIXSocket.connect(filler, to: address)

        let harness = HubHarness(configuration: SocketHubConfiguration(connectTimeoutSeconds: 3))
        try connect(harness, "nc 127.0.0.1 18325")
        // Let the clock jump instead of waiting: the hub only knows the time it is given.
        harness.record(harness.hub.timersFired(now: .now.advanced(by: .seconds(4))))
        #expect(harness.firstFailure(.client)?.kind == .timedOut(host: "127.0.0.1", port: 18325, seconds: 3))
        #expect(clientText(harness).first == "nc: connect to 127.0.0.1 port 18325 (tcp) failed: Connection timed out")
        #expect(clientText(harness).contains("The connection request (SYN) got no reply at all: no SYN-ACK, and no reset either."))
        #expect(harness.hub.openDescriptorCount == 0)
    }

    @Test func offlineNamesPointToTheBuiltInServer() throws {
        let resolver = TableResolver(["www.google.com": .failed(.temporaryFailure)])
        let harness = HubHarness(resolver: resolver)
        try connect(harness, "telnet www.google.com 80")
        #expect(harness.firstFailure(.client)?.kind == .offline(host: "www.google.com"))
        let text = clientText(harness)
        #expect(text.first == "telnet: could not resolve www.google.com/80: Temporary failure in name resolution")
        #expect(text.contains("This machine seems to be offline: www.google.com cannot be reached."))
        #expect(text.contains("  telnet localhost 8088   then type GET / and press Enter"))
    }

    /// `http://localhost8080`: the lookup fails (offline or not found), and the
    /// explanation is the missing colon, not "this machine seems to be offline".
    @Test(arguments: [ResolutionStatus.failed(.temporaryFailure), .failed(.nameNotFound)])
    func aPortRunIntoLocalhostIsTheMissingColon(_ answer: ResolutionStatus) throws {
        let harness = HubHarness(resolver: TableResolver(["localhost8080": answer]))
        try connect(harness, "curl http://localhost8080")
        #expect(harness.firstFailure(.client)?.kind == .nameNotFound(host: "localhost8080"))
        let text = clientText(harness)
        #expect(text.first == "curl: (6) Could not resolve host: localhost8080")
        #expect(text.contains("It looks like localhost and port 8080 run together, so the port became part of the name."))
        #expect(text.contains("In a URL a colon comes before the port: curl http://localhost:8080/"))
        #expect(!text.contains { $0.contains("offline") })
        #expect(TeachingError.portRunIntoName(host: "web01") == nil && TeachingError.portRunIntoName(host: "localhost") == nil)
    }

    /// Lesson 10 asks for `curl --connect-timeout 3` against a silent drop: the pane takes
    /// it, and it bounds the connection alone (`-m` bounds the whole transfer).
    @Test func curlConnectTimeoutBoundsTheConnection() throws {
        func timeout(_ line: String) throws -> Int {
            guard case .curl(let command) = try ClientCommand.parse(line).get() else { throw CommandLineError(message: "not curl") }
            return CurlSession(command: command, connectTimeoutSeconds: 10).connectTimeoutSeconds
        }
        #expect(try timeout("curl --connect-timeout 3 http://server.lab:443/") == 3)
        #expect(try timeout("curl -m 2 --connect-timeout 5 http://localhost:8080/") == 2)
        #expect(try timeout("curl http://localhost:8080/") == 10)
        guard case .failure(let error) = ClientCommand.parse("curl --connect-timeout soon http://localhost/") else {
            Issue.record("a timeout that is not a number was taken")
            return
        }
        #expect(error.message == "curl: --connect-timeout soon: give whole seconds")
    }

    @Test func slowLookupGivesUpAsOffline() throws {
        let resolver = TableResolver(["example.org": .pending])
        let harness = HubHarness(configuration: SocketHubConfiguration(resolutionTimeoutSeconds: 5), resolver: resolver)
        try connect(harness, "curl http://example.org/")
        #expect(harness.kinds(.client) == [.resolving(host: "example.org")])
        #expect(harness.hub.nextDeadline != nil)
        harness.record(harness.hub.timersFired(now: .now.advanced(by: .seconds(6))))
        #expect(harness.firstFailure(.client)?.kind == .offline(host: "example.org"))
        #expect(clientText(harness).first == "curl: (6) Could not resolve host: example.org")
    }

    @Test func unknownNameIsExplained() throws {
        let harness = HubHarness(resolver: TableResolver([:]))
        try connect(harness, "nc nosuch.example 80")
        #expect(clientText(harness).first == "nc: getaddrinfo for host \"nosuch.example\" port 80: Name or service not known")
        #expect(harness.firstFailure(.client)?.kind == .nameNotFound(host: "nosuch.example"))
    }

    /// The real asynchronous resolver, on a name /etc/hosts answers (no DNS traffic).
    @Test func glibcResolverAnswersWithoutBlocking() throws {
        let resolver = GlibcHostResolver()
        let id = resolver.start(host: "localhost", port: 80, transport: .tcp)
        var status = resolver.status(of: id)
        let end = ContinuousClock.now.advanced(by: .seconds(10))
        while status == .pending && ContinuousClock.now < end {
            usleep(5_000)
            status = resolver.status(of: id)
        }
        guard case .resolved(let addresses) = status else { Issue.record("\(status)"); return }
        #expect(addresses.contains(.loopback(.ipv4, port: 80)))
    }

    /// The hub's resolver path end to end: a resolved name leads to a connection.
    @Test func resolvedNamesConnect() throws {
        let resolver = TableResolver(["lesson.test": .resolved([.loopback(.ipv4, port: 18326)])])
        let harness = HubHarness(resolver: resolver)
        harness.perform(.startListener(ListenRequest(port: 18326)))
        try connect(harness, "telnet lesson.test 18326")
        #expect(harness.run { harness.hub.isClientConnected })
        #expect(clientText(harness).contains("Connected to lesson.test."))
    }
}
