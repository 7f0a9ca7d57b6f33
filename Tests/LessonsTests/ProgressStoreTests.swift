import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons

/// Saved progress: round trip, atomic writes, recovery from anything a kill or an editor leaves.
@Suite struct ProgressStoreTests {
    static func lessons() throws -> (LessonCatalog, Lesson, Lesson) {
        let first = try Build.catalogLesson(id: "ports", steps: 3)
        let second = try Build.catalogLesson(id: "http", steps: 2)
        return (LessonCatalog(lessons: [first, second]), first, second)
    }

    @Test func defaultDirectoryFollowsXDG() {
        #expect(ProgressStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).path == "/s/porttutor")
        #expect(ProgressStore.defaultDirectory(environment: ["HOME": "/h"]).path == "/h/.local/state/porttutor")
        #expect(ProgressStore.defaultDirectory(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]).path == "/h/.local/state/porttutor")
    }

    @Test func roundTripAndResume() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ProgressStore(directory: folder.appendingPathComponent("state/porttutor"))
        let (catalog, ports, http) = try Self.lessons()

        var fresh = store.load()
        #expect(fresh.warning == nil)
        #expect(fresh.progress == Progress())
        #expect(fresh.progress.resumePoint(in: catalog)?.lesson.id == "ports")

        fresh.progress.move(to: 0, in: ports)
        fresh.progress.complete(stepIndex: 0, in: ports)
        fresh.progress.skip(stepIndex: 1, in: ports)
        try store.save(fresh.progress)

        let loaded = store.load()
        #expect(loaded.warning == nil)
        #expect(loaded.progress == fresh.progress)
        #expect(loaded.progress.status(of: ports) == .inProgress(done: 2, total: 3, skipped: 1))
        #expect(loaded.progress.status(of: ports).description == "2/3 steps, 1 skipped")
        #expect(loaded.progress.status(of: http).description == "not started")
        let resume = try #require(loaded.progress.resumePoint(in: catalog))
        #expect(resume.lesson.id == "ports")
        #expect(resume.stepIndex == 2)

        var done = loaded.progress
        done.complete(stepIndex: 2, in: ports)
        #expect(done.status(of: ports) == .done(completed: 2, skipped: 1))
        #expect(done.status(of: ports).description == "done, 1 skipped")
        #expect(done.resumePoint(in: catalog)?.lesson.id == "http", "a finished lesson resumes in the next one")
        #expect(!done.hasFinished(catalog))
        for index in http.steps.indices { done.complete(stepIndex: index, in: http) }
        #expect(done.hasFinished(catalog))
        let end = try #require(done.resumePoint(in: catalog))
        #expect(end.lesson.id == "http" && end.stepIndex == http.steps.count - 1,
                "a finished course opens where the learner left: the last lesson's last step")
        let permissions = try FileManager.default.attributesOfItem(atPath: store.fileURL.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func resetOneLessonOrAll() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ProgressStore(directory: folder)
        let (_, ports, http) = try Self.lessons()
        var progress = Progress()
        progress.complete(stepIndex: 0, in: http)
        progress.complete(stepIndex: 0, in: ports)
        try store.save(progress)

        try store.reset(lessonID: "ports")
        var loaded = store.load().progress
        #expect(loaded.status(of: ports) == .notStarted)
        #expect(loaded.status(of: http) == .inProgress(done: 1, total: 2))
        #expect(loaded.lastLesson == nil)

        try store.reset(lessonID: nil)
        loaded = store.load().progress
        #expect(loaded == Progress())
    }

    @Test func corruptFileIsSetAsideWithAWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ProgressStore(directory: folder)
        try Data("{\"version\": 1, \"lessons\": {\"ports\": ".utf8).write(to: store.fileURL)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let loaded = store.load(now: now)
        #expect(loaded.progress == Progress())
        let warning = try #require(loaded.warning)
        #expect(warning.contains("it is not valid progress JSON"))
        #expect(warning.contains("progress.json.corrupt-20231114-221320"))
        #expect(!FileManager.default.fileExists(atPath: store.fileURL.path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("progress.json.corrupt-20231114-221320").path))

        // A second corrupt file in the same second gets its own name.
        try Data("garbage".utf8).write(to: store.fileURL)
        #expect(store.load(now: now).warning?.contains("corrupt-20231114-221320-2") == true)
        // After setting aside, saving works again and the next load is clean.
        try store.save(Progress(lastLesson: "ports"))
        #expect(store.load().warning == nil)
    }

    @Test func emptyFileAndNewerFormatAreSetAsideToo() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ProgressStore(directory: folder)
        try Data().write(to: store.fileURL)
        #expect(store.load().warning?.contains("it is empty") == true)
        try Data("{\"version\": 99, \"lessons\": {}}".utf8).write(to: store.fileURL)
        #expect(store.load().warning?.contains("newer porttutor") == true)
    }

    /// A kill can stop a save anywhere. With temp-file-and-rename the real file is always whole;
    /// still, load must survive every possible prefix of a file (as a crashed editor or a full
    /// disk might leave), and leftovers of an interrupted save must not confuse it.
    @Test func resumeAfterAKillAtAnyPoint() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ProgressStore(directory: folder)
        let (catalog, ports, http) = try Self.lessons()
        var progress = Progress()
        progress.complete(stepIndex: 0, in: ports)
        progress.complete(stepIndex: 1, in: ports)
        progress.move(to: 1, in: http)
        try store.save(progress)
        let whole = try Data(contentsOf: store.fileURL)

        // An interrupted save leaves a partial temporary file beside the good one.
        for cut in stride(from: 0, to: whole.count, by: 7) {
            try whole.prefix(cut).write(to: folder.appendingPathComponent("\(ProgressStore.temporaryPrefix)4242-\(cut)"))
        }
        let afterKill = store.load()
        #expect(afterKill.warning == nil)
        #expect(afterKill.progress == progress)
        #expect(afterKill.progress.resumePoint(in: catalog).map { "\($0.lesson.id)#\($0.stepIndex)" } == "http#1")

        // Every truncation of the real file loads without crashing: either whole, or set aside.
        for cut in 0..<whole.count {
            try whole.prefix(cut).write(to: store.fileURL)
            let loaded = store.load()
            if loaded.warning == nil {
                #expect(loaded.progress == progress, "prefix \(cut) decoded to something else")
            } else {
                #expect(loaded.progress == Progress())
            }
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.contains(".corrupt-") {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }

    @Test func saveReplacesAtomicallyAndLeavesNoTemporaryFiles() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ProgressStore(directory: folder)
        let (_, ports, _) = try Self.lessons()
        var progress = Progress()
        for step in 0..<3 {
            progress.complete(stepIndex: step, in: ports)
            try store.save(progress)
            let inode = try FileManager.default.attributesOfItem(atPath: store.fileURL.path)[.systemFileNumber] as? Int
            #expect(store.load().progress == progress)
            // A new inode each time: the file was replaced by rename, never rewritten in place.
            progress.move(to: step, in: ports)
            try store.save(progress)
            let next = try FileManager.default.attributesOfItem(atPath: store.fileURL.path)[.systemFileNumber] as? Int
            #expect(inode != next)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names == ["progress.json"])
    }

    @Test func staleTemporaryFilesAreCleanedUp() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ProgressStore(directory: folder)
        let stale = folder.appendingPathComponent("\(ProgressStore.temporaryPrefix)1-2")
        try Data("{".utf8).write(to: stale)
        _ = store.load(now: Date().addingTimeInterval(120))
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    /// A folder, a FIFO or a socket where the file should be is not porttutor's to move: it
    /// is named for what it is, left alone, and never opened (a FIFO would block for ever).
    @Test func aFolderOrAFifoInPlaceOfTheFileIsNamedForWhatItIs() throws {
        for (kind, make) in [("a folder", { (path: String) in mkdir(path, 0o700) }),
                             ("a FIFO", { (path: String) in mkfifo(path, 0o600) })] {
            let folder = try TestPaths.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = ProgressStore(directory: folder)
            try #require(make(store.fileURL.path) == 0)
            let loaded = store.load()
            #expect(loaded.progress == Progress())
            let warning = try #require(loaded.warning)
            #expect(warning.contains("that is \(kind), not a file"), "\(warning)")
            #expect(warning.contains("Remove or rename it"))
            #expect(loaded.notice == "Progress not saved: progress.json is \(kind), not a file (details on exit).")
            #expect(OddFile.kind(at: store.fileURL.path) == kind, "left where it was")
            #expect(throws: ProgressStoreError.self) { try store.save(Progress(lastLesson: "ports")) }
            do {
                try store.save(Progress(lastLesson: "ports"))
            } catch {
                #expect(error.summary == "progress.json is \(kind), not a file")
            }
            #expect(OddFile.kind(at: store.fileURL.path) == kind, "a save does not replace it")
        }
    }

    /// Every notice fits the status bar of an 80-column terminal; the warning keeps the rest.
    @Test func everyNoticeFitsEightyColumns() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ProgressStore(directory: folder)
        for content in ["", "garbage", "{\"version\": 99, \"lessons\": {}}"] {
            try Data(content.utf8).write(to: store.fileURL)
            let loaded = store.load()
            let notice = try #require(loaded.notice)
            #expect(notice.count <= ProgressStore.noticeWidth, "\(notice)")
            #expect(notice.hasSuffix("details on exit."))
            #expect(loaded.warning?.contains(folder.path) == true, "the warning names the file")
        }
        try? FileManager.default.removeItem(at: store.fileURL)
        #expect(mkdir(store.fileURL.path, 0o700) == 0)
        #expect((store.load().notice?.count ?? 99) <= ProgressStore.noticeWidth)
    }

    @Test func unwritableFolderIsAnErrorWithPlainWords() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocker = folder.appendingPathComponent("file")
        try Data().write(to: blocker)
        let store = ProgressStore(directory: blocker.appendingPathComponent("porttutor"))
        #expect(throws: ProgressStoreError.self) { try store.save(Progress()) }
    }

    /// `porttutor list` and the picker show these words: a teacher must tell a lesson done
    /// from one skipped through with F5.
    @Test func skippedStepsAreShownApartFromDoneOnes() throws {
        let (_, ports, _) = try Self.lessons()
        var skippedThrough = Progress()
        for index in ports.steps.indices { skippedThrough.skip(stepIndex: index, in: ports) }
        #expect(skippedThrough.status(of: ports) == .done(completed: 0, skipped: 3))
        #expect(skippedThrough.status(of: ports).description == "all skipped")
        #expect(skippedThrough.status(of: ports).isDone)

        var mixed = Progress()
        mixed.complete(stepIndex: 0, in: ports)
        mixed.skip(stepIndex: 1, in: ports)
        #expect(mixed.status(of: ports).description == "2/3 steps, 1 skipped")
        mixed.skip(stepIndex: 2, in: ports)
        #expect(mixed.status(of: ports).description == "done, 2 skipped")
        // Done after all: a skipped step done later counts as done.
        mixed.complete(stepIndex: 1, in: ports)
        mixed.complete(stepIndex: 2, in: ports)
        #expect(mixed.status(of: ports).description == "done")
    }

    @Test func stepsRemovedFromALessonAreIgnored() throws {
        let (_, ports, _) = try Self.lessons()
        var progress = Progress()
        progress[lesson: "ports"] = LessonProgress(completed: ["step-1", "gone-step"], current: "also-gone")
        #expect(progress.status(of: ports) == .inProgress(done: 1, total: 3))
        #expect(progress.resumeStepIndex(in: ports) == 1)
    }

    @Test func handEditedFileWithMissingListsStillLoads() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ProgressStore(directory: folder)
        try Data("{\"version\": 1, \"lastLesson\": \"ports\", \"lessons\": {\"ports\": {\"current\": \"step-2\"}}}".utf8).write(to: store.fileURL)
        let loaded = store.load()
        #expect(loaded.warning == nil)
        #expect(loaded.progress[lesson: "ports"].current == "step-2")
    }
}
