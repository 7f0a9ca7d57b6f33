/// Reads what a ``ConnectionsRequest`` asks for: the socket table, plus the owning
/// processes when the request shows them. This is the one call the run loop makes on its
/// refresh timer and after socket events; the headless command makes the same call.
public struct ConnectionsReader: Sendable {
    public var table: any SocketTable
    /// Where to scan for processes (`-p`).
    public var procRoot: String

    public init(table: any SocketTable = SystemSocketTable(), procRoot: String = "/proc") {
        self.table = table
        self.procRoot = procRoot
    }

    /// One snapshot; with `-p`, every row's ``SocketEntry/processes`` filled in.
    public func read(_ request: ConnectionsRequest) throws -> SocketSnapshot {
        var snapshot = try table.read(request.query)
        if request.display.showProcesses {
            let wanted = Set(snapshot.entries.lazy.map(\.inode).filter { $0 != 0 })
            let map = ProcessMap.scan(procRoot: procRoot, wanted: wanted)
            map.attach(to: &snapshot.entries)
            if map.unreadableProcesses > 0 {
                snapshot.notes.append("\(map.unreadableProcesses) process\(map.unreadableProcesses == 1 ? "" : "es") could not be looked into; run as root to see every program.")
            }
        }
        return snapshot
    }
}

/// The text of a request's table, as the headless command prints it and the pane shows
/// it: the formatter's lines, then any `| grep` stages applied to them as a shell would
/// (the header goes too unless it matches).
public enum ConnectionsText {
    public static func write(_ entries: [SocketEntry], request: ConnectionsRequest,
                             formatter: ConnectionsFormatter, screenWidth: Int? = nil,
                             to out: inout [UInt8]) {
        if request.grep.isEmpty {
            formatter.write(entries, screenWidth: screenWidth, to: &out)
            return
        }
        var all: [UInt8] = []
        formatter.write(entries, screenWidth: screenWidth, to: &all)
        for line in all.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            let text = String(decoding: line, as: UTF8.self)
            if request.grep.allSatisfy({ $0.accepts(text) }) {
                out.append(contentsOf: line)
                out.append(0x0A)
            }
        }
    }

    public static func render(_ entries: [SocketEntry], request: ConnectionsRequest,
                              formatter: ConnectionsFormatter, screenWidth: Int? = nil) -> String {
        var out: [UInt8] = []
        write(entries, request: request, formatter: formatter, screenWidth: screenWidth, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
