#if canImport(Glibc)
import Glibc
import ToolCommands
import SocketsCore
import NetworkTypes

/// glibc functions that Swift's Glibc module hides (they need `_GNU_SOURCE`), looked up
/// once with `dlsym` so the package needs no C shim target.
struct GNUExtensions: Sendable {
    typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32
    /// getaddrinfo_a(mode, list, count, sigevent)
    typealias GetAddrInfoA = @convention(c) (Int32, UnsafeMutablePointer<UnsafeMutableRawPointer?>?, Int32, UnsafeMutableRawPointer?) -> Int32
    /// gai_error(req) and gai_cancel(req)
    typealias GAIRequestCall = @convention(c) (UnsafeMutableRawPointer?) -> Int32

    let accept4: Accept4?
    let getaddrinfoA: GetAddrInfoA?
    let gaiError: GAIRequestCall?
    let gaiCancel: GAIRequestCall?

    /// glibc ≥ 2.34 has the asynchronous resolver in libc itself; older ones in libanl.
    static let shared: GNUExtensions = {
        let libc = dlopen(nil, RTLD_NOW)
        func find<T>(_ name: String, _ type: T.Type) -> T? {
            var symbol = dlsym(libc, name)
            if symbol == nil, let anl = dlopen("libanl.so.1", RTLD_NOW) { symbol = dlsym(anl, name) }
            guard let symbol else { return nil }
            return unsafeBitCast(symbol, to: type)
        }
        return GNUExtensions(
            accept4: find("accept4", Accept4.self),
            getaddrinfoA: find("getaddrinfo_a", GetAddrInfoA.self),
            gaiError: find("gai_error", GAIRequestCall.self),
            gaiCancel: find("gai_cancel", GAIRequestCall.self)
        )
    }()

    // Values from <netdb.h> under _GNU_SOURCE.
    static let GAI_NOWAIT: Int32 = 1
    static let EAI_INPROGRESS: Int32 = -100
}
#endif
