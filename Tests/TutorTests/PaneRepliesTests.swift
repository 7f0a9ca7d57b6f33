import Testing
@testable import Tutor

/// What the command panes answer to a line they do not understand, and to `help`: one
/// pane line per line of the reply, never a run-on line with ␊ where a line feed was.
@Suite struct PaneRepliesTests {
    static func typing(_ line: String, in pane: PaneID, into model: inout Model) {
        model.focus = pane
        for c in line { _ = update(&model, .key(.character(c))) }
        _ = update(&model, .key(.enter))
    }

    static func shown(_ pane: PaneID, in model: Model) -> [String] {
        model.paneForDisplay(pane, rows: 40).scrollback.lines.map(\.plainText)
    }

    @Test(arguments: [PaneID.listener, .client, .connections, .packets])
    func unknownCommandsAndHelpAreSeparateLines(_ pane: PaneID) {
        for line in ["b", "help"] {
            var model = Model(size: TerminalSize(columns: 120, rows: 40))
            Self.typing(line, in: pane, into: &model)
            let shown = Self.shown(pane, in: model)
            #expect(!shown.contains { $0.contains("␊") || $0.contains("␍") }, "\(pane) after \(line): \(shown)")
            #expect(shown.count >= 3, "\(pane) after \(line): \(shown)")
        }
    }

    @Test func theConnectionsPaneListsItsFormsOneALine() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        Self.typing("b", in: .connections, into: &model)
        let shown = Self.shown(.connections, in: model)
        #expect(shown.contains("`b` is not a command this pane runs."), "\(shown)")
        #expect(shown.contains("The Connections pane understands:"), "\(shown)")
        #expect(shown.contains { $0.hasPrefix("  ss -tan ") }, "\(shown)")
    }
}
