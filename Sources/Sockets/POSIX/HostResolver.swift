#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ToolCommands
import SocketsCore
import NetworkTypes

/// Turns names into addresses without blocking the caller.
///
/// The hub starts a lookup, then asks for its status on a short timer. A class protocol so
/// tests can answer lookups themselves without touching any network.
public protocol HostResolver: AnyObject {
    /// Starts looking up `host`; the returned number identifies the lookup.
    func start(host: String, port: UInt16, transport: TransportProtocol) -> Int
    /// Where lookup `id` stands; after a final answer the lookup is forgotten.
    func status(of id: Int) -> ResolutionStatus
    /// Gives up on lookup `id`.
    func cancel(_ id: Int)
}

#if canImport(Glibc)
/// Asynchronous lookups with glibc's `getaddrinfo_a`: glibc runs the query on its own
/// helper thread; this side only polls `gai_error`, so the UI thread never waits on DNS.
public final class GlibcHostResolver: HostResolver {
    /// One `struct gaicb` and the memory it points to, kept alive until glibc is done.
    private final class Lookup {
        let control: UnsafeMutableRawPointer   // struct gaicb (56 bytes on LP64)
        let name: UnsafeMutablePointer<CChar>
        let service: UnsafeMutablePointer<CChar>
        let hints: UnsafeMutablePointer<addrinfo>
        let port: UInt16

        init(host: String, port: UInt16, transport: TransportProtocol) {
            control = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
            control.initializeMemory(as: UInt8.self, repeating: 0, count: 64)
            name = strdup(host)
            service = strdup(String(port))
            hints = UnsafeMutablePointer<addrinfo>.allocate(capacity: 1)
            hints.initialize(to: addrinfo())
            hints.pointee.ai_family = AF_UNSPEC
            hints.pointee.ai_socktype = POSIXSocket.socketType(transport)
            hints.pointee.ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV
            self.port = port
            // ar_name, ar_service, ar_request at offsets 0, 8, 16; ar_result at 24.
            control.storeBytes(of: UnsafeRawPointer(name), toByteOffset: 0, as: UnsafeRawPointer.self)
            control.storeBytes(of: UnsafeRawPointer(service), toByteOffset: 8, as: UnsafeRawPointer.self)
            control.storeBytes(of: UnsafeRawPointer(hints), toByteOffset: 16, as: UnsafeRawPointer.self)
        }

        var result: UnsafeMutablePointer<addrinfo>? {
            control.load(fromByteOffset: 24, as: UnsafeMutablePointer<addrinfo>?.self)
        }

        deinit {
            if let result { freeaddrinfo(result) }
            free(name)
            free(service)
            hints.deallocate()
            control.deallocate()
        }
    }

    private var lookups: [Int: Lookup] = [:]
    /// Cancelled lookups glibc had already started: freed once glibc lets go of them.
    private var abandoned: [Lookup] = []
    private var nextID = 1
    private var immediateFailures: [Int: ResolutionFailure] = [:]

    public init() {}

    deinit {
        // Memory glibc may still write to must outlive it; leak it rather than corrupt.
        for lookup in lookups.values where !isDone(lookup) { _ = Unmanaged.passRetained(lookup) }
        for lookup in abandoned where !isDone(lookup) { _ = Unmanaged.passRetained(lookup) }
    }

    public func start(host: String, port: UInt16, transport: TransportProtocol) -> Int {
        let id = nextID
        nextID += 1
        reapAbandoned()
        let gnu = GNUExtensions.shared
        guard let getaddrinfoA = gnu.getaddrinfoA else {
            immediateFailures[id] = .other("asynchronous name lookup (getaddrinfo_a) is not available")
            return id
        }
        let lookup = Lookup(host: host, port: port, transport: transport)
        var list: [UnsafeMutableRawPointer?] = [lookup.control]
        let rc = list.withUnsafeMutableBufferPointer {
            getaddrinfoA(GNUExtensions.GAI_NOWAIT, $0.baseAddress, 1, nil)
        }
        if rc != 0 {
            immediateFailures[id] = Self.failure(rc)
            if isDone(lookup) { _ = lookup } else { abandoned.append(lookup) }
            return id
        }
        lookups[id] = lookup
        return id
    }

    public func status(of id: Int) -> ResolutionStatus {
        if let failure = immediateFailures.removeValue(forKey: id) { return .failed(failure) }
        guard let lookup = lookups[id], let gaiError = GNUExtensions.shared.gaiError else {
            return .failed(.other("unknown lookup"))
        }
        let rc = gaiError(lookup.control)
        if rc == GNUExtensions.EAI_INPROGRESS { return .pending }
        lookups[id] = nil
        if rc != 0 { return .failed(Self.failure(rc)) }
        var addresses: [SocketAddress] = []
        var node = lookup.result
        while let info = node {
            if let sa = info.pointee.ai_addr, let address = SocketAddress(sa), !addresses.contains(address) {
                addresses.append(address)
            }
            node = info.pointee.ai_next
        }
        return addresses.isEmpty ? .failed(.nameNotFound) : .resolved(addresses)
    }

    public func cancel(_ id: Int) {
        immediateFailures[id] = nil
        guard let lookup = lookups.removeValue(forKey: id) else { return }
        _ = GNUExtensions.shared.gaiCancel?(lookup.control)
        if !isDone(lookup) { abandoned.append(lookup) }
    }

    private func isDone(_ lookup: Lookup) -> Bool {
        guard let gaiError = GNUExtensions.shared.gaiError else { return true }
        return gaiError(lookup.control) != GNUExtensions.EAI_INPROGRESS
    }

    private func reapAbandoned() {
        abandoned.removeAll { isDone($0) }
    }

    static func failure(_ code: Int32) -> ResolutionFailure {
        switch code {
        case EAI_NONAME, -5 /* EAI_NODATA */: return .nameNotFound
        case EAI_AGAIN: return .temporaryFailure
        default: return .other(String(cString: gai_strerror(code)))
        }
    }
}
#endif

/// The resolver the hub uses unless told otherwise.
public func makeSystemHostResolver() -> any HostResolver {
    #if canImport(Glibc)
    return GlibcHostResolver()
    #else
    return BlockingHostResolver()
    #endif
}

#if !canImport(Glibc)
/// macOS fallback: plain `getaddrinfo`, which may block on DNS. A later port can use
/// CFHost or dnssd instead.
public final class BlockingHostResolver: HostResolver {
    private var results: [Int: ResolutionStatus] = [:]
    private var nextID = 1
    public init() {}
    public func start(host: String, port: UInt16, transport: TransportProtocol) -> Int {
        let id = nextID; nextID += 1
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = POSIXSocket.socketType(transport)
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        if rc != 0 {
            results[id] = .failed(rc == EAI_NONAME ? .nameNotFound : rc == EAI_AGAIN ? .temporaryFailure
                                  : .other(String(cString: gai_strerror(rc))))
            return id
        }
        var addresses: [SocketAddress] = []
        var node = result
        while let info = node {
            if let sa = info.pointee.ai_addr, let a = SocketAddress(sa), !addresses.contains(a) { addresses.append(a) }
            node = info.pointee.ai_next
        }
        freeaddrinfo(result)
        results[id] = .resolved(addresses)
        return id
    }
    public func status(of id: Int) -> ResolutionStatus { results.removeValue(forKey: id) ?? .failed(.other("unknown lookup")) }
    public func cancel(_ id: Int) { results[id] = nil }
}
#endif
