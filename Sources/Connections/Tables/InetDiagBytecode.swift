import ConnectionsCore
import NetworkTypes

/// Compiles a ``SocketFilter`` into the little filter program the kernel runs on every
/// socket before describing it (`INET_DIAG_REQ_BYTECODE`), as ss does. With a filter
/// such as `( sport = :8080 or dport = :8080 )` the kernel then describes only the few
/// matching sockets instead of all 20,000, which makes a filtered refresh nearly free.
///
/// Every instruction is `struct inet_diag_bc_op { u8 code; u8 yes; u16 no; }`: on success
/// execution moves `yes` bytes on, on failure `no` bytes on. A program accepts a socket
/// when execution runs off its end exactly and rejects it when a jump lands 4 bytes past
/// the end. Fragments are built so that their "reject" is that 4-past-the-end jump, which
/// makes `and`, `or` and `not` simple concatenations (the scheme of ss's own compiler).
/// The kernel's answer is still checked against the filter afterwards, so the program
/// only ever saves work.
enum InetDiagBytecode {
    static let nop: UInt8 = 0
    static let jump: UInt8 = 1
    static let sourceGreaterOrEqual: UInt8 = 2
    static let sourceLessOrEqual: UInt8 = 3
    static let destinationGreaterOrEqual: UInt8 = 4
    static let destinationLessOrEqual: UInt8 = 5
    static let sourceCondition: UInt8 = 7
    static let destinationCondition: UInt8 = 8
    static let sourceEqual: UInt8 = 11
    static let destinationEqual: UInt8 = 12
    /// `INET_DIAG_REQ_BYTECODE`, the request attribute carrying the program.
    static let requestAttribute: UInt16 = 1

    /// The program for `filter`, or nil when it would be too long for the kernel's
    /// 16-bit jumps (the filter then runs in porttutor only).
    static func compile(_ filter: SocketFilter) -> [UInt8]? {
        let program = fragment(filter)
        return program.count < 60_000 ? program : nil
    }

    static func fragment(_ filter: SocketFilter) -> [UInt8] {
        switch filter {
        case let .port(side, comparison, port):
            let source = side == .source
            switch comparison {
            case .equal: return portTest(source ? sourceEqual : destinationEqual, port)
            case .greaterOrEqual: return portTest(source ? sourceGreaterOrEqual : destinationGreaterOrEqual, port)
            case .lessOrEqual: return portTest(source ? sourceLessOrEqual : destinationLessOrEqual, port)
            case .notEqual: return fragment(.not(.port(side, .equal, port)))
            case .less: return fragment(.not(.port(side, .greaterOrEqual, port)))
            case .greater: return fragment(.not(.port(side, .lessOrEqual, port)))
            }
        case let .host(side, pattern):
            return hostTest(side == .source ? sourceCondition : destinationCondition, pattern)
        case let .not(inner):
            // inner, then "jump to reject": success of inner rejects, failure of inner
            // lands on the end of the program and accepts.
            return fragment(inner) + op(jump, yes: 4, no: 8)
        case let .and(a, b):
            let first = fragment(a)
            let second = fragment(b)
            return relocatingRejects(in: first, by: second.count) + second
        case let .or(a, b):
            // a's reject lands just after the jump, on b; a's success takes the jump past b.
            let second = fragment(b)
            return fragment(a) + op(jump, yes: 4, no: UInt16(second.count + 4)) + second
        }
    }

    /// `code` comparing a port: the instruction, then one whose `no` field holds the port.
    static func portTest(_ code: UInt8, _ port: UInt16) -> [UInt8] {
        op(code, yes: 8, no: 12) + op(0, yes: 0, no: port)
    }

    /// `struct inet_diag_hostcond { u8 family; u8 prefix_len; int port; be32 addr[]; }`.
    static func hostTest(_ code: UInt8, _ pattern: HostPattern) -> [UInt8] {
        var condition: [UInt8] = []
        let address = pattern.address
        condition.append(address.map { UInt8($0.family.systemValue) } ?? 0)   // AF_UNSPEC: any family
        condition.append(address == nil ? 0 : UInt8(pattern.prefixLength))
        condition += [0, 0]
        let port = pattern.port.map(Int32.init) ?? -1
        withUnsafeBytes(of: port) { condition += $0 }
        if let address { condition += address.bytes }
        let length = 4 + condition.count
        return op(code, yes: UInt8(length), no: UInt16(length + 4)) + condition
    }

    static func op(_ code: UInt8, yes: UInt8, no: UInt16) -> [UInt8] {
        [code, yes, UInt8(truncatingIfNeeded: no), UInt8(truncatingIfNeeded: no >> 8)]
    }

    /// Moves every "reject" jump of `program` (4 bytes past its end) to 4 bytes past the
    /// end of what will follow it.
    static func relocatingRejects(in program: [UInt8], by extra: Int) -> [UInt8] {
        var patched = program
        var offset = 0
        while offset + 4 <= patched.count {
            let remaining = patched.count - offset
            let yes = Int(patched[offset + 1])
            let no = Int(patched[offset + 2]) | Int(patched[offset + 3]) << 8
            if no == remaining + 4 {
                let moved = UInt16(no + extra)
                patched[offset + 2] = UInt8(truncatingIfNeeded: moved)
                patched[offset + 3] = UInt8(truncatingIfNeeded: moved >> 8)
            }
            guard yes > 0 else { break }
            offset += yes
        }
        return patched
    }

    /// Runs a program the way the kernel's `inet_diag_bc_run` does, for tests.
    static func run(_ program: [UInt8], on entry: SocketEntry) -> Bool {
        var offset = 0
        while offset < program.count {
            let code = program[offset]
            let yes = Int(program[offset + 1])
            let no = Int(program[offset + 2]) | Int(program[offset + 3]) << 8
            var passed = true
            func argument() -> UInt16 { UInt16(program[offset + 6]) | UInt16(program[offset + 7]) << 8 }
            switch code {
            case nop: passed = true
            case jump: passed = false
            case sourceEqual: passed = entry.local.port == argument()
            case sourceGreaterOrEqual: passed = entry.local.port >= argument()
            case sourceLessOrEqual: passed = entry.local.port <= argument()
            case destinationEqual: passed = entry.remote.port == argument()
            case destinationGreaterOrEqual: passed = entry.remote.port >= argument()
            case destinationLessOrEqual: passed = entry.remote.port <= argument()
            case sourceCondition, destinationCondition:
                let family = program[offset + 4]
                let prefix = Int(program[offset + 5])
                let port = program[(offset + 8)..<(offset + 12)].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
                let length = family == UInt8(AddressFamily.ipv4.systemValue) ? 4 : (family == 0 ? 0 : 16)
                let address = length == 0 ? nil : IPAddress(bytes: program[(offset + 12)..<(offset + 12 + length)])
                let pattern = HostPattern(address: address, prefixLength: prefix, port: port < 0 ? nil : UInt16(port))
                passed = pattern.matches(code == sourceCondition ? entry.local : entry.remote)
            default: return false
            }
            offset += passed ? yes : no
        }
        return offset == program.count
    }
}
