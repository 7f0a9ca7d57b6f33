/// One captured packet, owned: its bytes copied out of libpcap's buffer.
public struct CapturedPacket: Sendable, Hashable {
    public var header: PacketHeader
    public var bytes: [UInt8]
    /// Position in the capture, counting from 1 (survives the ring dropping old packets).
    public var number: Int

    public init(header: PacketHeader, bytes: [UInt8], number: Int) {
        self.header = header
        self.bytes = bytes
        self.number = number
    }
}

/// The newest packets, at most `capacity` of them and at most `byteLimit` bytes, so a
/// long capture cannot use memory without bound. Counts what it had to drop.
public struct PacketRing: Sendable {
    public let capacity: Int
    public let byteLimit: Int
    private var storage: [CapturedPacket?]
    private var head = 0  // index of the oldest packet
    public private(set) var count = 0
    public private(set) var byteCount = 0
    /// Packets pushed out to make room for newer ones.
    public private(set) var dropped = 0
    /// Packets ever appended.
    public private(set) var total = 0

    public init(capacity: Int = 10_000, byteLimit: Int = 64 << 20) {
        self.capacity = max(1, capacity)
        self.byteLimit = max(1, byteLimit)
        storage = Array(repeating: nil, count: self.capacity)
    }

    public mutating func append(_ packet: CapturedPacket) {
        total += 1
        while count > 0 && (count == capacity || byteCount + packet.bytes.count > byteLimit) { dropOldest() }
        let index = (head + count) % capacity
        storage[index] = packet
        count += 1
        byteCount += packet.bytes.count
    }

    private mutating func dropOldest() {
        if let old = storage[head] { byteCount -= old.bytes.count }
        storage[head] = nil
        head = (head + 1) % capacity
        count -= 1
        dropped += 1
    }

    public mutating func removeAll() {
        storage = Array(repeating: nil, count: capacity)
        head = 0; count = 0; byteCount = 0
    }

    /// The i-th oldest packet still held (0 is the oldest).
    public subscript(i: Int) -> CapturedPacket {
        precondition(i >= 0 && i < count, "index out of range")
        return storage[(head + i) % capacity]!
    }

    public var isEmpty: Bool { count == 0 }

    /// Oldest first.
    public var packets: [CapturedPacket] { (0..<count).map { self[$0] } }
}
