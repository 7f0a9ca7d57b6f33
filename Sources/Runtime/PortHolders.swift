import ToolCommands
import SocketsCore
import Connections
import ConnectionsCore
import NetworkTypes

/// Names the program that holds a port ("nc (pid 4242)"), for the "address already in
/// use" explanation. Reads the socket table and the owners of that one socket.
public struct PortHolders: Sendable {
    public var reader: ConnectionsReader

    public init(reader: ConnectionsReader = ConnectionsReader()) {
        self.reader = reader
    }

    public func holder(of port: UInt16, udp: Bool) -> String? {
        let query = SocketQuery(transports: [udp ? .udp : .tcp], states: udp ? .all : .listening)
        guard let snapshot = try? reader.table.read(query) else { return nil }
        let bound = snapshot.entries.filter { $0.local.port == port }
        guard let first = bound.first else { return nil }
        let map = ProcessMap.scan(procRoot: reader.procRoot, wanted: Set(bound.map(\.inode)))
        for entry in bound {
            if let process = map.processes(forInode: entry.inode).first {
                return "\(process.name.string) (pid \(process.pid))"
            }
        }
        return "a program porttutor may not look into (uid \(first.uid)); `sudo ss -tlnp` names it"
    }
}
