import Foundation

/// The notes protocol, from the demo to each `porttutor notes` attached to it: one JSON
/// object a line. The demo sends a `hello` on attach, then a `page` whenever what the
/// presenter should see changes, and `bye` when the demo ends. The client sends nothing.
public enum NotesMessage: Codable, Sendable, Equatable {
    /// Who is talking: the protocol's version and the demo's process id.
    case hello(version: Int, pid: Int32)
    case page(NotesPage)
    case bye

    public static let version = 1

    /// The message as one line, newline included.
    public func line() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain values cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }

    /// Reads one line (without its newline); nil for a line this version does not understand.
    public static func parse(_ line: ArraySlice<UInt8>) -> NotesMessage? {
        try? JSONDecoder().decode(NotesMessage.self, from: Data(line))
    }
}

/// Splits the byte stream from the demo into messages, across reads.
public struct NotesLineReader: Sendable {
    private var pending: [UInt8] = []
    /// A line longer than this is not a message of ours: the stream is dropped.
    public static let longestLine = 1 << 20

    public init() {}

    /// The messages completed by `bytes`; lines that do not parse are skipped. Throws when
    /// a line grows past `longestLine`.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws -> [NotesMessage] {
        pending.append(contentsOf: bytes)
        var messages: [NotesMessage] = []
        var start = pending.startIndex
        while let newline = pending[start...].firstIndex(of: 0x0A) {
            if let message = NotesMessage.parse(pending[start..<newline]) { messages.append(message) }
            start = newline + 1
        }
        pending.removeSubrange(..<start)
        if pending.count > Self.longestLine { throw NotesProtocolError.lineTooLong }
        return messages
    }
}

public enum NotesProtocolError: Error, Equatable {
    case lineTooLong
}
