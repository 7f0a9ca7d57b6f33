import Lessons
import SafeText
import Tutor

/// The lesson picker: a filter line, the lessons that match it with progress, and the
/// selected lesson's summary, so a learner can choose by what a lesson is about.
struct LessonPickerOverlay {
    let model: Model
    let picker: LessonPicker

    /// Rows the summary may take: one or two sentences, as docs/LESSON-FORMAT.md asks.
    static let summaryRows = 4

    func draw(on screen: inout Screen) -> (x: Int, y: Int)? {
        guard let tutorial = model.tutorial else { return nil }
        let lessons = model.pickerLessons(picker)
        let width = min(screen.size.columns, 72)
        let selected = lessons.indices.contains(picker.selection) ? lessons[picker.selection] : nil
        let summary = selected.map { Self.summary(of: $0, width: width - 4) } ?? []
        // Filter, blank, the lessons, blank, the summary, blank.
        let height = min(screen.size.rows, max(7, lessons.count + 6 + summary.count))
        let box = Rect(x: (screen.size.columns - width) / 2, y: (screen.size.rows - height) / 2,
                       width: width, height: height)
        Box.draw(box, title: "Lessons (type to filter, Enter opens, Esc closes)", on: &screen)
        let inner = box.inner
        guard !inner.isEmpty else { return nil }
        let filterEnd = screen.put("filter> ", x: inner.x + 1, y: inner.y, role: .prompt, clip: inner)
        let cursorX = screen.put(Span(SafeText(untrusted: picker.filter.string)), x: filterEnd, y: inner.y, clip: inner)
        if lessons.isEmpty {
            screen.put("No lesson matches; Backspace to widen.", x: inner.x + 1, y: inner.y + 2, role: .dim, clip: inner)
        }
        for (row, lesson) in lessons.enumerated() where inner.y + 2 + row < inner.maxY {
            drawRow(lesson, selected: row == picker.selection, y: inner.y + 2 + row, in: inner, tutorial: tutorial, on: &screen)
        }
        // Below the list, where there is room: the list matters more on a short screen.
        for (index, spans) in summary.enumerated() {
            let y = inner.y + 3 + lessons.count + index
            guard y < inner.maxY else { break }
            var x = inner.x + 1
            for span in spans { x = screen.put(span, x: x, y: y, clip: inner) }
        }
        return (min(cursorX, inner.maxX - 1), inner.y)
    }

    private func drawRow(_ lesson: Lesson, selected: Bool, y: Int, in inner: Rect, tutorial: Tutorial, on screen: inout Screen) {
        let number = (tutorial.catalog.lessons.firstIndex { $0.id == lesson.id } ?? 0) + 1
        let status = tutorial.progress.status(of: lesson).description
        // Numbers right-aligned, so titles start in one column past lesson 9.
        let digits = String(tutorial.catalog.lessons.count).count
        let pad = String(repeating: " ", count: max(0, digits - String(number).count))
        // A lesson that runs only in the lab says so before it is opened, as `list` does.
        let lab = lesson.needsLab ? " (lab)" : ""
        let text: SourceText = "\(trusted: pad)\(number). \(SafeText(untrusted: lesson.title))\(trusted: lab)"
        let line = Rect(x: inner.x, y: y, width: inner.width, height: 1)
        if selected { screen.fill(line, role: .selection, reversed: true) }
        screen.put(selected ? "▶ " : "  ", x: inner.x, y: y, role: .emphasis, reversed: selected, clip: inner)
        screen.put(text, x: inner.x + 2, y: y, role: selected ? .selection : .normal, reversed: selected, clip: inner)
        let statusX = inner.maxX - DisplayWidth.of(status) - 1
        if statusX > inner.x + 2 + DisplayWidth.of(text.string) {
            screen.put(Span(trusted: status, status == "done" ? .success : .dim), x: statusX, y: y, reversed: selected, clip: inner)
        }
    }

    /// The summary on one paragraph (a `|` block's line breaks are the file's, not the
    /// reader's), through the one sanitiser, wrapped at spaces, cut with "…" when too long.
    static func summary(of lesson: Lesson, width: Int) -> [[Span]] {
        let oneLine = lesson.summary.split(whereSeparator: \.isNewline).joined(separator: " ")
        let safe = SafeText(untrusted: oneLine)
        guard !safe.string.allSatisfy(\.isWhitespace), width > 0 else { return [] }
        var rows = LineWrapper.wrap(StyledLine(safe), width: width)
        if rows.count > summaryRows {
            rows = Array(rows.prefix(summaryRows))
            var last = StyledLine(rows[summaryRows - 1])
            last.wraps = false
            last.spans.append(Span(" …"))
            rows[summaryRows - 1] = LineWrapper.wrap(last, width: width)[0]
        }
        return rows
    }
}
