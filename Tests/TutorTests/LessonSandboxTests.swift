import Foundation
import LessonFiles
import Lessons
import NetworkTypes
import SocketsCore
import ToolCommands
import Testing
@testable import Tutor

/// What a lesson's "show me" (F4) and demo mode may make porttutor do: reach the
/// loopback only, capture on it only, write files only by a plain name, in the session
/// folder. The learner's own typing is not limited.
@Suite struct LessonSandboxTests {
    static let yaml = """
        id: sandbox
        title: Sandbox
        summary: A step whose perform the test replaces.
        steps:
          - id: only
            title: Only
            pane: client
            text: Do it.
            perform: telnet localhost 8080
            checks:
              - connected: 8080
            hints: [none]
        """

    /// A model whose first step performs `inputs`, in `pane`, and has `sessionFolder`.
    func model(performing lines: [String], in pane: PaneID, sessionFolder: String? = "/tmp/porttutor-session-test",
               needsLab: Bool = false) throws -> Model {
        let result = LessonLoader.load(yaml: Self.yaml, displayPath: "sandbox.yaml", url: URL(fileURLWithPath: "/tmp/sandbox.yaml"))
        var lesson = try #require(result.lesson, "\(result.diagnostics)")
        lesson.steps[0].pane = pane
        lesson.needsLab = needsLab
        lesson.steps[0].perform = lines.map {
            PerformInput(pane: pane, action: .line($0), location: SourceLocation(file: "sandbox.yaml", line: 1, column: 1))
        }
        let tutorial = Tutorial(catalog: LessonCatalog(lessons: [lesson]), progress: Progress(), lessonIndex: 0, stepIndex: 0)
        var model = Model(size: TerminalSize(columns: 120, rows: 40), tutorial: tutorial)
        model.sessionFolder = sessionFolder
        _ = update(&model, .started(now: .zero))
        return model
    }

    /// Presses F4 and ticks until show me has typed everything; every effect on the way.
    func showMe(_ model: inout Model) -> [Effect] {
        var effects = update(&model, .key(.function(4)))
        var now = Duration.zero
        while model.autopilot != nil, now < .seconds(30) {
            now += .milliseconds(100)
            effects += update(&model, .tick(now: now))
        }
        return effects
    }

    func rows(_ model: Model, _ pane: PaneID) -> String {
        model[pane: pane].scrollback.lines.map(\.plainText).joined(separator: "\n")
    }

    @Test(arguments: ["curl http://example.com/", "telnet 192.0.2.7 80", "nc -u 8.8.8.8 53", "nc 10.1.2.3 22"])
    func aLessonsLineToAnotherHostIsNotRun(_ line: String) throws {
        var model = try model(performing: [line], in: .client)
        let effects = showMe(&model)
        #expect(!effects.contains { if case .socket(.connectClient) = $0 { true } else { false } }, "\(effects)")
        #expect(rows(model, .client).contains("porttutor did not run this line of the lesson: a lesson may connect only to the loopback"),
                "\(rows(model, .client))")
        #expect(model.autopilot == nil, "show me stops at the refused line")
    }

    @Test func theLoopbackIsAllowed() throws {
        var model = try model(performing: ["telnet localhost 8080"], in: .client)
        let effects = showMe(&model)
        #expect(effects.contains { if case .socket(.connectClient) = $0 { true } else { false } })
    }

    @Test func aLessonMayNotListenOnEveryInterface() throws {
        var model = try model(performing: ["nc -l -s 0.0.0.0 8080"], in: .listener)
        let effects = showMe(&model)
        #expect(!effects.contains { if case .socket(.startListener) = $0 { true } else { false } })
        #expect(rows(model, .listener).contains("may listen only on the loopback"))
    }

    @Test(arguments: ["tcpdump -w /root/.bashrc", "tcpdump -w ../x.pcap", "tcpdump -i eth0", "tcpdump -r /etc/passwd",
                      "tcpdump -w chat.pcap --force"])
    func aLessonMayNotWriteOutsideTheSessionFolderNorCaptureElsewhere(_ line: String) throws {
        var model = try model(performing: ["tcpdump -i lo -c 1", line], in: .packets)
        // A packet for `save` to have something to save.
        let effects = showMe(&model)
        let captures = effects.compactMap { effect -> CaptureCommand? in
            if case .capture(let command) = effect, command != .watchLoopback { command } else { nil }
        }
        #expect(captures.count <= 1, "only the first, harmless tcpdump ran: \(captures)")
        #expect(rows(model, .packets).contains("porttutor did not run this line of the lesson"), "\(rows(model, .packets))")
    }

    @Test func aLessonsPlainFileNameGoesToTheSessionFolder() throws {
        var model = try model(performing: ["tcpdump -i lo -w chat.pcap"], in: .packets)
        let effects = showMe(&model)
        let paths = effects.compactMap { effect -> String? in
            if case .capture(.start(let request)) = effect { request.writePath } else { nil }
        }
        #expect(paths == ["/tmp/porttutor-session-test/chat.pcap"])

        // `save NAME` the same way; `save PATH` and `save!` not at all.
        let save = { (path: String, force: Bool) in model.lessonSandboxed(.capture(.save(path: path, packets: [], linkType: .ethernet, force: force))) }
        guard case .success(.capture(.save(let saved, _, _, false))) = save("chat.pcap", false) else { Issue.record("save refused"); return }
        #expect(saved == "/tmp/porttutor-session-test/chat.pcap")
        if case .success = save("/tmp/x.pcap", false) { Issue.record("save to a path was allowed") }
        if case .success = save("../x.pcap", false) { Issue.record("save to .. was allowed") }
        if case .success = save("chat.pcap", true) { Issue.record("save! was allowed") }

        var folderless = try self.model(performing: ["tcpdump -i lo -w chat.pcap"], in: .packets, sessionFolder: nil)
        let none = showMe(&folderless)
        #expect(!none.contains { if case .capture(.start) = $0 { true } else { false } })
    }

    @Test func theLearnersOwnTypingIsNotLimited() throws {
        var model = try model(performing: [], in: .client)
        model.focus = .client
        for c in "curl http://example.com/" { _ = update(&model, .key(.character(c))) }
        let effects = update(&model, .key(.enter))
        #expect(effects.contains { if case .socket(.connectClient) = $0 { true } else { false } })
    }

    /// In the lab, a `needs: lab` lesson's show me may call the second computer.
    @Test func aLabLessonInTheLabMayCallTheServer() throws {
        var outside = try model(performing: ["nc server.lab 80"], in: .client)
        #expect(!showMe(&outside).contains { if case .socket(.connectClient) = $0 { true } else { false } })
        var inLab = try model(performing: ["nc server.lab 80"], in: .client, needsLab: true)
        inLab.isInLab = true
        #expect(showMe(&inLab).contains { if case .socket(.connectClient) = $0 { true } else { false } })
    }

    /// Every address and `-i any` are allowed to a `needs: lab` lesson in the lab only: the
    /// same lesson outside the lab, and any other lesson in the lab, are refused them.
    @Test(arguments: [("nc -l -s 0.0.0.0 8080", PaneID.listener), ("nc -l 0.0.0.0 8080", .listener),
                      ("nc -l -s :: 8080", .listener), ("tcpdump -nn -i any port 8080", .packets)])
    func everyAddressAndAnyInterfaceOnlyForALabLessonInTheLab(_ line: String, _ pane: PaneID) throws {
        func ran(_ effects: [Effect]) -> Bool {
            effects.contains {
                switch $0 {
                case .socket(.startListener), .capture(.start): true
                default: false
                }
            }
        }
        var inLab = try model(performing: [line], in: pane, needsLab: true)
        inLab.isInLab = true
        #expect(ran(showMe(&inLab)), "a lab lesson in the lab runs \(line)")
        var labLessonOutside = try model(performing: [line], in: pane, needsLab: true)
        #expect(!ran(showMe(&labLessonOutside)), "outside the lab \(line) is refused")
        #expect(rows(labLessonOutside, pane).contains("porttutor did not run this line of the lesson"))
        var otherLessonInLab = try model(performing: [line], in: pane)
        otherLessonInLab.isInLab = true
        #expect(!ran(showMe(&otherLessonInLab)), "a lesson without needs: lab is refused \(line) even in the lab")
    }

    /// The allow-list grows by ranges: the lab's addresses join the loopback in one line.
    @Test func theReachableAddressesExtendByRanges() throws {
        let lab = ReachableAddresses.loopback.adding(
            [ReachableAddresses.Range(try #require(IPAddress(parsing: "10.77.0.0")), prefixLength: 16)], name: "the loopback and the lab")
        let sandbox = LessonSandbox(reachable: lab)
        #expect(sandbox.refusalToConnect(to: "10.77.3.4") == nil)
        #expect(sandbox.refusalToConnect(to: "10.78.0.1") != nil)
        #expect(sandbox.refusalToConnect(to: "::ffff:127.0.0.1") == nil, "IPv4-mapped loopback is loopback")
        #expect(LessonSandbox.standard.refusalToConnect(to: "10.77.3.4") != nil)
        #expect(LessonSandbox.standard.refusalToConnect(to: "localhost") == nil)
    }
}
