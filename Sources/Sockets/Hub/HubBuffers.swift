#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ToolCommands
import SocketsCore
import NetworkTypes

/// One descriptor for poll(), with the events wanted.
public struct PollInterest: Hashable, Sendable {
    public var fd: Int32
    public var events: Int16

    public init(fd: Int32, events: Int16) {
        self.fd = fd
        self.events = events
    }

    public static let readable = Int16(POLLIN)
    public static let writable = Int16(POLLOUT)
}

/// Bytes waiting for the socket to accept them: appended at the back, sent from the front,
/// bounded so a peer that never reads cannot grow memory.
struct OutgoingBuffer {
    private var storage: [UInt8] = []
    private var head = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    var count: Int { storage.count - head }
    var isEmpty: Bool { count == 0 }

    /// False (and nothing queued) if the bytes would pass the limit.
    mutating func append(_ bytes: [UInt8]) -> Bool {
        guard count + bytes.count <= limit else { return false }
        if head > 0 && head == storage.count { storage.removeAll(keepingCapacity: true); head = 0 }
        storage += bytes
        return true
    }

    /// Sends as much as the socket takes now.
    mutating func flush(to fd: Int32) -> Errno? {
        while head < storage.count {
            let result = storage.withUnsafeBytes { raw in
                POSIXSocket.send(fd, UnsafeRawBufferPointer(rebasing: raw[head...]))
            }
            switch result {
            case .transferred(let n): head += n
            case .wouldBlock, .endOfStream: return nil
            case .failed(let e): return e
            }
        }
        storage.removeAll(keepingCapacity: storage.capacity <= 256 * 1024)
        head = 0
        return nil
    }
}

/// A token bucket over received bytes: within budget they become lines; beyond it they are
/// counted and summarised, so a 50 MB flood costs a few lines, not a frozen screen.
struct DisplayBudget {
    let bytesPerSecond: Int
    private var tokens: Double
    private var refilledAt: ContinuousClock.Instant?
    private(set) var skippedBytes = 0

    init(bytesPerSecond: Int) {
        self.bytesPerSecond = bytesPerSecond
        self.tokens = Double(bytesPerSecond)
    }

    /// Whether `count` bytes arriving `now` may be shown.
    mutating func admit(_ count: Int, now: ContinuousClock.Instant) -> Bool {
        refill(now)
        if tokens >= Double(count) { tokens -= Double(count); return true }
        tokens = max(0, tokens - Double(count))
        skippedBytes += count
        return false
    }

    /// The tokens the budget must hold again before the summary is owed: a quarter second's.
    private var summaryThreshold: Double { Double(bytesPerSecond) / 4 }

    /// When the summary of skipped bytes falls due if nothing more arrives: a fixed moment,
    /// so the run loop can sleep until it (nil when nothing was skipped).
    var summaryDue: ContinuousClock.Instant? {
        guard skippedBytes > 0, let refilledAt else { return nil }
        let missing = max(0, summaryThreshold - tokens)
        let nanoseconds = Int64((missing / Double(bytesPerSecond) * 1e9).rounded(.up))
        return refilledAt.advanced(by: .nanoseconds(nanoseconds))
    }

    /// The summary line owed for skipped bytes, once the flood has eased.
    mutating func summary(now: ContinuousClock.Instant) -> String? {
        refill(now)
        // Half a byte of slack: the refill's floating point must not miss the moment it was due for.
        guard skippedBytes > 0, tokens + 0.5 >= summaryThreshold else { return nil }
        defer { skippedBytes = 0 }
        return "… \(Self.format(bytes: skippedBytes)) not shown: data arrived faster than the pane can show it (all of it was received and counted)."
    }

    private mutating func refill(_ now: ContinuousClock.Instant) {
        if let last = refilledAt {
            let elapsed = now - last
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(Double(bytesPerSecond), tokens + seconds * Double(bytesPerSecond))
        }
        refilledAt = now
    }

    static func format(bytes: Int) -> String {
        if bytes >= 1 << 20 { return "\(bytes / (1 << 20)).\((bytes % (1 << 20)) * 10 / (1 << 20)) MB" }
        if bytes >= 1 << 10 { return "\(bytes / 1024) KB" }
        return "\(bytes) bytes"
    }
}
