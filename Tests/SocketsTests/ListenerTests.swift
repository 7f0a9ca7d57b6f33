import ToolCommands
import SocketsCore
import Foundation
import Glibc
import Testing
import SafeText
@testable import Sockets
import NetworkTypes

/// The Listener pane against real peers: curl, telnet and nc from Debian.
@Suite(.serialized) struct ListenerTests {
    func listen(_ harness: HubHarness, _ line: String) throws {
        let request = try ListenerCommand.parse(line).get()
        harness.perform(.startListener(request))
        #expect(harness.hub.isListening, "\(harness.lines(.listener))")
    }

    @Test func defaultBindIsLoopbackOnly() throws {
        let harness = HubHarness()
        try listen(harness, "nc -l 18300")
        guard case .listening(let addresses, .tcp)? = harness.kinds(.listener).first else {
            Issue.record("no listening event"); return
        }
        #expect(addresses.map(\.description) == ["127.0.0.1:18300", "[::1]:18300"])
        #expect(harness.lines(.listener) == ["Listening on 127.0.0.1 18300", "Listening on ::1 18300"])
        harness.perform(.stopListener)
        #expect(harness.hub.openDescriptorCount == 0)
    }

    @Test func allInterfacesShowsTheWarning() throws {
        let harness = HubHarness()
        try listen(harness, "nc -l -s 0.0.0.0 18301")
        #expect(harness.events.first?.lines.last?.style == .warning)
        #expect(harness.lines(.listener).last?.hasPrefix("Warning: listening on 0.0.0.0 means every IPv4 interface") == true)
    }

    /// The request real curl sends arrives whole, line by line, and curl gets our answer.
    @Test func realCurlRequestArrivesWhole() throws {
        let harness = HubHarness()
        try listen(harness, "nc -l 18302")
        let curl = try ExternalTool(["curl", "-s", "-m", "10", "http://localhost:18302/lesson?x=1"])
        #expect(harness.run { harness.lines(.listener).contains("") })
        let received = harness.events.filter {
            if case .received = $0.kind { return true } else { return false }
        }.flatMap { $0.lines.map(\.text.string) }
        #expect(received == ["GET /lesson?x=1 HTTP/1.1", "Host: localhost:18302", "User-Agent: curl/7.88.1", "Accept: */*", ""])
        #expect(harness.lines(.listener).contains { $0.hasPrefix("Connection received on 127.0.0.1 ") })
        harness.perform(.listenerBytes(Array("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n".utf8)))
        #expect(harness.run(untilExit: curl))
        #expect(curl.output == "hello\n")
        #expect(harness.run { !harness.hub.isListening && harness.hub.listenerConnectionCount == 0 })
        #expect(harness.lines(.listener).last?.hasPrefix("nc exits: its one client has gone.") == true)
    }

    /// Real telnet: what it types arrives, what the pane types reaches it.
    @Test func realTelnetBothWays() throws {
        let harness = HubHarness()
        try listen(harness, "nc -l 18303")
        let telnet = try ExternalTool(["telnet", "127.0.0.1", "18303"])
        #expect(harness.run { harness.hub.listenerConnectionCount == 1 })
        telnet.write("hello from telnet\n")
        #expect(harness.run { harness.lines(.listener).contains("hello from telnet") })
        harness.perform(.listenerLine("hello from the pane"))
        #expect(harness.run { telnet.output.contains("hello from the pane") })
        #expect(telnet.output.contains("Connected to 127.0.0.1."))
        // The listener hangs up: telnet says what learners see.
        if let id = harness.hub.listener?.connections.keys.first {
            harness.perform(.closeListenerConnection(id))
        }
        #expect(harness.run(untilExit: telnet))
        #expect(telnet.output.contains("Connection closed by foreign host."))
    }

    /// `-k`: several clients at once, and a typed line goes to all of them.
    @Test func keepListeningServesSeveralClients() throws {
        let harness = HubHarness()
        try listen(harness, "nc -lk 18304")
        let first = try ExternalTool(["nc", "127.0.0.1", "18304"])
        let second = try ExternalTool(["nc", "::1", "18304"])
        #expect(harness.run { harness.hub.listenerConnectionCount == 2 })
        harness.perform(.listenerLine("to everyone"))
        #expect(harness.run { first.output.contains("to everyone") && second.output.contains("to everyone") })
        first.write("one\n")
        second.write("two\n")
        #expect(harness.run { harness.lines(.listener).contains("one") && harness.lines(.listener).contains("two") })
        first.closeInput(); second.closeInput()
        first.terminate(); second.terminate()
        #expect(harness.run { harness.hub.listenerConnectionCount == 0 })
        #expect(harness.hub.isListening)
    }

    @Test func udpShowsDatagramsAndRepliesToTheSender() throws {
        let harness = HubHarness()
        try listen(harness, "nc -lu 18305")
        #expect(harness.lines(.listener) == ["Bound on 127.0.0.1 18305 (UDP)", "Bound on ::1 18305 (UDP)"])
        let sender = try ExternalTool(["nc", "-u", "127.0.0.1", "18305"])
        sender.write("ping\n")
        #expect(harness.run { harness.lines(.listener).contains("ping") })
        let datagram = harness.events.first { if case .datagram = $0.kind { return true } else { return false } }
        #expect(datagram?.lines.first?.text.string.hasPrefix("Datagram of 5 bytes from 127.0.0.1 ") == true)
        harness.perform(.listenerLine("pong"))
        #expect(harness.run { sender.output.contains("pong") })
        sender.terminate()
    }

    @Test func portInUseNamesThePort() throws {
        let first = HubHarness()
        try listen(first, "nc -l 18306")
        let second = HubHarness()
        second.perform(.startListener(try ListenerCommand.parse("nc -l 18306").get()))
        let error = try #require(second.firstFailure(.listener))
        #expect(error.kind == .addressInUse(port: 18306, address: "127.0.0.1", transport: .tcp))
        #expect(error.port == 18306)
        #expect(second.lines(.listener).first == "nc: Address already in use")
        #expect(second.lines(.listener).contains("Port 18306 is already in use on 127.0.0.1 (TCP)."))
        #expect(second.hub.openDescriptorCount == 0)
    }

    /// `nc -l 8088` while porttutor's own web server holds 8088: the error names the web
    /// server and the ways round it, not "porttutor (pid N)" as a program to stop.
    @Test func portOfTheBuiltInWebServerIsNamedAsSuch() throws {
        let harness = HubHarness(configuration: SocketHubConfiguration(webServer: WebServerConfiguration(port: 18312)))
        harness.hub.portHolder = { _, _ in "porttutor (pid 4242)" }
        harness.perform(.startWebServer)
        harness.perform(.startListener(try ListenerCommand.parse("nc -l 18312").get()))
        let error = try #require(harness.firstFailure(.listener))
        #expect(error.kind == .addressInUse(port: 18312, address: "127.0.0.1", transport: .tcp))
        let lines = harness.lines(.listener)
        #expect(lines.first == "nc: Address already in use")
        #expect(lines.contains("Port 18312 is porttutor's own web server (for the HTTP lesson)."), "\(lines)")
        #expect(lines.contains { $0.hasSuffix("or start porttutor with --web-port N to move its web server to port N.") }, "\(lines)")
        #expect(!lines.contains { $0.contains("held by") || $0.contains("Stop the program") }, "\(lines)")
        harness.perform(.stopWebServer)
    }

    /// Escape sequences and control bytes from a real client come out as placeholders.
    @Test func escapeSequencesArePlaceholders() throws {
        let harness = HubHarness()
        try listen(harness, "nc -l 18307")
        let nasty = try ExternalTool([#"printf '\033[2J\033]0;owned\007hi\377\n' | nc -q 1 127.0.0.1 18307"#], shell: true)
        #expect(harness.run { harness.lines(.listener).contains { $0.hasSuffix("hi\u{FFFD}") } })
        #expect(harness.lines(.listener).contains("␛[2J␛]0;owned␇hi\u{FFFD}"))
        for line in harness.lines(.listener) {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
        nasty.terminate()
    }

    /// 500 clients at once on -k: all accepted, all closed, no descriptor left behind.
    @Test func fiveHundredConcurrentClients() throws {
        let before = openDescriptorCount()
        let harness = HubHarness()
        harness.keepEvents = false
        try listen(harness, "nc -lk 18308")
        var clients: [Int32] = []
        for _ in 0..<500 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = UInt16(18308).bigEndian
            sin.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            _ = withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            clients.append(fd)
            if clients.count % 50 == 0 { harness.step(milliseconds: 0) }
        }
        #expect(harness.run(timeout: .seconds(60)) { harness.hub.listenerConnectionCount == 500 })
        for fd in clients { _ = "x\n".withCString { send(fd, $0, 2, Int32(MSG_NOSIGNAL)) } }
        #expect(harness.run { harness.receivedByteCount == 1000 })
        for fd in clients { close(fd) }
        #expect(harness.run(timeout: .seconds(60)) { harness.hub.listenerConnectionCount == 0 })
        harness.perform(.stopListener)
        #expect(harness.hub.openDescriptorCount == 0)
        // Other suites open descriptors in parallel, so allow a little slack; a leak would be ~500.
        #expect(openDescriptorCount() < before + 100)
    }

    /// 50 MB from real nc: every byte counted, the pane shown a bounded amount, memory flat.
    @Test func fiftyMegabytesThroughTheListener() throws {
        let harness = HubHarness()
        harness.keepEvents = false
        try listen(harness, "nc -l 18309")
        let memoryBefore = residentBytes()
        let total = 50 * 1024 * 1024
        let sender = try ExternalTool(["head -c \(total) /dev/urandom | nc -N -q 1 127.0.0.1 18309"], shell: true)
        #expect(harness.run(timeout: .seconds(90)) { harness.receivedByteCount == total && !harness.hub.isListening })
        sender.terminate()
        #expect(harness.receivedByteCount == total)
        // At 256 KiB/s of display budget, the pane saw a small part of it (placeholders
        // make each shown byte up to three bytes of text).
        #expect(harness.displayedBytes < total / 4)
        #expect(residentBytes() - memoryBefore < 64 * 1024 * 1024)
    }

    /// Beyond the client limit, a client is turned away with an explanation.
    @Test func clientLimitIsExplained() throws {
        let harness = HubHarness(configuration: SocketHubConfiguration(maxListenerClients: 2))
        try listen(harness, "nc -lk 18310")
        let clients = try (0..<3).map { _ in try ExternalTool(["nc", "127.0.0.1", "18310"]) }
        #expect(harness.run { harness.kinds(.listener).contains { if case .clientTurnedAway = $0 { return true } else { return false } } })
        #expect(harness.hub.listenerConnectionCount == 2)
        #expect(harness.lines(.listener).contains("Turned a client away: 2 clients are already connected."))
        for client in clients { client.terminate() }
    }

    /// A client that never reads: the outgoing buffer stops at its bound and says why.
    @Test func slowReaderBoundsOutgoingBytes() throws {
        let harness = HubHarness(configuration: SocketHubConfiguration(maxPendingOutputBytes: 64 * 1024))
        try listen(harness, "nc -l 18311")
        let reader = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(reader) }
        var small: Int32 = 4096
        setsockopt(reader, SOL_SOCKET, SO_RCVBUF, &small, 4)
        #expect(POSIXSocket.connect(reader, to: .loopback(.ipv4, port: 18311)) == .connected)
        #expect(harness.run { harness.hub.listenerConnectionCount == 1 })
        let chunk = [UInt8](repeating: 0x42, count: 32 * 1024)
        var refused = false
        for _ in 0..<2000 where !refused {
            let events = harness.perform(.listenerBytes(chunk))
            refused = events.contains { $0.kind == .failed(.sendBufferFull(limit: 64 * 1024)) }
            harness.step(milliseconds: 0)
        }
        #expect(refused)
        #expect(harness.lines(.listener).contains("TCP only sends as fast as the other side reads (flow control); its window is full."))
    }
}
