#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConnectionsCore
import NetworkTypes

/// The socket table read from `/proc/net/{tcp,tcp6,udp,udp6}`, the text files netstat
/// reads. Slower than netlink at thousands of sockets, but available wherever /proc is.
public struct ProcNetSocketTable: SocketTable, Sendable {
    /// The /proc mount to read (tests point it at recorded files).
    public var procRoot: String

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    /// The file for one protocol and family: `/proc/net/tcp6` and so on.
    public func path(for transport: TransportProtocol, family: AddressFamily) -> String {
        "\(procRoot)/net/\(transport.name)\(family == .ipv6 ? "6" : "")"
    }

    public func read(_ query: SocketQuery) throws -> SocketSnapshot {
        var snapshot = SocketSnapshot(sources: [.procNet])
        for transport in query.orderedTransports {
            for family in query.orderedFamilies {
                let part = try read(transport: transport, family: family, query: query)
                snapshot.entries.append(contentsOf: part.entries)
                snapshot.skippedLines += part.skippedLines
                snapshot.notes.append(contentsOf: part.notes)
            }
        }
        return snapshot
    }

    /// Reads one file. A missing file (IPv6 disabled, no UDP) is an empty table, not an error.
    public func read(transport: TransportProtocol, family: AddressFamily, query: SocketQuery) throws -> SocketSnapshot {
        guard let reader = try openReader(transport: transport, family: family, query: query) else {
            return SocketSnapshot(sources: [.procNet])
        }
        while try !reader.step() {}
        return reader.snapshot
    }

    func openReader(transport: TransportProtocol, family: AddressFamily, query: SocketQuery) throws -> ProcNetFileReader? {
        try ProcNetFileReader(path: path(for: transport, family: family), transport: transport, query: query)
    }
}

/// Parses the text of a /proc/net/tcp-style file. Never traps: a line that does not have
/// the expected shape is skipped and counted.
public enum ProcNetParser {
    /// Parses a whole file (header line included) for one protocol.
    public static func parse(_ bytes: [UInt8], transport: TransportProtocol,
                             query: SocketQuery = SocketQuery(transports: [.tcp, .udp], states: .all)) -> SocketSnapshot {
        var parser = ProcNetLineParser(transport: transport, query: query)
        var snapshot = SocketSnapshot(sources: [.procNet])
        parser.feed(bytes[...], into: &snapshot)
        parser.finish(into: &snapshot)
        return snapshot
    }

    /// Parses a text file given as a String (tests, fixtures).
    public static func parse(_ text: String, transport: TransportProtocol,
                             query: SocketQuery = SocketQuery(transports: [.tcp, .udp], states: .all)) -> SocketSnapshot {
        parse(Array(text.utf8), transport: transport, query: query)
    }

    static func isHeader(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        // "  sl  local_address rem_address   st tx_queue ..."
        var i = 0
        while i < line.count && line[i] == 0x20 { i += 1 }
        return i + 1 < line.count && line[i] == UInt8(ascii: "s") && line[i + 1] == UInt8(ascii: "l")
    }

    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// One data line:
    /// `   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 12345 ...`
    static func parseLine(_ line: UnsafeBufferPointer<UInt8>, transport: TransportProtocol) -> SocketEntry? {
        var scanner = FieldScanner(line)
        // sl: decimal followed by ':'
        guard let slot = scanner.nextField(), slot.count >= 2, slot.last == UInt8(ascii: ":"),
              slot.dropLast().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        guard let localField = scanner.nextField(), let local = parseEndpoint(localField),
              let remoteField = scanner.nextField(), let remote = parseEndpoint(remoteField),
              local.address.family == remote.address.family,
              let stateField = scanner.nextField(), stateField.count == 2,
              let stateValue = hexValue(stateField), stateValue <= 0xFF,
              let queues = scanner.nextField(), let colon = queues.firstIndex(of: UInt8(ascii: ":")),
              let sendQ = hexValue(queues[queues.startIndex..<colon]), sendQ <= UInt64(UInt32.max),
              let recvQ = hexValue(queues[(colon + 1)...]), recvQ <= UInt64(UInt32.max),
              scanner.nextField() != nil,                  // tr:tm->when
              scanner.nextField() != nil,                  // retrnsmt
              let uidField = scanner.nextField(), let uid = decimalValue(uidField), uid <= UInt64(UInt32.max),
              scanner.nextField() != nil,                  // timeout
              let inodeField = scanner.nextField(), let inode = decimalValue(inodeField)
        else { return nil }
        // /proc does not report IPV6_V6ONLY, but the kernel sets it itself on a socket bound
        // to one IPv6 address; only a wildcard socket's setting stays unknown (taken as
        // dual-stack, as ss does when it reads /proc).
        let v6Only = local.address.family == .ipv6 && !local.address.isUnspecified
            && local.address.embeddedIPv4 == nil
        return SocketEntry(
            transport: transport,
            state: SocketState(kernelValue: UInt8(stateValue)),
            local: local, remote: remote,
            recvQ: UInt32(recvQ), sendQ: UInt32(sendQ),
            inode: inode, uid: UInt32(uid), isV6Only: v6Only)
    }

    /// `0100007F:1F90` (IPv4, host-order hex) or 32 hex digits + `:PORT` (IPv6, four
    /// host-order 32-bit words).
    static func parseEndpoint(_ field: UnsafeBufferPointer<UInt8>.SubSequence) -> SocketAddress? {
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let addressHex = field[field.startIndex..<colon]
        let portHex = field[(colon + 1)...]
        guard portHex.count == 4, let port = hexValue(portHex) else { return nil }
        switch addressHex.count {
        case 8:
            guard let word = hexValue(addressHex) else { return nil }
            return SocketAddress(address: IPAddress(ipv4: networkOrder(UInt32(word))), port: UInt16(port))
        case 32:
            var words: [UInt32] = []
            var start = addressHex.startIndex
            for _ in 0..<4 {
                guard let word = hexValue(addressHex[start..<(start + 8)]) else { return nil }
                words.append(networkOrder(UInt32(word)))
                start += 8
            }
            let high = UInt64(words[0]) << 32 | UInt64(words[1])
            let low = UInt64(words[2]) << 32 | UInt64(words[3])
            return SocketAddress(address: IPAddress(ipv6High: high, low: low), port: UInt16(port))
        default:
            return nil
        }
    }

    /// The kernel prints each 32-bit address word as the integer its bytes form in host
    /// order; turn that back into the address in network order.
    static func networkOrder(_ printed: UInt32) -> UInt32 {
        UInt32(bigEndian: printed)
    }

    static func hexValue(_ digits: UnsafeBufferPointer<UInt8>.SubSequence) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var value: UInt64 = 0
        for c in digits {
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt64(d)
        }
        return value
    }

    static func decimalValue(_ digits: UnsafeBufferPointer<UInt8>.SubSequence) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 19 else { return nil }
        var value: UInt64 = 0
        for c in digits {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            value = value * 10 + UInt64(c - 0x30)
        }
        return value
    }
}

/// Parses /proc/net text fed in arbitrary pieces (a `read()` at a time), keeping the
/// unfinished last line for the next piece.
///
/// The kernel formats the file as it is read and finds its place again by counting rows, so
/// a socket opened between two reads can push an already-printed row into the next piece:
/// a busy table read through /proc can list a socket twice. The parser keeps the first.
struct ProcNetLineParser {
    let transport: TransportProtocol
    let query: SocketQuery
    private var pending: [UInt8] = []
    private var lineNumber = 0
    /// The rows printed so far, by endpoints and inode (two listeners can share a port
    /// with SO_REUSEPORT; only their inodes tell them apart).
    private var printed: Set<PrintedRow> = []

    private struct PrintedRow: Hashable {
        let key: SocketKey
        let inode: UInt64
    }

    init(transport: TransportProtocol, query: SocketQuery) {
        self.transport = transport
        self.query = query
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>, into snapshot: inout SocketSnapshot) {
        guard let lastNewline = bytes.lastIndex(of: 0x0A) else {
            pending.append(contentsOf: bytes)
            return
        }
        if pending.isEmpty {
            parseLines(bytes[bytes.startIndex...lastNewline], into: &snapshot)
        } else {
            pending.append(contentsOf: bytes[bytes.startIndex...lastNewline])
            let complete = pending
            pending.removeAll(keepingCapacity: true)
            parseLines(complete[...], into: &snapshot)
        }
        pending.append(contentsOf: bytes[(lastNewline + 1)...])
    }

    /// End of file: a last line without a newline still counts.
    mutating func finish(into snapshot: inout SocketSnapshot) {
        guard !pending.isEmpty else { return }
        let rest = pending
        pending.removeAll()
        parseLines(rest[...], into: &snapshot)
    }

    private mutating func parseLines(_ bytes: ArraySlice<UInt8>, into snapshot: inout SocketSnapshot) {
        bytes.withUnsafeBufferPointer { buffer in
            var lineStart = 0
            let n = buffer.count
            while lineStart < n {
                var lineEnd = lineStart
                while lineEnd < n && buffer[lineEnd] != 0x0A { lineEnd += 1 }
                defer { lineStart = lineEnd + 1; lineNumber += 1 }
                let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd])
                if lineNumber == 0 && ProcNetParser.isHeader(line) { continue }
                if ProcNetParser.isBlank(line) { continue }
                guard let entry = ProcNetParser.parseLine(line, transport: transport) else {
                    snapshot.skippedLines += 1
                    continue
                }
                guard query.matches(entry), printed.insert(PrintedRow(key: entry.key, inode: entry.inode)).inserted else { continue }
                snapshot.entries.append(entry)
            }
        }
    }
}

/// Reads one /proc/net file a `read()` at a time, so the /proc fallback can be spread
/// over turns of the run loop like a netlink dump (the kernel formats the file as it is
/// read: tens of milliseconds at 20,000 sockets).
final class ProcNetFileReader {
    let path: String
    private var fd: Int32
    private var parser: ProcNetLineParser
    /// 16 KiB per read keeps one step well inside a 4 ms budget (the kernel formats
    /// about 110 lines per read).
    private var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    private(set) var snapshot = SocketSnapshot(sources: [.procNet])

    /// nil when the file does not exist (an empty table: no IPv6, no UDP).
    init?(path: String, transport: TransportProtocol, query: SocketQuery) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SocketTableError.procFileUnreadable(path: path, errno: errno)
        }
        parser = ProcNetLineParser(transport: transport, query: query)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Reads one piece; true at end of file.
    func step() throws -> Bool {
        let n = chunk.withUnsafeMutableBytes { FileBytes.systemRead(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { return false }
            throw SocketTableError.procFileUnreadable(path: path, errno: errno)
        }
        if n == 0 {
            parser.finish(into: &snapshot)
            close(fd)
            fd = -1
            if snapshot.skippedLines > 0 {
                snapshot.notes.append("\(snapshot.skippedLines) line\(snapshot.skippedLines == 1 ? "" : "s") of \(path) could not be read and \(snapshot.skippedLines == 1 ? "was" : "were") left out.")
            }
            return true
        }
        parser.feed(chunk[0..<n], into: &snapshot)
        return false
    }
}

/// Splits a line at runs of spaces and tabs.
struct FieldScanner {
    let line: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ line: UnsafeBufferPointer<UInt8>) {
        self.line = line
        self.position = line.startIndex
    }

    mutating func nextField() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        while position < line.endIndex && (line[position] == 0x20 || line[position] == 0x09) { position += 1 }
        guard position < line.endIndex else { return nil }
        let start = position
        while position < line.endIndex && line[position] != 0x20 && line[position] != 0x09 && line[position] != 0x0D {
            position += 1
        }
        return line[start..<position]
    }
}

/// Reads a whole file with plain system calls. /proc files report size 0, so it reads
/// until end of file.
enum FileBytes {
    /// `chunkSize` is the size of one `read()`: large for a big table, small for a file of
    /// a few lines (it is allocated on each call).
    static func read(_ path: String, limit: Int = 256 * 1024 * 1024, chunkSize: Int = 256 * 1024) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SocketTableError.procFileUnreadable(path: path, errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { chunk.deallocate() }
        while bytes.count < limit {
            let n = systemRead(fd, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw SocketTableError.procFileUnreadable(path: path, errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        }
        return bytes
    }

    @inline(__always)
    static func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, buffer, count)
        #else
        return Darwin.read(fd, buffer, count)
        #endif
    }
}
