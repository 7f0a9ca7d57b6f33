import CaptureCore
import ConnectionsCore
import NetworkTypes
import Foundation
import LessonFiles
import Lessons
import SafeText
import SocketsCore
import ToolCommands
import Testing
@testable import Tutor

/// What `update` makes of the sockets', the table's and the capture's reports: pane lines,
/// prompts, status, and observations that tick the lesson's checks.
@Suite struct BackendUpdateTests {
    static let shippedLessons = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Lessons")

    /// A model at the first step of lesson 2 (start a listener with `nc -l 8080`).
    static func atTalkingToYourself() throws -> Model {
        let catalog = try LessonCatalog.loadValid(folder: shippedLessons)
        let index = try #require(catalog.lessons.firstIndex { $0.id == "talking-to-yourself" })
        let tutorial = Tutorial(catalog: catalog, progress: Progress(), lessonIndex: index, stepIndex: 0)
        var model = Model(size: TerminalSize(columns: 120, rows: 40), tutorial: tutorial)
        model.nextStepDelay = .zero // each tick's step moves on at once: these tests follow the checks
        _ = update(&model, .started(now: .zero))
        return model
    }

    /// A model at lesson 5's "start tcpdump", begun.
    static func atStartTcpdump() throws -> Model {
        let catalog = try LessonCatalog.loadValid(folder: Self.shippedLessons)
        let lesson = try #require(catalog.lessons.firstIndex { $0.id == "watching-packets" })
        let stepIndex = try #require(catalog.lessons[lesson].steps.firstIndex { $0.id == "start-tcpdump" })
        var model = Model(size: TerminalSize(columns: 120, rows: 40),
                          tutorial: Tutorial(catalog: catalog, progress: Progress(), lessonIndex: lesson, stepIndex: stepIndex))
        model.nextStepDelay = .zero
        _ = update(&model, .started(now: .zero))
        return model
    }

    static let localhost8080 = SocketAddress(numericHost: "127.0.0.1", port: 8080)!

    static func endpoint(_ port: UInt16) -> SocketAddress {
        SocketAddress(address: .loopbackIPv4, port: port)
    }

    @Test func startingOpensTheWebServerTheTableAndTheQuietCapture() {
        var model = Model(size: TerminalSize(columns: 80, rows: 24))
        let effects = update(&model, .started(now: .zero))
        #expect(effects.contains(.socket(.startWebServer)))
        #expect(effects.contains(.refreshConnections))
        #expect(effects.contains(.capture(.watchLoopback)))
    }

    @Test func aListenerRunsLikeNcInAShell() throws {
        var model = Model(size: TerminalSize(columns: 80, rows: 24))
        model.focus = .listener
        for c in "nc -l 8080" { _ = update(&model, .key(.character(c))) }
        let effects = update(&model, .key(.enter))
        guard case .socket(.startListener(let request))? = effects.first else {
            Issue.record("no listener started: \(effects)")
            return
        }
        #expect(request.port == 8080)
        let listening = SocketEvent(.listener, .listening(addresses: [Self.localhost8080], transport: .tcp),
                                    lines: [PaneLine(.status, "Listening on 127.0.0.1 8080")])
        #expect(update(&model, .sockets([listening])) == [.refreshConnections])
        #expect(model.tools.listener == .listening(ListeningSocket(port: 8080, status: "listening on port 8080, 127.0.0.1")))
        #expect(model[pane: .listener].prompt == "")
        #expect(model[pane: .listener].status?.plainText == "listening on port 8080, 127.0.0.1")
        // While nc runs, a typed line goes to the peer, not to a shell.
        for c in "hi" { _ = update(&model, .key(.character(c))) }
        #expect(update(&model, .key(.enter)) == [.socket(.listenerLine("hi"))])
        _ = update(&model, .sockets([SocketEvent(.listener, .listenerStopped, lines: [PaneLine(.status, "(stopped listening)")])]))
        #expect(model.tools.listener == .idle(lastPort: 8080))
        #expect(model[pane: .listener].prompt == "$ ")
    }

    @Test func unknownCommandsAreExplainedWithTheFormsUnderstood() {
        var model = Model(size: TerminalSize(columns: 80, rows: 24))
        model.focus = .client
        for c in "wget http://x" { _ = update(&model, .key(.character(c))) }
        #expect(update(&model, .key(.enter)).isEmpty)
        let text = model[pane: .client].scrollback.lines.map(\.plainText)
        #expect(text.contains { $0.contains("wget: command not found") })
        #expect(text.contains { $0.contains("telnet HOST PORT") })
        model.focus = .packets
        for c in "ping lo" { _ = update(&model, .key(.character(c))) }
        _ = update(&model, .key(.enter))
        #expect(model[pane: .packets].scrollback.lines.contains { $0.plainText.contains("this pane runs tcpdump") })
    }

    @Test func bytesFromThePeerTickTheChecks() throws {
        var model = try Self.atTalkingToYourself()
        // Step 1 (listening on 8080) ticks from the kernel's table, whoever listens.
        let listenRow = SocketEntry(transport: .tcp, state: .listen, local: Self.endpoint(8080),
                                    remote: SocketAddress(address: .anyIPv4, port: 0),
                                    processes: [SocketProcess(pid: 42, name: SafeText(untrusted: "nc"), fd: 3)])
        _ = update(&model, .socketTable(SocketSnapshot(entries: [listenRow])))
        #expect(model.tutorial?.stepIndex == 1, "the listening check ticked and the step moved on")
        let established = [
            SocketEntry(transport: .tcp, state: .established, local: Self.endpoint(8080), remote: Self.endpoint(40000)),
            SocketEntry(transport: .tcp, state: .established, local: Self.endpoint(40000), remote: Self.endpoint(8080)),
        ]
        _ = update(&model, .socketTable(SocketSnapshot(entries: [listenRow] + established)))
        #expect(model.tutorial?.stepIndex == 2)
        // Step 3: the listener receives a line.
        let listening = SocketEvent(.listener, .listening(addresses: [Self.localhost8080], transport: .tcp))
        _ = update(&model, .sockets([listening]))
        let received = SocketEvent(.listener, .received(ConnectionID(rawValue: 1), byteCount: 6),
                                   lines: [PaneLine(.received, "hello")], payload: Array("hello\n".utf8))
        _ = update(&model, .sockets([received]))
        #expect(model.tutorial?.stepIndex == 3)
        #expect(model[pane: .listener].scrollback.lines.last?.plainText == "hello")
    }

    /// The status bar's tick note reads the learner's words as the Listener pane does,
    /// not as dots.
    @Test func theTickNoteShowsNonASCIIWordsAsThePaneDoes() throws {
        var model = try Self.atTalkingToYourself()
        let listenRow = SocketEntry(transport: .tcp, state: .listen, local: Self.endpoint(8080),
                                    remote: SocketAddress(address: .anyIPv4, port: 0))
        let established = [
            SocketEntry(transport: .tcp, state: .established, local: Self.endpoint(8080), remote: Self.endpoint(40000)),
            SocketEntry(transport: .tcp, state: .established, local: Self.endpoint(40000), remote: Self.endpoint(8080)),
        ]
        _ = update(&model, .socketTable(SocketSnapshot(entries: [listenRow] + established)))
        #expect(model.tutorial?.step.id == "client-to-listener")
        _ = update(&model, .sockets([SocketEvent(.listener, .listening(addresses: [Self.localhost8080], transport: .tcp))]))
        let line = "“héllo” ünïcode ✓ \u{1B}[2J"
        let received = SocketEvent(.listener, .received(ConnectionID(rawValue: 1), byteCount: line.utf8.count + 1),
                                   lines: [PaneLine(.received, line)], payload: Array((line + "\n").utf8))
        _ = update(&model, .sockets([received]))
        #expect(model.notice?.plainText == "✔ listener received ““héllo” ünïcode ✓ ␛[2J”")
    }

    @Test func aPromptWithNoNewlineShowsUntilItsLineEnds() {
        var model = Model(size: TerminalSize(columns: 80, rows: 24))
        let before = model[pane: .client].scrollback.lines.count
        _ = update(&model, .sockets([SocketEvent(.client, .clientReceived(byteCount: 7), partialLine: SafeText(untrusted: "login: "))]))
        #expect(model.paneForDisplay(.client, rows: 20).scrollback.lines.last?.plainText == "login: ")
        _ = update(&model, .sockets([SocketEvent(.client, .clientReceived(byteCount: 4), lines: [PaneLine(.received, "login: bob")])]))
        #expect(model.paneForDisplay(.client, rows: 20).scrollback.lines.last?.plainText == "login: bob")
        #expect(model.paneForDisplay(.client, rows: 20).scrollback.lines.count == before + 1)
    }

    @Test func theConnectionsPaneShowsOnlyWhatItsCommandAsksForAndMarksTheLessonPort() {
        var model = Model(size: TerminalSize(columns: 100, rows: 30))
        let rows = [
            SocketEntry(transport: .tcp, state: .listen, local: Self.endpoint(22), remote: SocketAddress(address: .anyIPv4, port: 0)),
            SocketEntry(transport: .tcp, state: .established, local: Self.endpoint(8080), remote: Self.endpoint(40000)),
            SocketEntry(transport: .udp, state: .close, local: Self.endpoint(5353), remote: SocketAddress(address: .anyIPv4, port: 0)),
        ]
        _ = update(&model, .socketTable(SocketSnapshot(entries: rows)))
        let shown = model.paneForDisplay(.connections, rows: 20).scrollback.lines.map(\.plainText)
        #expect(shown.first == "$ ss -tan")
        #expect(shown.contains { $0.hasPrefix("● ESTAB") && $0.contains("127.0.0.1:8080") })
        #expect(shown.contains { $0.hasPrefix("  LISTEN") && $0.contains(":22") })
        #expect(!shown.contains { $0.contains("5353") }, "ss -tan lists no UDP")
        model.focus = .connections
        for c in "ss -tln" { _ = update(&model, .key(.character(c))) }
        #expect(update(&model, .key(.enter)) == [.refreshConnections])
        _ = update(&model, .socketTable(SocketSnapshot(entries: rows)))
        let listening = model.paneForDisplay(.connections, rows: 20).scrollback.lines.map(\.plainText)
        #expect(listening.contains { $0.contains(":22") })
        #expect(!listening.contains { $0.contains("8080") })
    }

    /// The owners are always read (the checks need them), but only `-p` tables mention the
    /// processes a learner without root could not look into.
    @Test func theUnreadableProcessesNoteShowsOnlyWithMinusP() {
        var model = Model(size: TerminalSize(columns: 100, rows: 30))
        let note = "3 processes could not be looked into; run as root to see every program."
        let snapshot = SocketSnapshot(entries: [], unreadableProcesses: 3)
        _ = update(&model, .socketTable(snapshot))
        #expect(!model.paneForDisplay(.connections, rows: 20).scrollback.lines.contains { $0.plainText == note })
        model.focus = .connections
        for c in "ss -tlnp" { _ = update(&model, .key(.character(c))) }
        _ = update(&model, .key(.enter))
        _ = update(&model, .socketTable(snapshot))
        #expect(model.paneForDisplay(.connections, rows: 20).scrollback.lines.contains { $0.plainText == note })
    }

    static func syn(from source: Int, to destination: Int) -> CapturedPacket {
        tcpPacket(from: source, to: destination, flags: 0x02)
    }

    /// An Ethernet frame of a TCP segment over 127.0.0.1 with these flags and bytes.
    static func tcpPacket(from source: Int, to destination: Int, flags: UInt8, payload: [UInt8] = []) -> CapturedPacket {
        func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        let tcp = be16(source) + be16(destination) + [0, 0, 0, 1, 0, 0, 0, 0, 0x50, flags, 0xFF, 0xD7, 0, 0, 0, 0] + payload
        let ip: [UInt8] = [0x45, 0] + be16(20 + tcp.count) + [0, 1, 0x40, 0, 64, 6, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1] + tcp
        let frame = Array(repeating: UInt8(0), count: 12) + [0x08, 0x00] + ip
        return CapturedPacket(header: PacketHeader(seconds: 0, microseconds: 0, capturedLength: frame.count, wireLength: frame.count),
                              bytes: frame, number: 0)
    }

    @Test func packetsPrintAsTcpdumpAndOneCanBeExplained() throws {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        _ = update(&model, .capture(.started(CaptureStart(role: .pane, linkType: .ethernet, source: "lo"))))
        _ = update(&model, .capture(.packets([Self.syn(from: 40000, to: 8080), Self.syn(from: 40001, to: 8080)], for: .pane)))
        let lines = model[pane: .packets].scrollback.lines.map(\.plainText)
        #expect(lines.contains { $0.contains("IP 127.0.0.1.40000 > 127.0.0.1.8080: Flags [S]") })
        let summary = try #require(model[pane: .packets].scrollback.lines.first { $0.plainText.contains("40000 >") })
        #expect(summary.spans.contains { $0.role == .highlight && $0.text.contains("8080") }, "the lesson's port stands out")
        #expect(model[pane: .packets].status?.plainText == "capturing: 2 packets")
        _ = update(&model, .capture(.statistics(CaptureStatistics(received: 9, droppedByKernel: 7, droppedByInterface: 0))))
        #expect(model[pane: .packets].status?.plainText == "capturing: 2 packets · 7 dropped by kernel")
        _ = update(&model, .key(.function(8)))
        #expect(model.focus == .packets)
        var explained = model.paneForDisplay(.packets, rows: 30).scrollback.lines.map(\.plainText)
        #expect(explained.contains { $0.contains("40001 > 127.0.0.1.8080") })
        #expect(explained.contains { $0.hasPrefix("SYN:") })
        _ = update(&model, .key(.up))
        explained = model.paneForDisplay(.packets, rows: 30).scrollback.lines.map(\.plainText)
        #expect(explained.contains { $0.contains("40000 > 127.0.0.1.8080") })
        _ = update(&model, .key(.escape))
        #expect(model.packetSelection == nil)
        for c in "save /tmp/chat.pcap" { _ = update(&model, .key(.character(c))) }
        let effects = update(&model, .key(.enter))
        guard case .capture(.save(let path, let packets, let linkType, let force))? = effects.first, !force else {
            Issue.record("save did not ask to write the packets: \(effects)")
            return
        }
        #expect(path == "/tmp/chat.pcap" && packets.count == 2 && linkType == .ethernet)
        #expect(model.paneForDisplay(.packets, rows: 30).scrollback.lines == model[pane: .packets].scrollback.lines)
    }

    /// F8 on a packet whose payload is binary that happens to be UTF-8 (a CJK ideograph, a
    /// combining acute, a Hebrew letter): the payload is a dot a byte, as tcpdump -A shows
    /// it, and at 80x24 every row of the explanation fits the Packets pane.
    @Test func anExplainedBinaryPayloadIsADotAByteAndFitsThePane() throws {
        var model = Model(size: TerminalSize(columns: 80, rows: 24))
        _ = update(&model, .capture(.started(CaptureStart(role: .pane, linkType: .ethernet, source: "lo"))))
        let payload: [UInt8] = [0x16, 0x03, 0x01] + Array(repeating: [0xE6, 0x85, 0x96, 0xCC, 0x81, 0xD7, 0x90], count: 15).joined()
        let packet = Self.tcpPacket(from: 50790, to: 18443, flags: 0x18, payload: payload)
        _ = update(&model, .capture(.packets([packet], for: .pane)))
        _ = update(&model, .key(.function(8)))
        let pane = model.paneForDisplay(.packets, rows: 24)
        let lines = pane.scrollback.lines
        let shown = try #require(lines.first { $0.plainText.hasPrefix("Payload: ") })
        #expect(shown.plainText == "Payload: \"" + String(repeating: ".", count: payload.count) + "\"")
        let width = PaneRegions(area: try #require(model.layout.panes[.packets]), pane: pane, isFocused: true).content.width
        for row in lines.flatMap({ LineWrapper.wrap($0, width: width) }) {
            let text = row.map(\.text).joined()
            #expect(DisplayWidth.of(text) <= width, "\(text)")
        }
        for row in LineWrapper.wrap(shown, width: width) {
            #expect(row.allSatisfy { $0.text.allSatisfy(\.isASCII) }, "one cell a character, as the terminal draws it")
        }
    }

    /// Lesson 5's "start tcpdump" ticks when the Packets pane really captures on the
    /// loopback, not when a tcpdump command that fails is typed.
    @Test func aTcpdumpThatFailsDoesNotTickTheCaptureStepOneThatStartsDoes() throws {
        var model = try Self.atStartTcpdump()
        _ = update(&model, .key(.alt("5")))
        for c in "tcpdump -i nosuch0 port 8080" { _ = update(&model, .key(.character(c))) }
        _ = update(&model, .key(.enter))
        _ = update(&model, .capture(.failed(.pane, ["tcpdump: nosuch0: No such device exists"], needsPermission: false)))
        #expect(model.tutorial?.step.id == "start-tcpdump" && model.tutorial?.evaluator.ticks == [nil],
                "a failed tcpdump ticked the step")
        let request = CaptureRequest(source: .interface("lo"), filter: "port 8080")
        _ = update(&model, .capture(.started(CaptureStart(role: .pane, linkType: .ethernet, source: "lo", request: request))))
        #expect(model.tutorial?.evidence["start-tcpdump"]?.first??.note == "capturing on lo “port 8080” in the Packets pane")
    }

    /// A capture started in one lesson and stopped after that lesson ended does not tick
    /// the next lesson's "start tcpdump": a finished lesson still hears the capture stop.
    @Test func aCaptureStoppedBetweenLessonsDoesNotTickTheNextOnesCaptureStep() throws {
        var model = try Self.atStartTcpdump()
        let lesson = try #require(model.tutorial?.lessonIndex)
        var tutorial = try #require(model.tutorial)
        tutorial.open(lessonIndex: lesson - 1, stepIndex: tutorial.catalog.lessons[lesson - 1].steps.count - 1)
        model.tutorial = tutorial
        _ = model.beginCurrentStep(now: .zero)
        let request = CaptureRequest(source: .interface("lo"), filter: "port 8080")
        _ = update(&model, .capture(.started(CaptureStart(role: .pane, linkType: .ethernet, source: "lo", request: request))))
        _ = model.advance(skipped: false, now: .zero)
        #expect(model.tutorial?.lessonComplete == true)
        _ = update(&model, .capture(.stopped(.pane, reason: "stopped (Ctrl-C)")))
        #expect(model[pane: .packets].status?.plainText.hasPrefix("stopped") == true)
        _ = model.advance(skipped: false, now: .zero)  // the next lesson
        _ = model.advance(skipped: false, now: .zero)  // past its first step, to "start tcpdump"
        #expect(model.tutorial?.step.id == "start-tcpdump")
        #expect(model.tutorial?.evaluator.ticks == [nil], "a stopped capture ticked the step")
    }

    /// Lesson 5's "start tcpdump" ticks for the real tcpdump in another terminal too: the
    /// table's packet sockets show it on the loopback. porttutor's own quiet capture (the
    /// process that read the table) and a tcpdump still setting up (not running) do not.
    @Test func aTcpdumpInAnotherTerminalTicksTheCaptureStepPorttutorsOwnCaptureDoesNot() throws {
        var model = try Self.atStartTcpdump()
        func socket(on index: UInt32, running: Bool = true, held by: SocketProcess) -> PacketSocketEntry {
            PacketSocketEntry(kind: .raw, protocolNumber: running ? 3 : 0, interfaceIndex: index,
                              interfaceName: index == 1 ? "lo" : "eth0", isRunning: running, inode: 9, processes: [by])
        }
        let ours = SocketProcess(pid: 500, name: SafeText(untrusted: "porttutor"), fd: 8)
        let tcpdump = SocketProcess(pid: 1234, name: SafeText(untrusted: "tcpdump"), fd: 4)
        let quiet = SocketSnapshot(packetSockets: [socket(on: 1, held: ours), socket(on: 1, running: false, held: tcpdump),
                                                   socket(on: 4, held: tcpdump)], readerProcessID: 500)
        _ = update(&model, .socketTable(quiet))
        #expect(model.tutorial?.step.id == "start-tcpdump" && model.tutorial?.evaluator.ticks == [nil])
        _ = update(&model, .socketTable(SocketSnapshot(packetSockets: [socket(on: 1, held: ours), socket(on: 1, held: tcpdump)],
                                                       readerProcessID: 500)))
        #expect(model.tutorial?.evidence["start-tcpdump"]?.first??.note == "tcpdump (pid 1234) is capturing on lo (its filter is not checked)")
        // porttutor is told by pid, not by name: in the tests it runs as the test runner.
        let runner = SocketProcess(pid: 500, name: SafeText(untrusted: "tcpdump"), fd: 8)
        #expect(ObservationBridge.packetSockets([socket(on: 1, held: runner), socket(on: 1, held: tcpdump)], porttutorPID: 500)
            .map(\.isPorttutor) == [true, false])
    }

    /// The replay header names the recording once: the pane says it is a recording, the
    /// lesson's label says what was recorded.
    @Test func theReplayHeaderSaysRecordingOnce() throws {
        let catalog = try LessonCatalog.loadValid(folder: Self.shippedLessons)
        let index = try #require(catalog.lessons.firstIndex { $0.recording != nil })
        let recording = try #require(catalog.lessons[index].recording)
        var model = Model(size: TerminalSize(columns: 120, rows: 40),
                          tutorial: Tutorial(catalog: catalog, progress: Progress(), lessonIndex: index, stepIndex: 0))
        _ = update(&model, .capture(.started(CaptureStart(role: .pane, linkType: .ethernet, source: recording.path,
                                                          recordingLabel: recording.label))))
        let header = try #require(model[pane: .packets].scrollback.lines.map(\.plainText).first { $0.hasPrefix("▶ Replaying") })
        #expect(header.hasPrefix("▶ Replaying a recording: curl fetching https://localhost:18443/secret.html"))
        #expect(header.components(separatedBy: "recording").count == 2, "\(header)")
        #expect(model.tutorial?.evaluator.paneCapture == nil, "a replay is no live capture")
    }

    @Test func withoutCapturePermissionThePaneSaysHowAndDemoModeReplays() throws {
        var tutorial = try Self.atTalkingToYourself()
        let lines = ["Cannot capture packets on lo: permission denied (x).", "sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/porttutor"]
        _ = update(&tutorial, .capture(.failed(.watch, lines, needsPermission: true)))
        #expect(tutorial[pane: .packets].scrollback.lines.contains { $0.plainText.contains("setcap") })
        #expect(update(&tutorial, .capture(.failed(.pane, lines, needsPermission: true))).isEmpty)

        // Demo mode: said once, and for good in the Packets title; tcpdump typed then stands
        // for the capture that made the step's recording, which plays once the typing is done.
        let catalog = try LessonCatalog.loadValid(folder: Self.shippedLessons)
        let index = try #require(catalog.lessons.firstIndex { $0.id == "watching-packets" })
        let words = try #require(catalog.lessons[index].stepIndex(id: "words-in-packets"))
        var demo = Model(size: TerminalSize(columns: 80, rows: 24), presentation: .demo,
                         tutorial: Tutorial(catalog: catalog, progress: Progress(), lessonIndex: index, stepIndex: words))
        _ = update(&demo, .started(now: .seconds(1)))
        _ = update(&demo, .capture(.failed(.watch, lines, needsPermission: true)))
        #expect(demo[pane: .packets].scrollback.lines.contains { $0.plainText.hasPrefix("Capturing is not allowed here") })
        #expect(demo[pane: .packets].status?.plainText == "recordings, capture not allowed")
        demo.autopilot = nil
        let typed = demo.submit("tcpdump -A -nn -i lo port 8080", in: .packets)
        #expect(!typed.contains { if case .capture(.start) = $0 { true } else { false } }, "no capture is tried again")
        guard case .capture(.replay(let path, let label))? = typed.last else {
            Issue.record("demo mode did not replay the step's recording: \(typed)")
            return
        }
        #expect(path.hasSuffix("chat-words.pcap"))
        #expect(label.contains("tcpdump -i lo port 8080"))
        #expect(demo.playStepRecording().isEmpty, "once per step")
        #expect(demo.tutorial?.evaluator.paneCapture?.filter == "port 8080", "the tcpdump typed counts as the capture")

        // The recording plays: titled as one, and its packet ticks the step as the live one would.
        _ = update(&demo, .capture(.started(CaptureStart(role: .pane, linkType: .ethernet, source: path, recordingLabel: label))))
        #expect(demo[pane: .packets].scrollback.lines.contains { $0.plainText.hasPrefix("▶ Replaying a recording: a client's line") })
        _ = update(&demo, .capture(.packets([Self.tcpPacket(from: 40000, to: 8080, flags: 0x18, payload: Array("my password\r\n".utf8))],
                                             for: .pane)))
        #expect(demo.tutorial?.evaluator.isComplete == true, "the step ticks from its recording")
        #expect(demo[pane: .packets].status?.plainText == "recordings, capture not allowed: 1 packet")
        _ = update(&demo, .capture(.stopped(.pane, reason: "end of the recording")))
        #expect(demo.tutorial?.evaluator.paneCapture != nil, "the recording ended, not the capture it stands for")
    }
}
