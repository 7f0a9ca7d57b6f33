import SafeText
import Tutor

/// Demo mode's screen: the lesson with its step title in block letters where there is
/// room, the one or two panes the step uses, the spotlighted pane marked, and a status
/// bar with the step, the pace, the clock and the elapsed time.
func demoView(_ model: Model) -> Frame {
    var screen = Screen(size: model.size)
    let demo = model.demo ?? Demo()
    let shown = model.demoPanes
    let layout = Layout.demo(size: model.size, panes: shown, zoomed: model.isZoomed ? (model.spotlight ?? model.focus) : nil)
    if demo.isBlank {
        return Frame(screen: screen, cursor: nil, layout: layout)
    }
    if layout.kind == .tooSmall {
        TooSmallNotice(size: model.size).draw(on: &screen)
        return Frame(screen: screen, cursor: nil, layout: layout)
    }
    for (id, area) in layout.panes {
        var pane = model.paneForDisplay(id, rows: area.height)
        if id == model.spotlight && id != .lesson {
            pane.status = StyledLine([Span("★ here", .highlight)] + (pane.status.map { [Span(" ")] + $0.spans } ?? []))
        }
        var contentArea = area
        if id == .lesson, let title = model.tutorial?.step.title, let rows = BlockLetters.render(title),
           DisplayWidth.of(rows[0]) <= area.width - 2, area.height >= 10 {
            // The block title sits under the title bar; the text follows it.
            screen.put(" ", x: area.x, y: area.y + 1, clip: area)
            for (i, row) in rows.enumerated() {
                screen.put(row, x: area.x + 1, y: area.y + 1 + i, role: .heading, clip: area)
            }
            let (_, rest) = area.splitTop(BlockLetters.height + 1)
            _ = PaneWidget(pane: pane, isFocused: false).drawTitleBar(in: Rect(x: area.x, y: area.y, width: area.width, height: 1), on: &screen)
            contentArea = Rect(x: rest.x, y: rest.y - 1, width: rest.width, height: rest.height + 1)
            var body = pane
            body.scrollback.replaceAll(with: Array(pane.scrollback.lines.dropFirst()))
            _ = PaneWidget(pane: body, isFocused: false, showsTitle: false).draw(in: contentArea, on: &screen)
            continue
        }
        _ = PaneWidget(pane: pane, isFocused: id == model.spotlight).draw(in: contentArea, on: &screen)
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

/// Demo mode's bottom row: where we are, how fast it types, the time.
struct DemoStatusBar {
    let model: Model
    let demo: Demo

    func draw(in bar: Rect, on screen: inout Screen) {
        screen.fill(bar, role: .normal, reversed: true)
        var left = " DEMO"
        if let tutorial = model.tutorial {
            left += " · \(tutorial.lessonIndex + 1).\(tutorial.stepIndex + 1)"
        }
        if model.autopilot?.isPaused == true { left += " · PAUSED" }
        left += " · \(Int(model.typingSpeed)) cps"
        if let notice = model.notice { left += " · " + notice.plainText }
        var right = ""
        if demo.showsClock {
            if let time = demo.timeOfDay {
                right += String(format2(time / 3600)) + ":" + format2(time / 60 % 60) + "  "
            }
            let elapsed = Int((model.now - demo.startedAt).components.seconds)
            right += "⏱ " + format2(elapsed / 60) + ":" + format2(elapsed % 60) + "  "
        }
        right += "? keys "
        let rightX = max(bar.x, bar.maxX - DisplayWidth.of(right))
        screen.put(left, x: bar.x, y: bar.y, role: .emphasis, reversed: true,
                   clip: Rect(x: bar.x, y: bar.y, width: max(0, rightX - bar.x - 1), height: 1))
        screen.put(right, x: rightX, y: bar.y, role: .emphasis, reversed: true, clip: bar)
    }

    private func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// The presenter's key list.
struct PresenterHelpOverlay {
    func draw(on screen: inout Screen) {
        let rows = PresenterAction.allCases.map { ($0.keyLabel, $0.summary) } + [("1..5", "spotlight a pane")]
        let keyWidth = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        let textWidth = rows.map { DisplayWidth.of($0.1) }.max() ?? 0
        let width = min(screen.size.columns, keyWidth + textWidth + 6)
        let height = min(screen.size.rows, rows.count + 3)
        let box = Rect(x: (screen.size.columns - width) / 2, y: (screen.size.rows - height) / 2, width: width, height: height)
        Box.draw(box, title: "Presenter keys", on: &screen)
        for (i, (keys, text)) in rows.enumerated() where box.y + 1 + i < box.maxY - 1 {
            screen.put(keys, x: box.x + 2, y: box.y + 1 + i, role: .code, clip: box.inner)
            screen.put(text, x: box.x + 4 + keyWidth, y: box.y + 1 + i, clip: box.inner)
        }
    }
}
