import RuntimeFolder
import Foundation
import Lessons
import LessonFiles
import Runtime
import Testing
import Tutor
#if canImport(Glibc)
import Glibc
#endif

/// `porttutor notes`: the protocol's lines, the page made from the model, and the demo's
/// socket with a real client attached to it in a private runtime folder.
@Suite struct NotesChannelTests {
    static func catalog() throws -> LessonCatalog {
        try LessonCatalog.loadValid(folder: EveryLessonHeadlessTests.packageRoot.appendingPathComponent("Lessons"))
    }

    static func demo(lesson: Int = 0, step: Int = 0) throws -> Model {
        let tutorial = Tutorial(catalog: try catalog(), progress: Lessons.Progress(), lessonIndex: lesson, stepIndex: step)
        var m = Model(size: TerminalSize(columns: 80, rows: 24), presentation: .demo, tutorial: tutorial)
        _ = update(&m, .started(now: .zero))
        return m
    }

    /// A private runtime folder, as XDG_RUNTIME_DIR, removed by the caller.
    static func runtimeFolder() throws -> (URL, RuntimeFolder) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dpres-notes-\(getpid())-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return (root, RuntimeFolder(environment: ["XDG_RUNTIME_DIR": root.path]))
    }

    // MARK: Protocol

    @Test func aPageTravelsAsOneLineWhateverItsTextHolds() throws {
        var page = NotesPage(lessonID: "l", lessonTitle: "Title", lessonNumber: 1, lessonCount: 5, stepID: "s",
                             stepNumber: 2, stepCount: 6, stepTitle: "Step")
        page.notes = "line one\nline two \u{1B}]0;pwned\u{07} \"quoted\" \\ / é"
        page.typed = ["Listener: nc -l 8080", "Client: Ctrl-]"]
        page.rehearsedSeconds = 80
        let line = NotesMessage.page(page).line()
        #expect(line.last == 0x0A && line.dropLast().allSatisfy { $0 >= 0x20 }, "one line, no raw control byte in it")
        var reader = NotesLineReader()
        var received: [NotesMessage] = []
        // Byte by byte, as a slow socket may hand them over.
        for byte in NotesMessage.hello(version: 1, pid: 42).line() + line + NotesMessage.bye.line() {
            received += try reader.feed([byte])
        }
        #expect(received == [.hello(version: 1, pid: 42), .page(page), .bye])
    }

    @Test func linesItDoesNotUnderstandAreSkippedAndEndlessOnesRefused() throws {
        var reader = NotesLineReader()
        let messages = try reader.feed(Array("{\"future\":{}}\nnot json\n".utf8) + NotesMessage.bye.line())
        #expect(messages == [.bye])
        #expect(throws: NotesProtocolError.lineTooLong) {
            try reader.feed([UInt8](repeating: UInt8(ascii: "x"), count: NotesLineReader.longestLine + 1))
        }
    }

    // MARK: The page

    @Test func thePageFollowsTheStepAndItsNeighbours() throws {
        var m = try Self.demo()
        let first = try #require(NotesPage(model: m, rehearsed: RehearsalTimes()))
        let lesson = try #require(m.tutorial?.lesson)
        #expect(first.stepTitle == lesson.steps[0].title && first.stepNumber == 1 && first.stepCount == lesson.steps.count)
        #expect(first.notes == lesson.steps[0].presenterNotes)
        #expect(first.next == "1.2 \(lesson.steps[1].title)")
        #expect(first.question != nil && first.answer != nil, "a question step carries its answer")
        #expect(first.rehearsedSeconds == nil)
        #expect(first.plannedSeconds == 90, "lesson 1's first step plans 1:30 with `plan:`")
        let text = NotesPageText.lines(first, elapsed: 0, columns: 80).joined(separator: "\n")
        #expect(text.contains(first.notes == nil ? "its title: \(first.stepTitle)" : "Notes:"))

        // The step that types: what will be typed, pane by pane.
        let typing = try #require(lesson.steps.firstIndex { !$0.perform.isEmpty })
        m = try Self.demo(step: typing)
        let page = try #require(NotesPage(model: m, rehearsed: RehearsalTimes(seconds: [lesson.id: [lesson.steps[typing].id: 80]])))
        #expect(!page.typed.isEmpty && page.typed.allSatisfy { $0.contains(": ") })
        #expect(page.plannedSeconds > 0)
        #expect(page.rehearsedSeconds == 80)
        #expect(NotesPageText.lines(page, elapsed: 95, columns: 80).contains { $0.contains("rehearsed: 1:20") && $0.contains("1:35 on this step") })

        // The last step of a lesson leads to the next lesson; the very last, to the end.
        m = try Self.demo(lesson: 0, step: lesson.steps.count - 1)
        #expect(try #require(NotesPage(model: m, rehearsed: RehearsalTimes())).next?.hasPrefix("Lesson 2: ") == true)
        let catalog = try Self.catalog()
        m = try Self.demo(lesson: catalog.lessons.count - 1, step: catalog.lessons.last!.steps.count - 1)
        #expect(try #require(NotesPage(model: m, rehearsed: RehearsalTimes())).next == nil)
    }

    @Test func lessonTextReachesTheNotesTerminalOnlyThroughSafeText() {
        var page = NotesPage(lessonID: "l", lessonTitle: "T\u{1B}[2J", lessonNumber: 1, lessonCount: 1, stepID: "s",
                             stepNumber: 1, stepCount: 1, stepTitle: "\u{1B}]0;retitled\u{07}step")
        page.notes = "wipe \u{1B}[2J here"
        let lines = NotesPageText.lines(page, elapsed: 0, columns: 80)
        #expect(lines.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
    }

    @Test func clockReadsAsTeachersWriteIt() {
        #expect(NotesPageText.clock(7) == "0:07")
        #expect(NotesPageText.clock(80) == "1:20")
        #expect(NotesPageText.clock(3723) == "1:02:03")
    }

    // MARK: The socket

    @Test func aNotesTerminalAttachesAndFollowsEveryStep() throws {
        let (root, directory) = try Self.runtimeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let rehearsals = root.appendingPathComponent("state/rehearsal-times.json")
        let channel = try NotesChannel(directory: directory, rehearsalFile: rehearsals)
        var info = stat()
        #expect(lstat(directory.path, &info) == 0 && info.st_mode & 0o777 == 0o700, "the folder is the user's alone")
        #expect(lstat(channel.socketPath, &info) == 0 && info.st_mode & 0o777 == 0o600, "so is the socket")

        var m = try Self.demo()
        channel.follow(m)
        let client = try NotesClient.attach(directory: directory, session: nil)
        defer { close(client.descriptor) }
        #expect(client.pid == getpid())
        let listener = channel.pollRequests[0].descriptor
        _ = channel.handle(descriptor: listener, revents: Int16(POLLIN), now: .zero)
        var reader = NotesLineReader()
        var messages = try Self.read(client.descriptor, &reader, count: 2)
        #expect(messages.first == .hello(version: NotesMessage.version, pid: getpid()))
        guard case .page(let first) = messages.last else { Issue.record("no page: \(messages)"); return }
        #expect(first.stepNumber == 1)

        // The presenter moves on after ten seconds: a new page, and a rehearsal time.
        let lesson = try #require(m.tutorial?.lesson)
        for stepIndex in 1..<lesson.steps.count {
            m.now += .seconds(10)
            _ = update(&m, .tick(now: m.now))
            // Page Down types the step at once, reveals a question's answer, then moves on.
            var presses = 0
            while m.tutorial?.stepIndex == stepIndex - 1 && presses < 30 {
                _ = update(&m, .key(.pageDown))
                presses += 1
                if m.autopilot != nil {
                    m.now += .seconds(1)
                    _ = update(&m, .tick(now: m.now))
                }
            }
            channel.follow(m)
            guard m.tutorial?.stepIndex == stepIndex else { continue }
            messages = try Self.read(client.descriptor, &reader, count: 1)
            guard case .page(let page) = messages.last else { Issue.record("no page for step \(stepIndex + 1)"); return }
            #expect(page.stepNumber == stepIndex + 1 && page.stepTitle == lesson.steps[stepIndex].title)
        }
        #expect(RehearsalTimes.load(from: rehearsals)[lesson.id, lesson.steps[0].id] == 10)

        channel.shutDown()
        messages = try Self.read(client.descriptor, &reader, count: 1)
        #expect(messages.last == .bye)
        #expect(access(channel.socketPath, F_OK) != 0, "the socket is removed on the way out")
    }

    /// With several demos running, the newest is followed and the others named;
    /// `--session PID` picks one.
    @Test func theNewestDemoIsFollowedUnlessOneIsNamed() throws {
        let (root, directory) = try Self.runtimeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let older = try NotesChannel(directory: directory, rehearsalFile: nil, session: 111)
        usleep(20_000)
        let newer = try NotesChannel(directory: directory, rehearsalFile: nil, session: 222)
        defer { older.shutDown(); newer.shutDown() }
        let newest = try NotesClient.attach(directory: directory, session: nil)
        #expect(newest.pid == 222 && newest.others == [111])
        close(newest.descriptor)
        let named = try NotesClient.attach(directory: directory, session: 111)
        #expect(named.pid == 111)
        close(named.descriptor)
    }

    @Test func noDemoAStaleSocketAndAnUnsafeFolderAreToldClearly() throws {
        let (root, directory) = try Self.runtimeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: (any Error).self) { try NotesClient.attach(directory: directory, session: nil) }
        do {
            _ = try NotesClient.attach(directory: directory, session: nil)
        } catch {
            #expect("\(error)".contains("No demo is running") && "\(error)".contains("porttutor --demo"))
        }
        // A demo that crashed left its socket: nobody answers, so it is cleared away.
        let channel = try NotesChannel(directory: directory, rehearsalFile: nil)
        close(channel.pollRequests[0].descriptor)
        do {
            _ = try NotesClient.attach(directory: directory, session: nil)
            Issue.record("attached to a dead demo")
        } catch {
            #expect("\(error)".contains("No demo is running"))
        }
        #expect(access(channel.socketPath, F_OK) != 0, "the stale socket was removed")
        do {
            _ = try NotesClient.attach(directory: directory, session: 999_999)
            Issue.record("attached to a demo that does not exist")
        } catch {
            #expect("\(error)".contains("No demo with process id 999999"))
        }
        chmod(directory.path, 0o755)
        do {
            try directory.prepare()
            Issue.record("a folder others can enter was accepted")
        } catch {
            #expect("\(error)".contains("other users may enter it") && "\(error)".contains("chmod 700"))
        }
    }

    /// Reads until `count` messages came (or two seconds passed).
    static func read(_ fd: Int32, _ reader: inout NotesLineReader, count: Int) throws -> [NotesMessage] {
        var messages: [NotesMessage] = []
        let deadline = ContinuousClock.now + .seconds(2)
        while messages.count < count && ContinuousClock.now < deadline {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            messages += try reader.feed(buffer[0..<n])
        }
        return messages
    }
}
