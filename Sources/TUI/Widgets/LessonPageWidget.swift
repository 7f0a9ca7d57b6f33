import Tutor

/// The walkthrough's Lesson pane: its title and answer line as any pane has, and the
/// page fitted between them, so the step's heading and what to do stay in view while
/// the text scrolls.
struct LessonPageWidget {
    let pane: Pane
    let page: LessonPage
    let isFocused: Bool

    func draw(in area: Rect, on screen: inout Screen) -> (x: Int, y: Int)? {
        guard !area.isEmpty else { return nil }
        let regions = PaneRegions(area: area, pane: pane, isFocused: isFocused)
        let content = regions.content
        let fit = page.fit(width: content.width, height: content.height, offset: pane.scrollback.offset, focused: isFocused)
        // The heading's row says when text is scrolled away above; the title need not.
        var shown = pane
        shown.scrollback.offset = 0
        if let title = regions.title {
            PaneWidget(pane: shown, isFocused: isFocused).drawTitleBar(in: title, on: &screen)
        }
        for (index, row) in fit.rows.enumerated() {
            screen.put(row: row, y: content.y + index, clip: content)
        }
        if fit.moreAbove {
            screen.putMoreMark("\(trusted: LessonPageFit.moreAboveMark(paneFocused: isFocused))", y: content.y, clip: content)
        }
        if let moreRow = fit.moreRow {
            screen.putMoreMark("\(trusted: LessonPageFit.moreBelowMark(paneFocused: isFocused))", y: content.y + moreRow, clip: content)
        }
        guard let inputRow = regions.input, let input = pane.input else { return nil }
        return InputLineWidget(input: input, prompt: pane.prompt, placeholder: pane.placeholder, isFocused: isFocused).draw(in: inputRow, on: &screen)
    }
}
