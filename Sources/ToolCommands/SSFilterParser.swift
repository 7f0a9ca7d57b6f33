import NetworkTypes
import SafeText
import ConnectionsCore
import CaptureCore

/// Parses ss's `[ state STATE ]… [ EXPRESSION ]` filter, for example
/// `state established '( sport = :8080 or dport = :8080 )'`.
///
/// Expressions: `sport`/`dport` with `=`, `==`, `eq`, `!=`, `ne`, `<`, `lt`, `<=`, `le`,
/// `>`, `gt`, `>=`, `ge` and a port written `:8080`, `8080` or `:http`; `src`/`dst` with
/// an address, an optional `/prefix` and an optional `:port` (`127.0.0.1:8080`,
/// `[::1]:8080`, `10.0.0.0/8`, `:8080`); `not`/`!`; `and`/`&&`/`&` (also implied between
/// two conditions); `or`/`||`/`|`; parentheses. `not` binds tightest, then `and`, then `or`.
public struct SSFilterParser {
    public struct Result: Hashable, Sendable {
        /// States named with `state …` / `exclude …`, or nil when none were named.
        public var states: SocketStateSet?
        public var filter: SocketFilter?
    }

    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// What went wrong; anything the learner typed in it has been made safe.
        public var message: String
        public var description: String { message }

        public init(message: String) {
            self.message = SafeText(untrusted: message).string
        }
    }

    let services: ServiceNames
    private var tokens: [String] = []
    private var position = 0

    public init(services: ServiceNames = .builtIn) {
        self.services = services
    }

    /// Parses the words after ss's options (already split by the shell; words may hold
    /// several tokens, as in `'( sport = :8080 )'`).
    public mutating func parse(_ words: [String]) throws(Failure) -> Result {
        tokens = SSFilterParser.lex(words.joined(separator: " "))
        position = 0
        var result = Result(states: nil, filter: nil)
        while let word = peek(), word.lowercased() == "state" || word.lowercased() == "exclude" {
            advance()
            guard let name = next() else {
                throw Failure(message: "`\(word)` needs a state name after it, such as `\(word) established`. Known states: \(SSFilterParser.stateNames.joined(separator: ", ")).")
            }
            guard let states = SSFilterParser.states(named: name) else {
                throw Failure(message: "`\(name)` is not a state ss knows. Known states: \(SSFilterParser.stateNames.joined(separator: ", ")).")
            }
            if word.lowercased() == "state" {
                result.states = (result.states ?? []).union(states)
            } else {
                result.states = (result.states ?? .all).subtracting(states)
            }
        }
        if peek() != nil {
            result.filter = try parseOr()
            if let extra = peek() {
                throw Failure(message: "The filter could not be read from `\(extra)` on. A filter looks like `'( sport = :8080 or dport = :8080 )'`.")
            }
        }
        return result
    }

    // MARK: - Grammar

    private mutating func parseOr() throws(Failure) -> SocketFilter {
        var left = try parseAnd()
        while let word = peek(), ["or", "||", "|"].contains(word.lowercased()) {
            advance()
            let right = try parseAnd()
            left = .or(left, right)
        }
        return left
    }

    private mutating func parseAnd() throws(Failure) -> SocketFilter {
        var left = try parseUnary()
        while let word = peek() {
            let lower = word.lowercased()
            if ["and", "&&", "&"].contains(lower) {
                advance()
            } else if lower == "or" || lower == "||" || lower == "|" || word == ")" {
                break
            }
            // Two conditions side by side mean "and", as in ss.
            let right = try parseUnary()
            left = .and(left, right)
        }
        return left
    }

    private mutating func parseUnary() throws(Failure) -> SocketFilter {
        guard let word = peek() else {
            throw Failure(message: "The filter ends where a condition was expected, such as `sport = :8080`.")
        }
        if word.lowercased() == "not" || word == "!" {
            advance()
            return .not(try parseUnary())
        }
        if word == "(" {
            advance()
            let inner = try parseOr()
            guard next() == ")" else {
                throw Failure(message: "A `(` is not closed. Write the filter as `'( sport = :8080 or dport = :8080 )'`, with the quotes, so the shell passes the parentheses on.")
            }
            return inner
        }
        return try parseCondition()
    }

    private mutating func parseCondition() throws(Failure) -> SocketFilter {
        guard let keyword = next() else {
            throw Failure(message: "A condition such as `sport = :8080` was expected.")
        }
        switch keyword.lowercased() {
        case "sport", "dport":
            let side: EndpointSide = keyword.lowercased() == "sport" ? .source : .destination
            var comparison = PortComparison.equal
            if let word = peek(), let op = SSFilterParser.comparison(word) {
                comparison = op
                advance()
            }
            guard let value = next() else {
                throw Failure(message: "`\(keyword)` needs a port, as in `\(keyword) = :8080`.")
            }
            return .port(side, comparison, try port(value, after: keyword))
        case "src", "dst":
            let side: EndpointSide = keyword.lowercased() == "src" ? .source : .destination
            var negate = false
            if let word = peek(), let op = SSFilterParser.comparison(word) {
                guard op == .equal || op == .notEqual else {
                    throw Failure(message: "`\(keyword)` compares addresses with `=` or `!=` only, as in `\(keyword) 127.0.0.1`.")
                }
                negate = op == .notEqual
                advance()
            }
            guard let value = next() else {
                throw Failure(message: "`\(keyword)` needs an address, as in `\(keyword) 127.0.0.1` or `\(keyword) [::1]:8080`.")
            }
            let condition = SocketFilter.host(side, try hostPattern(value, after: keyword))
            return negate ? .not(condition) : condition
        case "state", "exclude":
            throw Failure(message: "`\(keyword)` must come before the other conditions, as in `ss -tn state established '( dport = :8080 )'`.")
        default:
            throw Failure(message: "`\(keyword)` is not a filter word ss knows. Use `sport`, `dport`, `src`, `dst`, `and`, `or`, `not` and parentheses, as in `'( sport = :8080 or dport = :8080 )'`.")
        }
    }

    // MARK: - Values

    private func port(_ text: String, after keyword: String) throws(Failure) -> UInt16 {
        var body = Substring(text)
        if body.hasPrefix(":") { body = body.dropFirst() }
        if let number = UInt16(body) { return number }
        if !body.isEmpty, let found = services.port(named: String(body), transport: .tcp)
            ?? services.port(named: String(body), transport: .udp) {
            return found
        }
        throw Failure(message: "`\(text)` does not look like a port. Write it with a colon, as ss does: `\(keyword) = :8080`.")
    }

    private func hostPattern(_ text: String, after keyword: String) throws(Failure) -> HostPattern {
        var host = Substring(text)
        var portText: Substring? = nil
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw Failure(message: "`\(text)` opens `[` without closing it. IPv6 addresses with a port look like `[::1]:8080`.")
            }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if rest.hasPrefix(":") { portText = rest.dropFirst() } else if !rest.isEmpty && !rest.hasPrefix("/") {
                throw Failure(message: "`\(text)` has something after `]` that is not `:PORT`.")
            }
            if rest.hasPrefix("/") { host = host + rest }
        } else if host.filter({ $0 == ":" }).count == 1 {
            let colon = host.firstIndex(of: ":")!
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        var prefix: Int? = nil
        if let slash = host.firstIndex(of: "/") {
            guard let bits = Int(host[host.index(after: slash)...]) else {
                throw Failure(message: "`\(text)` has a `/` not followed by a prefix length, as in `10.0.0.0/8`.")
            }
            prefix = bits
            host = host[..<slash]
        }
        var address: NetworkTypes.IPAddress? = nil
        if !host.isEmpty && host != "*" {
            guard let parsed = NetworkTypes.IPAddress(parsing: String(host)) else {
                throw Failure(message: "`\(host)` is not an IP address. porttutor does not look names up; write `127.0.0.1` or `::1`.")
            }
            address = parsed
            let full = parsed.family == .ipv4 ? 32 : 128
            if let p = prefix, p < 0 || p > full {
                throw Failure(message: "`/\(p)` is not a prefix length for \(parsed.family == .ipv4 ? "IPv4 (0–32)" : "IPv6 (0–128)").")
            }
        }
        var port: UInt16? = nil
        if let portText, !portText.isEmpty, portText != "*" {
            port = try self.port(String(portText), after: keyword)
        }
        if address == nil && port == nil && prefix == nil && host != "*" {
            throw Failure(message: "`\(text)` names neither an address nor a port.")
        }
        return HostPattern(address: address, prefixLength: prefix, port: port)
    }

    // MARK: - Tokens

    /// Splits at spaces and around operators and parentheses, so `sport=:8080` and
    /// `(sport = :8080)` read the same as the spaced forms.
    static func lex(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        let chars = Array(text)
        var i = 0
        func flush() { if !current.isEmpty { tokens.append(current); current = "" } }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case " ", "\t", "\n":
                flush()
            case "(", ")":
                flush(); tokens.append(String(c))
            case "=", "<", ">", "!":
                flush()
                if next == "=" { tokens.append(String([c, "="])); i += 1 } else { tokens.append(String(c)) }
            case "&", "|":
                flush()
                if next == c { tokens.append(String([c, c])); i += 1 } else { tokens.append(String(c)) }
            default:
                current.append(c)
            }
            i += 1
        }
        flush()
        return tokens
    }

    static func comparison(_ word: String) -> PortComparison? {
        switch word.lowercased() {
        case "=", "==", "eq": return .equal
        case "!=", "ne", "neq": return .notEqual
        case "<", "lt": return .less
        case "<=", "le", "leq": return .lessOrEqual
        case ">", "gt": return .greater
        case ">=", "ge", "geq": return .greaterOrEqual
        default: return nil
        }
    }

    static let stateNames = ["established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2", "time-wait",
                             "closed", "close-wait", "last-ack", "listening", "closing",
                             "all", "connected", "synchronized", "bucket", "big"]

    /// ss's state names and groups; netstat's spellings (`TIME_WAIT`, `LISTEN`) are
    /// accepted too.
    static func states(named name: String) -> SocketStateSet? {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "established", "estab": return SocketStateSet(.established)
        case "syn-sent": return SocketStateSet(.synSent)
        case "syn-recv", "syn-received": return SocketStateSet(.synReceived)
        case "fin-wait-1", "fin-wait1": return SocketStateSet(.finWait1)
        case "fin-wait-2", "fin-wait2": return SocketStateSet(.finWait2)
        case "time-wait": return SocketStateSet(.timeWait)
        case "closed", "close", "unconn": return SocketStateSet(.close)
        case "close-wait": return SocketStateSet(.closeWait)
        case "last-ack": return SocketStateSet(.lastAck)
        case "listening", "listen": return SocketStateSet(.listen)
        case "closing": return SocketStateSet(.closing)
        case "all": return .all
        case "connected": return SocketStateSet.all.subtracting(SocketStateSet([.listen, .close]))
        case "synchronized": return SocketStateSet.all.subtracting(SocketStateSet([.listen, .close, .synSent]))
        case "bucket": return SocketStateSet([.synReceived, .timeWait])
        case "big": return SocketStateSet.all.subtracting(SocketStateSet([.synReceived, .timeWait]))
        default: return nil
        }
    }

    private func peek() -> String? { position < tokens.count ? tokens[position] : nil }
    private mutating func advance() { position += 1 }
    private mutating func next() -> String? {
        defer { position += 1 }
        return peek()
    }
}

extension String {
    /// Foundation-free replacement of every occurrence of one string by another.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
