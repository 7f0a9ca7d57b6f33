import SafeText
import Tutor

/// Draws one pane: a title bar, the newest lines that fit (wrapped), and the input line.
/// Returns where the terminal cursor belongs when the pane has focus and an input line.
struct PaneWidget {
    let pane: Pane
    let isFocused: Bool
    var showsTitle = true
    /// Marks text cut at the bottom of a pane read from the top; says how to see the rest.
    var moreMark: SourceText = " ▼ more: PgDn "
    /// The keys that scroll it back and forward, named in the title once it is scrolled
    /// (demo mode's Page keys move between steps, so it names its own).
    var scrollKeys: (back: String, forward: String) = ("PgUp", "PgDn")

    func draw(in area: Rect, on screen: inout Screen) -> (x: Int, y: Int)? {
        guard !area.isEmpty else { return nil }
        let regions = PaneRegions(area: area, pane: pane, isFocused: isFocused, showsTitle: showsTitle)
        let hidesNewer = drawLines(in: regions.content, on: &screen)
        if let title = regions.title { drawTitle(in: title, hidesNewer: hidesNewer, on: &screen) }
        if let inputRow = regions.input, let input = pane.input {
            return InputLineWidget(input: input, prompt: pane.prompt, placeholder: pane.placeholder, isFocused: isFocused)
                .draw(in: inputRow, on: &screen)
        }
        return nil
    }

    func drawTitleBar(in bar: Rect, on screen: inout Screen) {
        drawTitle(in: bar, hidesNewer: true, on: &screen)
    }

    /// `hidesNewer`: whether lines newer than the visible ones are out of view, so that a
    /// pane scrolled back over a history that fits whole never says "newer" lines wait.
    private func drawTitle(in bar: Rect, hidesNewer: Bool, on screen: inout Screen) {
        screen.fill(bar, with: "─", role: isFocused ? .heading : .dim)
        let marker: SourceText = isFocused ? "▶" : " "
        let title: SourceText = " \(marker)\(pane.id.number) \(trusted: pane.id.title) "
        var x = screen.put(title, x: bar.x + 1, y: bar.y, role: isFocused ? .selection : .heading,
                           reversed: isFocused, clip: bar)
        if let status = pane.status {
            x += 1
            // Keep a cell for the closing space; a status too long for the bar is cut by
            // the one rule (never inside a number) and ends in "…".
            let room = Rect(x: x, y: bar.y, width: bar.maxX - 1 - x, height: 1)
            for span in LineWrapper.cut(status, width: room.width) {
                x = screen.put(span, x: x, y: bar.y, clip: room)
            }
            screen.put(" ", x: x, y: bar.y, clip: bar)
        }
        let offset = pane.scrollback.offset
        if offset > 0 && (pane.scrollback.anchorsAtTop || hidesNewer) {
            let note: SourceText = pane.scrollback.anchorsAtTop ? " ▲ scrolled \(offset), \(trusted: scrollKeys.back) "
                : " ▼ \(offset) newer, \(trusted: scrollKeys.forward) "
            let nx = bar.maxX - DisplayWidth.of(note.string) - 1
            if nx > x { screen.put(note, x: nx, y: bar.y, role: .warning, clip: bar) }
        }
    }

    /// Fills the area from the bottom up with the newest lines, wrapping long ones.
    /// Returns whether newer lines than those drawn are left out of view.
    @discardableResult
    private func drawLines(in area: Rect, on screen: inout Screen) -> Bool {
        guard !area.isEmpty else { return true }
        let lines = pane.scrollback.lines
        if area.height == 1 {
            drawTruncated((pane.scrollback.anchorsAtTop ? lines.first : lines.last) ?? .blank, in: area, on: &screen)
            return true
        }
        if pane.scrollback.anchorsAtTop {
            drawFromTop(lines, in: area, on: &screen)
            return true
        }
        let bottom = lines.count - pane.scrollback.offset
        var end = bottom
        var rows: [[Span]] = []
        while end > 0 && rows.count < area.height {
            end -= 1
            let wrapped = LineWrapper.wrap(lines[end], width: area.width)
            rows.insert(contentsOf: wrapped, at: 0)
        }
        // Scrolled back to the start of the history: fill the rest with the lines after
        // it rather than leaving blank rows above.
        var next = bottom
        while rows.count < area.height && next < lines.count {
            rows += LineWrapper.wrap(lines[next], width: area.width)
            next += 1
        }
        let visible = next > bottom ? rows.prefix(area.height) : rows.suffix(area.height)
        for (index, row) in visible.enumerated() {
            screen.put(row: row, y: area.y + index, clip: area)
        }
        return next < lines.count || (next > bottom && rows.count > area.height)
    }
}

extension PaneWidget {
    /// Fills the area from the first line down, skipping `offset` rows: for reading text.
    func drawFromTop(_ lines: [StyledLine], in area: Rect, on screen: inout Screen) {
        var skip = pane.scrollback.offset
        var y = area.y
        for line in lines {
            for row in LineWrapper.wrap(line, width: area.width) {
                if skip > 0 { skip -= 1; continue }
                guard y < area.maxY else {
                    screen.putMoreMark(moreMark, y: area.maxY - 1, clip: area)
                    return
                }
                screen.put(row: row, y: y, clip: area)
                y += 1
            }
        }
    }

    /// One line cut to the width with an ellipsis: a collapsed pane's glimpse of its latest.
    func drawTruncated(_ line: StyledLine, in area: Rect, on screen: inout Screen) {
        // The one rule for cut lines: never inside a number.
        screen.put(row: LineWrapper.cut(line, width: area.width), y: area.y, clip: area)
    }
}

/// Draws `prompt` and the line being edited, scrolled sideways to keep the cursor visible.
struct InputLineWidget {
    let input: InputLine
    let prompt: String
    var placeholder: String?
    let isFocused: Bool

    func draw(in row: Rect, on screen: inout Screen) -> (x: Int, y: Int)? {
        // The prompt may be a peer's (telnet's); the line is the learner's typing.
        let promptEnd = screen.put(Span(SafeText(untrusted: prompt), .prompt), x: row.x, y: row.y, clip: row)
        if input.text.isEmpty, let placeholder {
            // Written after the cursor's cell, so the cursor sits where typing begins.
            screen.put(Span(SafeText(untrusted: placeholder), .dim), x: promptEnd + 1, y: row.y, clip: row)
        }
        let room = max(1, row.maxX - promptEnd - 1)
        let chars = input.text
        var start = 0
        if input.cursor > room { start = input.cursor - room }
        var x = promptEnd
        var cursorX = promptEnd
        for (i, c) in chars.enumerated() where i >= start {
            if i == input.cursor { cursorX = x }
            x = screen.put(Span(SafeText(untrusted: String(c))), x: x, y: row.y, clip: row)
        }
        if input.cursor >= chars.count { cursorX = x }
        guard isFocused else { return nil }
        return (min(cursorX, row.maxX - 1), row.y)
    }
}
