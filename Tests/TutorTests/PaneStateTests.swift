import CaptureCore
import ConnectionsCore
import Lessons
import LessonFiles
import NetworkTypes
import SocketsCore
import ToolCommands
import Testing
@testable import Tutor

/// The panes' tool states move only between cases that can happen, and each case holds
/// only what is true in it: a tool is known exactly while one runs, peers only while a
/// listener listens.
@Suite struct PaneStateTests {
    static let server = SocketAddress.loopback(.ipv4, port: 8080)
    static let one = ConnectionID(rawValue: 1), two = ConnectionID(rawValue: 2)

    static func typed(_ line: String, in pane: PaneID, into model: inout Model) -> [Effect] {
        model.focus = pane
        for c in line { _ = update(&model, .key(.character(c))) }
        return update(&model, .key(.enter))
    }

    static func socket(_ pane: SocketEvent.Pane, _ kind: SocketEvent.Kind, into model: inout Model) -> [Effect] {
        update(&model, .sockets([SocketEvent(pane, kind)]))
    }

    // MARK: Scrolling

    /// An error is held at the top of a short pane so its first line shows; the next
    /// command's reply is not left hidden below it (demo mode's step 3 showed step 1's
    /// refused curl while the room was to see the app's page).
    @Test func aNewCommandBringsThePaneBackToItsNewestLines() {
        var model = Model(size: TerminalSize(columns: 64, rows: 20))
        _ = Self.typed("ls -la", in: .listener, into: &model)
        #expect(model[pane: .listener].scrollback.offset > 0, "the error's first line held in view")
        // Show me types the next line, as demo mode does.
        let line = PerformInput(pane: .listener, action: .line("nc -l 8080"), location: SourceLocation(file: "t.yaml", line: 1, column: 1))
        model.autopilot = Autopilot(inputs: [line], charactersPerSecond: 1000, now: model.now)
        for tick in 1...40 { _ = update(&model, .tick(now: model.now + .milliseconds(10 * tick))) }
        #expect(model[pane: .listener].scrollback.lines.last?.plainText == "$ nc -l 8080")
        #expect(model[pane: .listener].scrollback.offset == 0, "its reply will show under it")
    }

    // MARK: Listener

    /// nc -lk: each client joins the peers, each leaving takes only itself; when the last
    /// leaves the listener is back to listening, and stopping it keeps only its port.
    @Test func aListenersPeersComeAndGoAndStoppingKeepsOnlyThePort() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        let listening = ListeningSocket(port: 8080, status: "listening on port 8080, 127.0.0.1")
        _ = Self.socket(.listener, .listening(addresses: [Self.server], transport: .tcp), into: &model)
        #expect(model.tools.listener == .listening(listening))
        _ = Self.socket(.listener, .accepted(Self.one, peer: .loopback(.ipv4, port: 40001), local: Self.server), into: &model)
        _ = Self.socket(.listener, .accepted(Self.two, peer: .loopback(.ipv4, port: 40002), local: Self.server), into: &model)
        guard case .connected(let socket, let peers) = model.tools.listener else {
            Issue.record("two clients, yet \(model.tools.listener)")
            return
        }
        #expect(socket == listening && peers.count == 2 && peers.only == nil)
        #expect(Self.socket(.listener, .peerClosed(Self.one, peer: .loopback(.ipv4, port: 40001)), into: &model) == [.refreshConnections])
        #expect(model.tools.listener.status == "connected to 127.0.0.1:40002")
        _ = Self.socket(.listener, .peerClosed(Self.two, peer: .loopback(.ipv4, port: 40002)), into: &model)
        #expect(model.tools.listener == .listening(listening), "the last peer left: listening again, no empty peer list")
        _ = Self.socket(.listener, .listenerStopped, into: &model)
        #expect(model.tools.listener == .idle(lastPort: 8080))
        #expect(!model.tools.listener.isRunning && model.tools.listener.status == nil)
    }

    /// A stopped listener has no peers to keep: the next listen starts with none, even
    /// when the last one stopped with clients still connected.
    @Test func aNewListenHasNoPeersOfTheLastOne() {
        var state = ListenerState.idle(lastPort: nil)
        state.accept(1, from: "127.0.0.1:40001")
        #expect(state == .idle(lastPort: nil), "nothing listens, so nothing is accepted")
        let socket = ListeningSocket(port: 8080, status: "listening on port 8080, 127.0.0.1")
        state.listen(socket)
        state.accept(1, from: "127.0.0.1:40001")
        state.peerLeft(7)
        #expect(state == .connected(socket, peers: ListenerPeers(1, at: "127.0.0.1:40001")), "a connection it never had leaves nothing")
        state.stop()
        state.listen(ListeningSocket(port: 9090, status: "listening on 127.0.0.1:9090"))
        #expect(state.status == "listening on 127.0.0.1:9090" && state.port == 9090)
    }

    /// Peers are never empty: the only way to lose the last is `removing`, which says nil.
    @Test func peersAreNeverEmpty() {
        let peers = ListenerPeers(1, at: "a").adding(2, at: "b")
        #expect(peers.removing(1)?.only == "b")
        #expect(peers.removing(1)?.removing(2) == nil)
        #expect(peers.removing(3) == peers)
    }

    // MARK: Client

    /// A client runs from its command to its close; Ctrl-C on a connected nc asks the hub
    /// to close it, and once closed a Ctrl-C has nothing to stop.
    @Test func aConnectedClientsCtrlCClosesItAndItEndsIdle() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        _ = Self.typed("nc localhost 8080", in: .client, into: &model)
        #expect(model.tools.client == .connecting(.netcat, lastServerPort: nil))
        _ = Self.socket(.client, .resolving(host: "localhost"), into: &model)
        _ = Self.socket(.client, .trying(Self.server), into: &model)
        #expect(model.tools.client == .connecting(.netcat, lastServerPort: nil))
        _ = Self.socket(.client, .connected(local: .loopback(.ipv4, port: 40000), remote: Self.server), into: &model)
        #expect(model.tools.client == .connected(.netcat, serverPort: 8080))
        #expect(update(&model, .key(.control("c"))) == [.socket(.closeClient)])
        _ = Self.socket(.client, .clientClosed(byPeer: false), into: &model)
        #expect(model.tools.client == .idle(lastServerPort: 8080))
        #expect(model.tools.client.tool == nil && model[pane: .client].prompt == PaneID.client.prompt)
        #expect(update(&model, .key(.control("c"))).isEmpty)
        #expect(model[pane: .client].scrollback.lines.last?.plainText.contains("nothing is running") == true)
    }

    /// The hub's late news of a client already closed cannot bring back a running client
    /// with no tool: an idle pane stays idle, and the next line is a command again.
    @Test func lateNewsOfAClosedClientLeavesThePaneIdle() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        _ = Self.socket(.client, .trying(Self.server), into: &model)
        #expect(model.tools.client == .idle(lastServerPort: nil))
        let effects = Self.typed("nc localhost 8080", in: .client, into: &model)
        guard case .socket(.connectClient)? = effects.first else {
            Issue.record("the line did not start a client: \(effects)")
            return
        }
        #expect(model.tools.client == .connecting(.netcat, lastServerPort: nil))
    }

    /// A new client's replies are checked against the last connection's port until its own
    /// is made; then against its own.
    @Test func theServerPortFollowsTheConnectionMade() {
        var state = ClientState.idle(lastServerPort: 8080)
        state.start(.curl)
        #expect(state == .connecting(.curl, lastServerPort: 8080) && state.serverPort == 8080)
        state.connect(serverPort: 8088)
        #expect(state == .connected(.curl, serverPort: 8088))
        state.close()
        #expect(state == .idle(lastServerPort: 8088))
    }

    /// Only a connected telnet keeps Ctrl-C for the other side; a telnet still connecting,
    /// and every other tool, gives it up.
    @Test func onlyAConnectedTelnetPassesCtrlCOn() {
        let states: [ClientState] = [.idle(lastServerPort: 23), .connecting(.telnet, lastServerPort: nil),
                                     .connected(.telnet, serverPort: 23), .connected(.netcat, serverPort: 23),
                                     .connected(.curl, serverPort: 80)]
        #expect(states.map(\.passesControlCToPeer) == [false, false, true, false, false])
        #expect(states.map(\.isRunning) == states.map { $0.tool != nil }, "a tool is known exactly while one runs")
    }

    // MARK: Packets

    /// tcpdump -w: capturing to the file, then stopped, the pane is idle and its title says so.
    @Test func aStoppedCaptureLeavesThePaneIdle() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        let request = CaptureRequest(writePath: "/tmp/x.pcap", filter: "port 8080")
        _ = update(&model, .capture(.started(CaptureStart(role: .pane, linkType: .ethernet, source: "lo", request: request))))
        #expect(model.tools.packets == .capturing(writePath: "/tmp/x.pcap") && model.tools.packets.writesToFile)
        model.focus = .packets
        #expect(update(&model, .key(.control("c"))) == [.capture(.stop)])
        _ = update(&model, .capture(.stopped(.pane, reason: "0 packets written to /tmp/x.pcap; stopped (Ctrl-C)")))
        #expect(model.tools.packets == .idle)
        #expect(model[pane: .packets].status?.plainText == "stopped: 0 packets")
        #expect(model.tools.busyPanes.isEmpty)
    }

    /// A replay is its own case: it carries its label and writes to no file, and a
    /// failure leaves nothing running.
    @Test func aReplayIsNotALiveCapture() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        _ = update(&model, .capture(.started(CaptureStart(role: .pane, linkType: .ethernet, source: "x.pcap",
                                                          recordingLabel: "reading from file x.pcap"))))
        #expect(model.tools.packets == .replaying(label: "reading from file x.pcap"))
        #expect(model.tools.packets.isReplay && !model.tools.packets.writesToFile)
        #expect(model.tools.busyPanes == [.packets])
        _ = update(&model, .capture(.failed(.pane, ["truncated file"], needsPermission: false)))
        #expect(model.tools.packets == .idle)
    }

    /// The quiet capture's state never touches the pane's: its failure is kept as why,
    /// and its start clears it.
    @Test func theQuietCaptureHasAStateOfItsOwn() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        #expect(model.tools.quietCapture == .starting && model.tools.quietCapture.linkType == .ethernet)
        _ = update(&model, .capture(.failed(.watch, ["permission denied"], needsPermission: true)))
        #expect(model.tools.quietCapture.problem == ["permission denied"])
        #expect(model.tools.packets == .idle)
        _ = update(&model, .capture(.started(CaptureStart(role: .watch, linkType: .linuxCooked, source: "lo"))))
        #expect(model.tools.quietCapture == .running(.linuxCooked) && model.tools.quietCapture.problem == nil)
        #expect(!model.tools.packets.isRunning)
    }

    // MARK: Connections and the web server

    /// A failed read is shown until a read succeeds; scrolling hands the table to the
    /// learner until a new command.
    @Test func theConnectionsPaneRemembersWhyAndWhoScrolls() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        _ = update(&model, .socketTableFailed("netlink: permission denied"))
        #expect(model.connectionsPane.unreadable == "netlink: permission denied")
        _ = update(&model, .socketTable(SocketSnapshot(entries: [])))
        #expect(model.connectionsPane.unreadable == nil)
        _ = update(&model, .wheel(.connections, lines: 3))
        #expect(model.connectionsPane.scroll == .learnerScrolled)
        #expect(Self.typed("ss -tln", in: .connections, into: &model) == [.refreshConnections])
        #expect(model.connectionsPane.scroll == .followsLessonPort)
    }

    @Test func theWebServersPortIsKnownOnlyWhileItListens() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        #expect(Self.socket(.webServer, .webServerStarted(addresses: [.loopback(.ipv4, port: 8088)]), into: &model).isEmpty)
        #expect(model.tools.webServerPort == 8088)
        _ = Self.socket(.webServer, .webServerStopped, into: &model)
        #expect(model.tools.webServerPort == nil)
    }
}
