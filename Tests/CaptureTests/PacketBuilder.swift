@testable import Capture
@testable import CaptureCore
import ToolCommands
import SocketsCore
import Foundation

/// Builds packets byte by byte for the decoder and printer tests.
enum Build {
    static func be16(_ v: Int) -> [UInt8] { [UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

    static let loopback4: UInt32 = 0x7F00_0001
    static let loopback6: [UInt8] = Array(repeating: 0, count: 15) + [1]

    static func ipv4(_ payload: [UInt8], proto: UInt8, src: UInt32 = loopback4, dst: UInt32 = loopback4,
                     totalLength: Int? = nil, fragment: Int = 0x4000) -> [UInt8] {
        [0x45, 0] + be16(totalLength ?? 20 + payload.count) + [0, 1] + be16(fragment) + [64, proto, 0, 0]
            + be32(src) + be32(dst) + payload
    }

    static func ipv6(_ payload: [UInt8], next: UInt8, src: [UInt8] = loopback6, dst: [UInt8] = loopback6) -> [UInt8] {
        [0x60, 0, 0, 0] + be16(payload.count) + [next, 64] + src + dst + payload
    }

    static func tcp(sport: Int = 51234, dport: Int = 18180, seq: UInt32 = 1000, ack: UInt32 = 0, flags: UInt8 = 0x02,
                    window: Int = 65495, options: [UInt8] = [], payload: [UInt8] = []) -> [UInt8] {
        be16(sport) + be16(dport) + be32(seq) + be32(ack) + [UInt8(((20 + options.count) / 4) << 4), flags]
            + be16(window) + [0, 0, 0, 0] + options + payload
    }

    static func udp(sport: Int = 40000, dport: Int = 18181, payload: [UInt8]) -> [UInt8] {
        be16(sport) + be16(dport) + be16(8 + payload.count) + [0, 0] + payload
    }

    static let synOptions: [UInt8] = [2, 4, 0xFF, 0xD7, 4, 2, 8, 10] + be32(1_340_364_053) + be32(0) + [1, 3, 3, 10]

    static func ethernet(_ ip: [UInt8]) -> [UInt8] {
        Array(repeating: 0, count: 12) + (ip.first.map { $0 >> 4 == 6 } == true ? [0x86, 0xDD] : [0x08, 0x00]) + ip
    }

    static func link(_ type: LinkType, _ ip: [UInt8]) -> [UInt8] {
        let v6 = ip.first.map { $0 >> 4 == 6 } ?? false
        switch type {
        case .ethernet: return ethernet(ip)
        case .bsdLoopback: return (v6 ? [30, 0, 0, 0] : [2, 0, 0, 0]) + ip
        case .openBSDLoopback: return (v6 ? [0, 0, 0, 30] : [0, 0, 0, 2]) + ip
        case .linuxCooked: return [0, 4] + be16(772) + be16(6) + Array(repeating: 0, count: 8) + (v6 ? [0x86, 0xDD] : [0x08, 0x00]) + ip
        case .linuxCooked2: return (v6 ? [0x86, 0xDD] : [0x08, 0x00]) + [0, 0] + be32(1) + be16(772) + [4, 6] + Array(repeating: 0, count: 8) + ip
        default: return ip
        }
    }

    static func header(_ bytes: [UInt8], seconds: Int64 = 1_700_000_000, micro: UInt32 = 123_456, wire: Int? = nil) -> PacketHeader {
        PacketHeader(seconds: seconds, microseconds: micro, capturedLength: bytes.count, wireLength: wire ?? bytes.count)
    }
}

extension TcpdumpPrinter {
    /// Prints one packet and returns the text.
    mutating func text(_ bytes: [UInt8], wire: Int? = nil) -> String {
        let out = OutputBuffer(capacity: 256)
        bytes.withUnsafeBytes { print($0, header: Build.header(bytes, wire: wire), to: out) }
        return out.string
    }
}

/// Runs a program and returns its standard output (nil if it cannot be run).
func run(_ path: String, _ arguments: [String]) -> (status: Int32, output: String)? {
    runWithEnvironment(path, arguments, [:])
}

/// `run` with extra environment variables (such as TZ=UTC).
func runWithEnvironment(_ path: String, _ arguments: [String], _ extra: [String: String]) -> (status: Int32, output: String)? {
    guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if !extra.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 } }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "porttutor-capture-\(getpid())-\(name)"
}

let tcpdumpPath = ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"].first { FileManager.default.isExecutableFile(atPath: $0) }

extension Build {
    static func linuxCooked2Frame(_ ip: [UInt8]) -> [UInt8] { link(.linuxCooked2, ip) }
}
