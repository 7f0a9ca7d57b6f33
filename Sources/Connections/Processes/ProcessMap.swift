#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SafeText

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
    public private(set) var unreadableProcesses = 0
    /// Processes looked at.
    public private(set) var scannedProcesses = 0

    public init() {}

    /// Builds the map for a /proc mount. `wanted` limits the map to those inodes (the
    /// rows being shown); nil keeps every socket.
    public static func scan(procRoot: String = "/proc", wanted: Set<UInt64>? = nil) -> ProcessMap {
        var map = ProcessMap()
        guard let procDir = opendir(procRoot) else { return map }
        defer { closedir(procDir) }
        let procFd = dirfd(procDir)
        let link = UnsafeMutablePointer<CChar>.allocate(capacity: 128)
        defer { link.deallocate() }
        var found: [(inode: UInt64, fd: Int32)] = []
        while let item = readdir(procDir) {
            guard let pid = numericName(item) else { continue }
            map.scannedProcesses += 1
            let pidFd = withName(item) { openat(procFd, $0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
            guard pidFd >= 0 else { continue }
            defer { close(pidFd) }
            let fdDirFd = openat(pidFd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fdDirFd >= 0 else {
                if errno == EACCES || errno == EPERM { map.unreadableProcesses += 1 }
                continue
            }
            guard let fdDir = fdopendir(fdDirFd) else { close(fdDirFd); continue }
            found.removeAll(keepingCapacity: true)
            while let fdItem = readdir(fdDir) {
                guard let fdNumber = numericName(fdItem) else { continue }
                let length = withName(fdItem) { readlinkat(fdDirFd, $0, link, 127) }
                guard length > 9, let inode = socketInode(link, length: length) else { continue }
                if let wanted, !wanted.contains(inode) { continue }
                found.append((inode, Int32(truncatingIfNeeded: fdNumber)))
            }
            closedir(fdDir)
            guard !found.isEmpty else { continue }
            let name = commandName(pidFd)
            for (inode, fd) in found {
                let process = SocketProcess(pid: Int32(truncatingIfNeeded: pid), name: name, fd: fd)
                // ss lists the holder found last first; keep its order.
                map.processesByInode[inode, default: []].insert(process, at: 0)
            }
        }
        return map
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
