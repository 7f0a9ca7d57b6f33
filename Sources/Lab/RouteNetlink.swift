import CLab
import Glibc

/// Just enough rtnetlink to wire the lab: make a veth pair, give an address, bring a link
/// up. Each request asks for an acknowledgement, so a refusal comes back as an errno.
final class RouteNetlink {
    private let fd: Int32
    private var sequence: UInt32 = 0

    /// A socket in the network namespace of the calling thread.
    init() throws(LabError) {
        fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), NETLINK_ROUTE)
        guard fd >= 0 else { throw .failed(step: "opening a netlink socket", reason: errnoText(errno)) }
    }

    deinit { close(fd) }

    // Message types and flags from <linux/rtnetlink.h> and <linux/netlink.h>.
    static let newLink: UInt16 = 16, newAddress: UInt16 = 20, error: UInt16 = 2
    static let request: UInt16 = 0x1, acknowledge: UInt16 = 0x4, exclusive: UInt16 = 0x200, create: UInt16 = 0x400
    // Attributes.
    static let interfaceName: UInt16 = 3, linkInfo: UInt16 = 18, infoKind: UInt16 = 1, infoData: UInt16 = 2
    static let vethPeer: UInt16 = 1, namespaceFD: UInt16 = 28, addressLocal: UInt16 = 2, addressAddress: UInt16 = 1
    static let nested: UInt16 = 0x8000

    /// `ip link add NAME type veth peer name PEER netns FD`.
    func addVethPair(name: String, peer: String, peerNamespace: Int32) throws(LabError) {
        var peerInfo = NetlinkBuffer()
        peerInfo.interfaceInfo(index: 0, flags: 0, change: 0)
        peerInfo.attribute(Self.interfaceName, string: peer)
        peerInfo.attribute(Self.namespaceFD, uint32: UInt32(bitPattern: peerNamespace))
        var data = NetlinkBuffer()
        data.attribute(Self.vethPeer, bytes: peerInfo.bytes)
        var info = NetlinkBuffer()
        info.attribute(Self.infoKind, string: "veth")
        info.attribute(Self.infoData | Self.nested, bytes: data.bytes)
        var body = NetlinkBuffer()
        body.interfaceInfo(index: 0, flags: 0, change: 0)
        body.attribute(Self.interfaceName, string: name)
        body.attribute(Self.linkInfo | Self.nested, bytes: info.bytes)
        try send(Self.newLink, flags: Self.create | Self.exclusive, body: body, doing: "making the cable (veth pair)")
    }

    /// `ip link set NAME up`.
    func setUp(index: Int32) throws(LabError) {
        var body = NetlinkBuffer()
        body.interfaceInfo(index: index, flags: UInt32(IFF_UP), change: UInt32(IFF_UP))
        try send(Self.newLink, flags: 0, body: body, doing: "bringing a lab link up")
    }

    /// `ip addr add ADDRESS/PREFIX dev INDEX`.
    func addAddress(_ address: [UInt8], prefixLength: UInt8, index: Int32) throws(LabError) {
        var body = NetlinkBuffer()
        body.bytes += [UInt8(AF_INET), prefixLength, 0, 0]  // ifaddrmsg: family, prefix, flags, scope
        body.append(UInt32(bitPattern: index))
        body.attribute(Self.addressLocal, bytes: address)
        body.attribute(Self.addressAddress, bytes: address)
        try send(Self.newAddress, flags: Self.create | Self.exclusive, body: body, doing: "giving a lab computer its address")
    }

    private func send(_ type: UInt16, flags: UInt16, body: NetlinkBuffer, doing step: String) throws(LabError) {
        sequence += 1
        var message = NetlinkBuffer()
        message.append(UInt32(16 + body.bytes.count))
        message.append(type)
        message.append(flags | Self.request | Self.acknowledge)
        message.append(sequence)
        message.append(UInt32(0))
        message.bytes += body.bytes
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        let sent = message.bytes.withUnsafeBytes { bytes in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_nl>.size))
                }
            }
        }
        guard sent == message.bytes.count else { throw .failed(step: step, reason: errnoText(errno)) }
        var reply = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = recv(fd, &reply, reply.count, 0)
            if n < 0 && errno == EINTR { continue }
            guard n >= 36 else { throw .failed(step: step, reason: n < 0 ? errnoText(errno) : "a short netlink reply") }
            let replyType = UInt16(reply[4]) | UInt16(reply[5]) << 8
            let replySequence = reply[8..<12].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            guard replyType == Self.error, replySequence == sequence else { continue }
            let code = reply[16..<20].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
            if code == 0 { return }
            throw .failed(step: step, reason: errnoText(-code))
        }
    }
}

/// Netlink's bytes in the machine's own order, attributes padded to four bytes.
struct NetlinkBuffer {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { bytes += $0 }
    }

    /// struct ifinfomsg: family, padding, type, index, flags, change.
    mutating func interfaceInfo(index: Int32, flags: UInt32, change: UInt32) {
        bytes += [UInt8(AF_UNSPEC), 0, 0, 0]
        append(index)
        append(flags)
        append(change)
    }

    mutating func attribute(_ type: UInt16, bytes payload: [UInt8]) {
        append(UInt16(4 + payload.count))
        append(type)
        bytes += payload
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    mutating func attribute(_ type: UInt16, string: String) {
        attribute(type, bytes: Array(string.utf8) + [0])
    }

    mutating func attribute(_ type: UInt16, uint32 value: UInt32) {
        attribute(type, bytes: withUnsafeBytes(of: value) { Array($0) })
    }
}
