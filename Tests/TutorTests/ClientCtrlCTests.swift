import SocketsCore
import ToolCommands
import NetworkTypes
import Testing
@testable import Tutor

/// Ctrl-C in the Client pane does what it does to the real tool: it stops nc and curl,
/// and a telnet still connecting; a connected telnet hands it to the other side, so
/// the way out stays Ctrl-] then quit, as the lesson teaches.
@Suite struct ClientCtrlCTests {
    static let server = SocketAddress(numericHost: "127.0.0.1", port: 8080)!
    static let local = SocketAddress(numericHost: "127.0.0.1", port: 40000)!

    /// The Client pane after `line` was typed and, when `connect`, the connection made.
    static func running(_ line: String, connect: Bool) -> Model {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        model.focus = .client
        for c in line { _ = update(&model, .key(.character(c))) }
        _ = update(&model, .key(.enter))
        if connect {
            _ = update(&model, .sockets([SocketEvent(.client, .connected(local: local, remote: server))]))
        }
        return model
    }

    @Test func aConnectedTelnetKeepsItsConnectionAndSaysHowToLeave() {
        var model = Self.running("telnet localhost 8080", connect: true)
        #expect(update(&model, .key(.control("c"))).isEmpty)
        #expect(model.tools.client == .connected(.telnet, serverPort: 8080))
        #expect(model.notice?.plainText == "telnet passes Ctrl-C to the other side; leave with Ctrl-] then quit")
        #expect(update(&model, .key(.control("]"))) == [.socket(.clientEscape)])
    }

    @Test(arguments: ["nc localhost 8080", "curl http://localhost:8080/"])
    func ncAndCurlStop(_ line: String) {
        var model = Self.running(line, connect: true)
        #expect(update(&model, .key(.control("c"))) == [.socket(.closeClient)])
    }

    @Test func aTelnetStillConnectingStops() {
        var model = Self.running("telnet localhost 8080", connect: false)
        #expect(update(&model, .key(.control("c"))) == [.socket(.closeClient)])
    }

    /// Once telnet has left, the next tool's Ctrl-C is its own again.
    @Test func afterTelnetClosesCtrlCStopsTheNextTool() {
        var model = Self.running("telnet localhost 8080", connect: true)
        _ = update(&model, .sockets([SocketEvent(.client, .clientClosed(byPeer: true))]))
        for c in "nc localhost 8080" { _ = update(&model, .key(.character(c))) }
        _ = update(&model, .key(.enter))
        _ = update(&model, .sockets([SocketEvent(.client, .connected(local: Self.local, remote: Self.server))]))
        #expect(update(&model, .key(.control("c"))) == [.socket(.closeClient)])
    }
}
