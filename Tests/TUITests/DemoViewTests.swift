import ConnectionsCore
import NetworkTypes
import Foundation
import LessonFiles
import Lessons
import SafeText
import SocketsCore
import ToolCommands
import Testing
import TUI
@testable import Tutor

/// Demo mode's screen as text, and the projector themes as data.
@Suite struct DemoViewTests {
    static let shippedLessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons")

    static let sizes: [(String, TerminalSize)] = [
        ("80x24", TerminalSize(columns: 80, rows: 24)),
        ("64x20", TerminalSize(columns: 64, rows: 20)),
    ]

    static func size(_ name: String) -> TerminalSize { sizes.first { $0.0 == name }!.1 }

    static func demo(size: TerminalSize, lesson: Int = 1, step: Int = 0) throws -> Model {
        let catalog = try LessonCatalog.loadValid(folder: shippedLessons)
        let tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: lesson, stepIndex: step)
        var m = Model(size: size, presentation: .demo, tutorial: tutorial)
        _ = update(&m, .started(now: .zero))
        return m
    }

    /// Lesson 2, step 1, as the room sees it once `nc -l 8080` has been typed and is
    /// listening, the check has ticked, 1 minute 15 into the demo at 14:05.
    static func listening(size: TerminalSize) throws -> Model {
        var m = try demo(size: size)
        _ = update(&m, .tick(now: .seconds(70)))
        let addresses = [SocketAddress.loopback(.ipv4, port: 8080), .loopback(.ipv6, port: 8080)]
        _ = update(&m, .sockets([SocketEvent(.listener, .listening(addresses: addresses, transport: .tcp),
                                             lines: [PaneLine(.status, "Listening on 127.0.0.1 8080"),
                                                     PaneLine(.status, "Listening on ::1 8080")])]))
        let row = SocketEntry(transport: .tcp, state: .listen,
                              local: SocketAddress(address: .loopbackIPv4, port: 8080),
                              remote: SocketAddress(address: .anyIPv4, port: 0),
                              processes: [SocketProcess(pid: 4242, name: SafeText(untrusted: "porttutor"), fd: 7)])
        _ = update(&m, .socketTable(SocketSnapshot(entries: [row])))
        _ = update(&m, .tick(now: .seconds(75), timeOfDay: 14 * 3600 + 5 * 60 + 9))
        return m
    }

    @Test(arguments: sizes.map(\.0))
    func listenerSpotlightedInLessonTwo(_ name: String) throws {
        let m = try Self.listening(size: Self.size(name))
        #expect(m.spotlight == .listener)
        let frame = view(m)
        let text = frame.screen.text
        #expect(text.contains("★ here"))
        #expect(text.contains("▶2 Listener"), "the spotlighted pane is marked without colour")
        #expect(text.contains("$ nc -l 8080"), "the command typed")
        #expect(text.contains("Listening on 127.0.0.1 8080"), "its result")
        #expect(text.contains(" ✔ something listens on TCP port 8080"), "the check, ticked")
        #expect(text.contains("Step 1/7: Start a listener with nc"), "the step's title")
        #expect(text.contains("14:05  ⏱ 01:15"), "the clock and the elapsed time")
        let listener = try #require(frame.layout.panes[.listener])
        #expect(frame.screen.lines[listener.y].contains("2 Listener"))
        try assertSnapshot(frame, named: "demo-listener-\(name)")
    }

    /// Lesson 1's end as the room sees it: the recap, and the key for the next lesson.
    @Test(arguments: sizes.map(\.0))
    func theRecapSlide(_ name: String) throws {
        var m = try Self.demo(size: Self.size(name), lesson: 0, step: 5)
        _ = update(&m, .key(.character(" ")))
        for second in 4...12 { _ = update(&m, .tick(now: .seconds(second))) }
        if m.tutorial?.lessonComplete != true { _ = update(&m, .key(.character(" "))) }
        #expect(m.tutorial?.lessonComplete == true)
        let frame = view(m)
        for words in ["You did", "Commands", "ss -tln", "The idea to keep", "Press Space for the next lesson"] {
            #expect(frame.screen.text.contains(words), "\(words) at \(name):\n\(frame.screen.text)")
        }
        try assertSnapshot(frame, named: "demo-recap-\(name)")
    }

    /// Every shipped lesson's recap, at both demo sizes: the idea to keep and the key
    /// for the next lesson are on the screen.
    @Test(arguments: sizes.map(\.0))
    func everyRecapFits(_ name: String) throws {
        let catalog = try LessonCatalog.loadValid(folder: Self.shippedLessons)
        for (index, lesson) in catalog.lessons.enumerated() {
            var tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: index, stepIndex: lesson.steps.count - 1)
            _ = tutorial.completeStep(skipped: false)
            var m = Model(size: Self.size(name), presentation: .demo, tutorial: tutorial)
            m.focus = .lesson
            let text = view(m).screen.text
            for words in ["You did", "The idea to keep", index + 1 < catalog.lessons.count ? "Press Space" : "q ends the demo"] {
                #expect(text.contains(words), "\(lesson.id) at \(name): \(words)\n\(text)")
            }
        }
    }

    @Test(arguments: sizes.map(\.0))
    func everyStepOfLessonTwoFitsTheScreen(_ name: String) throws {
        let size = Self.size(name)
        var m = try Self.listening(size: size)
        var clock = Duration.seconds(80)
        for step in 0..<6 {
            let frame = view(m)
            #expect(frame.screen.lines.allSatisfy { $0.count == size.columns })
            let text = frame.screen.text
            let title = try #require(m.tutorial?.step.title)
            let big = BlockLetters.render(title)?.first
            #expect(text.contains("Step \(step + 1)/7: \(title)") || big.map(text.contains) == true,
                    "step \(step + 1)'s title at \(name):\n\(text)")
            for (id, area) in frame.layout.panes {
                #expect(frame.screen.lines[area.y].contains("\(id.number) \(id.title)"), "\(id.title) title at \(name)")
            }
            if let footer = m.lessonSlide?.footer.first?.plainText {
                #expect(text.contains(footer.prefix(size.columns - 1)), "step \(step + 1)'s check or question at \(name):\n\(text)")
            }
            #expect(frame.screen.lines.last?.hasSuffix("? keys ") == true)
            _ = update(&m, .key(.pageDown))
            // A question is revealed first; the next Page Down moves on.
            if m.tutorial?.stepIndex == step { _ = update(&m, .key(.pageDown)) }
            for _ in 0..<5 where m.autopilot != nil {
                clock += .seconds(5)
                _ = update(&m, .tick(now: clock))
            }
        }
    }

    /// "▼ more" over the end of a cut row takes a number whole: "1 to 65535" must not
    /// read "1 to 6". Every step of every lesson, at both projector sizes.
    @Test(arguments: sizes.map(\.0))
    func theMoreMarkNeverCutsANumber(_ name: String) throws {
        let catalog = try LessonCatalog.loadValid(folder: Self.shippedLessons)
        var marks = 0
        for (lesson, content) in catalog.lessons.enumerated() {
            for step in content.steps.indices {
                let m = try Self.demo(size: Self.size(name), lesson: lesson, step: step)
                for line in view(m).screen.lines {
                    guard let mark = line.range(of: " ▼ more") else { continue }
                    marks += 1
                    let before = line[..<mark.lowerBound].last
                    #expect(before?.isNumber != true, "a number cut by the mark at \(name), \(content.id) step \(step + 1): \(line)")
                }
            }
        }
        #expect(marks > 0, "some text is cut at \(name)")
    }

    @Test func withoutTheClockTheStatusBarSaysWhereWeAre() throws {
        var m = try Self.listening(size: Self.size("64x20"))
        _ = update(&m, .key(.character("c")))
        let bar = try #require(view(m).screen.lines.last)
        #expect(!bar.contains("⏱") && !bar.contains("14:05"))
        #expect(bar.hasPrefix(" DEMO · 2.1 · 12 cps"))
        #expect(bar.hasSuffix("? keys "))
    }

    @Test func aLongNoticeIsCutWithAMark() throws {
        var m = try Self.listening(size: Self.size("64x20"))
        m.notice = StyledLine(trusted: String(repeating: "word ", count: 30))
        let bar = try #require(view(m).screen.lines.last)
        #expect(bar.contains("…"))
        #expect(bar.contains("14:05  ⏱ 01:15  ? keys"))
    }

    @Test(arguments: sizes.map(\.0))
    func presenterKeysFitTheScreen(_ name: String) throws {
        var m = try Self.listening(size: Self.size(name))
        _ = update(&m, .key(.character("?")))
        let text = view(m).screen.text
        #expect(text.contains("Presenter keys"))
        for row in PresenterAction.helpRows {
            #expect(text.contains(row.keys), "\(row.keys) missing at \(name)")
            #expect(text.contains(row.summary), "\(row.keys)'s words cut at \(name)")
        }
        #expect(PresenterAction.allCases.allSatisfy { action in PresenterAction.helpRows.contains { $0.keys.contains(action.keyLabel) } },
                "every key is listed")
        _ = update(&m, .key(.character("x")))
        #expect(!view(m).screen.text.contains("Presenter keys"))
    }

    @Test func blankingClearsEverythingAndAnyKeyBringsItBack() throws {
        var m = try Self.listening(size: Self.size("80x24"))
        _ = update(&m, .key(.character("b")))
        #expect(view(m).screen.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        _ = update(&m, .key(.character("x")))
        #expect(view(m).screen.text.contains("2 Listener"))
    }

    @Test func zoomGivesTheSpotlightTheScreen() throws {
        var m = try Self.listening(size: Self.size("64x20"))
        _ = update(&m, .key(.character("z")))
        let frame = view(m)
        #expect(frame.layout.kind == .zoomed)
        #expect(frame.layout.panes.keys.sorted { $0.number < $1.number } == [.listener])
        #expect(!frame.screen.text.contains("1 Lesson"))
        _ = update(&m, .key(.character("1")))
        let lesson = view(m).screen.text
        #expect(lesson.contains("1 Lesson") && !lesson.contains("2 Listener"), "1 then z reads the whole step")
        #expect(lesson.contains("-l means listen"))
        #expect(!lesson.contains("▼ more"))
    }

    @Test func twoPanesKeepTheirOrderWhateverTheSpotlight() throws {
        var m = try Self.demo(size: Self.size("80x24"), lesson: 1, step: 2)
        let first = view(m).layout
        m.spotlight = .listener
        let second = view(m).layout
        #expect(first.panes[.listener]?.y == second.panes[.listener]?.y)
        #expect((first.panes[.listener]?.y ?? 99) < (first.panes[.client]?.y ?? 0))
    }

    @Test func aCutTitleStatusEndsInAnEllipsis() throws {
        var m = try Self.listening(size: TerminalSize(columns: 50, rows: 20))
        m[pane: .listener].status = StyledLine("listening on 127.0.0.1:8080 and [::1]:8080 and more", .emphasis)
        let frame = view(m)
        let listener = try #require(frame.layout.panes[.listener])
        let bar = frame.screen.lines[listener.y]
        #expect(bar.contains("2 Listener"))
        #expect(bar.contains("listening on … "), "cut before the address, never inside it: \(bar)")
    }

    /// At 64x20 a cut must not change what a number says: `[::1]:80…` would read as port 80.
    @Test(arguments: [30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40])
    func aCutNeverSplitsANumber(width: Int) {
        let line = StyledLine("listening on 127.0.0.1:8080 and [::1]:8080", .emphasis)
        let shown = LineWrapper.cut(line, width: width).map(\.text).joined()
        #expect(shown.hasSuffix("…") && shown.count <= width, "\(shown)")
        let kept = shown.dropLast().split(separator: " ")
        #expect(kept.allSatisfy { word in !word.contains(where: \.isNumber) || line.plainText.split(separator: " ").contains(word) },
                "every number kept is whole: \(shown)")
    }

    // MARK: Themes

    static let projectorThemes: [Theme] = [.projector, .projectorMonochrome]

    /// Colours a projector washes out or a dark room cannot read.
    @Test func projectorThemesHaveNoDimGreyOrDarkBlue() {
        for theme in Self.projectorThemes {
            for role in TextRole.allCases {
                let look = theme.appearance(of: role)
                #expect(!look.dim, "\(theme.name) \(role) is dim")
                #expect(look.foreground != .blue && look.background != .blue, "\(theme.name) \(role) uses dark blue")
                let lightBackground: Set<TerminalColor> = [.yellow, .white, .cyan, .green]
                if look.foreground == .black {
                    #expect(lightBackground.contains(look.background), "\(theme.name) \(role): black (grey) on a dark background")
                }
                if look.background == .black {
                    #expect(lightBackground.contains(look.foreground), "\(theme.name) \(role): dark text on black")
                }
            }
        }
    }

    /// Without colour, every role that means something still shows: by an attribute, and
    /// (all text being bold on a projector) by one that plain text lacks.
    @Test func projectorMonochromeCarriesMeaningWithoutColour() {
        let mono = Theme.projectorMonochrome
        #expect(!mono.usesColor)
        let normal = mono.appearance(of: .normal)
        let meaningful = TextRole.allCases.filter { $0 != .normal && $0 != .dim && $0 != .curtain }
        for role in meaningful {
            let look = mono.appearance(of: role)
            #expect(look.bold || look.reverse || look.underline, "\(role) has no attribute")
        }
        let standsOut: [TextRole] = [.emphasis, .code, .heading, .success, .warning, .error, .highlight, .selection, .outgoing]
        for role in standsOut {
            let look = mono.appearance(of: role)
            #expect(look.reverse != normal.reverse || look.underline != normal.underline, "\(role) looks like plain text")
        }
        #expect(mono.appearance(of: .incoming) != mono.appearance(of: .outgoing), "the two directions differ")
        #expect(mono.appearance(of: .error) != mono.appearance(of: .warning))
    }

    /// The light projector theme: dark, bold text on white, nothing white washes out.
    @Test func projectorLightThemeIsDarkBoldTextOnWhite() {
        let light = Theme.projectorLight
        let washedOut: Set<TerminalColor> = [.yellow, .cyan, .white, .terminalDefault]
        for role in TextRole.allCases where role != .curtain {
            let look = light.appearance(of: role)
            #expect(!look.dim, "\(role) is dim")
            #expect(look.bold, "\(role) is not bold")
            if look.background == .white {
                #expect(!washedOut.contains(look.foreground), "\(role): \(look.foreground) on white")
            } else {
                #expect([.yellow, .red].contains(look.background), "\(role) is on \(look.background)")
            }
        }
        #expect(light.appearance(of: .normal) != Theme.projector.appearance(of: .normal))
    }

    /// The blanked screen is black in the light theme too, and the terminal's own
    /// (dark) background in the others: never the white of a light theme.
    @Test func theBlankScreenIsDarkInEveryTheme() throws {
        var m = try Self.demo(size: TerminalSize(columns: 64, rows: 20))
        _ = update(&m, .key(.character("b")))
        let frame = view(m)
        #expect(frame.screen.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(frame.screen[0, 0].role == .curtain && frame.screen[63, 19].role == .curtain)
        #expect(Theme.projectorLight.appearance(of: .curtain).background == .black)
        for theme in Theme.all {
            #expect(theme.appearance(of: .curtain).background != .white, "\(theme.name)")
        }
    }

    /// Block letters are drawn in their own role, which no theme underlines: an underline
    /// under each of their rows draws stripes through the title.
    @Test func blockLettersAreNeverUnderlined() {
        for theme in Theme.all {
            #expect(!theme.appearance(of: .banner).underline, "\(theme.name)")
            #expect(theme.appearance(of: .banner).bold, "\(theme.name)")
        }
    }

    /// At 160x45 the step title is drawn in block letters, every cell of them in the
    /// banner role (never the heading role, which the projector themes underline).
    @Test func blockLetterTitleCellsAreBanners() throws {
        let m = try Self.demo(size: TerminalSize(columns: 160, rows: 45), lesson: 0)
        let frame = view(m)
        let title = try #require(m.tutorial?.step.title)
        let rows = try #require(BlockLetters.render(title))
        let y = try #require(frame.screen.lines.firstIndex { $0.contains(rows[0]) }, "block letters at 160x45:\n\(frame.screen.text)")
        for row in 0..<BlockLetters.height {
            for x in 0..<frame.screen.size.columns where ["▀", "▄", "█"].contains(frame.screen[x, y + row].text) {
                #expect(frame.screen[x, y + row].role == .banner, "cell \(x),\(y + row)")
            }
        }
    }

    /// A focused title and a chosen row are drawn reversed on top of `selection`, which is
    /// reverse already: it must stay reversed, not cancel out to plain text.
    @Test func reversingAReverseRoleKeepsItReversed() {
        for theme in Theme.all {
            #expect(theme.appearance(of: .selection, reversed: true).reverse, "\(theme.name)")
            #expect(theme.appearance(of: .normal, reversed: true).reverse, "\(theme.name)")
            #expect(theme.appearance(of: .normal, reversed: false) == theme.appearance(of: .normal))
        }
    }
}
