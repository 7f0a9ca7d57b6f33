#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SafeText
import ConnectionsCore
import NetworkTypes

/// Which processes hold which sockets, found the way `ss -p` finds them: every
/// `/proc/PID/fd/N` that links to `socket:[INODE]`, named by `/proc/PID/comm`.
///
/// This is the expensive part of `-p` (one `readlink` per open file descriptor on the
/// machine), so it is only built when asked for, uses `openat`/`readlinkat` relative to
/// directory descriptors instead of building paths, and reads a process's name only when
/// it holds at least one socket.
public struct ProcessMap: Sendable {
    /// The processes holding each socket inode, in the order ss lists them.
    public private(set) var processesByInode: [UInt64: [SocketProcess]] = [:]
    /// Processes whose file descriptors could not be read (not running as root).
    public internal(set) var unreadableProcesses = 0

    public init() {}

    /// Builds the map for a /proc mount in one go. `wanted` limits the map to those
    /// inodes (the rows being shown); nil keeps every socket.
    public static func scan(procRoot: String = "/proc", wanted: Set<UInt64>? = nil) -> ProcessMap {
        let scan = ProcessScan(procRoot: procRoot, wanted: wanted)
        while true {
            if let map = scan.step(budgetMicroseconds: nil) { return map }
        }
    }

    mutating func add(_ process: SocketProcess, inode: UInt64) {
        // ss lists the holder found last first; keep its order.
        processesByInode[inode, default: []].insert(process, at: 0)
    }

    /// The processes holding `inode` (empty for inode 0: TIME-WAIT rows belong to nobody).
    public func processes(forInode inode: UInt64) -> [SocketProcess] {
        inode == 0 ? [] : processesByInode[inode] ?? []
    }

    /// Fills in ``SocketEntry/processes`` for every row.
    public func attach(to entries: inout [SocketEntry]) {
        for i in entries.indices {
            entries[i].processes = processes(forInode: entries[i].inode)
        }
    }

    /// Fills in ``PacketSocketEntry/processes`` for every packet socket.
    public func attach(to entries: inout [PacketSocketEntry]) {
        for i in entries.indices {
            entries[i].processes = processes(forInode: entries[i].inode)
        }
    }

    // MARK: - Reading /proc without building paths

    /// The decimal number a directory entry is named with, or nil (`.`, `self`, …).
    static func numericName(_ item: UnsafeMutablePointer<dirent>) -> Int? {
        withName(item) { name in
            var value = 0
            var i = 0
            while true {
                let c = UInt8(bitPattern: name[i])
                if c == 0 { break }
                guard c >= 0x30 && c <= 0x39, i < 10 else { return nil }
                value = value * 10 + Int(c - 0x30)
                i += 1
            }
            return i == 0 ? nil : value
        }
    }

    static func withName<T>(_ item: UnsafeMutablePointer<dirent>, _ body: (UnsafePointer<CChar>) -> T) -> T {
        withUnsafePointer(to: &item.pointee.d_name) { tuple in
            tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: item.pointee.d_name)) {
                body($0)
            }
        }
    }

    /// Parses `socket:[12345]`.
    static func socketInode(_ link: UnsafeMutablePointer<CChar>, length: Int) -> UInt64? {
        let prefix: [UInt8] = Array("socket:[".utf8)
        guard length > prefix.count + 1, UInt8(bitPattern: link[length - 1]) == UInt8(ascii: "]") else { return nil }
        for i in 0..<prefix.count where UInt8(bitPattern: link[i]) != prefix[i] { return nil }
        var value: UInt64 = 0
        for i in prefix.count..<(length - 1) {
            let c = UInt8(bitPattern: link[i])
            guard c >= 0x30 && c <= 0x39 else { return nil }
            value = value &* 10 &+ UInt64(c - 0x30)
        }
        return value
    }

    /// netstat's program name: argv[0] from `/proc/PID/cmdline` (the first 511 bytes, as
    /// netstat reads them), its last path component when it starts with `/`.
    static func programName(_ pidFd: Int32) -> SafeText? {
        let fd = openat(pidFd, "cmdline", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 511)
        let n = buffer.withUnsafeMutableBytes { FileBytes.systemRead(fd, $0.baseAddress, $0.count) }
        guard n >= 0 else { return nil }
        var argv0 = buffer[0..<n]
        if let end = argv0.firstIndex(of: 0) { argv0 = argv0[..<end] }
        if argv0.first == UInt8(ascii: "/"), let slash = argv0.lastIndex(of: UInt8(ascii: "/")) {
            argv0 = argv0[(slash + 1)...]
        }
        return SafeText(bytes: argv0)
    }

    /// `/proc/PID/comm` without its newline, made safe for display (a program may name
    /// itself anything, escape sequences included).
    static func commandName(_ pidFd: Int32) -> SafeText {
        let fd = openat(pidFd, "comm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return SafeText(bytes: "?".utf8) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { FileBytes.systemRead(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return SafeText(bytes: "?".utf8) }
        var end = n
        if buffer[end - 1] == 0x0A { end -= 1 }
        return SafeText(bytes: buffer[0..<end])
    }
}

/// A scan of /proc for socket holders, resumable so it can be spread over turns of the
/// run loop (one `readlink` per open descriptor on the machine: tens of milliseconds at
/// 20,000 descriptors). ``ProcessMap/scan(procRoot:wanted:)`` runs one to the end.
public final class ProcessScan {
    private let wanted: Set<UInt64>?
    private var map = ProcessMap()
    private var procDir: OpaquePointer?
    private var pidFd: Int32 = -1
    private var pid = 0
    private var fdDir: OpaquePointer?
    /// The current process's names, read when its first socket is found (as ss does).
    private var names: (name: SafeText, program: SafeText?)?
    private let link = UnsafeMutablePointer<CChar>.allocate(capacity: 128)
    private var finished = false

    public init(procRoot: String = "/proc", wanted: Set<UInt64>? = nil) {
        self.wanted = wanted
        procDir = opendir(procRoot)
        if procDir == nil { finished = true }
    }

    deinit {
        closeProcess()
        if let procDir { closedir(procDir) }
        link.deallocate()
    }

    /// Scans for up to `budgetMicroseconds` (nil: to the end); returns the map once done.
    public func step(budgetMicroseconds: Int? = 4000) -> ProcessMap? {
        if finished { return finish() }
        let deadline = budgetMicroseconds.map { Clock.microseconds() + $0 }
        var work = 0
        while true {
            work += 1
            if let deadline, work % 32 == 0, Clock.microseconds() >= deadline { return nil }
            if let fdDir {
                guard let item = readdir(fdDir) else {
                    closeProcess()
                    continue
                }
                guard let fdNumber = ProcessMap.numericName(item) else { continue }
                let dirFd = dirfd(fdDir)
                let length = ProcessMap.withName(item) { readlinkat(dirFd, $0, link, 127) }
                guard length > 9, let inode = ProcessMap.socketInode(link, length: length) else { continue }
                if let wanted, !wanted.contains(inode) { continue }
                if names == nil { names = (ProcessMap.commandName(pidFd), ProcessMap.programName(pidFd)) }
                map.add(SocketProcess(pid: Int32(truncatingIfNeeded: pid), name: names!.name,
                                      fd: Int32(truncatingIfNeeded: fdNumber), programName: names!.program),
                        inode: inode)
                continue
            }
            guard let procDir, let item = readdir(procDir) else { return finish() }
            guard let number = ProcessMap.numericName(item) else { continue }
            openProcess(item, pid: number)
        }
    }

    private func openProcess(_ item: UnsafeMutablePointer<dirent>, pid: Int) {
        guard let procDir else { return }
        let procFd = dirfd(procDir)
        let opened = ProcessMap.withName(item) { openat(procFd, $0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard opened >= 0 else { return }
        let fdDirFd = openat(opened, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fdDirFd >= 0 else {
            if errno == EACCES || errno == EPERM { map.unreadableProcesses += 1 }
            close(opened)
            return
        }
        guard let dir = fdopendir(fdDirFd) else {
            close(fdDirFd)
            close(opened)
            return
        }
        self.pidFd = opened
        self.pid = pid
        self.fdDir = dir
        names = nil
    }

    private func closeProcess() {
        if let fdDir { closedir(fdDir) }
        fdDir = nil
        if pidFd >= 0 { close(pidFd) }
        pidFd = -1
        names = nil
    }

    private func finish() -> ProcessMap {
        closeProcess()
        if let procDir { closedir(procDir) }
        procDir = nil
        finished = true
        return map
    }
}
