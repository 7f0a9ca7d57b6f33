import NetworkTypes

/// A small part of tcpdump's filter language, enough for lessons: `tcp port 8080`,
/// `dst port 8080`, `src host 127.0.0.1 and not port 22`, `(port 80 or port 443)`.
///
/// The same words mean the same as in tcpdump, so what a lesson checks is what the learner
/// would type. Unsupported words are lint errors, never silently ignored.
public struct PacketFilter: Sendable, Hashable, CustomStringConvertible {
    /// The filter as the teacher wrote it.
    public var text: String
    public var expression: Expression

    public indirect enum Expression: Sendable, Hashable {
        case proto(TransportProtocol)
        /// `ip` (IPv4) or `ip6`.
        case family(ipv6: Bool)
        case port(ClosedRange<Int>, Direction)
        case host(LessonHost, Direction)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case not(Expression)
    }

    /// Which end of the packet a `port` or `host` refers to.
    public enum Direction: Sendable, Hashable {
        case either, source, destination, both
    }

    /// Why a filter could not be read, with the character offset of the trouble inside it.
    public struct ParseError: Error, Sendable, Hashable {
        public var message: String
        /// Zero-based offset in characters from the start of the filter text.
        public var offset: Int
    }

    public init(_ text: String) throws(ParseError) {
        var parser = Parser(text: text)
        self.text = text
        self.expression = try parser.parseAll()
    }

    public var description: String { text }

    public func matches(_ packet: PacketSeen) -> Bool {
        PacketFilter.evaluate(expression, packet)
    }

    private static func evaluate(_ expression: Expression, _ packet: PacketSeen) -> Bool {
        switch expression {
        case .proto(let proto):
            return packet.proto == proto
        case .family(let ipv6):
            return (packet.source.family == .ipv6) == ipv6
        case .port(let range, let direction):
            return direction.test(source: range.contains(packet.source.portNumber), destination: range.contains(packet.destination.portNumber))
        case .host(let host, let direction):
            return direction.test(source: host.matches(packet.source.address), destination: host.matches(packet.destination.address))
        case .and(let lhs, let rhs):
            return evaluate(lhs, packet) && evaluate(rhs, packet)
        case .or(let lhs, let rhs):
            return evaluate(lhs, packet) || evaluate(rhs, packet)
        case .not(let inner):
            return !evaluate(inner, packet)
        }
    }

    /// Service names tcpdump would accept in `port NAME`; only the ones lessons need.
    static let serviceNames: [String: Int] = ["http": 80, "https": 443, "http-alt": 8080, "ssh": 22, "domain": 53, "telnet": 23]

    static let keywords = ["tcp", "udp", "ip", "ip6", "port", "portrange", "host", "src", "dst", "and", "or", "not"]
}

extension PacketFilter.Direction {
    func test(source: Bool, destination: Bool) -> Bool {
        switch self {
        case .either: return source || destination
        case .source: return source
        case .destination: return destination
        case .both: return source && destination
        }
    }
}

/// Recursive-descent reader for the filter grammar:
/// `or := and ("or" and)*`, `and := unary ("and" unary)*`,
/// `unary := "not" unary | "(" or ")" | primitive`.
private struct Parser {
    struct Token {
        var text: String
        var offset: Int
    }

    var tokens: [Token]
    var position = 0
    let length: Int

    init(text: String) {
        var tokens: [Token] = []
        var current = ""
        var start = 0
        let characters = Array(text)
        length = characters.count
        func flush() {
            if !current.isEmpty { tokens.append(Token(text: current, offset: start)) }
            current = ""
        }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == " " || character == "\t" || character == "\n" {
                flush()
            } else if character == "(" || character == ")" || character == "!" {
                flush()
                tokens.append(Token(text: String(character), offset: index))
            } else if (character == "&" || character == "|") && index + 1 < characters.count && characters[index + 1] == character {
                flush()
                tokens.append(Token(text: String([character, character]), offset: index))
                index += 1
            } else {
                if current.isEmpty { start = index }
                current.append(character)
            }
            index += 1
        }
        flush()
        self.tokens = tokens
    }

    var peek: Token? { position < tokens.count ? tokens[position] : nil }
    var endOffset: Int { length }

    mutating func next() -> Token? {
        defer { position += 1 }
        return peek
    }

    mutating func parseAll() throws(PacketFilter.ParseError) -> PacketFilter.Expression {
        guard peek != nil else {
            throw .init(message: "the filter is empty: write one such as `tcp port 8080`, or leave `filter` out", offset: 0)
        }
        let expression = try parseOr()
        if let extra = peek {
            if !PacketFilter.keywords.contains(extra.text.lowercased()) && !["(", ")", "!", "&&", "||"].contains(extra.text) && Int(extra.text) == nil {
                throw unknownWord(extra)
            }
            throw .init(message: "unexpected '\(extra.text)' in filter; join conditions with `and` or `or`", offset: extra.offset)
        }
        return expression
    }

    mutating func parseOr() throws(PacketFilter.ParseError) -> PacketFilter.Expression {
        var expression = try parseAnd()
        while let token = peek, token.text == "or" || token.text == "||" {
            position += 1
            expression = .or(expression, try parseAnd())
        }
        return expression
    }

    mutating func parseAnd() throws(PacketFilter.ParseError) -> PacketFilter.Expression {
        var expression = try parseUnary()
        while let token = peek, token.text == "and" || token.text == "&&" {
            position += 1
            expression = .and(expression, try parseUnary())
        }
        return expression
    }

    mutating func parseUnary() throws(PacketFilter.ParseError) -> PacketFilter.Expression {
        guard let token = peek else {
            throw .init(message: "the filter ends too early: a condition is missing after the last word", offset: endOffset)
        }
        switch token.text {
        case "not", "!":
            position += 1
            return .not(try parseUnary())
        case "(":
            position += 1
            let inner = try parseOr()
            guard let close = next(), close.text == ")" else {
                throw .init(message: "missing ')' to close the '(' here", offset: token.offset)
            }
            return inner
        default:
            return try parsePrimitive()
        }
    }

    mutating func parsePrimitive() throws(PacketFilter.ParseError) -> PacketFilter.Expression {
        guard let token = next() else {
            throw .init(message: "the filter ends too early", offset: endOffset)
        }
        switch token.text.lowercased() {
        case "tcp", "udp":
            let proto: PacketFilter.Expression = .proto(token.text.lowercased() == "tcp" ? .tcp : .udp)
            if let following = peek, ["port", "portrange", "src", "dst"].contains(following.text.lowercased()) {
                return .and(proto, try parsePrimitive())
            }
            return proto
        case "ip":
            return .family(ipv6: false)
        case "ip6":
            return .family(ipv6: true)
        case "src", "dst":
            var direction: PacketFilter.Direction = token.text.lowercased() == "src" ? .source : .destination
            // `src or dst port 80` and `src and dst host x` qualify a single primitive.
            if let joiner = peek, ["or", "and"].contains(joiner.text.lowercased()),
               position + 1 < tokens.count, ["src", "dst"].contains(tokens[position + 1].text.lowercased()) {
                direction = joiner.text.lowercased() == "or" ? .either : .both
                position += 2
            }
            return try parseQualified(direction: direction, after: token)
        case "port", "portrange", "host":
            position -= 1
            return try parseQualified(direction: .either, after: token)
        case "icmp", "arp", "ether", "net", "less", "greater", "vlan", "tcp[tcpflags]":
            throw .init(message: "'\(token.text)' is tcpdump filter language that porttutor's checks don't understand; use tcp, udp, ip, ip6, port, portrange, host, src, dst, and, or, not", offset: token.offset)
        default:
            throw unknownWord(token)
        }
    }

    mutating func parseQualified(direction: PacketFilter.Direction, after qualifier: Token) throws(PacketFilter.ParseError) -> PacketFilter.Expression {
        guard let keyword = next() else {
            throw .init(message: "expected `port`, `host` or an address after '\(qualifier.text)'", offset: endOffset)
        }
        switch keyword.text.lowercased() {
        case "port":
            guard let value = next() else {
                throw .init(message: "expected a port number after 'port'", offset: endOffset)
            }
            let port = try portNumber(value)
            return .port(port...port, direction)
        case "portrange":
            guard let value = next() else {
                throw .init(message: "expected a range such as 8000-8099 after 'portrange'", offset: endOffset)
            }
            let parts = value.text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw .init(message: "expected a range such as 8000-8099, found '\(value.text)'", offset: value.offset)
            }
            let low = try portNumber(Token(text: String(parts[0]), offset: value.offset))
            let high = try portNumber(Token(text: String(parts[1]), offset: value.offset + parts[0].count + 1))
            guard low <= high else {
                throw .init(message: "the range \(value.text) goes backwards: write the smaller port first", offset: value.offset)
            }
            return .port(low...high, direction)
        case "host":
            guard let value = next() else {
                throw .init(message: "expected an address such as 127.0.0.1 after 'host'", offset: endOffset)
            }
            return .host(try address(value), direction)
        default:
            // `dst 127.0.0.1`: tcpdump reads a bare address after src/dst as a host.
            if qualifier.text.lowercased() == "src" || qualifier.text.lowercased() == "dst" {
                return .host(try address(keyword), direction)
            }
            throw unknownWord(keyword)
        }
    }

    func portNumber(_ token: Token) throws(PacketFilter.ParseError) -> Int {
        if let port = Int(token.text) {
            guard (0...65535).contains(port) else {
                throw .init(message: "port \(port) is out of range: a port is a number from 0 to 65535", offset: token.offset)
            }
            return port
        }
        if let port = PacketFilter.serviceNames[token.text.lowercased()] { return port }
        throw .init(message: "expected a port number, found '\(token.text)'", offset: token.offset)
    }

    func address(_ token: Token) throws(PacketFilter.ParseError) -> LessonHost {
        let text = token.text
        let isIPv4 = text.split(separator: ".", omittingEmptySubsequences: false).count == 4
            && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { UInt8($0) != nil }
        let isIPv6 = text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        guard isIPv4 || isIPv6 || text.lowercased() == "localhost" else {
            if PacketFilter.keywords.contains(text.lowercased()) {
                throw .init(message: "expected an address after `host`, `src` or `dst`, found the keyword '\(text)'", offset: token.offset)
            }
            throw .init(message: "'\(text)' is not a numeric address; checks compare numbers such as 127.0.0.1 or ::1 (or the name localhost)", offset: token.offset)
        }
        return LessonHost(text)
    }

    func unknownWord(_ token: Token) -> PacketFilter.ParseError {
        var message = "unknown word '\(token.text)' in filter"
        if let suggestion = NearMiss.suggestion(for: token.text, among: PacketFilter.keywords) {
            message += "; did you mean '\(suggestion)'?"
        } else if Int(token.text) != nil {
            message += "; write `port \(token.text)` for a port"
        }
        return .init(message: message, offset: token.offset)
    }
}
