import Glibc

/// Which process is a running lab's PID 1, as the host sees it. `porttutor --lab` writes
/// it when the lab starts and removes it when it ends; `porttutor shell` reads it to enter
/// the lab's namespaces through /proc/PID/ns. The process's start time guards against a
/// PID the kernel gave to another process after a lab was killed.
public struct LabRecord: Equatable, Sendable {
    public var pid: Int32
    public var startTime: UInt64

    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The record of a live process, or nil when it is gone.
    public static func of(pid: Int32) -> LabRecord? {
        ProcessStartTime.of(pid: pid).map { LabRecord(pid: pid, startTime: $0) }
    }

    /// The file's text: `pid=N` and `start=N` lines.
    public var text: String { "pid=\(pid)\nstart=\(startTime)\n" }

    /// Reads the text back; nil for anything else.
    public init?(text: String) {
        var fields: [Substring: Substring] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let pid = fields["pid"].flatMap({ Int32($0) }), pid > 0,
              let start = fields["start"].flatMap({ UInt64($0) }) else { return nil }
        self.init(pid: pid, startTime: start)
    }

    /// Whether the process it names is still the lab it recorded.
    public var isRunning: Bool { ProcessStartTime.of(pid: pid) == startTime }

    public func write(to path: String) throws(LabError) {
        let temporary = path + ".\(getpid())"
        guard LabFile.write(text, to: temporary), rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .runtimeDirectory(path: path, reason: String(cString: strerror(errno)))
        }
    }

    public static func read(from path: String) -> LabRecord? {
        LabFile.read(path).flatMap(LabRecord.init(text:))
    }

    /// Removes the file if it still names this lab (another lab may have started since).
    public func remove(from path: String) {
        if LabRecord.read(from: path) == self { unlink(path) }
    }
}

/// A process's start time in clock ticks since boot: field 22 of /proc/PID/stat.
enum ProcessStartTime {
    static func of(pid: Int32) -> UInt64? {
        guard let stat = LabFile.read("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After the command name (which may hold spaces), fields start at field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }
}

/// Small whole-file reads and writes with plain system calls.
enum LabFile {
    static func read(_ path: String, limit: Int = 1 << 20) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ text: String, to path: String, mode: mode_t = 0o600) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}
