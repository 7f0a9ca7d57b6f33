import Glibc
import NetworkTypes
import Testing

/// NetworkTypes reads and writes IPv6 text without the C library; glibc's inet_pton and
/// inet_ntop are the reference it must agree with, byte for byte.
@Suite struct IPv6TextTests {
    static func glibcText(_ bytes: [UInt8]) -> String {
        var storage = in6_addr()
        withUnsafeMutableBytes(of: &storage) { raw in for i in 0..<16 { raw[i] = bytes[i] } }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = inet_ntop(AF_INET6, &storage, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func glibcBytes(_ text: String) -> [UInt8]? {
        var storage = in6_addr()
        guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
        return withUnsafeBytes(of: storage) { Array($0) }
    }

    @Test func formatsAsInetNtopDoes() {
        var generator = SystemRandomNumberGenerator()
        var cases: [[UInt8]] = [
            [UInt8](repeating: 0, count: 16),
            [UInt8](repeating: 0, count: 15) + [1],
            [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF, 127, 0, 0, 1],
            [UInt8](repeating: 0, count: 12) + [10, 0, 0, 2],
            [0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1],
            [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1],
            [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
        ]
        for _ in 0..<2000 {
            // Mostly zero groups, so runs of zeros of every length and place are met.
            cases.append((0..<8).flatMap { _ -> [UInt8] in
                Int.random(in: 0..<3, using: &generator) == 0
                    ? [UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator)] : [0, 0]
            })
        }
        for bytes in cases {
            let ours = IPAddress(bytes: bytes)!.description
            #expect(ours == Self.glibcText(bytes), "\(bytes)")
            #expect(IPAddress(parsing: ours)?.bytes == bytes, "\(ours)")
        }
    }

    @Test func parsesAsInetPtonDoes() {
        let texts = ["::", "::1", "1::", "fe80::1", "::ffff:127.0.0.1", "::127.0.0.1", "1:2:3:4:5:6:7:8",
                     "1:2:3:4:5:6:1.2.3.4", "1::1.2.3.4", "::ffff:1.2.3", "1:2:3:4:5:6:7:8:9", ":1::", "1:::2",
                     "1::2::3", "12345::", "g::", "::1.2.3.256", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", ":", "",
                     "1:2:3:4:5:6:7", "::ffff:01.2.3.4", "ABCD::EF"]
        for text in texts {
            let ours = IPAddress(parsing: text)
            let reference = Self.glibcBytes(text)
            #expect(ours?.bytes == reference, "\(text)")
        }
    }
}
