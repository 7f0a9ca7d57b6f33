import Testing
import TUI
@testable import Tutor

/// Issue 12: an error's first line is on screen when it appears, however long the usage
/// after it and however short the pane.
@Suite struct ErrorsInViewTests {
    @Test(arguments: [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 50, rows: 24), TerminalSize(columns: 120, rows: 40)])
    func aMistypedOptionShowsItsErrorFirst(_ size: TerminalSize) throws {
        var m = Model(size: size)
        m.focus = .listener
        for c in "nc -1 8080" { _ = update(&m, .key(.character(c))) }
        _ = update(&m, .key(.enter))
        let lines = m[pane: .listener].scrollback.lines.map(\.plainText)
        let error = try #require(lines.firstIndex(of: "nc: invalid option -- '1'"), "\(lines)")
        #expect(lines.count > error + 1, "the usage follows the error")
        let area = try #require(view(m).layout.panes[.listener])
        let rows = view(m).screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let paneText = rows[area.y..<area.maxY].map { String($0.dropFirst(area.x).prefix(area.width)) }
        #expect(paneText.contains { $0.hasPrefix("nc: invalid option -- '1'") }, "\(paneText.joined(separator: "\n"))")
    }
}
