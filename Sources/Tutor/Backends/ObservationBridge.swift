import CaptureCore
import ConnectionsCore
import NetworkTypes
import Lessons
import SocketsCore
import ToolCommands

/// Turns what the I/O libraries report into what the lesson checks read, whichever tool
/// made the traffic. The socket table and the checks share NetworkTypes' values (addresses,
/// states, protocols, flags), and so does the capture decoder: rows and packets pass as
/// values, never as text or raw bits.
enum ObservationBridge {
    /// The kernel's table as the checks read it: one row per socket, owner by process name;
    /// porttutor's own told by pid (the process that read the table), as packet sockets
    /// are, so `by: porttutor` holds whatever the binary is called (a test runner too).
    static func rows(_ entries: [SocketEntry], porttutorPID: Int32? = nil) -> [SocketRow] {
        entries.compactMap { entry in
            guard var row = row(entry) else { return nil }
            if let porttutorPID, entry.processes?.contains(where: { $0.pid == porttutorPID }) == true {
                row.process = "porttutor"
            }
            return row
        }
    }

    /// A row of the table; nil for a state the kernel reported that porttutor does not know.
    static func row(_ entry: SocketEntry) -> SocketRow? {
        guard entry.state != .unknown else { return nil }
        let local = address(entry.local)
        let remote = entry.remote.port == 0 && entry.remote.isUnspecified ? nil : address(entry.remote)
        let listening = entry.state == .listen || (entry.transport == .udp && entry.state == .close && remote == nil)
        return SocketRow(proto: entry.transport, local: local, remote: listening ? nil : remote, state: entry.state,
                         process: entry.processes?.first?.name.string)
    }

    /// The endpoint as the checks compare it: an IPv4 connection on a dual-stack socket
    /// (`::ffff:127.0.0.1`) as IPv4, and without the zone, which no check names.
    static func address(_ endpoint: SocketAddress) -> SocketAddress {
        SocketAddress(address: endpoint.address.embeddedIPv4 ?? endpoint.address, port: endpoint.port)
    }

    /// A captured packet as the checks read it; nil for what is neither TCP nor UDP.
    static func packet(_ captured: CapturedPacket, linkType: LinkType, fromRecording: Bool) -> PacketSeen? {
        let decoded = captured.bytes.withUnsafeBytes { PacketDecoder.decode($0, linkType: linkType) }
        guard let source = decoded.source, let destination = decoded.destination,
              let sourcePort = decoded.sourcePort, let destinationPort = decoded.destinationPort else { return nil }
        let proto: TransportProtocol
        switch decoded.transport {
        case .tcp: proto = .tcp
        case .udp: proto = .udp
        default: return nil
        }
        let payload = decoded.payload.upperBound <= captured.bytes.count ? Array(captured.bytes[decoded.payload]) : []
        return PacketSeen(proto: proto,
                          source: SocketAddress(address: source, port: sourcePort),
                          destination: SocketAddress(address: destination, port: destinationPort),
                          flags: decoded.tcp?.flags ?? [],
                          payload: payload, fromRecording: fromRecording)
    }

    /// The packet sockets as the checks read them: one per process holding a socket that
    /// receives frames, porttutor's own marked by pid (the process that read the table is
    /// porttutor). A socket whose holder cannot be seen (another user's, when porttutor is
    /// not root) is left out: the checks count only a capture they can name.
    static func packetSockets(_ entries: [PacketSocketEntry], porttutorPID: Int32?) -> [PacketSocketSeen] {
        entries.filter(\.isRunning).flatMap { entry in
            let interface = entry.isOnEveryInterface ? nil : entry.interfaceName ?? "if\(entry.interfaceIndex)"
            return (entry.processes ?? []).map { holder in
                PacketSocketSeen(process: holder.name.string, pid: Int(holder.pid), interface: interface,
                                 isPorttutor: holder.pid == porttutorPID)
            }
        }
    }

    /// The Packets pane's capture as the checks read it: a live one only, since a replayed
    /// file watches no interface.
    static func paneCapture(_ start: CaptureStart) -> CaptureSeen? {
        guard start.recordingLabel == nil else { return nil }
        return CaptureSeen(interface: start.source, filter: start.request?.filter ?? "")
    }

    /// A request the built-in web server answered, from its request line (`GET / HTTP/1.1`).
    static func webRequest(_ requestLine: String, port: Int?) -> HTTPRequestSeen? {
        let words = requestLine.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count >= 2 else { return nil }
        return HTTPRequestSeen(method: words[0], path: words[1], version: words.count > 2 ? words[2] : nil, port: port)
    }
}
