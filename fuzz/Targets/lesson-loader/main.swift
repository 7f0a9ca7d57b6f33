// fuzz-dependencies: LessonFiles Lessons
// A lesson file, as lint and the tutor read it: the loader must never crash or hang, and
// everything it says (diagnostics, the lesson's text) shows safely. The first line also
// goes to the pattern engine as a pattern, the rest as the text it searches.
import Foundation
import FuzzSupport
import LessonFiles
import Lessons

Fuzz.run { bytes in
    let yaml = String(decoding: bytes, as: UTF8.self)
    let result = LessonLoader.load(yaml: yaml, displayPath: "fuzz.yaml", url: URL(fileURLWithPath: "/nonexistent/fuzz.yaml"))
    for diagnostic in result.diagnostics {
        Fuzz.expectDisplaySafe(Fuzz.shown(diagnostic.description), "a diagnostic as shown")
    }
    if let lesson = result.lesson {
        Fuzz.expectDisplaySafe(Fuzz.shown(lesson.title), "the title as shown")
        for step in lesson.steps { Fuzz.expectDisplaySafe(Fuzz.shown(step.title), "a step title as shown") }
    }
    let parts = yaml.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    if let pattern = try? LessonPattern(String(parts[0])) {
        _ = pattern.matches(parts.count > 1 ? String(parts[1]) : "", ignoreCase: bytes.first.map { $0 & 1 == 1 } ?? false)
    }
}
