import NetworkTypes
import CLab
import RuntimeFolder
import Glibc

/// `porttutor shell`: a program of the learner's (their shell, or one command) inside the
/// running lab, so the real nc, telnet, curl, tcpdump and ss see the lab's loopback and
/// its second computer, as porttutor does.
///
/// It enters the namespaces of the lab's PID 1 through /proc/PID/ns (user, mount, PID,
/// then network: the user namespace first, since it gives the right to enter the rest),
/// in a single-threaded child, as the kernel requires for a user namespace. The program is
/// the first process of that child inside the lab's PID namespace, so it ends with the lab.
public enum LabShell {
    /// How a joined program ended.
    public struct Outcome: Sendable {
        /// Its exit code, as a shell reports it.
        public var exitCode: Int32
        /// The lab ended while it ran (porttutor quit), which ended it too.
        public var labEnded: Bool
    }

    /// The words shown when an interactive shell enters the lab.
    public static func banner(on host: LabHost) -> String {
        let other: LabHost = host == .lab ? .server : .lab
        return "You are in porttutor's lab, on \(host.hostName) (\(host.address)); the other computer is \(other.hostName) (\(other.address)). `exit` leaves; the lab ends when porttutor quits."
    }

    /// `starting` runs once the lab is found, just before the program starts.
    public static func run(command: [String], on host: LabHost, environment: [String: String],
                           starting: () -> Void = {}) throws(LabError) -> Outcome {
        let directory = RuntimeFolder(environment: environment)
        // Already in the lab (a shell it opened): only the computer may change. The lab's
        // PID 1 holds this computer's network, PID 2 the server's.
        let inside = environment[LabEnvironment.labKey].flatMap(LabHost.init(rawValue:))
        let record: LabRecord
        if inside != nil {
            record = LabRecord(pid: 1, startTime: ProcessStartTime.of(pid: 1) ?? 0)
        } else {
            // Only a record in the user's own 0700 folder is trusted.
            guard directory.exists else { throw .noLab }
            try directory.checkForLab()
            guard let found = LabRecord.read(from: directory.labRecordPath), found.isRunning else { throw .noLab }
            record = found
        }
        let arguments = command.isEmpty ? [environment["SHELL"].flatMap { $0.isEmpty ? nil : $0 } ?? "/bin/sh"] : command
        guard let path = ExecutableSearch.find(arguments[0], path: environment["PATH"]) else {
            throw .noSuchCommand(arguments[0])
        }
        var joinedEnvironment = environment
        joinedEnvironment[LabEnvironment.labKey] = host.rawValue
        joinedEnvironment[LabEnvironment.insideKey] = nil

        var namespaces: [String: Int32] = [:]
        defer { for fd in namespaces.values { close(fd) } }
        for kind in inside != nil ? ["uts", "net"] : ["user", "mnt", "pid", "uts", "net"] {
            // Entering the namespace one is already in is an error for a user namespace,
            // and pointless for the rest.
            guard !NamespaceFile.same("/proc/self/ns/\(kind)", "/proc/\(record.pid)/ns/\(kind)") else { continue }
            let fd = open("/proc/\(record.pid)/ns/\(kind)", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .cannotJoin(step: "opening /proc/\(record.pid)/ns/\(kind)", reason: errnoText(errno)) }
            namespaces[kind] = fd
        }
        let cwd = currentDirectory()
        let argv = CStringArray(arguments)
        let envp = CStringArray(joinedEnvironment.map { "\($0.key)=\($0.value)" }.sorted())
        let terminal = TerminalModes.save()
        starting()
        var failure = pt_lab_failure()
        let helper: pid_t = path.withCString { pathPointer in
            withOptionalCString(cwd) { cwdPointer in
                argv.withPointers { argvPointer in
                    envp.withPointers { envpPointer in
                        pt_lab_join(namespaces["user"] ?? -1, namespaces["mnt"] ?? -1, namespaces["pid"] ?? -1,
                                    namespaces["uts"] ?? -1, namespaces["net"] ?? -1, host == .server ? 1 : 0, -1,
                                    cwdPointer, 0, nil, pathPointer, argvPointer, envpPointer, &failure)
                    }
                }
            }
        }
        guard helper > 0 else {
            if failure.stage == Int32(PT_LAB_EXEC.rawValue) && failure.error == ENOENT { throw .noSuchCommand(arguments[0]) }
            throw .cannotJoin(step: LabStage.name(failure.stage), reason: errnoText(failure.error))
        }
        // Opened now, while the lab's PID 1 surely is the lab: it tells when the lab ended.
        let labProcess = pt_pidfd_open(record.pid)
        defer { if labProcess >= 0 { close(labProcess) } }
        let status = pt_lab_wait(helper)
        // A program killed by SIGKILL (the helper reports 137) may have gone with the lab,
        // whose PID 1 is then a moment from its own end: wait for that, briefly.
        let code = exitCode(fromWaitStatus: status)
        let killed = code == 128 + SIGKILL
        let ended = labProcess >= 0 ? LabProcess.hasEnded(labProcess, waitingUpTo: killed ? 2000 : 0) : !record.isRunning
        // A shell killed with the lab cannot put the terminal back itself.
        if ended { terminal?.restore() }
        return Outcome(exitCode: code, labEnded: ended)
    }

    /// Starts a program on one of the lab's computers from inside the lab (porttutor's own
    /// process, PID 3), without waiting: a lesson's server on `server.lab`. Returns its PID
    /// in the lab (the helper that waits for it; end it with SIGTERM).
    ///
    /// The program is the lesson's, not the learner's, so it runs in a box (see
    /// `pt_lab_join`): every file read-only, its own empty /tmp, /run and home, its own
    /// processes only, the network's capabilities only. Where the box cannot be made the
    /// program does not run (`LabError.unsafe`).
    public static func spawn(_ arguments: [String], on host: LabHost, environment: [String: String]) throws(LabError) -> Int32 {
        guard let name = arguments.first, let path = ExecutableSearch.find(name, path: environment["PATH"]) else {
            throw .noSuchCommand(arguments.first ?? "")
        }
        let argv = CStringArray(arguments)
        var env = environment
        env[LabEnvironment.insideKey] = nil
        env[LabEnvironment.labKey] = host.rawValue
        // Inside the box these name the fresh /tmp, or nothing at all.
        env["TMPDIR"] = "/tmp"
        env["XDG_RUNTIME_DIR"] = nil
        let home = environment["HOME"]
        let envp = CStringArray(env.map { "\($0.key)=\($0.value)" }.sorted())
        var failure = pt_lab_failure()
        // Its output must not land on porttutor's screen.
        let quiet = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { if quiet >= 0 { close(quiet) } }
        let helper: pid_t = path.withCString { pathPointer in
            withOptionalCString(home) { homePointer in
                argv.withPointers { argvPointer in
                    envp.withPointers { envpPointer in
                        pt_lab_join(-1, -1, -1, -1, -1, host == .server ? 1 : 0, quiet, "/", 1, homePointer,
                                    pathPointer, argvPointer, envpPointer, &failure)
                    }
                }
            }
        }
        guard helper > 0 else {
            if LabStage.isBoxStep(failure.stage) {
                throw .unsafe(step: LabStage.name(failure.stage), reason: errnoText(failure.error))
            }
            throw .cannotJoin(step: LabStage.name(failure.stage), reason: errnoText(failure.error))
        }
        return helper
    }
}

/// The lab's PID 1 through a pidfd, which becomes readable when it ends.
enum LabProcess {
    static func hasEnded(_ pidfd: Int32, waitingUpTo milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        while true {
            let n = poll(&entry, 1, milliseconds)
            if n < 0 && errno == EINTR { continue }
            return n > 0
        }
    }
}

/// Whether two /proc/PID/ns files name the same namespace (same device and inode).
enum NamespaceFile {
    static func same(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_ino == second.st_ino && first.st_dev == second.st_dev
    }
}

/// PATH lookup as a shell does it, done before entering the lab (whose files are the
/// host's: the lab has its own mounts, not its own programs).
enum ExecutableSearch {
    static func find(_ name: String, path: String?) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }
}

func currentDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return nil }
    let length = buffer.firstIndex(of: 0) ?? buffer.count
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The terminal's modes before a shell ran, to put back if the lab ended under it.
struct TerminalModes {
    var saved: termios

    static func save() -> TerminalModes? {
        var modes = termios()
        return tcgetattr(STDIN_FILENO, &modes) == 0 ? TerminalModes(saved: modes) : nil
    }

    func restore() {
        var modes = saved
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &modes)
    }
}
