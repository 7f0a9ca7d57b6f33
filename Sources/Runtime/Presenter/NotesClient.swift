#if canImport(Glibc)
import RuntimeFolder
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `porttutor notes`' side: finds the running demo's socket in the user's runtime folder
/// (the newest, or the one asked for), connects, and checks the demo runs as this user.
public struct NotesClient {
    public let descriptor: Int32
    /// The demo's process id.
    public let pid: Int32
    /// Other demos running beside it, newest first (to say `--session` picks one).
    public let others: [Int32]

    /// Attaches to demo `session` (a process id), or to the newest running demo.
    public static func attach(directory: RuntimeFolder, session: Int32?) throws -> NotesClient {
        var info = stat()
        guard lstat(directory.path, &info) == 0 else {
            throw RuntimeError.message(noDemo(directory))
        }
        try directory.check()
        var live: [(pid: Int32, fd: Int32)] = []
        for candidate in directory.demoSockets() where session == nil || candidate.pid == session {
            switch connect(candidate.path) {
            case .connected(let fd): live.append((candidate.pid, fd))
            case .stale: unlink(candidate.path)  // left by a demo that crashed; the folder is ours
            case .refused(let why): throw RuntimeError.message(why)
            }
            if session != nil { break }
        }
        guard let chosen = live.first else {
            if let session {
                let running = directory.demoSockets().map { String($0.pid) }
                throw RuntimeError.message("No demo with process id \(session) is running" +
                    (running.isEmpty ? "." : "; running demos: \(running.joined(separator: ", ")) (pick one with --session PID)."))
            }
            throw RuntimeError.message(noDemo(directory))
        }
        // Only the chosen one stays open; the others were connected to know they are alive.
        for other in live.dropFirst() { close(other.fd) }
        return NotesClient(descriptor: chosen.fd, pid: chosen.pid, others: live.dropFirst().map(\.pid))
    }

    private static func noDemo(_ directory: RuntimeFolder) -> String {
        "No demo is running (no demo's notes socket in \(directory.path)). Start one in another terminal with `porttutor --demo`, then run `porttutor notes` again."
    }

    private enum Outcome {
        case connected(Int32)
        case stale
        case refused(String)
    }

    private static func connect(_ path: String) -> Outcome {
        guard let address = UnixSocket.address(path) else { return .stale }
        let fd = UnixSocket.stream()
        guard fd >= 0 else { return .refused("cannot make a socket: \(String(cString: strerror(errno))).") }
        guard UnixSocket.connect(fd, address) == 0 else {
            let code = errno
            close(fd)
            return code == ECONNREFUSED || code == ENOENT ? .stale : .refused("cannot attach to \(path): \(String(cString: strerror(code))).")
        }
        guard UnixSocket.peerUID(fd) == getuid() else {
            close(fd)
            return .refused("\(path) is served by another user's process; porttutor notes attaches only to your own demos.")
        }
        return .connected(fd)
    }
}
