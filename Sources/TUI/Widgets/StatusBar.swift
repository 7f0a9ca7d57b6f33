import SafeText
import Tutor

/// The bottom row: the notice of the moment on the left, the essential keys on the right.
struct StatusBar {
    let notice: StyledLine?
    let layout: Layout.Kind

    static let keysHint: SourceText = " F1 help  Tab pane  F2 zoom  F10 quit "

    func draw(in bar: Rect, on screen: inout Screen) {
        screen.fill(bar, role: .normal, reversed: true)
        let hint = StatusBar.keysHint
        let hintX = max(bar.x, bar.maxX - DisplayWidth.of(hint.string))
        guard let notice else {
            screen.put(hint, x: hintX, y: bar.y, role: .normal, reversed: true, clip: bar)
            return
        }
        // The notice matters more than the keys (F1 lists them): a long one takes the row,
        // and one longer still ends in "…" so it never looks like the whole of it.
        let noticeWidth = DisplayWidth.of(notice.plainText)
        let showsHint = bar.x + 1 + noticeWidth < hintX
        let room = Rect(x: bar.x + 1, y: bar.y, width: (showsHint ? hintX - 1 : bar.maxX - 1) - bar.x - 1, height: 1)
        var x = room.x
        for span in LineWrapper.cut(notice, width: room.width) {
            x = screen.put(span, x: x, y: bar.y, reversed: true, clip: room)
        }
        if showsHint { screen.put(hint, x: hintX, y: bar.y, role: .normal, reversed: true, clip: bar) }
    }
}

/// Shown instead of the panes when the terminal is below what can work.
struct TooSmallNotice {
    let size: TerminalSize

    func draw(on screen: inout Screen) {
        let need = Layout.minimumSize
        let lines: [SourceText] = [
            "Terminal too small",
            "\(size.columns)x\(size.rows); porttutor needs \(need.columns)x\(need.rows).",
            "Enlarge the window",
            "or make the font smaller.",
            "F10 quits.",
        ]
        let top = max(0, (size.rows - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < size.rows {
            let x = max(0, (size.columns - DisplayWidth.of(line.string)) / 2)
            screen.put(line, x: x, y: top + i, role: i == 0 ? .warning : .normal)
        }
    }
}

/// The key list, drawn over the panes from the same tables `update` uses.
struct HelpOverlay {
    func draw(on screen: inout Screen) {
        var rows: [(String, String)] = [("Everywhere", "")]
        rows += GlobalAction.helpRows
        rows += [("At a prompt", "")]
        rows += InputLineKeys.table.map { ($0.keys, $0.summary) }
        rows += [("In the Lesson pane", "")]
        rows += LessonPaneKeys.table.map { ($0.keys, $0.summary) }
        let keyWidth = rows.filter { !$0.1.isEmpty }.map { DisplayWidth.of($0.0) }.max() ?? 0
        let textWidth = max(rows.filter { !$0.1.isEmpty }.map { DisplayWidth.of($0.1) }.max() ?? 0,
                            (rows.filter { $0.1.isEmpty }.map { DisplayWidth.of($0.0) }.max() ?? 0) - keyWidth - 2)
        let width = min(screen.size.columns, keyWidth + textWidth + 6)
        let height = min(screen.size.rows, rows.count + 3)
        let box = Rect(x: (screen.size.columns - width) / 2, y: (screen.size.rows - height) / 2,
                       width: width, height: height)
        Box.draw(box, title: "Keys (any key closes)", on: &screen)
        var y = box.y + 1
        // The rows are porttutor's own key tables.
        for (keys, text) in rows where y < box.maxY - 1 {
            if text.isEmpty {
                let isHeading = rows.contains { $0.0 == keys } && !keys.contains("  ")
                screen.put(Span(trusted: keys, isHeading ? .heading : .code), x: box.x + 2, y: y, clip: box.inner)
            } else {
                screen.put(Span(trusted: keys, .code), x: box.x + 2, y: y, clip: box.inner)
                screen.put(Span(trusted: text), x: box.x + 4 + keyWidth, y: y, clip: box.inner)
            }
            y += 1
        }
    }
}

/// A bordered, cleared rectangle with a title.
enum Box {
    static func draw(_ rect: Rect, title: SourceText, on screen: inout Screen) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        screen.fill(rect)
        for x in rect.x..<rect.maxX {
            screen.put("─", x: x, y: rect.y, role: .heading)
            screen.put("─", x: x, y: rect.maxY - 1, role: .heading)
        }
        for y in rect.y..<rect.maxY {
            screen.put("│", x: rect.x, y: y, role: .heading)
            screen.put("│", x: rect.maxX - 1, y: y, role: .heading)
        }
        screen.put("┌", x: rect.x, y: rect.y, role: .heading)
        screen.put("┐", x: rect.maxX - 1, y: rect.y, role: .heading)
        screen.put("└", x: rect.x, y: rect.maxY - 1, role: .heading)
        screen.put("┘", x: rect.maxX - 1, y: rect.maxY - 1, role: .heading)
        screen.put(" \(title) ", x: rect.x + 2, y: rect.y, role: .heading, clip: rect.inner.union(rowOf: rect))
    }
}

extension Rect {
    /// This rectangle widened to include the top row of `outer` (to draw a title on a border).
    func union(rowOf outer: Rect) -> Rect {
        Rect(x: x, y: outer.y, width: width, height: maxY - outer.y)
    }
}
