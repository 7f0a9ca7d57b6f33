import Foundation
import Lab
import LessonFiles
import Lessons
import Runtime
import Testing

/// Every shipped `needs: lab` lesson, done to the end with "show me" by the real engine,
/// inside a real lab: its `start:` programs (servers on server.lab, nft rules) run in their
/// boxes, the panes reach the lab's cable, and the steps "in a terminal of your own" run
/// as real programs in the lab (`porttutor shell -- nft ...` included).
///
/// A lab is a process's namespaces, made by `porttutor --lab` for porttutor's own
/// executable; here `LabLauncher` starts this test binary again as the lab's PID 3, running
/// only `walkEveryLabLessonInsideTheLab`, which writes what it walked to a report file.
/// The lab is private, so the lessons keep their own ports.
@Suite(.serialized) struct LabLessonsHeadlessTests {
    /// Set for the copy of this binary inside the lab: the file its report goes to.
    static let reportKey = "PORTTUTOR_TEST_LAB_WALK_REPORT"
    static let stepTimeout: Duration = .seconds(30)

    static var isInsideTheWalk: Bool { ProcessInfo.processInfo.environment[reportKey] != nil }

    @Test(.enabled(if: getuid() == 0 && !LabLessonsHeadlessTests.isInsideTheWalk, "making a lab for the test needs root, as in CI"))
    func everyLabLessonCompletesWithShowMeInsideTheLab() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-lab-walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.txt").path
        var environment = ProcessInfo.processInfo.environment
        environment[Self.reportKey] = report
        // The lab's record and hosts file in a folder of the test's own, so no
        // `porttutor shell` of anyone else's finds this lab.
        environment["XDG_RUNTIME_DIR"] = folder.path
        let status = try LabLauncher.run(arguments: [CommandLine.arguments[0], "--testing-library", "swift-testing",
                                                     "--filter", "LabLessonsHeadlessTests/walkEveryLabLessonInsideTheLab"],
                                         environment: environment)
        let walked = (try? String(contentsOfFile: report, encoding: .utf8)) ?? "(no report: the walk did not run)"
        #expect(status == 0, "the walk inside the lab failed (its output is above): \(walked)")
        let expected = try Self.labLessonIDs()
        try #require(!expected.isEmpty, "no shipped lesson needs the lab")
        #expect(walked.hasPrefix("walked: " + expected.joined(separator: ", ")), "\(walked)")
        print("every lab lesson, headless in the lab: \(walked)")
    }

    /// The walk itself, run only by the copy of this binary inside the lab.
    @Test(.enabled(if: LabLessonsHeadlessTests.isInsideTheWalk, "runs inside the lab only"))
    func walkEveryLabLessonInsideTheLab() throws {
        let environment = ProcessInfo.processInfo.environment
        let report = try #require(environment[Self.reportKey])
        // The lab's PID 1 and PID 2 live as long as the lab: they hold none of the
        // descriptors of the process that made it (this test binary, whose other suites'
        // sockets must close when those suites close them, not when the lab ends).
        for pid in [1, 2] {
            let held = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap { Int($0) }.filter { $0 > 2 }
            #expect(held.isEmpty, "the lab's PID \(pid) holds descriptors \(held.sorted()) of the process that made the lab")
        }
        // What porttutor does first as the lab's PID 3: wire the second computer.
        try LabNetwork.connectServer()
        // The learner's terminal in the lab: `porttutor shell` knows it is inside, and
        // `porttutor` is on its PATH.
        unsetenv(LabEnvironment.insideKey)
        setenv(LabEnvironment.labKey, "lab", 1)
        let binaries = EveryLessonHeadlessTests.packageRoot.appendingPathComponent(".build/debug").path
        setenv("PATH", binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin:/usr/sbin:/sbin"), 1)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-lab-lessons-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in try Self.labLessonFiles() {
            try FileManager.default.copyItem(at: file, to: folder.appendingPathComponent(file.lastPathComponent))
        }
        let catalog = try LessonCatalog.loadValid(folder: folder)
        let tutor = HeadlessTutor(catalog: catalog, webPort: 8088, lab: LabPrograms(environment: ProcessInfo.processInfo.environment))
        defer { tutor.session.shutDown(); tutor.otherTerminal.closeAll() }
        var walked: [String] = []
        for (lessonIndex, lesson) in catalog.lessons.enumerated() {
            try #require(tutor.tutorial.lessonIndex == lessonIndex, "expected lesson \(lesson.id), got \(tutor.tutorial.lesson.id)")
            try tutor.completeEveryStep(of: lesson, stepTimeout: Self.stepTimeout)
            walked.append(lesson.id)
            if lessonIndex + 1 < catalog.lessons.count { tutor.press(.function(5)) }
        }
        try ("walked: " + walked.joined(separator: ", ")).write(toFile: report, atomically: true, encoding: .utf8)
    }

    /// Whether a lesson file's text says `needs: lab` (or `needs: [lab]`).
    static func needsLab(_ text: String) -> Bool {
        text.contains(/(?m)^needs:\s*\[?\s*lab\b/)
    }

    static func labLessonFiles() throws -> [URL] {
        let shipped = EveryLessonHeadlessTests.packageRoot.appendingPathComponent("Lessons")
        return try LessonCatalog.lessonFiles(in: shipped).filter { file in
            needsLab(try String(contentsOf: file, encoding: .utf8))
        }
    }

    static func labLessonIDs() throws -> [String] {
        try labLessonFiles().compactMap { file in
            try String(contentsOf: file, encoding: .utf8).firstMatch(of: /(?m)^id:\s*([a-z0-9-]+)/).map { String($0.1) }
        }
    }
}
