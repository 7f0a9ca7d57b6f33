import RuntimeFolder
import Foundation
import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The demo's side of `porttutor notes`: a Unix socket in the user's private runtime folder
/// (mode 0600, only this user's processes let in), a poll source like every other. It
/// follows the model after each turn of `update`: when the page the presenter should see
/// changes (another step, the checks done, an answer read from the machine), it sends it
/// to every attached notes terminal; on each change of step it records the time spent on
/// the last one for the next rehearsal. Writes never block: a notes terminal that stops
/// reading is dropped, and the room's screen never waits for it.
public final class NotesChannel: IOSource {
    public let socketPath: String
    private let listener: Int32
    private var clients: [Int32: [UInt8]] = [:]
    private var page: NotesPage?
    /// The step on screen (lesson id, step id) and when it began, for the rehearsal record.
    private var visit: (lesson: String, step: String, since: Duration)?
    /// As loaded when the demo began: the notes show the last rehearsal, not this one.
    private let rehearsed: RehearsalTimes
    private var recorded: RehearsalTimes
    private let rehearsalFile: URL?
    /// The run-loop time of the last model seen: the demo's end, for the last step's time.
    private var lastNow: Duration = .zero
    /// When the page was last built, in run-loop time.
    private var lastBuilt: Duration = .zero
    /// How often, at most, the page of the same step is built again.
    static let refreshInterval: Duration = .milliseconds(250)
    /// A notes terminal this far behind is dropped.
    static let backlogLimit = 256 * 1024

    /// The demo's number for `porttutor notes --session`: its process id.
    public let session: Int32

    /// Opens the socket `demo-PID.sock` in `directory`; `rehearsalFile` is where step times
    /// are read from and written to (nil: neither). `session` is the process id unless a
    /// test runs several demos in one process.
    public init(directory: RuntimeFolder, rehearsalFile: URL?, session: Int32 = getpid()) throws {
        try directory.prepareForNotes()
        self.session = session
        socketPath = directory.socketPath(pid: session)
        guard let address = UnixSocket.address(socketPath) else {
            throw RuntimeError.message("the notes socket path \(socketPath) is too long; set XDG_RUNTIME_DIR to a shorter folder.")
        }
        let fd = UnixSocket.stream()
        guard fd >= 0 else { throw RuntimeError.system("socket", errno) }
        unlink(socketPath)  // a socket left by a crashed demo with this pid
        guard UnixSocket.bind(fd, address) == 0, chmod(socketPath, 0o600) == 0, listen(fd, 8) == 0 else {
            let code = errno
            close(fd)
            throw RuntimeError.message("cannot open the notes socket \(socketPath): \(String(cString: strerror(code))).")
        }
        UnixSocket.setNonBlocking(fd)
        listener = fd
        self.rehearsalFile = rehearsalFile
        rehearsed = rehearsalFile.map(RehearsalTimes.load(from:)) ?? RehearsalTimes()
        recorded = rehearsed
    }

    public var pollRequests: [PollRequest] {
        var requests = [PollRequest(descriptor: listener, events: Int16(POLLIN))]
        for (fd, backlog) in clients {
            requests.append(PollRequest(descriptor: fd, events: Int16(POLLIN) | (backlog.isEmpty ? 0 : Int16(POLLOUT))))
        }
        return requests
    }

    public var nextDeadline: Duration? { nil }
    public func deadlineReached(now: Duration) -> [Event] { [] }

    public func handle(descriptor: Int32, revents: Int16, now: Duration) -> [Event] {
        if descriptor == listener {
            accept()
            return []
        }
        guard clients[descriptor] != nil else { return [] }
        if revents & Int16(POLLIN | POLLHUP | POLLERR | POLLNVAL) != 0 {
            // The client sends nothing: readable means it went away (or misbehaves).
            var scratch = [UInt8](repeating: 0, count: 512)
            let count = read(descriptor, &scratch, scratch.count)
            if count <= 0 && !(count < 0 && (errno == EAGAIN || errno == EINTR)) {
                drop(descriptor)
                return []
            }
        }
        if revents & Int16(POLLOUT) != 0 { flush(descriptor) }
        return []
    }

    /// After each turn of `update`: sends the page when it changed, and notes the step's time.
    public func follow(_ model: Model) {
        guard let tutorial = model.tutorial, !tutorial.catalog.lessons.isEmpty else { return }
        lastNow = model.now
        let current = (lesson: tutorial.lesson.id, step: tutorial.step.id)
        let newStep = visit?.lesson != current.lesson || visit?.step != current.step
        if newStep {
            endVisit(now: model.now)
            visit = (current.lesson, current.step, tutorial.stepStartedAt)
        } else if model.now - lastBuilt < Self.refreshInterval {
            // Within a step the page changes rarely (the checks done, a live answer read);
            // a flood of socket events must not rebuild it each time.
            return
        }
        lastBuilt = model.now
        guard let next = NotesPage(model: model, rehearsed: rehearsed), next.timeless != page?.timeless else { return }
        page = next
        broadcast(NotesMessage.page(next).line())
    }

    public func shutDown() {
        endVisit(now: lastNow)
        broadcast(NotesMessage.bye.line())
        for fd in Array(clients.keys) {
            flush(fd)
            drop(fd)
        }
        close(listener)
        unlink(socketPath)
    }

    private func accept() {
        while true {
            let fd = UnixSocket.accept(listener)
            if fd < 0 { return }
            // The folder is closed to others already; this is the second lock.
            guard UnixSocket.peerUID(fd) == getuid() else {
                close(fd)
                continue
            }
            UnixSocket.setNonBlocking(fd)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            clients[fd] = NotesMessage.hello(version: NotesMessage.version, pid: session).line()
            if let page { clients[fd]?.append(contentsOf: NotesMessage.page(page).line()) }
            flush(fd)
        }
    }

    private func broadcast(_ bytes: [UInt8]) {
        for fd in Array(clients.keys) {
            clients[fd]?.append(contentsOf: bytes)
            flush(fd)
        }
    }

    private func flush(_ fd: Int32) {
        guard var backlog = clients[fd] else { return }
        while !backlog.isEmpty {
            #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
            #else
            let flags: Int32 = 0
            #endif
            let written = backlog.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
            if written > 0 {
                backlog.removeFirst(written)
                continue
            }
            if written < 0 && errno == EINTR { continue }
            if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            drop(fd)
            return
        }
        if backlog.count > Self.backlogLimit {
            drop(fd)
            return
        }
        clients[fd] = backlog
    }

    private func drop(_ fd: Int32) {
        clients[fd] = nil
        close(fd)
    }

    /// Records the time on the step being left.
    private func endVisit(now: Duration) {
        guard let visit, let rehearsalFile else { return }
        let spent = NotesPage.seconds(now - visit.since)
        guard recorded.record(lesson: visit.lesson, step: visit.step, seconds: spent) else { return }
        // A notes file that cannot be written costs the next rehearsal its times, nothing more.
        try? recorded.save(to: rehearsalFile)
    }
}
