import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons

/// A lesson file is bounded (size, steps, text, lists) with a lint error at the place that
/// is too big, and its recording stays in its folder and is a plain file: a FIFO in either
/// place is named, never opened (it hung lint, list and the tutor).
@Suite(.timeLimit(.minutes(1))) struct LessonBoundsTests {
    static func lesson(steps: Int = 1, text: String = "Do it.", recording: String? = nil) -> String {
        var yaml = "id: big\ntitle: Big\nsummary: Bounds.\n"
        if let recording { yaml += "recording: \(recording)\n" }
        yaml += "steps:\n"
        for n in 0..<steps {
            yaml += "  - id: s\(n)\n    title: Step \(n)\n    text: \(text)\n    question: {ask: Ready?, accept: [yes]}\n    hints: [none]\n"
        }
        return yaml
    }

    func folder(_ name: String = #function) throws -> URL { try TestPaths.temporaryFolder(name) }

    func lint(_ folder: URL) -> [String] {
        LessonLinter.lint(paths: [folder.path]).errors.map(\.description)
    }

    @Test func aFileTooBigIsAnErrorAtItsStart() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let padding = String(repeating: "# padding\n", count: 30_000)
        try (Self.lesson() + padding).write(to: folder.appendingPathComponent("01-big.yaml"), atomically: true, encoding: .utf8)
        let errors = lint(folder)
        #expect(errors.count == 1 && errors[0].hasPrefix("\(folder.path)/01-big.yaml:1:1: cannot read this file: it is 293 KB or more; a lesson file may be at most 256 KB"), "\(errors)")
    }

    /// A presenter's `plan:` is seconds or minutes:seconds, up to an hour; anything else is
    /// an error at its value.
    @Test(arguments: [("90", 90, nil), ("\"1:30\"", 90, nil), ("\"0:05\"", 5, nil),
                      ("\"1:75\"", nil, "plan should be seconds (90) or minutes and seconds (1:30), found '1:75'"),
                      ("soon", nil, "plan should be seconds (90) or minutes and seconds (1:30), found 'soon'"),
                      ("0", nil, "plan 0 is out of range: from 1 second to 1 hour (60:00)"),
                      ("\"61:00\"", nil, "plan 61:00 is out of range: from 1 second to 1 hour (60:00)")] as [(String, Int?, String?)])
    func aPlanIsSecondsOrMinutesAndSeconds(value: String, seconds: Int?, error: String?) throws {
        let yaml = Self.lesson().replacingOccurrences(of: "    hints: [none]\n", with: "    hints: [none]\n    plan: \(value)\n")
        let loaded = LessonLoader.load(yaml: yaml, displayPath: "plan.yaml", url: URL(fileURLWithPath: "/tmp/plan.yaml"))
        #expect(loaded.lesson?.steps.first?.plannedSeconds == seconds)
        #expect(loaded.errors.map(\.description) == (error.map { ["plan.yaml:10:11: \($0)"] } ?? []))
    }

    @Test func tooManyStepsAndTooMuchTextAreErrorsAtTheirPlace() throws {
        let many = LessonLoader.load(yaml: Self.lesson(steps: 61), displayPath: "many.yaml", url: URL(fileURLWithPath: "/tmp/many.yaml"))
        #expect(many.errors.map(\.description) == ["many.yaml:5:3: the lesson has 61 steps: the most is 60; split it into several lessons"])
        let long = LessonLoader.load(yaml: Self.lesson(text: String(repeating: "words ", count: 2000)), displayPath: "long.yaml",
                                     url: URL(fileURLWithPath: "/tmp/long.yaml"))
        #expect(long.errors.map(\.description) == ["long.yaml:7:11: text is 11 KB: the most is 8 KB; split it (another step, another hint)"])
        var hints = "id: h\ntitle: H\nsummary: H.\nsteps:\n  - id: s\n    title: S\n    text: T.\n    question: {ask: A?, accept: [a]}\n    hints:\n"
        for n in 0..<101 { hints += "      - hint \(n)\n" }
        let listed = LessonLoader.load(yaml: hints, displayPath: "h.yaml", url: URL(fileURLWithPath: "/tmp/h.yaml"))
        #expect(listed.errors.map(\.description) == ["h.yaml:10:7: hints has 101 items: the most is 100"])
    }

    @Test(arguments: ["../outside.pcap", "/etc/passwd", "~/x.pcap", "sub/../../x.pcap"])
    func aRecordingOutsideTheFolderIsRefused(_ path: String) throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.lesson(recording: "'\(path)'").write(to: folder.appendingPathComponent("01-r.yaml"), atomically: true, encoding: .utf8)
        let errors = lint(folder)
        #expect(errors.contains { $0.contains(":4:12: recording '\(path)' must be a file in the lesson's own folder") }, "\(errors)")
    }

    @Test func aLinkLeadingOutOfTheFolderIsRefused() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-outside-\(getpid()).pcap")
        try Data([0xd4, 0xc3, 0xb2, 0xa1] + [UInt8](repeating: 0, count: 20)).write(to: outside)
        defer { unlink(outside.path) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("link.pcap"), withDestinationURL: outside)
        try Self.lesson(recording: "link.pcap").write(to: folder.appendingPathComponent("01-r.yaml"), atomically: true, encoding: .utf8)
        let errors = lint(folder)
        #expect(errors.contains { $0.contains("recording 'link.pcap' leads out of the lesson's folder") }, "\(errors)")
    }

    /// A FIFO as the recording, or as a lesson file, is named and never opened.
    @Test func aFifoIsNamedNotOpened() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(mkfifo(folder.appendingPathComponent("pipe.pcap").path, 0o600) == 0)
        try #require(mkfifo(folder.appendingPathComponent("02-pipe.yaml").path, 0o600) == 0)
        try Self.lesson(recording: "pipe.pcap").write(to: folder.appendingPathComponent("01-r.yaml"), atomically: true, encoding: .utf8)
        let errors = lint(folder)
        #expect(errors.contains { $0.contains("01-r.yaml:4:12: recording 'pipe.pcap' cannot be used: it is a FIFO, not a file") }, "\(errors)")
        #expect(errors.contains { $0.contains("02-pipe.yaml:1:1: cannot read this file: it is a FIFO, not a file") }, "\(errors)")
        let catalog = LessonCatalog.load(folder: folder)
        #expect(catalog.catalog.lessons.isEmpty)
    }
}
