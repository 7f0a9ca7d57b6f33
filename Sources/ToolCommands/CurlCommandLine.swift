import NetworkTypes
import ConnectionsCore
import CaptureCore

/// An `http://` URL split the way curl splits it.
public struct HTTPURL: Hashable, Sendable, CustomStringConvertible {
    /// The host without brackets: `localhost`, `127.0.0.1`, `::1`.
    public var host: String
    public var port: UInt16
    /// Path and query as sent on the request line: `/`, `/search?q=ports`.
    public var target: String

    public init(host: String, port: UInt16 = 80, target: String = "/") {
        self.host = host
        self.port = port
        self.target = target
    }

    /// What curl puts in `Host:` — the port only when it is not 80, IPv6 in brackets.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    public var description: String { "http://\(hostHeader)\(target)" }

    /// `http//localhost:8080`, `http:/localhost`, `http:localhost:8080`: a scheme whose `://`
    /// lost a character. Real curl would take `http` for a host name and fail to resolve it
    /// (or guess); the learner needs to hear that the URL is off, not that they are offline.
    static func schemeSlip(_ text: String) -> CommandLineError? {
        let lower = text.lowercased()
        for scheme in ["https", "http"] where lower.hasPrefix(scheme) && !lower.hasPrefix(scheme + "://") {
            let after = lower.dropFirst(scheme.count)
            guard let first = after.first, first == ":" || first == "/" || first == ";" else { continue }
            let rest = text.dropFirst(scheme.count).drop { $0 == ":" || $0 == "/" || $0 == ";" }
            let fixed = "\(scheme)://\(rest)"
            return CommandLineError(message: "curl: (3) URL rejected: \"\(text)\" is missing part of \"\(scheme)://\"",
                                    help: ["A URL starts with the scheme, a colon and two slashes: \(fixed)"])
        }
        return nil
    }

    /// Parses `[http://]HOST[:PORT][/PATH][?QUERY][#FRAGMENT]`.
    public static func parse(_ text: String) -> Result<HTTPURL, CommandLineError> {
        let bad = CommandLineError(message: "curl: (3) URL using bad/illegal format or missing URL",
                                   help: ["A URL looks like http://localhost:8080/path (port and path optional)."])
        if let slip = schemeSlip(text) { return .failure(slip) }
        var rest = Substring(text)
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://"),
           rest[..<colon].allSatisfy({ $0.isASCII && $0.isLetter }) {
            let scheme = rest[..<colon].lowercased()
            rest = rest[rest.index(colon, offsetBy: 3)...]
            switch scheme {
            case "http": break
            case "https": return .failure(tlsError(text))
            default:
                return .failure(CommandLineError(
                    message: "curl: (1) Protocol \"\(scheme)\" not supported or disabled in libcurl",
                    help: ["This pane speaks plain HTTP: http://HOST[:PORT]/PATH"]))
            }
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        guard !rest.isEmpty, rest.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return .failure(bad)
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.hasPrefix("?") { target = "/" + target }
        if target.isEmpty { target = "/" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .failure(bad) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { return .failure(bad) }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { return .failure(bad) }
        var port: UInt16 = 80
        if let portText, !portText.isEmpty {
            guard let value = PortArgument.parse(String(portText)), portText.allSatisfy(\.isNumber) else {
                return .failure(CommandLineError(message: "curl: (3) URL using bad/illegal format or missing URL",
                                                 help: ["The port after the colon must be 1-65535: http://localhost:8080/"]))
            }
            port = value
        }
        return .success(HTTPURL(host: String(host), port: port, target: target))
    }

    static func tlsError(_ url: String) -> CommandLineError {
        CommandLineError(
            message: "curl: \(url) needs TLS, which this pane does not speak.",
            help: [
                "https:// is HTTP inside TLS: the first bytes are a TLS handshake and everything after",
                "it is encrypted, so there is nothing readable to type or show by hand.",
                "Use http:// here (for example curl -v http://localhost:8088/), or run the real curl",
                "in a terminal. In the Packets pane, port 443 traffic looks like noise: that is the encryption.",
            ])
    }
}

/// What `curl` was asked to send, ready to become bytes on the wire.
///
/// The request is the one curl 7.88 (Debian bookworm) sends, byte for byte, including its
/// `User-Agent: curl/7.88.1`: the lesson's point is that the Listener pane shows what
/// curl sends, so the pane's curl says the same. `-A` or `-H 'User-Agent: …'` changes it.
public struct CurlCommandLine: Hashable, Sendable {
    public static let defaultUserAgent = "curl/7.88.1"

    public var url: HTTPURL
    public var method: String
    /// `-H` headers in the order given; an empty value (`-H 'Accept:'`) removes curl's own.
    public var headers: [HTTPHeader]
    public var body: [UInt8]?
    public var verbose: Bool
    /// `-i`: show the response status line and headers before the body.
    public var includeHeaders: Bool
    /// `-I`: send HEAD and show only the headers.
    public var headOnly: Bool
    public var userAgent: String
    public var maxTimeSeconds: Int?
    /// `--connect-timeout`: how long to wait for the connection alone (lesson 10's silent drop).
    public var connectTimeoutSeconds: Int?

    public init(url: HTTPURL, method: String = "GET", headers: [HTTPHeader] = [], body: [UInt8]? = nil,
                verbose: Bool = false, includeHeaders: Bool = false, headOnly: Bool = false,
                userAgent: String = CurlCommandLine.defaultUserAgent, maxTimeSeconds: Int? = nil,
                connectTimeoutSeconds: Int? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.verbose = verbose
        self.includeHeaders = includeHeaders
        self.headOnly = headOnly
        self.userAgent = userAgent
        self.maxTimeSeconds = maxTimeSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    /// The request header lines, in curl's order, without CRLF.
    public var requestLines: [String] {
        var lines = ["\(method) \(url.target) HTTP/1.1"]
        func custom(_ name: String) -> HTTPHeader? {
            headers.last { $0.name.lowercased() == name.lowercased() }
        }
        if let host = custom("Host") {
            if !host.value.isEmpty { lines.append("Host: \(host.value)") }
        } else {
            lines.append("Host: \(url.hostHeader)")
        }
        if custom("User-Agent") == nil && !userAgent.isEmpty { lines.append("User-Agent: \(userAgent)") }
        if custom("Accept") == nil { lines.append("Accept: */*") }
        for header in headers where header.name.lowercased() != "host" && !header.value.isEmpty {
            lines.append("\(header.name): \(header.value)")
        }
        if let body {
            if custom("Content-Length") == nil { lines.append("Content-Length: \(body.count)") }
            if custom("Content-Type") == nil { lines.append("Content-Type: application/x-www-form-urlencoded") }
        }
        return lines
    }

    /// The whole request as sent: header lines with CRLF, a blank line, then the body.
    public var requestBytes: [UInt8] {
        var bytes: [UInt8] = []
        for line in requestLines { bytes += Array(line.utf8) + [13, 10] }
        bytes += [13, 10]
        if let body { bytes += body }
        return bytes
    }

    static let longOptions: [String: Character] = [
        "--verbose": "v", "--include": "i", "--head": "I", "--request": "X", "--header": "H",
        "--data": "d", "--data-raw": "d", "--data-ascii": "d", "--data-binary": "d",
        "--user-agent": "A", "--silent": "s", "--show-error": "S", "--max-time": "m",
        "--http1.1": "1",
    ]
    static let flags: Set<Character> = ["v", "i", "I", "s", "S", "1"]
    static let valued: Set<Character> = ["X", "H", "d", "A", "m"]

    /// Parses the words after `curl`.
    public static func parse(_ arguments: [String], help: [String]) -> Result<CurlCommandLine, CommandLineError> {
        var expanded: [String] = []
        var connectTimeout: Int?
        var words = arguments[...]
        while let argument = words.popFirst() {
            // The one long option with no short form: taken here, with its value.
            if argument == "--connect-timeout" {
                guard let value = words.popFirst() else {
                    return .failure(CommandLineError(message: "curl: option --connect-timeout: requires parameter", help: help))
                }
                guard let seconds = Int(value), seconds > 0 else {
                    return .failure(CommandLineError(message: "curl: --connect-timeout \(value): give whole seconds", help: help))
                }
                connectTimeout = seconds
                continue
            }
            if argument.hasPrefix("--") && argument.count > 2 {
                guard let letter = longOptions[argument] else {
                    return .failure(unsupported(argument, help: help))
                }
                expanded.append("-\(letter)")
            } else {
                expanded.append(argument)
            }
        }
        let parser = ShortOptionParser(flags: flags, valued: valued)
        let items: [ShortOptionParser.Item]
        switch parser.parse(expanded) {
        case .success(let parsed): items = parsed
        case .failure(.unknown(let letter)): return .failure(unsupported("-\(letter)", help: help))
        case .failure(.missingValue(let letter)):
            return .failure(CommandLineError(message: "curl: option -\(letter): requires parameter", help: help))
        }
        var urls: [String] = []
        var method: String?
        var headers: [HTTPHeader] = []
        var data: [String] = []
        var verbose = false, include = false, head = false
        var userAgent = defaultUserAgent
        var maxTime: Int?
        for item in items {
            switch item {
            case .flag("v"): verbose = true
            case .flag("i"): include = true
            case .flag("I"): head = true
            case .flag: break
            case .value("X", let m):
                guard !m.isEmpty, m.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
                    return .failure(CommandLineError(message: "curl: -X \(m): a method is a word such as GET, POST, PUT or DELETE",
                                                     help: help))
                }
                method = m
            case .value("H", let text):
                guard let header = HTTPHeader(commandLine: text) else {
                    return .failure(CommandLineError(message: "curl: -H \"\(text)\": a header looks like 'Name: value'",
                                                     help: ["For example: -H 'Accept: text/html'"]))
                }
                headers.append(header)
            case .value("d", let text):
                if text.hasPrefix("@") {
                    return .failure(CommandLineError(message: "curl: -d \(text): reading data from a file is not supported in this pane",
                                                     help: ["Give the data itself, for example -d 'name=ada'."]))
                }
                data.append(text)
            case .value("A", let text): userAgent = text
            case .value("m", let text):
                guard let seconds = Int(text), seconds > 0 else {
                    return .failure(CommandLineError(message: "curl: -m \(text): give whole seconds", help: help))
                }
                maxTime = seconds
            case .value: break
            case .operand(let word): urls.append(word)
            }
        }
        guard urls.count == 1 else {
            return .failure(CommandLineError(
                message: urls.isEmpty ? "curl: no URL specified!" : "curl: one URL at a time, please (got \(urls.count))",
                help: ["For example: curl -v http://localhost:8080/"] + help))
        }
        if head && !data.isEmpty {
            return .failure(CommandLineError(
                message: "curl: You can only select one HTTP request method! You asked for both POST (-d, --data) and HEAD (-I, --head).",
                help: ["-I asks for headers only (HEAD); -d sends a body (POST). Choose one."]))
        }
        let url: HTTPURL
        switch HTTPURL.parse(urls[0]) {
        case .success(let parsed): url = parsed
        case .failure(let error): return .failure(error)
        }
        let body = data.isEmpty ? nil : Array(data.joined(separator: "&").utf8)
        let chosen = method ?? (head ? "HEAD" : body != nil ? "POST" : "GET")
        return .success(CurlCommandLine(url: url, method: chosen, headers: headers, body: body, verbose: verbose,
                                        includeHeaders: include, headOnly: head || chosen == "HEAD",
                                        userAgent: userAgent, maxTimeSeconds: maxTime, connectTimeoutSeconds: connectTimeout))
    }

    private static func unsupported(_ option: String, help: [String]) -> CommandLineError {
        var extra: [String] = []
        switch option {
        case "-L", "--location":
            extra = ["Following redirects (-L) is left to you here: read the Location header and curl that URL."]
        case "-k", "--insecure": extra = ["-k is about TLS certificates; this pane speaks plain HTTP only."]
        case "-o", "-O", "--output": extra = ["Saving to files is not supported; the body is shown in the pane."]
        default: break
        }
        return CommandLineError(message: "curl: option \(option): is unknown or not supported in this pane",
                                help: extra + help)
    }
}
