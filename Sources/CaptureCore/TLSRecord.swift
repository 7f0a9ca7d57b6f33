import SafeText

/// The TLS record a TCP payload starts with, read just far enough to name it. The bytes
/// of an HTTPS connection are noise on screen; the explanation says what they are.
///
/// Only the record header (content type, version 3.x, length) and, for a ClientHello,
/// the server name extension are read; every read is bounds-checked, so a packet that
/// merely looks like TLS, or is cut short, yields less rather than a crash.
public struct TLSRecord: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        /// A handshake message; its type byte (1 ClientHello, 2 ServerHello…).
        case handshake(type: UInt8?)
        case changeCipherSpec
        case alert
        case applicationData
    }

    public var content: Content
    /// For a ClientHello: the host name the client asks for (SNI), a byte a cell as
    /// tcpdump -A shows it.
    public var serverName: String?

    /// The record at the start of `payload`, or nil when it does not start like one.
    public init?(payload: UnsafeRawBufferPointer) {
        guard payload.count >= 5, payload[1] == 0x03, payload[2] <= 0x04 else { return nil }
        switch payload[0] {
        case 0x14: content = .changeCipherSpec
        case 0x15: content = .alert
        case 0x16: content = .handshake(type: payload.count > 5 ? payload[5] : nil)
        case 0x17: content = .applicationData
        default: return nil
        }
        if content == .handshake(type: 1) { serverName = Self.serverName(inClientHello: payload) }
    }

    /// One line for a learner.
    public var explanation: String {
        switch content {
        case .handshake(type: 1):
            let asked = serverName.map { " It names the server it wants, \"\($0)\" (SNI), in the clear: encryption has not started yet." } ?? ""
            return "TLS: a handshake record, a ClientHello: the client starts an encrypted session and lists the ciphers and TLS versions it can use.\(asked)"
        case .handshake(type: 2):
            return "TLS: a handshake record, a ServerHello: the server picks the TLS version and the cipher; from here on the session is encrypted."
        case .handshake(let type):
            return "TLS: a handshake record\(type.map { " (message type \($0))" } ?? ""): the two sides still setting up the encrypted session."
        case .changeCipherSpec:
            return "TLS: a ChangeCipherSpec record: this side switches to encryption."
        case .alert:
            return "TLS: an alert record: a warning or an error, or the end of the session."
        case .applicationData:
            return "TLS: application data, encrypted: the payload is unreadable on purpose. This is what HTTPS looks like on the wire."
        }
    }

    /// The host name of a ClientHello's server_name extension (type 0), if it has one.
    static func serverName(inClientHello bytes: UnsafeRawBufferPointer) -> String? {
        var reader = ByteReader(bytes: bytes, at: 5 + 4 + 2 + 32)  // record, handshake headers, version, random
        guard reader.skip(count: reader.u8()),          // session id
              reader.skip(count: reader.u16()),         // cipher suites
              reader.skip(count: reader.u8()),          // compression methods
              let extensionsLength = reader.u16() else { return nil }
        let extensionsEnd = min(bytes.count, reader.at + extensionsLength)
        while reader.at + 4 <= extensionsEnd {
            guard let type = reader.u16(), let length = reader.u16() else { return nil }
            guard type == 0 else {
                guard reader.skip(count: length) else { return nil }
                continue
            }
            // server_name_list: its length, then entries of type (0 = host_name), length, name.
            guard reader.u16() != nil, reader.u8() == 0, let nameLength = reader.u16(),
                  let name = reader.bytes(count: min(nameLength, 255)) else { return nil }
            // A host name on the wire is ASCII (an international name travels as
            // punycode), so it reads as typed; anything else is packet bytes, shown as
            // tcpdump -A shows them rather than decoded into text that could shape the line.
            let shown = SafeText(asciiDump: name).string
            return nameLength > 255 ? shown + "…" : shown
        }
        return nil
    }
}

/// Big-endian reads that answer nil instead of reading past the end.
private struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var at: Int

    mutating func u8() -> Int? {
        guard at < bytes.count else { return nil }
        defer { at += 1 }
        return Int(bytes[at])
    }

    mutating func u16() -> Int? {
        guard at + 2 <= bytes.count else { return nil }
        defer { at += 2 }
        return Int(bytes[at]) << 8 | Int(bytes[at + 1])
    }

    mutating func skip(count: Int?) -> Bool {
        guard let count, at + count <= bytes.count else { return false }
        at += count
        return true
    }

    mutating func bytes(count: Int) -> UnsafeRawBufferPointer? {
        guard at + count <= bytes.count else { return nil }
        defer { at += count }
        return UnsafeRawBufferPointer(rebasing: bytes[at..<(at + count)])
    }
}
