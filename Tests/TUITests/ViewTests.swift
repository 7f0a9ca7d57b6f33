import ConnectionsCore
import NetworkTypes
import LessonFiles
import Lessons
import SafeText
import Testing
import TUI
@testable import Tutor

@Suite struct ViewTests {
    static let sizes: [(String, TerminalSize)] = [
        ("80x24", TerminalSize(columns: 80, rows: 24)),
        ("120x40", TerminalSize(columns: 120, rows: 40)),
        ("narrow-50x24", TerminalSize(columns: 50, rows: 24)),
        ("too-small-28x10", TerminalSize(columns: 28, rows: 10)),
    ]

    func chatModel(size: TerminalSize) -> Model {
        var m = Model(size: size)
        m.focus = .listener
        m[pane: .listener].scrollback.append(StyledLine([Span("$ ", .prompt), Span("nc -l 8080", .outgoing)]))
        m[pane: .listener].scrollback.append(StyledLine("hello from telnet", .incoming))
        m[pane: .listener].input?.insert("hi back")
        return m
    }

    @Test(arguments: sizes.map(\.0))
    func startScreen(_ name: String) throws {
        let size = Self.sizes.first { $0.0 == name }!.1
        try assertSnapshot(view(Model(size: size)), named: "start-\(name)")
    }

    @Test(arguments: sizes.map(\.0))
    func chatInTheListener(_ name: String) throws {
        let size = Self.sizes.first { $0.0 == name }!.1
        try assertSnapshot(view(chatModel(size: size)), named: "chat-\(name)")
    }

    /// The first lesson's question step, a wrong answer given: the heading on top, the
    /// text to read, the question and the verdict in view, the answer line inviting.
    func lessonModel(size: TerminalSize) throws -> Model {
        let catalog = try LessonCatalog.loadValid(folder: DemoViewTests.shippedLessons)
        let tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: 0, stepIndex: 0)
        var m = Model(size: size, presentation: .tutorial, tutorial: tutorial)
        _ = update(&m, .started(now: .zero))
        for key in [Key.character("d"), .enter] { _ = update(&m, .key(key)) }
        return m
    }

    @Test(arguments: sizes.map(\.0))
    func lessonWithAWrongAnswer(_ name: String) throws {
        let size = Self.sizes.first { $0.0 == name }!.1
        try assertSnapshot(view(lessonModel(size: size)), named: "lesson-wrong-answer-\(name)")
    }

    /// Lesson 1's on-your-own step done: its ✔ stays and counts down to the recap.
    func lessonOneDone(size: TerminalSize) throws -> Model {
        let catalog = try LessonCatalog.loadValid(folder: DemoViewTests.shippedLessons)
        let tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: 0, stepIndex: 5)
        var m = Model(size: size, presentation: .tutorial, tutorial: tutorial)
        _ = update(&m, .started(now: .zero))
        for c in "ss -tln" { _ = update(&m, .key(.character(c))) }
        _ = update(&m, .key(.enter))
        return m
    }

    @Test func aTickedStepCountsDownAt80x24() throws {
        let m = try lessonOneDone(size: TerminalSize(columns: 80, rows: 24))
        try assertSnapshot(view(m), named: "step-done-countdown-80x24")
    }

    /// The lesson's end: what was done, the commands, the idea to keep, the way on.
    @Test func theRecapAt80x24() throws {
        var m = try lessonOneDone(size: TerminalSize(columns: 80, rows: 24))
        _ = update(&m, .tick(now: m.nextStepDelay))
        #expect(m.tutorial?.lessonComplete == true)
        try assertSnapshot(view(m), named: "recap-80x24")
    }

    /// At 80x24 the table and the packets share nine rows below the chat: the one with
    /// focus gets the larger share, so the table shows several sockets, not one.
    @Test func theFocusedLowerPaneGetsTheLargerShareAt80x24() {
        let size = TerminalSize(columns: 80, rows: 24)
        for (focus, other) in [(PaneID.connections, PaneID.packets), (.packets, .connections)] {
            let panes = Layout.compute(size: size, focus: focus, zoomed: false).panes
            #expect(panes[focus]!.height >= 8 && panes[focus]!.height > panes[other]!.height)
        }
    }

    /// Without focus at 80x24, the table gives its idle prompt to rows: both ends of the
    /// learner's connection are in view.
    @Test func bothEndsOfAConnectionShowInTheUnfocusedTableAt80x24() {
        var m = Model(size: TerminalSize(columns: 80, rows: 24))
        let ends = [(40312, 8080), (8080, 40312)].map { local, remote in
            SocketEntry(transport: .tcp, state: .established,
                        local: SocketAddress(address: .loopbackIPv4, port: UInt16(local)),
                        remote: SocketAddress(address: .loopbackIPv4, port: UInt16(remote)))
        }
        _ = update(&m, .socketTable(SocketSnapshot(entries: ends)))
        #expect(m.focus == .lesson)
        #expect(view(m).screen.text.split(separator: "\n").filter { $0.hasPrefix("● ESTAB") }.count == 2)
    }

    /// A socket row wider than the pane is cut with "…", one row per socket, so the
    /// columns stay lined up and the pane shows as many sockets as it has rows for.
    @Test func aWideTableRowIsCutNotWrapped() {
        var m = Model(size: TerminalSize(columns: 80, rows: 24))
        m.focus = .connections
        m.connections.submit("ss -tanp")
        _ = update(&m, .socketTable(SocketSnapshot(entries: Self.mappedRowsWithPrograms(6))))
        let text = view(m).screen.text.split(separator: "\n").map(String.init)
        let shown = text.filter { $0.contains("ESTAB") }
        #expect(shown.count == 4, "\(text.joined(separator: "\n"))")
        #expect(shown.allSatisfy { $0.hasSuffix("…") || $0.count < 80 })
        #expect(!text.contains { $0.hasPrefix("users:") || $0.hasPrefix("[::ffff") || $0.hasPrefix("      users:") })
    }

    /// Zoomed (as the lessons suggest when rows are cut), the whole table fits with each
    /// program on the line below its row, indented, where `ss -tanp` at 80 columns can
    /// be read: cut at the edge, the program was what the learner asked for.
    @Test func zoomedAWideRowShowsItsProgramOnTheLineBelow() {
        var m = Model(size: TerminalSize(columns: 80, rows: 24))
        m.focus = .connections
        m.connections.submit("ss -tanp")
        _ = update(&m, .socketTable(SocketSnapshot(entries: Self.mappedRowsWithPrograms(6))))
        _ = update(&m, .key(.function(2)))
        let text = view(m).screen.text.split(separator: "\n").map(String.init)
        let shown = text.indices.filter { text[$0].contains("ESTAB") }
        #expect(shown.count == 6, "\(text.joined(separator: "\n"))")
        for index in shown {
            #expect(text[index].hasSuffix("[::ffff:127.0.0.1]:8080"), "the row whole, its program gone below: \(text[index])")
            #expect(text[index + 1].hasPrefix("      users:((\"a-rather-long-process-name\",pid=424"), "\(text[index + 1])")
        }
        #expect(text.contains { $0.contains("6 rows") }, "the title counts sockets, not lines")
        #expect(!text.contains { $0.contains("…") })
    }

    static func mappedRowsWithPrograms(_ count: Int) -> [SocketEntry] {
        let mapped = IPAddress(ipv6High: 0, low: 0xFFFF_7F00_0001)
        return (0..<count).map { n in
            SocketEntry(transport: .tcp, state: .established,
                        local: SocketAddress(address: mapped, port: UInt16(40000 + n)),
                        remote: SocketAddress(address: mapped, port: 8080),
                        processes: [SocketProcess(pid: 4242 + Int32(n), name: SafeText(untrusted: "a-rather-long-process-name"), fd: 7)])
        }
    }

    /// The same row in a pane wide enough for it stays one line, as ss prints it.
    @Test func aRowThatFitsKeepsItsProgramBesideIt() {
        var m = Model(size: TerminalSize(columns: 160, rows: 45))
        m.focus = .connections
        m.connections.submit("ss -tlnp")
        let row = SocketEntry(transport: .tcp, state: .listen,
                              local: SocketAddress(address: .loopbackIPv4, port: 8081),
                              remote: SocketAddress(address: .anyIPv4, port: 0),
                              processes: [SocketProcess(pid: 8, name: SafeText(untrusted: "nc"), fd: 3)])
        _ = update(&m, .socketTable(SocketSnapshot(entries: [row])))
        let text = view(m).screen.text
        #expect(text.contains(#"0.0.0.0:*    users:(("nc",pid=8,fd=3))"#) || text.contains(#"0.0.0.0:* users:(("nc",pid=8,fd=3))"#), "\(text)")
    }

    /// The notice of the moment matters more than the key summary (F1 lists the keys):
    /// a long one takes the whole row, and one longer still ends in "…".
    @Test func aLongNoticeTakesTheStatusRowAndSaysWhenItIsCut() {
        var m = Model(size: TerminalSize(columns: 80, rows: 24))
        func statusRow() -> String { String(view(m).screen.text.split(separator: "\n").last ?? "") }
        m.notice = StyledLine("✔ listening")
        #expect(statusRow().contains("✔ listening") && statusRow().contains("F10 quit"))
        m.notice = StyledLine("✔ listening on 127.0.0.1:8080 (porttutor, pid 4242, fd 7), the check holds")
        #expect(statusRow().contains("the check holds") && !statusRow().contains("F10 quit"))
        m.notice = StyledLine(trusted: String(repeating: "port ", count: 30) + "END")
        #expect(statusRow().hasSuffix("…") && !statusRow().contains("END"))
    }

    /// Scrolled back to the start of a pane's history, the pane shows its first lines from
    /// the top, not one line over blank rows.
    @Test func scrolledToTheStartShowsTheFirstLinesFromTheTop() {
        var m = Model(size: TerminalSize(columns: 120, rows: 40))
        m[pane: .packets].scrollback.clear()
        for n in 1...30 { m[pane: .packets].scrollback.append(StyledLine("packet line \(n)")) }
        m.focus = .packets
        m[pane: .packets].scrollback.scroll(by: 1000)
        let rows = view(m).screen.text.split(separator: "\n", omittingEmptySubsequences: false)
        let title = rows.firstIndex { $0.contains("5 Packets") }!
        #expect(rows[title + 1].contains("packet line 1"))
        #expect(rows[title + 2].contains("packet line 2"))
    }

    /// The title says "newer" lines wait below only while some really are out of view: a
    /// short history scrolled back shows whole, and says nothing; a long one says how many.
    @Test func aScrolledPaneSaysNewerLinesWaitOnlyWhenSomeAreHidden() {
        func packetsTitle(_ count: Int, scroll: Int) -> String {
            var m = Model(size: TerminalSize(columns: 120, rows: 40))
            m[pane: .packets].scrollback.clear()
            for n in 1...count { m[pane: .packets].scrollback.append(StyledLine("packet line \(n)")) }
            m.focus = .packets
            m[pane: .packets].scrollback.scroll(by: scroll)
            let rows = view(m).screen.text.split(separator: "\n", omittingEmptySubsequences: false)
            return String(rows.first { $0.contains("5 Packets") } ?? "")
        }
        #expect(!packetsTitle(5, scroll: 4).contains("newer"))
        #expect(packetsTitle(100, scroll: 10).contains("▼ 10 newer"))
        #expect(packetsTitle(100, scroll: 1000).contains("newer"))
    }

    @Test func everyPaneTitleIsVisibleAtEachWorkingSize() {
        for (name, size) in Self.sizes where name != "too-small-28x10" {
            let text = view(Model(size: size)).screen.text
            for pane in PaneID.allCases {
                #expect(text.contains("\(pane.number) \(pane.title)"), "\(pane.title) missing at \(name)")
            }
        }
    }

    @Test func resizeRedrawsForTheNewSize() throws {
        var m = chatModel(size: TerminalSize(columns: 80, rows: 24))
        _ = view(m)
        _ = update(&m, .resize(TerminalSize(columns: 120, rows: 40)))
        let frame = view(m)
        #expect(frame.screen.size == TerminalSize(columns: 120, rows: 40))
        try assertSnapshot(frame, named: "chat-120x40")
        _ = update(&m, .resize(TerminalSize(columns: 28, rows: 10)))
        try assertSnapshot(view(m), named: "chat-too-small-28x10")
    }

    @Test func tinyAndEmptySizesNeverCrash() {
        for columns in [0, 1, 2, 5, 29, 30, 31, 71, 72, 119, 120] {
            for rows in [0, 1, 2, 12, 13, 19, 20, 31, 32] {
                var m = chatModel(size: TerminalSize(columns: columns, rows: rows))
                _ = view(m)
                m.isZoomed = true
                _ = view(m)
                m.overlay = .help
                _ = view(m)
            }
        }
    }

    @Test func helpOverlayListsEveryGlobalKey() throws {
        var m = Model(size: TerminalSize(columns: 80, rows: 24))
        m.overlay = .help
        let frame = view(m)
        for action in GlobalAction.allCases {
            #expect(frame.screen.text.contains(action.keyLabel), "\(action) missing from help")
        }
        #expect(frame.cursor == nil)
        try assertSnapshot(frame, named: "help-80x24")
    }

    /// The picker (F7) shows the selected lesson's summary under the list, so a learner
    /// can choose by what a lesson is about; it follows the selection.
    @Test func lessonPickerShowsTheSelectedLessonsSummary() throws {
        let catalog = try LessonCatalog.loadValid(folder: DemoViewTests.shippedLessons)
        var m = Model(size: TerminalSize(columns: 80, rows: 24), presentation: .tutorial,
                      tutorial: Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: 0, stepIndex: 0))
        _ = update(&m, .started(now: .zero))
        _ = update(&m, .key(.function(7)))
        let firstFrame = view(m)
        let first = firstFrame.screen
        let text = first.lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("An address finds the computer, a port finds the program on it."), "\(first.text)")
        try assertSnapshot(firstFrame, named: "lesson-picker-80x24")
        _ = update(&m, .key(.down))
        let second = view(m).screen.text
        #expect(second.contains("Start a listener with nc, call it with telnet"))
        #expect(!second.contains("An address finds the computer"))
        for c in "httpchatter" { _ = update(&m, .key(.character(c))) }
        _ = update(&m, .key(.control("u")))
        guard case .lessonPicker(let picker)? = m.overlay else { Issue.record("the picker closed"); return }
        #expect(picker.filter.text.isEmpty, "Ctrl-U clears the filter, as in any input line")
    }

    /// A summary is a teacher's text, but goes through the one sanitiser, and a long one is
    /// cut rather than pushed over the box's edge.
    @Test func lessonPickerSummaryIsSanitisedWrappedAndCut() throws {
        var lessons = try LessonCatalog.loadValid(folder: DemoViewTests.shippedLessons).lessons
        lessons[0].summary = "Colours \u{1B}[31mred\u{1B}[0m here,\nnext line. " + String(repeating: "word ", count: 80)
        var m = Model(size: TerminalSize(columns: 80, rows: 30), presentation: .tutorial,
                      tutorial: Tutorial(catalog: LessonCatalog(lessons: lessons), progress: Lessons.Progress(), lessonIndex: 0, stepIndex: 0))
        m.overlay = .lessonPicker(LessonPicker())
        let screen = view(m).screen
        #expect(!screen.text.contains("\u{1B}"))
        #expect(screen.text.contains("Colours ␛[31mred␛[0m here, next line."))
        let summaryRows = screen.lines.filter { $0.contains("word word") }
        #expect(summaryRows.count == 4, "at most four rows of summary")
        #expect(summaryRows.last?.contains("…") == true)
        #expect(screen.lines.allSatisfy { $0.count == 80 })
    }

    @Test func zoomedPaneFillsTheScreen() throws {
        var m = chatModel(size: TerminalSize(columns: 80, rows: 24))
        m.isZoomed = true
        let frame = view(m)
        #expect(frame.layout.panes.keys.sorted { $0.number < $1.number } == [.listener])
        #expect(frame.layout.panes[.listener] == Rect(x: 0, y: 0, width: 80, height: 23))
        try assertSnapshot(frame, named: "zoomed-listener-80x24")
    }

    @Test func cursorSitsAtTheEndOfTheFocusedInput() {
        let frame = view(chatModel(size: TerminalSize(columns: 80, rows: 24)))
        let area = frame.layout.panes[.listener]!
        #expect(frame.cursor?.y == area.maxY - 1)
        #expect(frame.cursor?.x == area.x + 2 + "hi back".count)
    }

    /// Stacked, the focused pane gets the room and the Lesson pane keeps a third of it,
    /// so the step stays readable; in a short column the others show one line each.
    @Test func stackedLayoutGivesTheFocusedPaneTheRoomAndKeepsTheLesson() {
        var m = Model(size: TerminalSize(columns: 50, rows: 24))
        m.focus = .packets
        var layout = view(m).layout
        #expect(layout.kind == .stacked)
        #expect(layout.panes[.lesson]!.height == 23 / 3)
        #expect(layout.panes[.packets]!.height == 23 - 23 / 3 - 2 * 3)
        #expect(layout.panes[.listener]!.height == 2)
        m.focus = .lesson
        #expect(view(m).layout.panes[.lesson]!.height == 23 - 2 * 4)
        m = Model(size: TerminalSize(columns: 50, rows: 16))
        m.focus = .packets
        layout = view(m).layout
        #expect(layout.panes[.lesson]!.height == 2 && layout.panes[.packets]!.height == 15 - 2 * 4)
    }

    @Test func untrustedTextIsWrappedInsideItsPane() {
        var m = Model(size: TerminalSize(columns: 80, rows: 24))
        let hostile = String(repeating: "A", count: 500)
        m[pane: .client].scrollback.append(StyledLine(SafeText(untrusted: hostile), .incoming))
        let frame = view(m)
        let area = frame.layout.panes[.client]!
        for line in frame.screen.lines {
            #expect(line.count == 80)
        }
        #expect(frame.screen.lines[area.y + 1].dropFirst(area.x).hasPrefix("AAAA"))
    }

    @Test func wideCharactersTakeTwoCells() {
        var screen = Screen(size: TerminalSize(columns: 6, rows: 1))
        let end = screen.put("日本x", x: 0, y: 0)
        #expect(end == 5)
        #expect(screen.lines == ["日本x "])
        var clipped = Screen(size: TerminalSize(columns: 3, rows: 1))
        clipped.put("日本", x: 0, y: 0)
        #expect(clipped.lines == ["日 "], "a wide character that does not fit is not half drawn")
    }

    @Test func themesFollowNoColorAndPresentation() {
        #expect(Theme.choose(presentation: .tutorial, environment: [:], terminalHasColor: true).name == "default")
        #expect(Theme.choose(presentation: .tutorial, environment: ["NO_COLOR": "1"], terminalHasColor: true).name == "mono")
        #expect(Theme.choose(presentation: .tutorial, environment: [:], terminalHasColor: false).name == "mono")
        #expect(Theme.choose(presentation: .demo, environment: [:], terminalHasColor: true).name == "projector")
        #expect(Theme.choose(presentation: .demo, environment: ["NO_COLOR": "x"], terminalHasColor: true).name == "projector-mono")
        #expect(Theme.choose(presentation: .tutorial, environment: ["NO_COLOR": "1"], terminalHasColor: false,
                             requested: .dark).name == "default", "--theme wins over NO_COLOR and the terminal")
        for role in TextRole.allCases {
            #expect(Theme.projector.appearance(of: role).dim == false, "no dim text on a projector")
            #expect(Theme.projector.appearance(of: role).foreground != .blue, "no blue on a projector")
        }
    }
}
