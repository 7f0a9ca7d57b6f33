#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ToolCommands
import SocketsCore
import NetworkTypes

/// Thin, non-blocking wrappers over the socket system calls.
///
/// Every descriptor made here is non-blocking and close-on-exec, so nothing can stall the
/// one poll() loop and no child process inherits a learner's connection.
enum POSIXSocket {
    /// The outcome of a call that may have nothing to do yet.
    enum IOResult: Equatable {
        case transferred(Int)
        case wouldBlock
        case endOfStream
        case failed(Errno)
    }

    static func make(_ family: AddressFamily, _ transport: TransportProtocol) -> Result<Int32, Errno> {
        let kind = socketType(transport)
        #if os(Linux)
        let fd = socket(family.posixValue, kind | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(.current) }
        #else
        let fd = socket(family.posixValue, kind, 0)
        guard fd >= 0 else { return .failure(.current) }
        makeNonBlockingAndCloseOnExec(fd)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return .success(fd)
    }

    /// SOCK_STREAM or SOCK_DGRAM (an enum on Glibc, a plain Int32 on Darwin).
    static func socketType(_ transport: TransportProtocol) -> Int32 {
        #if os(Linux)
        return transport == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
        #else
        return transport == .tcp ? SOCK_STREAM : SOCK_DGRAM
        #endif
    }

    static func makeNonBlockingAndCloseOnExec(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var v = value
        _ = setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Lets a listener rebind its port at once after a restart, while old connections to it
    /// sit in TIME_WAIT (which is what learners restarting `nc -l` hit otherwise).
    static func setReuseAddress(_ fd: Int32) { setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1) }

    /// An IPv6 socket that only speaks IPv6, so 127.0.0.1 and ::1 can be two sockets.
    static func setIPv6Only(_ fd: Int32, _ only: Bool) {
        setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, only ? 1 : 0)
    }

    static func bind(_ fd: Int32, to address: SocketAddress) -> Errno? {
        let rc = address.withSockAddr { Glibc_bind(fd, $0, $1) }
        return rc == 0 ? nil : .current
    }

    static func listen(_ fd: Int32, backlog: Int32) -> Errno? {
        Glibc_listen(fd, backlog) == 0 ? nil : .current
    }

    enum AcceptResult {
        case accepted(fd: Int32, peer: SocketAddress?)
        case wouldBlock
        case failed(Errno)
    }

    static func accept(_ fd: Int32) -> AcceptResult {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let client = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa -> Int32 in
                    #if os(Linux)
                    if let accept4 = GNUExtensions.shared.accept4 {
                        return accept4(fd, sa, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                    }
                    #endif
                    return Glibc_accept(fd, sa, &length)
                }
            }
            if client < 0 {
                let e = Errno.current
                if e == .interrupted { continue }
                if e.isWouldBlock { return .wouldBlock }
                // The peer gave up between SYN and accept: nothing to report, try the next.
                if e.rawValue == ECONNABORTED { continue }
                return .failed(e)
            }
            #if os(Linux)
            if GNUExtensions.shared.accept4 == nil { makeNonBlockingAndCloseOnExec(client) }
            #else
            makeNonBlockingAndCloseOnExec(client)
            #endif
            let peer = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { SocketAddress($0) }
            }
            return .accepted(fd: client, peer: peer)
        }
    }

    enum ConnectStart: Equatable {
        case connected
        case inProgress
        case failed(Errno)
    }

    static func connect(_ fd: Int32, to address: SocketAddress) -> ConnectStart {
        let rc = address.withSockAddr { Glibc_connect(fd, $0, $1) }
        if rc == 0 { return .connected }
        let e = Errno.current
        if e == .inProgress || e == .interrupted { return .inProgress }
        return .failed(e)
    }

    /// The result of a non-blocking connect, read once poll() says the socket is writable.
    static func pendingError(_ fd: Int32) -> Errno? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) != 0 { return .current }
        return value == 0 ? nil : Errno(rawValue: value)
    }

    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 { return .transferred(n) }
            if n == 0 { return .endOfStream }
            let e = Errno.current
            if e == .interrupted { continue }
            return e.isWouldBlock ? .wouldBlock : .failed(e)
        }
    }

    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult {
        guard bytes.count > 0 else { return .transferred(0) }
        while true {
            #if os(Linux)
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            #else
            let n = Darwin.send(fd, bytes.baseAddress, bytes.count, 0)
            #endif
            if n >= 0 { return .transferred(n) }
            let e = Errno.current
            if e == .interrupted { continue }
            return e.isWouldBlock ? .wouldBlock : .failed(e)
        }
    }

    /// One datagram and who sent it.
    static func receiveDatagram(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer)
        -> (IOResult, SocketAddress?) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let n = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fd, buffer.baseAddress, buffer.count, 0, $0, &length)
                }
            }
            if n >= 0 {
                let from = withUnsafePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { SocketAddress($0) }
                }
                return (.transferred(n), from)
            }
            let e = Errno.current
            if e == .interrupted { continue }
            return (e.isWouldBlock ? .wouldBlock : .failed(e), nil)
        }
    }

    static func sendDatagram(_ fd: Int32, _ bytes: [UInt8], to address: SocketAddress) -> IOResult {
        let n = bytes.withUnsafeBytes { raw in
            address.withSockAddr { sendto(fd, raw.baseAddress, raw.count, 0, $0, $1) }
        }
        if n >= 0 { return .transferred(n) }
        let e = Errno.current
        return e.isWouldBlock ? .wouldBlock : .failed(e)
    }

    static func localAddress(_ fd: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(fd, $0, &length) == 0 ? SocketAddress($0) : nil
            }
        }
    }

    static func peerAddress(_ fd: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getpeername(fd, $0, &length) == 0 ? SocketAddress($0) : nil
            }
        }
    }

    static func shutdownWrite(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    static func close(_ fd: Int32) {
        _ = Glibc_close(fd)
    }
}

// Free functions with unambiguous names: inside `POSIXSocket` the short names are taken.
#if canImport(Glibc)
@inline(__always) private func Glibc_bind(_ fd: Int32, _ a: UnsafePointer<sockaddr>, _ l: socklen_t) -> Int32 { Glibc.bind(fd, a, l) }
@inline(__always) private func Glibc_connect(_ fd: Int32, _ a: UnsafePointer<sockaddr>, _ l: socklen_t) -> Int32 { Glibc.connect(fd, a, l) }
@inline(__always) private func Glibc_listen(_ fd: Int32, _ b: Int32) -> Int32 { Glibc.listen(fd, b) }
@inline(__always) private func Glibc_close(_ fd: Int32) -> Int32 { Glibc.close(fd) }
@inline(__always) private func Glibc_accept(_ fd: Int32, _ a: UnsafeMutablePointer<sockaddr>, _ l: UnsafeMutablePointer<socklen_t>) -> Int32 { Glibc.accept(fd, a, l) }
#else
@inline(__always) private func Glibc_bind(_ fd: Int32, _ a: UnsafePointer<sockaddr>, _ l: socklen_t) -> Int32 { Darwin.bind(fd, a, l) }
@inline(__always) private func Glibc_connect(_ fd: Int32, _ a: UnsafePointer<sockaddr>, _ l: socklen_t) -> Int32 { Darwin.connect(fd, a, l) }
@inline(__always) private func Glibc_listen(_ fd: Int32, _ b: Int32) -> Int32 { Darwin.listen(fd, b) }
@inline(__always) private func Glibc_close(_ fd: Int32) -> Int32 { Darwin.close(fd) }
@inline(__always) private func Glibc_accept(_ fd: Int32, _ a: UnsafeMutablePointer<sockaddr>, _ l: UnsafeMutablePointer<socklen_t>) -> Int32 { Darwin.accept(fd, a, l) }
#endif
