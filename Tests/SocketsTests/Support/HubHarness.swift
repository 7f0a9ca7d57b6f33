import ToolCommands
import SocketsCore
import TestSupport
import Foundation
import Glibc
import SafeText
@testable import Sockets
import NetworkTypes

/// Runs a SocketHub with a small poll() loop inside the test, the way the app's run loop
/// will. The timeouts here are safety nets against a hung test, never assertions.
final class HubHarness {
    let hub: SocketHub
    private(set) var events: [SocketEvent] = []
    /// When false, only counts are kept (floods).
    var keepEvents = true
    private(set) var receivedByteCount = 0
    private(set) var displayedLineCount = 0
    private(set) var displayedBytes = 0

    init(configuration: SocketHubConfiguration = SocketHubConfiguration(), resolver: (any HostResolver)? = nil) {
        hub = SocketHub(configuration: configuration, resolver: resolver)
    }

    @discardableResult
    func perform(_ request: SocketRequest) -> [SocketEvent] {
        let new = hub.perform(request)
        record(new)
        return new
    }

    func record(_ new: [SocketEvent]) {
        for event in new {
            if case .received(_, let n) = event.kind { receivedByteCount += n }
            displayedLineCount += event.lines.count
            displayedBytes += event.lines.reduce(0) { $0 + $1.text.string.utf8.count }
            if keepEvents { events.append(event) }
        }
    }

    /// One pass: poll the hub's fds (and `extra` fds) for up to `milliseconds`.
    func step(milliseconds: Int32 = 20, extra: [(fd: Int32, events: Int16, ready: (Int16) -> Void)] = []) {
        let interests = hub.pollInterests
        var fds = interests.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
        fds += extra.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
        var timeout = milliseconds
        if let deadline = hub.nextDeadline {
            let left = deadline - .now
            let ms = Int32(max(0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            timeout = min(timeout, ms)
        }
        let n = poll(&fds, nfds_t(fds.count), timeout)
        if n > 0 {
            for (index, entry) in fds.enumerated() where entry.revents != 0 {
                if index < interests.count {
                    record(hub.handle(fd: entry.fd, revents: entry.revents))
                } else {
                    extra[index - interests.count].ready(entry.revents)
                }
            }
        }
        record(hub.timersFired())
    }

    /// Runs the loop until `condition` holds; false if the safety timeout passed first.
    @discardableResult
    func run(timeout: Duration = .seconds(20), until condition: () -> Bool) -> Bool {
        let end = ContinuousClock.now.advanced(by: timeout)
        while !condition() {
            if ContinuousClock.now > end { return false }
            step()
        }
        return true
    }

    /// Runs the loop until `tool` exits.
    @discardableResult
    func run(untilExit tool: ExternalTool, timeout: Duration = .seconds(20)) -> Bool {
        run(timeout: timeout) { !tool.isRunning }
    }

    /// All lines of one pane so far, as text.
    func lines(_ pane: SocketEvent.Pane) -> [String] {
        events.filter { $0.pane == pane }.flatMap { $0.lines.map(\.text.string) }
    }

    func kinds(_ pane: SocketEvent.Pane) -> [SocketEvent.Kind] {
        events.filter { $0.pane == pane }.map(\.kind)
    }

    func firstFailure(_ pane: SocketEvent.Pane) -> TeachingError? {
        for event in events where event.pane == pane {
            if case .failed(let error) = event.kind { return error }
        }
        return nil
    }
}

/// A real command-line tool (curl, nc, telnet) run for a test, its output kept in a file.
///
/// Spawned with posix_spawn rather than Foundation's Process: the child gets an empty
/// signal mask (Process hands down a mask that blocks SIGTERM and SIGALRM, so `nc -q`
/// never quits) and its own process group, so a shell pipeline is stopped as a whole.
final class ExternalTool {
    let pid: pid_t
    private var inputFD: Int32
    let outputPath: String
    private var exited = false
    /// The exit code once the tool has exited normally.
    private(set) var exitStatus: Int32?

    init(_ arguments: [String], shell: Bool = false) throws {
        SpawnHygiene.ignoreBrokenPipes()
        outputPath = NSTemporaryDirectory() + "porttutor-sockets-\(UUID().uuidString).out"
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw Errno(rawValue: errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[0], 0)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        SpawnHygiene.closeOthers(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGALRM, SIGINT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let argv = shell ? ["/bin/sh", "-c"] + arguments : arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for p in cArguments { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawnp(&child, argv[0], &actions, &attributes, &cArguments, environ)
        close(pipeFDs[0])
        guard rc == 0 else { close(pipeFDs[1]); throw Errno(rawValue: rc) }
        pid = child
        inputFD = pipeFDs[1]
        _ = fcntl(inputFD, F_SETFD, FD_CLOEXEC)
    }

    deinit {
        terminate()
        try? FileManager.default.removeItem(atPath: outputPath)
    }

    var isRunning: Bool {
        if exited { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { record(status) }
        return !exited
    }

    func write(_ text: String) {
        _ = text.withCString { Glibc.write(inputFD, $0, strlen($0)) }
    }

    func closeInput() {
        if inputFD >= 0 { close(inputFD); inputFD = -1 }
    }

    var output: String {
        String(decoding: outputBytes, as: UTF8.self)
    }

    var outputBytes: [UInt8] {
        (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: outputPath)))) ?? []
    }

    /// Kills the tool's own process group (the tool and, for a pipeline, its children).
    func terminate() {
        closeInput()
        kill(-pid, SIGKILL)
        if !exited {
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            record(status)
        }
    }

    private func record(_ status: Int32) {
        exited = true
        if status & 0x7F == 0 { exitStatus = (status >> 8) & 0xFF }
    }
}

/// Waits until something listens on a loopback TCP port (a real `nc -l` just started), or
/// with `udp`, until a UDP socket is bound to it (`nc -u -l`: UDP has no LISTEN state).
/// Probing with a connection would use up `nc -l`'s one client, so this reads /proc.
func waitForListener(port: UInt16, udp: Bool = false, timeout: Duration = .seconds(10)) -> Bool {
    let end = ContinuousClock.now.advanced(by: timeout)
    let hexPort = String(port, radix: 16, uppercase: true)
    let needle = ":" + String(repeating: "0", count: 4 - hexPort.count) + hexPort + " "
    // /proc/net's state column: "0A" is TCP's LISTEN, "07" (CLOSE) an unconnected UDP socket.
    let (tables, state) = udp ? (["/proc/net/udp", "/proc/net/udp6"], "07") : (["/proc/net/tcp", "/proc/net/tcp6"], "0A")
    while ContinuousClock.now < end {
        for table in tables {
            let text = (try? String(contentsOfFile: table, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                // local_address is field 1, state field 3.
                if fields.count > 3, (fields[1] + " ").hasSuffix(needle), fields[3] == state { return true }
            }
        }
        usleep(20_000)
    }
    return false
}

/// Open descriptors of this test process.
func openDescriptorCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

/// Resident memory of this test process, in bytes.
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let digits = line.filter(\.isNumber)
        return (Int(digits) ?? 0) * 1024
    }
    return 0
}

/// A resolver that answers from a table, so tests never send DNS queries anywhere.
final class TableResolver: HostResolver {
    var answers: [String: ResolutionStatus]
    private var lookups: [Int: String] = [:]
    private var next = 1
    init(_ answers: [String: ResolutionStatus]) { self.answers = answers }
    func start(host: String, port: UInt16, transport: TransportProtocol) -> Int {
        defer { next += 1 }
        lookups[next] = host
        return next
    }
    func status(of id: Int) -> ResolutionStatus {
        guard let host = lookups[id] else { return .failed(.other("unknown")) }
        let answer = answers[host] ?? .failed(.nameNotFound)
        if answer != .pending { lookups[id] = nil }
        return answer
    }
    func cancel(_ id: Int) { lookups[id] = nil }
}
