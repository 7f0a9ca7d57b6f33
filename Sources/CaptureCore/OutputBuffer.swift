/// A growable byte buffer for printed text.
///
/// The printer appends bytes, never Swift strings, in its hot path: formatting 300,000
/// packets a second through `String` interpolation would cost more than tcpdump's
/// `printf`. The headless command writes the buffer to standard output in large chunks.
public final class OutputBuffer {
    // Exclusivity is checked statically here: only this class touches these, never
    // re-entrantly, and the dynamic checks cost more than the appends themselves.
    @exclusivity(unchecked) private(set) var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) public private(set) var count: Int = 0

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(64, capacity)
        self.storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// The bytes written so far.
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// The contents as a string (printer output is ASCII by construction).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public func removeAll() { count = 0 }

    /// Drops everything before `offset`; used to take finished lines off the front.
    public func removeFirst(_ n: Int) {
        precondition(n <= count)
        if n < count { (storage).update(from: storage + n, count: count - n) }
        count -= n
    }

    func truncate(to newCount: Int) { if newCount < count { count = max(0, newCount) } }

    @inline(__always) func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        new.update(from: storage, count: count)
        storage.deallocate()
        storage = new
        capacity = newCapacity
    }

    @inline(__always) public func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        storage[count] = byte
        count += 1
    }

    /// Appends a literal; literals in this module are ASCII.
    @inline(__always) public func append(_ literal: StaticString) {
        let n = literal.utf8CodeUnitCount
        reserve(n)
        (storage + count).update(from: literal.utf8Start, count: n)
        count += n
    }

    public func append(_ text: String) {
        var text = text
        text.withUTF8 { buf in
            reserve(buf.count)
            if let base = buf.baseAddress { (storage + count).update(from: base, count: buf.count) }
            count += buf.count
        }
    }

    public func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        reserve(buffer.count)
        if let base = buffer.baseAddress { (storage + count).update(from: base, count: buffer.count) }
        count += buffer.count
    }

    /// Direct access for tight loops that write a known maximum number of bytes.
    @inline(__always) func withTail(reserving n: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(n)
        count += body(storage + count)
    }

    public func appendDecimal(_ value: UInt32) { appendDecimal(UInt64(value)) }

    public func appendDecimal(_ value: Int) {
        if value < 0 { append(0x2D); appendDecimal(UInt64(value.magnitude)) } else { appendDecimal(UInt64(value)) }
    }

    public func appendDecimal(_ value: UInt64) {
        if value < 10 { append(0x30 &+ UInt8(value)); return }
        reserve(20)
        var digits = 0
        var v = value
        while v > 0 { digits += 1; v /= 10 }
        var p = storage + count + digits - 1
        v = value
        while v > 0 {
            p.pointee = 0x30 &+ UInt8(v % 10)
            v /= 10
            p -= 1
        }
        count += digits
    }

    /// Lowercase hex without leading zeros (`%x`).
    public func appendHex(_ value: UInt32) {
        if value == 0 { append(0x30); return }
        var shift = 28
        while (value >> UInt32(shift)) & 0xF == 0 { shift -= 4 }
        while shift >= 0 {
            append(hexDigit(Int((value >> UInt32(shift)) & 0xF)))
            shift -= 4
        }
    }

    /// Two lowercase hex digits (`%02x`).
    @inline(__always) public func appendHexByte(_ b: UInt8) {
        reserve(2)
        storage[count] = hexDigit(Int(b >> 4))
        storage[count + 1] = hexDigit(Int(b & 0xF))
        count += 2
    }

    /// Zero-padded decimal of a fixed width (`%02u`, `%06u`).
    public func appendDecimal(_ value: UInt32, width: Int) {
        reserve(width + 10)
        var digits = 1
        var v = value / 10
        while v > 0 { digits += 1; v /= 10 }
        if digits < width {
            for _ in 0..<(width - digits) { storage[count] = 0x30; count += 1 }
        }
        appendDecimal(value)
    }
}

/// The lowercase hex digit for 0...15 (computed: a global table costs a lazy-init check
/// on every access).
@inline(__always) func hexDigit(_ v: Int) -> UInt8 { UInt8(truncatingIfNeeded: v < 10 ? 0x30 + v : 0x57 + v) }
