import ToolCommands
import SocketsCore
import Foundation
import Glibc
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes

/// Real sockets for the tests: thin POSIX wrappers that fail loudly.
struct TestSocketError: Error, CustomStringConvertible {
    var description: String
}

/// An open file descriptor that closes itself.
final class TestSocket {
    private(set) var fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { close() }

    func close() {
        if fd >= 0 { Glibc.close(fd); fd = -1 }
    }

    /// The socket's own inode, as /proc/self/fd shows it.
    var inode: UInt64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return 0 }
        return UInt64(info.st_ino)
    }

    var localPort: UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    /// Sets SO_LINGER to zero so close() sends RST instead of FIN (no TIME-WAIT).
    func abortOnClose() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    func send(_ text: String) {
        _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }
}

enum TestNet {
    static func sockaddr(_ family: AddressFamily, port: UInt16, loopback: Bool = true) -> sockaddr_storage {
        var storage = sockaddr_storage()
        withUnsafeMutablePointer(to: &storage) { pointer in
            switch family {
            case .ipv4:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    $0.pointee.sin_family = sa_family_t(AF_INET)
                    $0.pointee.sin_port = port.bigEndian
                    $0.pointee.sin_addr.s_addr = (loopback ? UInt32(0x7F00_0001) : 0).bigEndian
                }
            case .ipv6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    $0.pointee.sin6_family = sa_family_t(AF_INET6)
                    $0.pointee.sin6_port = port.bigEndian
                    if loopback { $0.pointee.sin6_addr.__in6_u.__u6_addr8.15 = 1 }
                }
            }
        }
        return storage
    }

    static func length(_ family: AddressFamily) -> socklen_t {
        socklen_t(family == .ipv4 ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
    }

    static func socket(_ family: AddressFamily, _ type: Int32) throws -> TestSocket {
        let fd = Glibc.socket(family.systemValue, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSocketError(description: "socket: \(String(cString: strerror(errno)))") }
        return TestSocket(fd: fd)
    }

    static func bind(_ socket: TestSocket, _ family: AddressFamily, port: UInt16, loopback: Bool = true) throws {
        var one: Int32 = 1
        setsockopt(socket.fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr(family, port: port, loopback: loopback)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { Glibc.bind(socket.fd, $0, length(family)) }
        }
        guard result == 0 else { throw TestSocketError(description: "bind port \(port): \(String(cString: strerror(errno)))") }
    }

    /// A TCP listener on loopback; port 0 lets the kernel choose.
    static func listener(_ family: AddressFamily, port: UInt16 = 0, loopback: Bool = true, v6Only: Bool? = nil) throws -> TestSocket {
        let s = try socket(family, Int32(SOCK_STREAM.rawValue))
        if let v6Only, family == .ipv6 {
            var flag: Int32 = v6Only ? 1 : 0
            setsockopt(s.fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &flag, socklen_t(MemoryLayout<Int32>.size))
        }
        try bind(s, family, port: port, loopback: loopback)
        guard Glibc.listen(s.fd, 16) == 0 else { throw TestSocketError(description: "listen: \(String(cString: strerror(errno)))") }
        return s
    }

    static func connect(_ family: AddressFamily, port: UInt16) throws -> TestSocket {
        let s = try socket(family, Int32(SOCK_STREAM.rawValue))
        var address = sockaddr(family, port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { Glibc.connect(s.fd, $0, length(family)) }
        }
        guard result == 0 else { throw TestSocketError(description: "connect port \(port): \(String(cString: strerror(errno)))") }
        return s
    }

    static func accept(_ listener: TestSocket) throws -> TestSocket {
        let fd = Glibc.accept(listener.fd, nil, nil)
        guard fd >= 0 else { throw TestSocketError(description: "accept: \(String(cString: strerror(errno)))") }
        return TestSocket(fd: fd)
    }

    /// A listener, a client and the accepted server end: one established connection.
    static func establishedPair(_ family: AddressFamily) throws -> EstablishedPair {
        let l = try listener(family)
        let c = try connect(family, port: l.localPort)
        let s = try accept(l)
        return EstablishedPair(family: family, listener: l, client: c, server: s)
    }

    static func udp(_ family: AddressFamily, port: UInt16 = 0, connectTo peer: UInt16? = nil) throws -> TestSocket {
        let s = try socket(family, Int32(SOCK_DGRAM.rawValue))
        try bind(s, family, port: port)
        if let peer {
            var address = sockaddr(family, port: peer)
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { Glibc.connect(s.fd, $0, length(family)) }
            }
            guard result == 0 else { throw TestSocketError(description: "udp connect: \(String(cString: strerror(errno)))") }
        }
        return s
    }
}

/// One loopback connection and its listener, and how to find exactly its three rows in a
/// busy table (other suites' sockets, old TIME-WAIT entries on the same port number).
struct EstablishedPair {
    let family: AddressFamily
    let listener: TestSocket
    let client: TestSocket
    let server: TestSocket
    let listenEnd: SocketAddress
    let clientEnd: SocketAddress

    init(family: AddressFamily, listener: TestSocket, client: TestSocket, server: TestSocket) {
        self.family = family
        self.listener = listener
        self.client = client
        self.server = server
        let loopback = family == .ipv4 ? IPAddress.loopbackIPv4 : IPAddress.loopbackIPv6
        listenEnd = SocketAddress(address: loopback, port: listener.localPort)
        clientEnd = SocketAddress(address: loopback, port: client.localPort)
    }

    var port: UInt16 { listenEnd.port }

    func isListener(_ e: SocketEntry) -> Bool { e.transport == .tcp && e.local == listenEnd && e.state == .listen }
    func isClient(_ e: SocketEntry) -> Bool { e.transport == .tcp && e.local == clientEnd && e.remote == listenEnd }
    func isServer(_ e: SocketEntry) -> Bool { e.transport == .tcp && e.local == listenEnd && e.remote == clientEnd }

    /// The rows of this pair in a snapshot.
    func rows(_ entries: [SocketEntry]) -> [SocketEntry] {
        entries.filter { isListener($0) || isClient($0) || isServer($0) }
    }
}

/// Runs a program and collects its standard output.
enum TestProcess {
    static func output(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The first of `names` found in the usual places.
    static func find(_ name: String) -> String? {
        for dir in ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"] {
            let path = dir + "/" + name
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }

    /// The porttutor executable built next to the test bundle, if the build made it.
    static var porttutorExecutable: String? {
        var candidates: [String] = []
        let runner = CommandLine.arguments.first ?? ""
        var dir = (runner as NSString).deletingLastPathComponent
        for _ in 0..<3 {
            candidates.append(dir + "/porttutor")
            dir = (dir as NSString).deletingLastPathComponent
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/.build/debug/porttutor")
        return candidates.first { access($0, X_OK) == 0 }
    }
}

/// Polls until `condition` holds or `attempts` × 50 ms pass (state changes such as
/// FIN-WAIT → TIME-WAIT take the kernel a moment even on loopback). Returns the last value.
func eventually<T>(attempts: Int = 60, _ produce: () throws -> T, until condition: (T) -> Bool) rethrows -> T {
    var value = try produce()
    var remaining = attempts
    while !condition(value) && remaining > 0 {
        usleep(50_000)
        remaining -= 1
        value = try produce()
    }
    return value
}

extension SocketEntry {
    /// `LISTEN 127.0.0.1:8080 0.0.0.0:*` — the triple ss agreement is checked on.
    var triple: String { "\(state.ssName) \(local) \(remote)" }
}
