import Foundation
import NetworkTypes
import Testing
@testable import LessonFiles
@testable import Lessons

/// Paths the tests need: the package root (for the shipped `Lessons/`) and the fixtures.
enum TestPaths {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static let shippedLessons = packageRoot.appendingPathComponent("Lessons")

    static var fixtures: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    /// A fresh empty folder under the system temporary folder.
    static func temporaryFolder(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("porttutor-lessons-tests-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Builds lessons from YAML text, failing the test with the diagnostics when they are invalid.
enum Build {
    static func lesson(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Lesson {
        let result = LessonLoader.load(yaml: yaml, displayPath: "test.yaml", url: URL(fileURLWithPath: "/tmp/test.yaml"))
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description))", sourceLocation: sourceLocation)
        return try #require(result.lesson, sourceLocation: sourceLocation)
    }

    /// A lesson with one step holding `checks` (YAML list items, indented by 6).
    static func step(checks: String, question: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Step {
        var yaml = """
            id: test
            title: Test
            summary: Test.
            steps:
              - id: only
                title: Only
                text: Only.
                hints: [none]

            """
        if !checks.isEmpty { yaml += "    checks:\n" + checks + "\n" }
        if let question { yaml += "    question:\n" + question + "\n" }
        return try lesson(yaml, sourceLocation: sourceLocation).steps[0]
    }

    /// Lessons numbered like a catalog, each with `stepCount` question steps.
    static func catalogLesson(id: String, title: String? = nil, steps stepCount: Int = 3, order: Int? = nil) throws -> Lesson {
        var yaml = "id: \(id)\ntitle: \(title ?? id.capitalized)\nsummary: About \(id).\n"
        if let order { yaml += "order: \(order)\n" }
        yaml += "steps:\n"
        for index in 1...stepCount {
            yaml += "  - {id: step-\(index), title: Step \(index), text: Do \(index)., hints: [none], question: {ask: Why?, accept: [yes]}}\n"
        }
        return try lesson(yaml)
    }
}

extension SocketAddress {
    static func loopback(_ port: UInt16) -> SocketAddress { .loopback(.ipv4, port: port) }
}
