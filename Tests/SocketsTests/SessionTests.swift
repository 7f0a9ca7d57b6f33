import ToolCommands
import SocketsCore
import Testing
import SafeText
@testable import Sockets
import NetworkTypes

private let local = SocketAddress(numericHost: "127.0.0.1", port: 40000)!
private let remote = SocketAddress(numericHost: "127.0.0.1", port: 8080)!

@Suite struct TelnetSessionTests {
    @Test func greetsLikeTelnet() {
        var session = TelnetSession(command: TelnetCommandLine(host: "localhost", port: 8080))
        #expect(session.trying(remote).map(\.description) == ["Trying 127.0.0.1..."])
        let step = session.connected(local: local, remote: remote)
        #expect(step.lines.map(\.description) == ["Connected to localhost.", "Escape character is '^]'."])
    }

    @Test func linesGoOutWithCRLF() {
        var session = TelnetSession(command: TelnetCommandLine(host: "localhost", port: 8080))
        _ = session.connected(local: local, remote: remote)
        let get = session.userLine("GET /")
        let y = session.userLine("\u{FF}")
        #expect(get.send == Array("GET /\r\n".utf8))
        #expect(y.send == [0xC3, 0xBF, 13, 10])
    }

    @Test func escapeThenQuit() {
        var session = TelnetSession(command: TelnetCommandLine(host: "localhost", port: 8080))
        _ = session.connected(local: local, remote: remote)
        let escape = session.escape()
        #expect(escape.prompt == .some("telnet> "))
        #expect(session.mode == .commandPrompt)
        let bogus = session.userLine("bogus")
        let help = session.userLine("?")
        #expect(bogus.lines.map(\.description) == ["?Invalid command"])
        #expect(help.lines.first?.description == "Commands may be abbreviated.  Commands are:")
        let quit = session.userLine("quit")
        #expect(quit.lines.map(\.description) == ["Connection closed."])
        #expect(quit.close)
    }

    @Test func emptyLineReturnsToTheConnection() {
        var session = TelnetSession(command: TelnetCommandLine(host: "h", port: 1))
        _ = session.connected(local: local, remote: remote)
        _ = session.escape()
        let back = session.userLine("")
        #expect(back.prompt == .some(nil))
        #expect(session.mode == .connected)
        let data = session.userLine("q")
        #expect(data.send == Array("q\r\n".utf8))
        _ = session.escape()
        let quit = session.userLine("q")
        #expect(quit.close)   // abbreviation of quit
    }

    @Test func foreignHostClose() {
        var session = TelnetSession(command: TelnetCommandLine(host: "h", port: 1))
        _ = session.connected(local: local, remote: remote)
        _ = session.received(ArraySlice("login: ".utf8))
        let closed = session.peerClosed()
        #expect(closed.lines.map(\.description) == ["login: ", "Connection closed by foreign host."])
    }

    /// A real telnet server opens with IAC negotiation: declined, never shown.
    @Test func negotiationIsAnsweredNotShown() {
        var session = TelnetSession(command: TelnetCommandLine(host: "h", port: 23))
        _ = session.connected(local: local, remote: remote)
        let bytes: [UInt8] = [255, 251, 1, 255, 253, 24, 255, 250, 24, 1, 255, 240, 255, 255] + Array("hi\r\n".utf8)
        let step = session.received(bytes[...])
        #expect(step.send == [255, 254, 1, 255, 252, 24])
        #expect(step.lines.map(\.description) == ["\u{FFFD}hi"])
    }

    @Test func failuresSpeakTelnet() {
        let session = TelnetSession(command: TelnetCommandLine(host: "localhost", port: 8080))
        let refused = session.failed(.refused(host: "localhost", port: 8080), errno: .connectionRefused, elapsedMilliseconds: 0)
        #expect(refused.first?.description == "telnet: Unable to connect to remote host: Connection refused")
        #expect(refused.contains { $0.description.contains("reset (RST)") })
        let unknown = session.failed(.nameNotFound(host: "nosuch"), errno: nil, elapsedMilliseconds: 0)
        #expect(unknown.first?.description == "telnet: could not resolve localhost/8080: Name or service not known")
    }
}

@Suite struct NetcatClientSessionTests {
    func session(_ line: String) throws -> NetcatClientSession {
        guard case .netcat(let n) = try ClientCommand.parse(line).get() else { throw CommandLineError(message: "not nc") }
        return NetcatClientSession(request: n)
    }

    /// Like OpenBSD nc: connecting is silent (the pane's title says so), `-v` announces it.
    @Test func saysItConnectedOnlyWithV() throws {
        var quiet = try session("nc localhost 8080")
        #expect(quiet.connected(local: local, remote: remote).lines.isEmpty)
        var verbose = try session("nc -v localhost 8080")
        #expect(verbose.connected(local: local, remote: remote).lines.map(\.description)
                == ["Connection to localhost (127.0.0.1) 8080 port [tcp/*] succeeded!"])
    }

    @Test func failuresAreShownWithoutV() throws {
        let quiet = try session("nc localhost 8080")
        let refused = quiet.failed(.refused(host: "localhost", port: 8080), errno: .connectionRefused, elapsedMilliseconds: 0)
        #expect(refused.first?.description == "nc: connect to localhost port 8080 (tcp) failed: Connection refused")
    }

    /// Each address tried is named only with -v, as real nc does; without it the one
    /// failure line says it all, not once per address and again at the end.
    @Test func namesEachFailedAddressOnlyWithV() throws {
        var quiet = try session("nc localhost 8080")
        #expect(quiet.attemptFailed(remote, .connectionRefused).isEmpty)
        var verbose = try session("nc -v localhost 8080")
        #expect(verbose.attemptFailed(remote, .connectionRefused).map(\.description)
                == ["nc: connect to localhost (127.0.0.1) port 8080 (tcp) failed: Connection refused"])
    }
}

@Suite struct CurlSessionTests {
    func session(_ line: String) throws -> CurlSession {
        guard case .curl(let c) = try ClientCommand.parse(line).get() else { throw CommandLineError(message: "not curl") }
        return CurlSession(command: c)
    }

    @Test func verboseShowsRequestAndResponse() throws {
        var curl = try session("curl -v http://localhost:8088/")
        let trying = curl.trying(.loopback(.ipv4, port: 8088))
        #expect(trying.map(\.description) == ["*   Trying 127.0.0.1:8088..."])
        let connected = curl.connected(local: local, remote: .loopback(.ipv4, port: 8088))
        #expect(connected.lines.map(\.description) == [
            "* Connected to localhost (127.0.0.1) port 8088 (#0)",
            "> GET / HTTP/1.1", "> Host: localhost:8088", "> User-Agent: curl/7.88.1", "> Accept: */*", "> ",
        ])
        let response = "HTTP/1.1 302 Found\r\nLocation: http://localhost:8088/welcome\r\nContent-Length: 5\r\n\r\nmoved"
        let step = curl.received(ArraySlice(response.utf8))
        #expect(step.httpStatus?.status == 302)
        #expect(step.lines.map(\.description) == [
            "< HTTP/1.1 302 Found", "< Location: http://localhost:8088/welcome", "< Content-Length: 5", "< ",
            "moved", "* Connection #0 to host localhost left intact",
        ])
        #expect(step.close)
    }

    @Test func bodyOnlyByDefaultAndHeadersWithI() throws {
        let response = Array("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nhi\n".utf8)
        var plain = try session("curl http://h/")
        let a = plain.received(response[...])
        #expect(a.lines.map(\.description) == ["hi"])
        var include = try session("curl -i http://h/")
        let b = include.received(response[...])
        #expect(b.lines.map(\.description) == ["HTTP/1.1 200 OK", "Content-Length: 3", "", "hi"])
    }

    @Test func chunkedAndSplitReads() throws {
        var curl = try session("curl http://h/")
        let response = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6;x=y\r\npedia\n\r\n0\r\n\r\n".utf8)
        var lines: [String] = []
        var closed = false
        for byte in response {
            let step = curl.received([byte][...])
            lines += step.lines.map(\.description)
            closed = closed || step.close
        }
        #expect(lines == ["Wikipedia"])
        #expect(closed)
    }

    @Test func readUntilCloseForHTTP10() throws {
        var curl = try session("curl -v http://h/")
        let step = curl.received(ArraySlice("HTTP/1.0 200 OK\r\n\r\nbody".utf8))
        #expect(!step.close)
        #expect(step.lines.first?.description == "* HTTP 1.0, assume close after body")
        let end = curl.peerClosed()
        #expect(end.lines.map(\.description) == ["body", "* Closing connection 0"])
    }

    @Test func notHTTPIsExplained() throws {
        var curl = try session("curl http://h/")
        let step = curl.received(ArraySlice("hello there\n".utf8))
        #expect(step.lines.first?.description == "curl: (1) Received HTTP/0.9 when not allowed")
        var empty = try session("curl http://h/")
        let nothing = empty.peerClosed()
        #expect(nothing.lines.first?.description == "curl: (52) Empty reply from server")
        var short = try session("curl http://h/")
        _ = short.received(ArraySlice("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8))
        let cut = short.peerClosed()
        #expect(cut.lines.last?.description
                == "The server closed the connection before sending the whole body it announced.")
    }

    @Test func theExchangeEndsCleanlyOrWithCurlsErrorCode() throws {
        var curl = try session("curl http://h/")
        #expect(curl.received(ArraySlice("HTTP/1.0 200 OK\n\nHello\n".utf8)).httpFinished == nil, "not finished before the close")
        #expect(curl.peerClosed().httpFinished
                == HTTPExchangeOutcome(status: 200, reason: "OK", headersEnded: true, bodyBytes: 6))
        // The three lines typed as one: a status line, no empty line, then the close.
        var oneLine = try session("curl http://h/")
        _ = oneLine.received(ArraySlice("HTTP/1.0 200 OK Hello\n".utf8))
        let end = oneLine.peerClosed()
        #expect(end.httpFinished == HTTPExchangeOutcome(status: 200, reason: "OK Hello", headersEnded: false, curlError: 18,
                                                        errorMessage: "transfer closed before the response was complete"))
        #expect(end.lines.map(\.description).contains("The server closed the connection before an empty line ended the headers,"))
        var notHTTP = try session("curl http://h/")
        #expect(notHTTP.received(ArraySlice("hello there\n".utf8)).httpFinished?.curlError == 1)
    }

    @Test func headHasNoBody() throws {
        var curl = try session("curl -I http://h/")
        let step = curl.received(ArraySlice("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".utf8))
        #expect(step.close)
        #expect(step.lines.map(\.description) == ["HTTP/1.1 200 OK", "Content-Length: 1000", ""])
    }

    @Test func refusedLikeCurl() throws {
        let curl = try session("curl http://localhost:18399/")
        let lines = curl.failed(.refused(host: "localhost", port: 18399), errno: .connectionRefused, elapsedMilliseconds: 0)
        #expect(lines.first?.description
                == "curl: (7) Failed to connect to localhost port 18399 after 0 ms: Couldn't connect to server")
        let unresolved = curl.failed(.nameNotFound(host: "localhost"), errno: nil, elapsedMilliseconds: 0)
        #expect(unresolved.first?.description == "curl: (6) Could not resolve host: localhost")
    }
}

@Suite struct WebSiteTests {
    func parse(_ text: String) -> [HTTPRequestParser.Output] {
        var parser = HTTPRequestParser()
        return parser.feed(ArraySlice(text.utf8))
    }

    func status(_ text: String) -> Int? {
        let site = BuiltInWebSite(port: 8088)
        switch parse(text).first {
        case .request(let head)?: return site.respond(to: head).status
        case .reject(let status, _, _)?: return status
        case nil: return nil
        }
    }

    @Test func answers() {
        #expect(status("GET / HTTP/1.1\r\nHost: x\r\n\r\n") == 302)
        #expect(status("GET /\r\n") == 302)                  // HTTP/0.9 style, no headers
        #expect(status("GET /\n") == 302)                    // bare LF from nc
        #expect(status("HEAD / HTTP/1.0\r\n\r\n") == 302)
        #expect(status("GET /welcome HTTP/1.1\r\nHost: x\r\n\r\n") == 200)
        #expect(status("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n") == 404)
        #expect(status("POST / HTTP/1.1\r\nHost: x\r\n\r\n") == 405)
        #expect(status("get / HTTP/1.1\r\nHost: x\r\n\r\n") == 501)
        #expect(status("BREW / HTTP/1.1\r\nHost: x\r\n\r\n") == 501)
        #expect(status("GET / HTTP/1.1\r\n\r\n") == 400)     // no Host
        #expect(status("GET / HTTP/2.0\r\n") == 505)
        #expect(status("GET / http/1.1\r\n") == 400)
        #expect(status("hello\r\n") == 400)
        #expect(status("GET  /  HTTP/1.1\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\nHost : x\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n") == 501)
        #expect(status("GET /" + String(repeating: "a", count: 9000)) == 414)
        #expect(status("GET / HTTP/1.1\r\n" + String(repeating: "X-A: b\r\n", count: 3000)) == 431)
    }

    @Test func redirectIsAValidMessage() {
        let site = BuiltInWebSite(port: 8088)
        guard case .request(let head)? = parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n").first else { Issue.record(); return }
        let text = String(decoding: site.respond(to: head).bytes(date: "Thu, 01 Jan 1970 00:00:00 GMT"), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 302 Found\r\nLocation: http://localhost:8088/welcome\r\nContent-Type: text/html; charset=UTF-8\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\nServer: porttutor/0.1\r\nContent-Length: "))
        let parts = text.split(separator: "\r\n\r\n", maxSplits: 1)
        let length = parts[0].split(separator: "\r\n").first { $0.hasPrefix("Content-Length: ") }!.dropFirst(16)
        #expect(Int(length) == parts[1].utf8.count)
    }

    @Test func pipelinedRequestsAndBodies() {
        let outputs = parse("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nabcdGET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outputs.count == 2)
        if case .request(let second)? = outputs.last { #expect(second.method == "GET") } else { Issue.record() }
    }

    @Test func httpDateFormat() {
        #expect(BuiltInWebSite.httpDate(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}

@Suite struct TeachingErrorTests {
    @Test func addressInUseNamesThePortAndHolder() {
        let error = TeachingError.bindFailure(.addressInUse, address: .loopback(.ipv4, port: 8080), transport: .tcp)
        #expect(error.port == 8080)
        #expect(error.summary == "Port 8080 is already in use on 127.0.0.1 (TCP).")
        let held = error.withPortHolder("nc (pid 4242)")
        #expect(held.lines.contains("It is held by: nc (pid 4242)."))
    }

    @Test func permissionDeniedBelow1024() {
        let error = TeachingError.bindFailure(.permissionDenied, address: .loopback(.ipv4, port: 80), transport: .tcp)
        #expect(error.kind == .permissionDenied(port: 80))
        #expect(error.lines.first == "Permission denied: port 80 is below 1024, a privileged port.")
        #expect(error.lines.last == "Use a port of 1024 or above, for example: nc -l 8080")
    }

    @Test func unreachableMeansOffline() {
        let error = TeachingError.connectFailure(.networkUnreachable, host: "www.google.com", port: 80,
                                                 webServerPort: 8088, timeoutSeconds: 10)
        #expect(error.kind == .offline(host: "www.google.com"))
        #expect(error.lines.contains("  telnet localhost 8088   then type GET / and press Enter"))
    }
}

@Suite struct BoundsTests {
    @Test func outgoingBufferRefusesBeyondItsLimit() {
        var buffer = OutgoingBuffer(limit: 10)
        let first = buffer.append(Array(repeating: 1, count: 8))
        let second = buffer.append([1, 2, 3])
        #expect(first)
        #expect(!second)
        #expect(buffer.count == 8)
    }

    @Test func displayBudgetCountsWhatItSkips() {
        var budget = DisplayBudget(bytesPerSecond: 1000)
        let t0 = ContinuousClock.now
        let first = budget.admit(800, now: t0)
        let second = budget.admit(800, now: t0)
        let early = budget.summary(now: t0)
        let late = budget.summary(now: t0.advanced(by: .seconds(2)))
        #expect(first)
        #expect(!second)
        #expect(early == nil)
        #expect(late?.hasPrefix("… 800 bytes not shown") == true)
        #expect(budget.skippedBytes == 0)
    }
}

@Suite struct PaneTranscriptTests {
    @Test func keepsTheNewestLinesAndOpenPrompts() {
        var transcript = PaneTranscript(maxLines: 3)
        for n in 1...5 { transcript.append(PaneLine(.status, "line \(n)")) }
        let id = ConnectionID(rawValue: 7)
        transcript.apply(SocketEvent(.listener, .received(id, byteCount: 7), lines: [], partialLine: SafeText(untrusted: "login: ")))
        #expect(transcript.lines.map(\.description) == ["line 3", "line 4", "line 5", "login: "])
        #expect(transcript.droppedLineCount == 2)
        transcript.apply(SocketEvent(.listener, .received(id, byteCount: 4), lines: [PaneLine(.received, "login: ada")],
                                     partialLine: SafeText(bytes: [])))
        #expect(transcript.lines.map(\.description) == ["line 4", "line 5", "login: ada"])
    }
}
