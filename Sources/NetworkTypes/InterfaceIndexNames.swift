/// Interface index to name (`1` → `lo`), for sockets bound to a device; ss writes them
/// as `127.0.0.1%lo:8080`.
public struct InterfaceIndexNames: Sendable {
    private var names: [UInt32: String]

    public init(_ names: [UInt32: String] = [:]) { self.names = names }

    /// The name for an index; `if7` (as iproute2 writes it) for one not in the table;
    /// nil for 0 (not bound to an interface).
    public func name(_ index: UInt32) -> String? {
        index == 0 ? nil : names[index] ?? "if\(index)"
    }
}
