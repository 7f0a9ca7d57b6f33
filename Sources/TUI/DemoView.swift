import SafeText
import Tutor

/// Demo mode's screen: the lesson with its step title in block letters where there is
/// room, the one or two panes the step uses, the spotlighted pane marked, and a status
/// bar with the step, the pace, the clock and the elapsed time.
func demoView(_ model: Model) -> Frame {
    var screen = Screen(size: model.size)
    let demo = model.demo ?? Demo()
    let layout = model.layout
    if demo.isBlank {
        // Black, whatever the theme: a light theme's white would light up the room.
        screen.fill(Rect(x: 0, y: 0, width: model.size.columns, height: model.size.rows), role: .curtain)
        return Frame(screen: screen, cursor: nil, layout: layout)
    }
    if layout.kind == .tooSmall {
        TooSmallNotice(size: model.size).draw(on: &screen)
        return Frame(screen: screen, cursor: nil, layout: layout)
    }
    for (id, area) in layout.panes {
        var pane = model.paneForDisplay(id, rows: area.height)
        if id == .lesson, let slide = model.lessonSlide {
            DemoLessonWidget(pane: pane, slide: slide, isZoomed: layout.kind == .zoomed).draw(in: area, on: &screen)
            continue
        }
        if id == model.spotlight && id != .lesson {
            pane.status = StyledLine([Span("★ here", .highlight)] + (pane.status.map { [Span(" ")] + $0.spans } ?? []))
        }
        if let mark = demo.mark, mark.pane == id, let index = mark.index(in: pane.scrollback) {
            // The presenter's mark: the whole line stands out, in colour or reversed.
            pane.scrollback.restyle(lineAt: index) { line in
                StyledLine(line.spans.map { span in
                    var marked = span
                    marked.role = .highlight
                    return marked
                })
            }
        }
        // Page Down is the presenter's "next": the rest of a cut pane is seen by zooming it.
        let more: SourceText = layout.kind == .zoomed ? " ▼ more " : id == model.spotlight ? " ▼ more: z " : " ▼ more: \(id.number) then z "
        _ = PaneWidget(pane: pane, isFocused: id == model.spotlight, moreMark: more, scrollKeys: ("[", "]")).draw(in: area, on: &screen)
    }
    for separator in layout.separators {
        for y in separator.y..<separator.maxY { screen.put("│", x: separator.x, y: y, role: .dim) }
    }
    DemoStatusBar(model: model, demo: demo).draw(in: layout.statusBar, on: &screen)
    if model.overlay == .presenterHelp {
        PresenterHelpOverlay().draw(on: &screen)
    }
    return Frame(screen: screen, cursor: nil, layout: layout)
}

/// Demo mode's Lesson pane. Nobody can scroll it (the presenter's Page Down moves to the
/// next step), so it fits the step to the pane: the title first (in block letters when
/// the pane is tall and wide enough), then the text, cut when it must, then what is
/// checked and asked, always in view; the lesson's steps below when everything fits.
struct DemoLessonWidget {
    let pane: Pane
    let slide: LessonSlide
    let isZoomed: Bool

    /// Block letters take their rows only in a pane at least this tall.
    static let blockTitleMinimumHeight = 13

    func draw(in area: Rect, on screen: inout Screen) {
        guard !area.isEmpty else { return }
        let (bar, body) = area.splitTop(1)
        PaneWidget(pane: pane, isFocused: false).drawTitleBar(in: bar, on: &screen)
        guard !body.isEmpty else { return }
        var y = body.y
        if let title = slide.title, let rows = BlockLetters.render(title),
           DisplayWidth.of(rows[0]) <= body.width - 2, area.height >= Self.blockTitleMinimumHeight {
            for (i, row) in rows.enumerated() {
                // Drawn from BlockLetters' own glyph table, whatever the title's characters.
                screen.put(Span(trusted: row, .banner), x: body.x + 1, y: y + i, clip: body)
            }
            y += BlockLetters.height + 1
        } else {
            y = put(LineWrapper.wrap(slide.heading, width: body.width).prefix(1), at: y, in: body, on: &screen)
        }

        let text = rows(slide.text, width: body.width)
        let footer = rows(slide.footer, width: body.width)
        let outline = rows(slide.outline, width: body.width)
        let room = body.maxY - y
        let footerRows = min(footer.count, room)
        var textRoom = room - footerRows
        // A blank row between the text and the checks, unless it would leave one row of text.
        let gap = !footer.isEmpty && !text.isEmpty && (textRoom >= 3 || text.count < textRoom) ? 1 : 0
        textRoom -= gap
        if text.count <= textRoom {
            y = put(text[...], at: y, in: body, on: &screen)
            y += gap
            y = put(footer.prefix(footerRows), at: y, in: body, on: &screen)
            if body.maxY - y >= outline.count + 1 {
                put(outline[...], at: y + 1, in: body, on: &screen)
            }
        } else {
            y = put(text.prefix(textRoom), at: y, in: body, on: &screen)
            if textRoom > 0 {
                screen.putMoreMark(isZoomed ? " ▼ more " : " ▼ more: 1 then z ", y: y - 1, clip: body)
            }
            put(footer.prefix(footerRows), at: y + gap, in: body, on: &screen)
        }
    }

    private func rows(_ lines: [StyledLine], width: Int) -> [[Span]] {
        lines.flatMap { LineWrapper.wrap($0, width: width) }
    }

    @discardableResult
    private func put(_ rows: ArraySlice<[Span]>, at top: Int, in body: Rect, on screen: inout Screen) -> Int {
        var y = top
        for row in rows where y < body.maxY {
            screen.put(row: row, y: y, clip: body)
            y += 1
        }
        return y
    }
}

/// Demo mode's bottom row: where we are, how fast it types, the time.
struct DemoStatusBar {
    let model: Model
    let demo: Demo

    func draw(in bar: Rect, on screen: inout Screen) {
        screen.fill(bar, role: .normal, reversed: true)
        // Numbers, porttutor's words and the notice's text, which its spans made safe.
        var left = " DEMO"
        if let tutorial = model.tutorial {
            left += " · \(tutorial.lessonIndex + 1).\(tutorial.stepIndex + 1)"
        }
        if demo.setup != nil { left += " · SETTING UP" }
        switch model.autopilot?.hold {
        case .presenter?: left += " · PAUSED"
        case .ownTerminal?: left += " · YOUR TERMINAL"
        case .none?, nil: break
        }
        left += " · \(Int(model.typingSpeed)) cps"
        if let goTo = demo.goTo {
            // Digits and dots only: the presenter's own keys.
            left += " · Go to step: \(goTo)_ (2.3: lesson 2; Enter)"
        } else if let notice = model.notice {
            left += " · " + notice.plainText
        }
        var right = ""
        if demo.showsClock {
            right += demo.clockText(now: model.now) + "  "
        }
        right += "? keys "
        let rightX = max(bar.x, bar.maxX - DisplayWidth.of(right))
        let leftArea = Rect(x: bar.x, y: bar.y, width: max(0, rightX - bar.x - 1), height: 1)
        // Cut with a mark, so a long notice never looks like the whole of it, and never
        // inside a number (`127.0.0.1:5065…` would name another port).
        var x = bar.x
        for span in LineWrapper.cut(StyledLine(trusted: left, .emphasis), width: leftArea.width) {
            var span = span
            span.role = .emphasis
            x = screen.put(span, x: x, y: bar.y, reversed: true, clip: leftArea)
        }
        screen.put(Span(trusted: right, .emphasis), x: rightX, y: bar.y, reversed: true, clip: bar)
    }
}

/// The presenter's key list. On a narrow screen the descriptions wrap, or go under
/// their keys, rather than being cut.
struct PresenterHelpOverlay {
    static let title: SourceText = "Presenter keys (any key closes)"

    func draw(on screen: inout Screen) {
        let entries = PresenterAction.helpRows.map { ($0.keys, $0.summary) } + [("1..5", "spotlight a pane"),
            ("porttutor notes", "in a 2nd terminal: notes, answer, time")]
        let keyWidth = entries.map { DisplayWidth.of($0.0) }.max() ?? 0
        let textWidth = entries.map { DisplayWidth.of($0.1) }.max() ?? 0
        let columns = screen.size.columns
        // Two columns while the descriptions keep a sensible width; else one under the other.
        let sideBySide = columns - keyWidth - 6 >= 20
        let textRoom = sideBySide ? min(textWidth, columns - keyWidth - 6) : max(1, columns - 6)
        var rows: [(keys: String, text: [Span])] = []
        for (keys, text) in entries {
            let wrapped = LineWrapper.wrap(StyledLine(trusted: text), width: textRoom)
            if sideBySide {
                for (i, row) in wrapped.enumerated() { rows.append((i == 0 ? keys : "", row)) }
            } else {
                rows.append((keys, []))
                for row in wrapped { rows.append(("", [Span("  ")] + row)) }
            }
        }
        let contentWidth = sideBySide ? keyWidth + 2 + textRoom : max(keyWidth, textRoom + 2)
        let width = min(columns, max(contentWidth + 4, DisplayWidth.of(Self.title.string) + 4))
        let height = min(screen.size.rows, rows.count + 2)
        let box = Rect(x: (columns - width) / 2, y: (screen.size.rows - height) / 2, width: width, height: height)
        Box.draw(box, title: Self.title, on: &screen)
        let textX = sideBySide ? box.x + 4 + keyWidth : box.x + 2
        for (i, row) in rows.enumerated() where box.y + 1 + i < box.maxY - 1 {
            let y = box.y + 1 + i
            screen.put(Span(trusted: row.keys, .code), x: box.x + 2, y: y, clip: box.inner)
            var x = textX
            for span in row.text { x = screen.put(span, x: x, y: y, clip: box.inner) }
        }
    }
}
