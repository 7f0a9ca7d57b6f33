#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConnectionsCore
import NetworkTypes

/// Reads what a ``ConnectionsRequest`` asks for: the socket table, plus the owning
/// processes when the request shows them. This is the one call the run loop makes on its
/// refresh timer and after socket events; the headless command makes the same call.
public struct ConnectionsReader: Sendable {
    public var table: any SocketTable
    /// Where to scan for processes (`-p`).
    public var procRoot: String
    /// Where the packet sockets come from, when a request includes them.
    public var packetSockets: PacketSocketTable

    public init(table: any SocketTable = SystemSocketTable(), procRoot: String = "/proc") {
        self.table = table
        self.procRoot = procRoot
        self.packetSockets = PacketSocketTable(procRoot: procRoot)
    }

    /// One snapshot, read now; with `-p`, every row's ``SocketEntry/processes`` filled in.
    public func read(_ request: ConnectionsRequest) throws -> SocketSnapshot {
        let refresh = beginRefresh(request)
        while true {
            if let snapshot = try refresh.step(budgetMicroseconds: nil) { return snapshot }
        }
    }

    /// Starts a snapshot to be finished over turns of the run loop: the pane's refresh.
    /// See ``ConnectionsRefresh``.
    public func beginRefresh(_ request: ConnectionsRequest) -> ConnectionsRefresh {
        ConnectionsRefresh(request: request, reader: self)
    }

    func attach(_ map: ProcessMap, to snapshot: inout SocketSnapshot) {
        map.attach(to: &snapshot.entries)
        map.attach(to: &snapshot.packetSockets)
        snapshot.unreadableProcesses = map.unreadableProcesses
    }

    /// The packet sockets for a snapshot. A list that cannot be read leaves them out
    /// rather than failing the table: the table matters more than a capture we cannot see.
    func readPacketSockets() -> [PacketSocketEntry] {
        (try? packetSockets.read())?.entries ?? []
    }
}

/// One refresh of the Connections pane in progress.
///
/// How the run loop drives it: on the refresh timer (about once a second) or after one
/// of porttutor's own socket events, call ``ConnectionsReader/beginRefresh(_:)`` unless a
/// refresh is already running. Then, each turn of the loop:
/// - if ``fileDescriptor`` is non-nil, include it in the `poll()` set with `POLLIN` and
///   call ``step(budgetMicroseconds:)`` when it is ready (during a netlink dump it is
///   ready again at once);
/// - if it is nil (the /proc scan of `-p`, or the /proc/net fallback), poll with a zero
///   timeout and call `step` on the next turn.
///
/// A non-nil result is the finished snapshot: hand it to
/// ``ConnectionsPaneModel/apply(_:)`` and drop the refresh. Each step stays within its
/// budget (default 4 ms), so 20,000 sockets never hold the screen still.
public final class ConnectionsRefresh {
    public let request: ConnectionsRequest
    private let reader: ConnectionsReader
    #if os(Linux)
    private let tableRefresh: SocketTableRefresh?
    #endif
    private var table: SocketSnapshot?
    /// Read once the table is done, so the process scan that follows names their holders.
    private var packetSockets: [PacketSocketEntry]?
    private var processScan: ProcessScan?
    private var finished = false

    init(request: ConnectionsRequest, reader: ConnectionsReader) {
        self.request = request
        self.reader = reader
        #if os(Linux)
        tableRefresh = (reader.table as? SystemSocketTable)?.beginRefresh(request.query)
        #endif
    }

    /// The descriptor to poll for `POLLIN`, or nil when the next step needs no waiting.
    public var fileDescriptor: Int32? {
        #if os(Linux)
        return finished || table != nil ? nil : tableRefresh?.fileDescriptor
        #else
        return nil
        #endif
    }

    public var isFinished: Bool { finished }

    /// Does up to `budgetMicroseconds` of work (nil: everything). Returns the snapshot
    /// when complete, nil while more remains (and after it was delivered).
    public func step(budgetMicroseconds: Int? = 4000) throws -> SocketSnapshot? {
        guard !finished else { return nil }
        let start = Clock.microseconds()
        if table == nil {
            #if os(Linux)
            if let tableRefresh {
                guard let done = try tableRefresh.step(budgetMicroseconds: budgetMicroseconds) else { return nil }
                table = done
            } else {
                table = try reader.table.read(request.query)
            }
            #else
            table = try reader.table.read(request.query)
            #endif
        }
        guard var snapshot = table else { return nil }
        if request.includesPacketSockets {
            // One small file, read whole in the same step: about 50 µs with the interface
            // names, against about 3 ms for the table and its owners.
            if packetSockets == nil { packetSockets = reader.readPacketSockets() }
            snapshot.packetSockets = packetSockets ?? []
        }
        snapshot.readerProcessID = getpid()
        if request.display.showProcesses {
            let scan = processScan ?? ProcessScan(procRoot: reader.procRoot)
            processScan = scan
            let left = budgetMicroseconds.map { max(0, $0 - (Clock.microseconds() - start)) }
            guard let map = scan.step(budgetMicroseconds: left) else { return nil }
            reader.attach(map, to: &snapshot)
        }
        finished = true
        table = nil
        packetSockets = nil
        processScan = nil
        return snapshot
    }
}

/// The text of a request's table, as the headless command prints it and the pane shows
/// it. `| grep` stages keep the rows whose drawn line matches; the header stays, and
/// column widths are those of the whole table, as when a shell pipes ss into grep.
public enum ConnectionsText {
    public static func write(_ entries: [SocketEntry], request: ConnectionsRequest,
                             formatter: ConnectionsFormatter, screenWidth: Int? = nil,
                             to out: inout [UInt8]) {
        if request.grep.isEmpty {
            formatter.write(entries, screenWidth: screenWidth, to: &out)
            return
        }
        let rows = ConnectionsFormatter.rows(entries, for: request.display)
        let layout = formatter.layout(for: rows, screenWidth: screenWidth)
        if request.display.showHeader {
            out.append(contentsOf: formatter.headerText(layout).utf8)
            out.append(0x0A)
        }
        for entry in rows {
            let text = formatter.line(for: entry, layout: layout).text
            if request.grep.allSatisfy({ $0.accepts(text) }) {
                out.append(contentsOf: text.utf8)
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
