#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConnectionsCore
import NetworkTypes

/// The packet sockets of one reading of `/proc/net/packet`.
public struct PacketSocketList: Sendable {
    /// In the kernel's order.
    public var entries: [PacketSocketEntry]
    /// Lines that did not have the kernel's shape and were left out.
    public var skippedLines: Int

    public init(entries: [PacketSocketEntry] = [], skippedLines: Int = 0) {
        self.entries = entries
        self.skippedLines = skippedLines
    }

    /// Whether any socket is bound to one interface, so its name is worth looking up.
    var needsInterfaceNames: Bool {
        entries.contains { !$0.isOnEveryInterface }
    }

    /// Names each socket's interface (`1` → `lo`).
    mutating func name(_ interfaces: InterfaceIndexNames) {
        for i in entries.indices {
            entries[i].interfaceName = interfaces.name(entries[i].interfaceIndex)
        }
    }
}

/// Parses the text of `/proc/net/packet`. Never traps: a line that does not have the
/// expected shape is skipped and counted. The interfaces are left as numbers; the reader
/// names them (the parser stays pure, so fixtures from any machine parse the same).
public enum PacketSocketParser {
    public static func parse(_ bytes: [UInt8]) -> PacketSocketList {
        var list = PacketSocketList()
        bytes.withUnsafeBufferPointer { buffer in
            var lineStart = 0
            var isFirstLine = true
            while lineStart < buffer.count {
                var lineEnd = lineStart
                while lineEnd < buffer.count && buffer[lineEnd] != 0x0A { lineEnd += 1 }
                let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd])
                defer {
                    lineStart = lineEnd + 1
                    isFirstLine = false
                }
                if isFirstLine && isHeader(line) { continue }
                if ProcNetParser.isBlank(line) { continue }
                guard let entry = parseLine(line) else {
                    list.skippedLines += 1
                    continue
                }
                list.entries.append(entry)
            }
        }
        return list
    }

    /// Parses a file given as a String (tests, fixtures).
    public static func parse(_ text: String) -> PacketSocketList {
        parse(Array(text.utf8))
    }

    /// `sk       RefCnt Type Proto  Iface R Rmem   User   Inode`
    static func isHeader(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var scanner = FieldScanner(line)
        guard let first = scanner.nextField() else { return false }
        return first.elementsEqual("sk".utf8)
    }

    /// One data line, as the kernel prints it (`%pK %-6d %-4d %04x %-5d %1d %-6u %-6u %-6lu`):
    /// `00000000352b54bf 3      3    0003   1     1 0      0      4509975`.
    /// The first field is the kernel's address of the socket, zeros when hidden from us.
    static func parseLine(_ line: UnsafeBufferPointer<UInt8>) -> PacketSocketEntry? {
        var scanner = FieldScanner(line)
        guard let address = scanner.nextField(), ProcNetParser.hexValue(address) != nil,
              let refCount = scanner.nextField(), ProcNetParser.decimalValue(refCount) != nil,
              let typeField = scanner.nextField(), let type = ProcNetParser.decimalValue(typeField), type <= 255,
              let protoField = scanner.nextField(), protoField.count <= 4,
              let proto = ProcNetParser.hexValue(protoField),
              let interfaceField = scanner.nextField(), let interface = ProcNetParser.decimalValue(interfaceField),
              interface <= UInt64(Int32.max),
              let runningField = scanner.nextField(), runningField.count == 1,
              let running = ProcNetParser.decimalValue(runningField), running <= 1,
              let rmem = scanner.nextField(), ProcNetParser.decimalValue(rmem) != nil,
              let uidField = scanner.nextField(), let uid = ProcNetParser.decimalValue(uidField), uid <= UInt64(UInt32.max),
              let inodeField = scanner.nextField(), let inode = ProcNetParser.decimalValue(inodeField),
              scanner.nextField() == nil
        else { return nil }
        return PacketSocketEntry(kind: .init(kernelType: Int(type)), protocolNumber: UInt16(proto),
                                 interfaceIndex: UInt32(interface), isRunning: running == 1,
                                 uid: UInt32(uid), inode: inode)
    }
}

#if os(Linux)

/// Every packet socket on the machine, read from `/proc/net/packet`: one small file (a
/// line per socket, a handful on most machines), read whole in one call. This is how
/// porttutor sees a tcpdump running in another terminal: the kernel lists its socket and
/// the interface it is bound to, though not what its filter keeps.
public struct PacketSocketTable: Sendable {
    /// The /proc mount to read (tests point it at recorded files).
    public var procRoot: String

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    public var path: String { "\(procRoot)/net/packet" }

    /// The sockets now, their interfaces named by `interfaces`, or by this machine's own
    /// (looked up only when a socket is bound to one). No file (a kernel without packet
    /// sockets) is no sockets.
    public func read(interfaces: InterfaceIndexNames? = nil) throws -> PacketSocketList {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, chunkSize: 16 * 1024)
        } catch SocketTableError.procFileUnreadable(_, ENOENT) {
            return PacketSocketList()
        }
        var list = PacketSocketParser.parse(bytes)
        if list.needsInterfaceNames { list.name(interfaces ?? InterfaceIndexNames.current()) }
        return list
    }
}

#else

/// Packet sockets are Linux's (macOS captures through BPF devices, which name no
/// process): elsewhere there are none to read.
public struct PacketSocketTable: Sendable {
    public var procRoot: String

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    public func read(interfaces: InterfaceIndexNames? = nil) throws -> PacketSocketList {
        PacketSocketList()
    }
}

#endif
