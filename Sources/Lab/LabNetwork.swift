import NetworkTypes
import CLab
import Glibc

/// The lab's wiring, done by porttutor inside the lab (as root of its namespaces): a
/// virtual cable from `lab0` (10.0.0.1, this computer) to `eth0` (10.0.0.2) in the
/// second computer's network namespace, which the lab's PID 2 keeps alive.
public enum LabNetwork {
    /// Wires the second computer; safe to call once per lab.
    public static func connectServer() throws(LabError) {
        let server = open("/proc/2/ns/net", O_RDONLY | O_CLOEXEC)
        guard server >= 0 else { throw .failed(step: "finding the second computer", reason: errnoText(errno)) }
        defer { close(server) }
        let own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)
        guard own >= 0 else { throw .failed(step: "opening the lab's network namespace", reason: errnoText(errno)) }
        defer { close(own) }
        guard !NamespaceFile.same("/proc/2/ns/net", "/proc/self/ns/net") else {
            throw .failed(step: "finding the second computer", reason: "it has no network of its own")
        }
        let link = try RouteNetlink()
        try link.addVethPair(name: LabHost.lab.interfaceName, peer: LabHost.server.interfaceName, peerNamespace: server)
        try configure(.lab, with: link)
        try withNetworkNamespace(server, returningTo: own) { () throws(LabError) in
            try configure(.server, with: try RouteNetlink())
        }
    }

    /// Runs `body` with this thread in another network namespace (sockets made meanwhile
    /// stay there), then comes back. porttutor has one thread, so nothing else moves.
    public static func withNetworkNamespace<T>(_ target: Int32, returningTo own: Int32,
                                               _ body: () throws(LabError) -> T) throws(LabError) -> T {
        guard pt_setns_net(target) == 0 else { throw .failed(step: "entering the second computer's network", reason: errnoText(errno)) }
        defer { _ = pt_setns_net(own) }
        return try body()
    }

    private static func configure(_ host: LabHost, with link: RouteNetlink) throws(LabError) {
        let index = Int32(if_nametoindex(host.interfaceName))
        guard index > 0 else { throw .failed(step: "finding \(host.interfaceName)", reason: errnoText(errno)) }
        let octets = host.address.split(separator: ".").compactMap { UInt8($0) }
        try link.addAddress(octets, prefixLength: LabHost.prefixLength, index: index)
        try link.setUp(index: index)
    }
}
