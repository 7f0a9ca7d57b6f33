#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CaptureCore

extension NameTable {
    /// Reads the system's name files; missing or unreadable files give no names.
    public static func system(root: String = "") -> NameTable {
        var table = NameTable()
        if let text = readSmallFile(root + "/etc/hosts") { table.loadHosts(text) }
        if let text = readSmallFile(root + "/etc/services") { table.loadServices(text) }
        if let text = readSmallFile(root + "/etc/protocols") { table.loadProtocols(text) }
        return table
    }
}

/// Reads a configuration file of at most 1 MiB; nil when missing.
func readSmallFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16384)
    while data.count < 1 << 20 {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        data.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: data, as: UTF8.self)
}
