import ConnectionsCore
import NetworkTypes
import Foundation
import LessonFiles
import Lessons
import Testing
@testable import Tutor

/// The Lesson pane of the walkthrough: what stays in view, and scrolling by the rows the
/// learner sees, to the very end of the page.
@Suite struct LessonPageTests {
    static func page(textLines: Int, footer: [String], outline: Int = 3) -> LessonPage {
        LessonPage(heading: StyledLine("Step 1/3: Listen"),
                   text: (1...textLines).map { StyledLine("text \($0)") },
                   footer: footer.map { StyledLine(trusted: $0) },
                   outline: (1...outline).map { StyledLine("outline \($0)") })
    }

    static func plain(_ fit: LessonPageFit) -> [String] {
        fit.rows.map { $0.map(\.text).joined() }
    }

    @Test func aPageThatFitsReadsInOrderWithNothingPinned() {
        let page = Self.page(textLines: 2, footer: [" ○ a socket listens on 8080"], outline: 1)
        let fit = page.fit(width: 40, height: 20, offset: 5)
        #expect(Self.plain(fit) == ["Step 1/3: Listen", "text 1", "text 2", "", " ○ a socket listens on 8080", "", "outline 1"])
        #expect(fit.maxOffset == 0 && fit.offset == 0 && fit.moreRow == nil)
    }

    @Test func aShortFooterStaysPinnedUnderScrollingText() {
        let page = Self.page(textLines: 30, footer: [" ○ a socket listens on 8080"])
        let top = page.fit(width: 40, height: 10, offset: 0)
        #expect(Self.plain(top) == ["Step 1/3: Listen", "text 1", "text 2", "text 3", "text 4", "text 5", "text 6", "text 7",
                                    "", " ○ a socket listens on 8080"])
        #expect(top.moreRow == 8)
        // Text, a blank row and the outline scroll: 30 + 1 + 3 rows in a room of 7.
        #expect(top.maxOffset == 34 - 7)
        let end = page.fit(width: 40, height: 10, offset: 1000)
        #expect(end.offset == end.maxOffset && end.moreRow == nil)
        #expect(Self.plain(end).first == "Step 1/3: Listen")
        #expect(Array(Self.plain(end).suffix(4)) == ["outline 2", "outline 3", "", " ○ a socket listens on 8080"])
    }

    @Test func wrappedRowsCountSoTheEndOfALongParagraphIsReachable() {
        let long = StyledLine(trusted: Array(repeating: "word", count: 200).joined(separator: " "))
        let page = LessonPage(heading: StyledLine("Step 1/1: Read"), text: [long], footer: [], outline: [StyledLine("the end")])
        let end = page.fit(width: 20, height: 6, offset: 10_000)
        // 200 words of 4 letters at 20 columns wrap 4 to a row: 50 rows, a blank, the outline.
        #expect(end.maxOffset > 40)
        #expect(Self.plain(end).last { !$0.isEmpty } == "the end")
        #expect(end.moreRow == nil && end.moreAbove)
    }

    @Test func aLongFooterScrollsWithTheTextAndCanBeRevealed() {
        let footer = ["Question: which port?", "  a) 80", "  b) 443", "  c) 22", "Hint 1/1: the web's", "✘ Not quite: d."]
        let page = Self.page(textLines: 20, footer: footer)
        let top = page.fit(width: 40, height: 8, offset: 0)
        #expect(Self.plain(top).first == "Step 1/3: Listen")
        #expect(top.moreRow == 7)
        #expect(!Self.plain(top).contains("✘ Not quite: d."))
        let revealed = page.fit(width: 40, height: 8, offset: top.footerRevealOffset)
        let rows = Self.plain(revealed)
        #expect(rows.contains("Question: which port?") && rows.contains("✘ Not quite: d."))
        // Once in view, revealing again moves nothing.
        #expect(revealed.footerRevealOffset == revealed.offset)
    }

    /// In a short pane the new step's instructions come before the last step's story:
    /// its verdict keeps one row, the explanation waits for a taller pane.
    @Test func aShortPaneKeepsOnlyTheLastStepsVerdict() {
        var page = Self.page(textLines: 20, footer: [" ○ curl receives your 200 OK"])
        page.outcome = [StyledLine("✔ Right. Answered curl."), StyledLine("curl names itself and its version in every request it sends.")]
        let short = Self.plain(page.fit(width: 40, height: 9, offset: 0))
        #expect(Array(short.prefix(3)) == ["Step 1/3: Listen", "✔ Right. Answered curl.", "text 1"])
        let tall = Self.plain(page.fit(width: 40, height: 20, offset: 0))
        #expect(tall.contains { $0.hasPrefix("curl names itself") })
    }

    @Test func aTinyPaneShowsTheHeadingFirst() {
        let page = Self.page(textLines: 10, footer: ["Question: which port?"])
        #expect(Self.plain(page.fit(width: 30, height: 1, offset: 0)) == ["Step 1/3: Listen"])
        #expect(page.fit(width: 0, height: 5, offset: 0).rows.isEmpty)
    }
}

/// The same, on the shipped first lesson in a 100x30 terminal, through `update`.
@Suite struct LessonPaneTests {
    static func walkthrough(size: TerminalSize = TerminalSize(columns: 100, rows: 30)) throws -> Model {
        let catalog = try LessonCatalog.loadValid(folder: DemoTests.shippedLessons)
        let tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: 0, stepIndex: 0)
        var m = Model(size: size, presentation: .tutorial, tutorial: tutorial)
        _ = update(&m, .started(now: .zero))
        return m
    }

    static func shown(_ m: Model) throws -> [String] {
        try #require(m.lessonFit()).rows.map { $0.map(\.text).joined() }
    }

    static func type(_ text: String, _ m: inout Model) {
        for c in text { _ = update(&m, .key(.character(c))) }
        _ = update(&m, .key(.enter))
    }

    @Test func pageDownReachesTheLastRowOfTheLessonPane() throws {
        var m = try Self.walkthrough()
        #expect(try Self.shown(m).first == "Step 1/6: An address and a port")
        for _ in 0..<20 { _ = update(&m, .key(.pageDown)) }
        let fit = try #require(m.lessonFit())
        #expect(fit.offset == fit.maxOffset && fit.maxOffset > 0)
        #expect(try Self.shown(m).contains { $0.hasPrefix("F3 hint") || $0 == "lessons" })
        for _ in 0..<20 { _ = update(&m, .key(.pageUp)) }
        #expect(m[pane: .lesson].scrollback.offset == 0)
    }

    @Test func aHintAndAVerdictScrollIntoView() throws {
        var m = try Self.walkthrough()
        _ = update(&m, .key(.function(3)))
        #expect(try Self.shown(m).contains { $0.hasPrefix("Hint 1/1:") })
        for _ in 0..<20 { _ = update(&m, .key(.pageUp)) }
        Self.type("x", &m)
        #expect(try Self.shown(m).contains { $0.hasPrefix("Not counted: x. Answer with one of the letters") })
        #expect(m.tutorial?.wrongTries == 0, "a letter that is not a choice is a slip of form, not a try")
        Self.type("c", &m)
        #expect(try Self.shown(m).contains { $0.hasPrefix("✘ Not quite: c.") })
        #expect(m.tutorial?.wrongTries == 1)
    }

    /// The verdict says "Not quite" once, and names F3: at the answer prompt `?` would be
    /// typed into the answer, not show a hint.
    @Test func aWrongAnswerSaysSoOnceAndPointsAtF3() throws {
        var m = try Self.walkthrough()
        Self.type("c", &m)
        let verdict = try #require(m.tutorial?.feedback.last?.plainText)
        // The lesson's own words about that mistake (`wrong:`), not a bare "try again".
        #expect(verdict == "✘ Not quite: c. The street only says where the office is. Think of what picks one person once you are through.")
        _ = update(&m, .key(.function(3)))
        #expect(try Self.shown(m).contains { $0.hasPrefix("Hint 1/1:") }, "F3 at the answer prompt shows the hint")
    }

    @Test func theNextStepOpensAtItsStartWithTheLastOneResult() throws {
        var m = try Self.walkthrough()
        for _ in 0..<3 { _ = update(&m, .key(.pageDown)) }
        Self.type("b", &m)
        #expect(m.tutorial?.stepIndex == 0, "the verdict and its explanation stay until Enter")
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.stepIndex == 1)
        #expect(m[pane: .lesson].scrollback.offset == 0)
        let rows = try Self.shown(m)
        #expect(rows[0] == "Step 2/6: Ports everyone agrees on")
        #expect(rows[1] == "✔ Right. Answered b.")
        // The wrong try before it is not carried over.
        #expect(!rows.contains { $0.contains("Not quite") })
    }

    @Test func theAnswerLineSaysWhatToType() throws {
        var m = try Self.walkthrough()
        #expect(m[pane: .lesson].placeholder == "type a, b or c, then Enter")
        Self.type("b", &m)
        _ = update(&m, .key(.enter))
        #expect(m[pane: .lesson].placeholder == "type your answer, then Enter")
    }

    /// A question's verdict and explanation stay on the page above the next step (here the
    /// lesson's on-your-own task); when that ends the lesson, what to do next is pinned below.
    @Test func theLastStepsExplanationStaysWhenTheLessonEnds() throws {
        let catalog = try LessonCatalog.loadValid(folder: DemoTests.shippedLessons)
        let tutorial = Tutorial(catalog: catalog, progress: Lessons.Progress(), lessonIndex: 0, stepIndex: 4)
        var m = Model(size: TerminalSize(columns: 100, rows: 30), presentation: .tutorial, tutorial: tutorial)
        _ = update(&m, .started(now: .zero))
        let explanation = try #require(m.tutorial?.step.question?.explanation).plainText
        let web = SocketEntry(transport: .tcp, state: .listen,
                              local: SocketAddress(address: .loopbackIPv4, port: 8088),
                              remote: SocketAddress(address: .anyIPv4, port: 0))
        _ = update(&m, .socketTable(SocketSnapshot(entries: [web])))
        Self.type("8088", &m)
        let answered = try #require(m.lessonPage).lines.map(\.plainText)
        #expect(answered.contains { $0.hasPrefix("✔ Right.") })
        #expect(answered.contains(explanation))
        #expect(answered.contains("Press Enter (or F5) for the next step."))
        _ = update(&m, .key(.enter))
        #expect(m.tutorial?.step.isOnYourOwn == true)
        _ = update(&m, .key(.alt("4")))
        Self.type("ss -tln", &m)
        #expect(m.tutorial?.lessonComplete == false, "the ✔ stays while the recap counts down")
        _ = update(&m, .tick(now: m.nextStepDelay))
        #expect(m.tutorial?.lessonComplete == true)
        let lines = try #require(m.lessonPage).lines.map(\.plainText)
        #expect(lines.last { $0.hasPrefix("✔ Lesson complete") } != nil)
        let shown = try Self.shown(m)
        #expect(shown.contains { $0.contains("for the next lesson") }, "what to do next is in view: \(shown)")
    }
}
