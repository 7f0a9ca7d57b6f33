/// Which rows of a new snapshot were not in the previous one, for the pane's "new" marker,
/// and which changed state (ESTAB → TIME-WAIT) while staying the same connection.
///
/// Rows are matched by ``SocketKey`` (protocol and both endpoints) as a multiset, so two
/// identical unconnected UDP sockets are counted, not merged. One dictionary build and one
/// lookup per row: linear, about a millisecond at 20,000 rows.
public struct SnapshotDiff: Hashable, Sendable {
    /// Indexes into the current snapshot of rows that are new.
    public private(set) var added: [Int] = []
    /// Indexes into the current snapshot of rows whose state changed.
    public private(set) var stateChanged: [Int] = []
    /// How many rows of the previous snapshot are gone.
    public private(set) var removedCount = 0

    /// A diff with nothing new (the first snapshot of a pane: marking every row would say
    /// nothing).
    public init() {}

    public init(previous: [SocketEntry], current: [SocketEntry]) {
        var remaining: [SocketKey: Slot] = [:]
        remaining.reserveCapacity(previous.count)
        for entry in previous {
            remaining[entry.key, default: Slot(count: 0, state: entry.state)].count += 1
        }
        var matched = 0
        for (index, entry) in current.enumerated() {
            let key = entry.key
            if var slot = remaining[key], slot.count > 0 {
                slot.count -= 1
                remaining[key] = slot
                matched += 1
                if slot.state != entry.state { stateChanged.append(index) }
            } else {
                added.append(index)
            }
        }
        removedCount = previous.count - matched
    }

    /// `added` as one flag per current row.
    public func newRowFlags(count: Int) -> [Bool] {
        var flags = [Bool](repeating: false, count: count)
        for i in added where i < count { flags[i] = true }
        return flags
    }

    private struct Slot: Hashable {
        var count: Int32
        var state: SocketState
    }
}
