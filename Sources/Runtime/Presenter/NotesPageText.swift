import SafeText
import Tutor

/// A notes page as the lines `porttutor notes` prints, wrapped to the terminal's width.
/// Everything from the lesson goes through SafeText here: lesson files are untrusted.
public enum NotesPageText {
    /// The lines for `page` after `elapsed` seconds on its step, `columns` wide at most.
    public static func lines(_ page: NotesPage, elapsed: Int, columns: Int, pid: Int32? = nil) -> [String] {
        let width = max(20, columns)
        var lines: [String] = []
        func add(_ label: String, _ untrusted: String, indent: Bool = false) {
            let line = StyledLine([Span(trusted: label, .emphasis), Span(SafeText(untrusted: untrusted))])
            for row in LineWrapper.wrap(line, width: width - (indent ? 2 : 0)) {
                lines.append((indent ? "  " : "") + row.map(\.text).joined())
            }
        }
        add("", "Lesson \(page.lessonNumber)/\(page.lessonCount): \(page.lessonTitle) · step \(page.stepNumber)/\(page.stepCount)"
            + (pid.map { " · demo \($0)" } ?? ""))
        add("▶ ", page.stepTitle + (page.isDone ? "  ✔ done" : ""))
        lines.append(timeLine(page, elapsed: elapsed))
        lines.append("")
        if let notes = page.notes {
            lines.append("Notes:")
            for paragraph in notes.split(separator: "\n", omittingEmptySubsequences: false) {
                add("", String(paragraph), indent: true)
            }
        } else {
            add("Notes: ", "none written for this step; its title: \(page.stepTitle)")
        }
        lines.append("")
        if page.typed.isEmpty {
            lines.append("Typed: nothing (the room reads, or answers).")
        } else {
            lines.append("Typed:")
            for typed in page.typed { add("", typed, indent: true) }
        }
        if let question = page.question {
            lines.append("")
            add("Question: ", question)
            add("Answer: ", page.answer ?? "read from the machine once the step has run")
            if let explanation = page.explanation { add("Why: ", explanation) }
        }
        lines.append("")
        add("Next: ", page.next ?? "the end of the demo")
        return lines
    }

    /// `⏱ 0:42 on this step · planned 0:30 (0:12 over) · rehearsed 1:20`.
    public static func timeLine(_ page: NotesPage, elapsed: Int) -> String {
        var line = "⏱ \(clock(elapsed)) on this step · planned \(clock(page.plannedSeconds))"
        if elapsed > page.plannedSeconds { line += " (\(clock(elapsed - page.plannedSeconds)) over)" }
        line += page.rehearsedSeconds.map { " · rehearsed: \(clock($0))" } ?? " · not rehearsed yet"
        return line
    }

    /// `0:07`, `1:20`, `1:02:03`.
    public static func clock(_ seconds: Int) -> String {
        let s = max(0, seconds)
        let minutes = s / 60 % 60
        let rest = s % 60 < 10 ? "0\(s % 60)" : "\(s % 60)"
        if s >= 3600 { return "\(s / 3600):\(minutes < 10 ? "0" : "")\(minutes):\(rest)" }
        return "\(s / 60):\(rest)"
    }
}
