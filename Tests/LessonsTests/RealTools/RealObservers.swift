import Foundation
@testable import LessonFiles
@testable import Lessons
import NetworkTypes

/// The socket table as `ss -tuanpH` prints it, turned into the rows the engine would feed.
/// (porttutor's Connections module reads the kernel directly; this is the test's own eye.)
enum SocketTableReader {
    static func read() throws -> [SocketRow] {
        try lines(of: ["ss", "-tuanpH"]).compactMap(parse)
    }

    /// The lines a program prints (ss runs and ends at once).
    static func lines(of arguments: [String]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func parse(_ line: String) -> SocketRow? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count >= 6, let proto = TransportProtocol(name: fields[0]), let state = SocketState(name: fields[1]),
              let local = address(fields[4]) else { return nil }
        let remote = address(fields[5])
        var process: String?
        if fields.count > 6, let start = fields[6].range(of: "((\""), let end = fields[6][start.upperBound...].firstIndex(of: "\"") {
            process = String(fields[6][start.upperBound..<end])
        }
        let listening = state == .listen || (state == .close && (remote?.port ?? 0) == 0)
        return SocketRow(proto: proto, local: local, remote: listening ? nil : remote, state: state, process: process)
    }

    static func address(_ text: String) -> SocketAddress? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        let port = UInt16(text[text.index(after: colon)...]) ?? 0
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let percent = host.firstIndex(of: "%") { host = String(host[..<percent]) }
        // ss writes a dual-stack socket bound to every address as `*`.
        guard let address = host == "*" ? .anyIPv6 : IPAddress(parsing: host) else { return nil }
        // As the bridge does: an IPv4 connection on an IPv6 socket compares as IPv4.
        return SocketAddress(address: address.embeddedIPv4 ?? address, port: port)
    }
}

/// The packet sockets as `ss -0 -pnH` lists them (`p_raw 0 0 *:lo * users:(("tcpdump",pid=7,fd=4))`),
/// turned into what the engine would feed: the test's own eye on the captures running.
enum PacketSocketReader {
    /// Only the sockets of `pids` (the learner's terminal): a capture someone else runs on
    /// this machine would tick a capture step too, rightly, but prove nothing about this
    /// learner. Those of `porttutorPIDs` are marked as porttutor's own.
    static func read(pids: Set<Int32>, porttutorPIDs: Set<Int32>) throws -> [PacketSocketSeen] {
        try SocketTableReader.lines(of: ["ss", "-0", "-pnH"])
            .flatMap(parse)
            .filter { pids.contains(Int32($0.pid)) || porttutorPIDs.contains(Int32($0.pid)) }
            .map { socket in
                var socket = socket
                socket.isPorttutor = porttutorPIDs.contains(Int32(socket.pid))
                return socket
            }
    }

    /// One line, one socket per holder. The local column is `*:lo`, `[2048]:eth0`, or `*:*`
    /// for every interface.
    static func parse(_ line: String) -> [PacketSocketSeen] {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count >= 6, let colon = fields[3].lastIndex(of: ":") else { return [] }
        let device = String(fields[3][fields[3].index(after: colon)...])
        let interface = device == "*" ? nil : device
        let holders = fields[5...].joined(separator: " ").split(separator: "(").compactMap { holder -> PacketSocketSeen? in
            let parts = holder.split(separator: ",")
            guard parts.count >= 2, parts[0].hasPrefix("\""), parts[1].hasPrefix("pid="),
                  let pid = Int(parts[1].dropFirst(4)) else { return nil }
            return PacketSocketSeen(process: String(parts[0].dropFirst().dropLast()), pid: pid, interface: interface)
        }
        return holders
    }
}

/// Packets from a pcap file: the shipped recording, or a live `tcpdump -U -w` still being written.
struct PcapReader {
    private(set) var offset = 0
    private var swapped = false
    private var linkType: UInt32 = 1

    /// Packets added to `data` since the last call (an incomplete last record waits for more).
    mutating func newPackets(in data: [UInt8], fromRecording: Bool = false) -> [PacketSeen] {
        if offset == 0 {
            guard data.count >= 24 else { return [] }
            swapped = data[0] == 0xa1
            linkType = u32(data, 20)
            offset = 24
        }
        var packets: [PacketSeen] = []
        while offset + 16 <= data.count {
            let length = Int(u32(data, offset + 8))
            guard offset + 16 + length <= data.count else { break }
            let frame = Array(data[(offset + 16)..<(offset + 16 + length)])
            offset += 16 + length
            if let packet = decode(frame, fromRecording: fromRecording) { packets.append(packet) }
        }
        return packets
    }

    private func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        let value = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        return swapped ? value.byteSwapped : value
    }

    private func decode(_ frame: [UInt8], fromRecording: Bool) -> PacketSeen? {
        guard linkType == 1, frame.count > 14 else { return nil }
        let etherType = UInt16(frame[12]) << 8 | UInt16(frame[13])
        let ip = Array(frame[14...])
        var proto: UInt8
        var source: IPAddress?, destination: IPAddress?
        var transport: [UInt8]
        switch etherType {
        case 0x0800 where ip.count >= 20:
            let headerLength = Int(ip[0] & 0x0F) * 4
            let total = min(Int(UInt16(ip[2]) << 8 | UInt16(ip[3])), ip.count)
            guard headerLength >= 20, total >= headerLength else { return nil }
            proto = ip[9]
            source = IPAddress(bytes: ip[12..<16])
            destination = IPAddress(bytes: ip[16..<20])
            transport = Array(ip[headerLength..<total])
        case 0x86DD where ip.count >= 40:
            proto = ip[6]
            let payloadLength = Int(UInt16(ip[4]) << 8 | UInt16(ip[5]))
            source = IPAddress(bytes: ip[8..<24])
            destination = IPAddress(bytes: ip[24..<40])
            transport = Array(ip[40..<min(ip.count, 40 + payloadLength)])
        default:
            return nil
        }
        guard let source, let destination, transport.count >= 8 else { return nil }
        let sourcePort = UInt16(transport[0]) << 8 | UInt16(transport[1])
        let destinationPort = UInt16(transport[2]) << 8 | UInt16(transport[3])
        switch proto {
        case 6:
            guard transport.count >= 20 else { return nil }
            let dataOffset = Int(transport[12] >> 4) * 4
            guard dataOffset <= transport.count else { return nil }
            return PacketSeen(
                proto: .tcp, source: SocketAddress(address: source, port: sourcePort),
                destination: SocketAddress(address: destination, port: destinationPort),
                flags: TCPFlags(rawValue: transport[13]), payload: Array(transport[dataOffset...]), fromRecording: fromRecording)
        case 17:
            return PacketSeen(
                proto: .udp, source: SocketAddress(address: source, port: sourcePort),
                destination: SocketAddress(address: destination, port: destinationPort),
                payload: Array(transport[8...]), fromRecording: fromRecording)
        default:
            return nil
        }
    }
}

/// A real `tcpdump` on the loopback writing to a file the test reads as it grows. It
/// stands for porttutor's own quiet capture, so its packet socket is porttutor's.
final class LoopbackCapture {
    let file: URL
    private let tcpdump: RealProcess
    var pid: Int32 { tcpdump.pid }
    private var reader = PcapReader()

    init(filter: String, folder: URL) throws {
        file = folder.appendingPathComponent("live.pcap")
        tcpdump = try RealProcess(["tcpdump", "-i", "lo", "-U", "-n", "-Z", "root", "-w", file.path, filter])
        let ready = waitUntil { ((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0) >= 24 }
        if !ready { throw CaptureNotReady() }
    }

    struct CaptureNotReady: Error {}

    func newPackets() -> [PacketSeen] {
        guard let data = try? Data(contentsOf: file) else { return [] }
        return reader.newPackets(in: Array(data))
    }

    func stop() {
        tcpdump.interrupt()
        _ = waitUntil(seconds: 3) { !tcpdump.isRunning }
        tcpdump.stop()
    }
}
