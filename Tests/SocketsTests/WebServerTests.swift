import ToolCommands
import SocketsCore
import Foundation
import Glibc
import Testing
import SafeText
@testable import Sockets
import NetworkTypes

/// The built-in web server, checked by the real curl (which rejects invalid HTTP/1.1).
@Suite(.serialized) struct WebServerTests {
    func server(port: UInt16) -> HubHarness {
        let harness = HubHarness(configuration: SocketHubConfiguration(webServer: WebServerConfiguration(port: port)))
        harness.perform(.startWebServer)
        #expect(harness.hub.webServerAddresses.map(\.description) == ["127.0.0.1:\(port)", "[::1]:\(port)"])
        return harness
    }

    /// Runs a real tool against the server while the hub's loop serves it.
    func run(_ harness: HubHarness, _ arguments: [String], shell: Bool = false) throws -> (output: String, status: Int32?) {
        let tool = try ExternalTool(arguments, shell: shell)
        #expect(harness.run(untilExit: tool))
        return (tool.output, tool.exitStatus)
    }

    @Test func rootRedirectsLikeARealSite() throws {
        let harness = server(port: 18330)
        let (output, status) = try run(harness, ["curl", "-sv", "http://localhost:18330/"])
        #expect(status == 0)
        #expect(output.contains("< HTTP/1.1 302 Found\r\n"))
        #expect(output.contains("< Location: http://localhost:18330/welcome\r\n"))
        #expect(output.contains("< Content-Type: text/html; charset=UTF-8\r\n"))
        #expect(output.contains("< Server: porttutor/0.1\r\n"))
        #expect(output.contains("< Date: "))
        #expect(output.contains("* Connection #0 to host localhost left intact"))
        #expect(harness.kinds(.webServer).contains { if case .webRequest(_, _, 302) = $0 { return true } else { return false } })
    }

    @Test func errorsHaveTheRightStatus() throws {
        let harness = server(port: 18331)
        let notFound = try run(harness, ["curl", "-sv", "http://127.0.0.1:18331/nothing"])
        #expect(notFound.output.contains("< HTTP/1.1 404 Not Found\r\n"))
        #expect(notFound.output.contains("Nothing here is called /nothing."))
        let post = try run(harness, ["curl", "-sv", "-d", "a=1", "http://127.0.0.1:18331/"])
        #expect(post.output.contains("< HTTP/1.1 405 Method Not Allowed\r\n"))
        #expect(post.output.contains("< Allow: GET, HEAD\r\n"))
        let head = try run(harness, ["curl", "-sI", "http://[::1]:18331/"])
        #expect(head.status == 0)
        #expect(head.output.hasPrefix("HTTP/1.1 302 Found\r\n"))
        let welcome = try run(harness, ["curl", "-s", "http://localhost:18331/welcome"])
        #expect(welcome.output.contains("<h1>Hello from port 18331</h1>"))
        let old = try run(harness, ["curl", "-sv", "-0", "http://127.0.0.1:18331/"])
        #expect(old.output.contains("< Connection: close\r\n"))
        #expect(old.status == 0)
    }

    /// Keep-alive: curl reuses the connection for a second URL.
    @Test func keepAliveIsHonoured() throws {
        let harness = server(port: 18332)
        let (output, status) = try run(harness, ["curl", "-sv", "http://127.0.0.1:18332/", "http://127.0.0.1:18332/welcome"])
        #expect(status == 0)
        #expect(output.contains("Re-using existing connection"))
        #expect(output.contains("< HTTP/1.1 200 OK\r\n"))
    }

    /// What the lesson has the learner type: a bare `GET /` line, with no version.
    @Test func bareGetLineIsAnswered() throws {
        let harness = server(port: 18333)
        let (output, _) = try run(harness, ["printf 'GET /\\r\\n' | nc -N 127.0.0.1 18333"], shell: true)
        #expect(output.hasPrefix("HTTP/1.1 302 Found\r\nLocation: http://localhost:18333/welcome\r\n"))
        #expect(output.contains("Connection: close\r\n"))
    }

    @Test func malformedRequestsGet400() throws {
        let harness = server(port: 18334)
        let garbage = try run(harness, ["printf 'hello there friend\\r\\n\\r\\n' | nc -N 127.0.0.1 18334"], shell: true)
        #expect(garbage.output.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        let noHost = try run(harness, ["printf 'GET / HTTP/1.1\\r\\n\\r\\n' | nc -N 127.0.0.1 18334"], shell: true)
        #expect(noHost.output.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(noHost.output.contains("An HTTP/1.1 request needs exactly one Host header"))
        let huge = try run(harness, ["(printf 'GET /'; head -c 20000 /dev/zero | tr '\\\\0' a; printf ' HTTP/1.1\\r\\n\\r\\n') | nc -N 127.0.0.1 18334"], shell: true)
        #expect(huge.output.hasPrefix("HTTP/1.1 414 URI Too Long\r\n"))
        #expect(harness.run { harness.hub.webServerConnectionCount == 0 })
    }

    /// The lesson's flow inside porttutor: telnet in the Client pane to the built-in server.
    @Test func telnetInTheClientPaneGets302() throws {
        let harness = server(port: 18335)
        harness.perform(.connectClient(try ClientCommand.parse("telnet localhost 18335").get()))
        #expect(harness.run { harness.hub.isClientConnected })
        harness.perform(.clientLine("GET /"))
        #expect(harness.run { !harness.hub.isClientActive })
        let text = harness.lines(.client)
        #expect(text.contains("HTTP/1.1 302 Found"))
        #expect(text.last == "Connection closed by foreign host.")
    }

    @Test func curlInTheClientPaneShowsTheExchange() throws {
        let harness = server(port: 18336)
        harness.perform(.connectClient(try ClientCommand.parse("curl -v http://localhost:18336/").get()))
        #expect(harness.run { !harness.hub.isClientActive })
        let text = harness.lines(.client)
        #expect(text.prefix(7) == ["*   Trying 127.0.0.1:18336...", "* Connected to localhost (127.0.0.1) port 18336 (#0)",
                                   "> GET / HTTP/1.1", "> Host: localhost:18336", "> User-Agent: curl/7.88.1",
                                   "> Accept: */*", "> "])
        #expect(text.contains("< HTTP/1.1 302 Found"))
        #expect(text.last == "* Connection #0 to host localhost left intact")
        #expect(harness.kinds(.client).contains(.httpResponse(status: 302, reason: "Found")))
    }

    @Test func idleClientsAreTimedOut() throws {
        let harness = HubHarness(configuration: SocketHubConfiguration(
            webServer: WebServerConfiguration(port: 18337, idleTimeoutSeconds: 5)))
        harness.perform(.startWebServer)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        #expect(POSIXSocket.connect(fd, to: .loopback(.ipv4, port: 18337)) == .connected)
        _ = "GET / HTTP/1.1\r\n".withCString { send(fd, $0, 16, 0) }
        #expect(harness.run { harness.hub.webServerConnectionCount == 1 })
        harness.step()
        harness.record(harness.hub.timersFired(now: .now.advanced(by: .seconds(6))))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        #expect(String(decoding: buffer.prefix(max(0, n)), as: UTF8.self).hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
    }

    @Test func portInUseIsReported() throws {
        let first = server(port: 18338)
        let second = HubHarness(configuration: SocketHubConfiguration(webServer: WebServerConfiguration(port: 18338)))
        second.perform(.startWebServer)
        #expect(second.firstFailure(.webServer)?.port == 18338)
        #expect(!second.hub.isWebServerRunning)
        first.perform(.stopWebServer)
        #expect(first.hub.openDescriptorCount == 0)
    }
}
