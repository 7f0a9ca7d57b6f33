import Lessons
import SafeText
import Tutor

/// The lesson picker: a filter line and the lessons that match it, with progress.
struct LessonPickerOverlay {
    let model: Model
    let picker: LessonPicker

    func draw(on screen: inout Screen) -> (x: Int, y: Int)? {
        guard let tutorial = model.tutorial else { return nil }
        let lessons = model.pickerLessons(picker)
        let width = min(screen.size.columns, 72)
        let height = min(screen.size.rows, max(7, lessons.count + 6))
        let box = Rect(x: (screen.size.columns - width) / 2, y: (screen.size.rows - height) / 2,
                       width: width, height: height)
        Box.draw(box, title: "Lessons (type to filter, Enter opens, Esc closes)", on: &screen)
        let inner = box.inner
        guard !inner.isEmpty else { return nil }
        let filterEnd = screen.put("filter> ", x: inner.x + 1, y: inner.y, role: .prompt, clip: inner)
        let cursorX = screen.put(picker.filter.string, x: filterEnd, y: inner.y, clip: inner)
        if lessons.isEmpty {
            screen.put("No lesson matches; Backspace to widen.", x: inner.x + 1, y: inner.y + 2, role: .dim, clip: inner)
        }
        for (row, lesson) in lessons.enumerated() where inner.y + 2 + row < inner.maxY {
            let y = inner.y + 2 + row
            let number = (tutorial.catalog.lessons.firstIndex { $0.id == lesson.id } ?? 0) + 1
            let status = tutorial.progress.status(of: lesson).description
            let selected = row == picker.selection
            let text = "\(number). \(SafeText(untrusted: lesson.title).string)"
            let line = Rect(x: inner.x, y: y, width: inner.width, height: 1)
            if selected { screen.fill(line, role: .selection, reversed: true) }
            screen.put(selected ? "▶ " : "  ", x: inner.x, y: y, role: .emphasis, reversed: selected, clip: inner)
            screen.put(text, x: inner.x + 2, y: y, role: selected ? .selection : .normal, reversed: selected, clip: inner)
            let statusX = inner.maxX - DisplayWidth.of(status) - 1
            if statusX > inner.x + 2 + DisplayWidth.of(text) {
                screen.put(status, x: statusX, y: y, role: status == "done" ? .success : .dim, reversed: selected, clip: inner)
            }
        }
        return (min(cursorX, inner.maxX - 1), inner.y)
    }
}
