import Lessons
import NetworkTypes
import Yams

/// Reads the `checks:` items: each is a mapping with exactly one check name (and an optional `label`).
extension LessonBuilder {
    mutating func check(from node: Node) -> Check? {
        guard case .mapping(let mapping) = node else {
            if case .scalar(let scalar) = node, !reader.isNull(node) {
                if Check.Name(rawValue: scalar.string) != nil {
                    reader.error(at: node, "`\(scalar.string)` needs a colon and a value, for example `- \(scalar.string): 8080` or `- \(scalar.string): {...}`")
                } else {
                    let hint = NearMiss.didYouMean(scalar.string, among: Check.names)
                    reader.error(at: node, "a check is a mapping such as `- listening: 8080`, not the bare word '\(scalar.string)'\(hint)")
                }
            } else {
                reader.error(at: node, "a check should be a mapping such as `- listening: 8080`, but this is \(reader.describe(node))")
            }
            return nil
        }
        var label: String?
        var kinds: [(name: Check.Name, key: Node, value: Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                reader.error(at: key, "a check's name should be a plain word")
                continue
            }
            if scalar.string == "label" {
                label = reader.string(value, what: "label")
            } else if let name = Check.Name(rawValue: scalar.string) {
                kinds.append((name, key, value))
            } else {
                let hint = NearMiss.didYouMean(scalar.string, among: Check.names + ["label"])
                reader.error(at: key, "unknown check '\(scalar.string)'\(hint) (checks: \(Check.names.joined(separator: ", ")))")
                return nil
            }
        }
        guard kinds.count == 1, let (name, keyNode, value) = kinds.first else {
            if kinds.isEmpty {
                reader.error(at: node, "this check names no predicate: start it with one of \(Check.names.joined(separator: ", "))")
            } else {
                reader.error(at: kinds[1].key, "one check item can hold one check, but this one also has '\(kinds[0].name.rawValue)': start a new `- ` item for each")
            }
            return nil
        }
        guard let kind = checkKind(name, value: value, keyNode: keyNode) else { return nil }
        return Check(kind, label: label, location: reader.location(of: keyNode))
    }

    private mutating func checkKind(_ checkName: Check.Name, value: Node, keyNode: Node) -> Check.Kind? {
        // `any-of` holds a list of checks, not arguments: read it before the arguments are.
        if checkName == .anyOf { return anyOf(value, keyNode: keyNode) }
        let name = checkName.rawValue
        let allowed = checkName.arguments
        // Shorthands: `listening: 8080`, `http-response: 302`, `http-request:` (any request).
        var entries: Entries?
        var shorthand: Node?
        if case .mapping = value {
            entries = reader.mapping(value, what: "`\(name)`", allowed: allowed)
            if entries == nil { return nil }
        } else if case .scalar = value {
            shorthand = reader.isNull(value) ? nil : value
        } else {
            reader.error(at: value, "`\(name)` takes a mapping such as `{port: 8080}`, not \(reader.describe(value))")
            return nil
        }
        let what = "`\(name)`"
        func argument(_ key: String) -> Node? { entries?[key] }

        switch checkName {
        case .listening:
            guard let port = portArgument(entries, shorthand, keyNode: keyNode, check: name) else { return nil }
            let proto = argument("proto").flatMap { protoChoice($0) } ?? .tcp
            let address = argument("address").flatMap { reader.string($0, what: "address") }.map(LessonHost.init)
            let owner = argument("by").flatMap { ownerChoice($0) } ?? .any
            return .listening(Listening(port: port, proto: proto, address: address, owner: owner))
        case .connected:
            guard let port = portArgument(entries, shorthand, keyNode: keyNode, check: name) else { return nil }
            let owner = argument("by").flatMap { ownerChoice($0) } ?? .any
            return .connected(Connected(port: port, owner: owner))
        case .closed:
            guard let port = portArgument(entries, shorthand, keyNode: keyNode, check: name) else { return nil }
            return .closed(port: port)
        case .handshake:
            guard let port = portArgument(entries, shorthand, keyNode: keyNode, check: name) else { return nil }
            let source = argument("source").flatMap { sourceChoice($0) } ?? .live
            return .handshake(port: port, source: source)
        case .received:
            guard let entries = mappingRequired(entries, shorthand, check: name, keyNode: keyNode, example: "received: {by: listener, text: hello}") else { return nil }
            guard let sideNode = required(entries, "by", in: what, example: "by: listener") else { return nil }
            guard let side = reader.choice(sideNode, what: "side", options: Side.allCases.map { ($0.rawValue, $0) }) else { return nil }
            guard let match = textMatch(entries, check: name) else { return nil }
            let port = entries["port"].flatMap { reader.port($0) }
            if entries.has("port") && port == nil { return nil }
            return .received(Received(side: side, match: match, port: port))
        case .typed:
            guard let entries = mappingRequired(entries, shorthand, check: name, keyNode: keyNode, example: "typed: {pane: client, pattern: '^curl '}") else { return nil }
            let pane = entries["pane"].flatMap { reader.choice($0, what: "pane", options: PaneID.allCases.map { ($0.rawValue, $0) }) }
            if entries.has("pane") && pane == nil { return nil }
            guard let match = textMatch(entries, check: name) else { return nil }
            return .typed(Typed(pane: pane, match: match))
        case .capturing:
            // `capturing: 8080`, `capturing: {port: 8080}`, or `capturing:` for any port.
            if shorthand == nil && entries?.has("port") != true { return .capturing(Capturing()) }
            guard let port = portArgument(entries, shorthand, keyNode: keyNode, check: name) else { return nil }
            let proto = argument("proto").flatMap { protoChoice($0) }
            if entries?.has("proto") == true && proto == nil { return nil }
            return .capturing(Capturing(port: port, proto: proto ?? .tcp))
        case .httpRequest:
            if let shorthand {
                reader.error(at: shorthand, "`http-request` takes a mapping such as `{method: GET, path: /}`, or nothing for any request")
                return nil
            }
            let method = argument("method").flatMap { reader.string($0, what: "method") }
            if let method, let methodNode = argument("method"), method != method.uppercased() || method.contains(" ") {
                reader.error(at: methodNode, "HTTP methods are single uppercase words such as GET or POST, found '\(method)'")
                return nil
            }
            let path = argument("path").flatMap { reader.string($0, what: "path") }
            let headers = argument("headers").flatMap { node in
                reader.sequence(node, what: "headers", allowSingle: true)?.compactMap { reader.string($0, what: "header name") }
            } ?? []
            let port = argument("port").flatMap { reader.port($0) }
            return .httpRequest(HTTPRequestCheck(method: method, path: path, headers: headers, port: port))
        case .httpResponse:
            let statusNode = shorthand ?? argument("status")
            let status = statusNode.map { statusMatch($0) } ?? .any
            guard let status else { return nil }
            let port = argument("port").flatMap { reader.port($0) }
            let complete = argument("complete").flatMap { reader.bool($0, what: "complete") } ?? false
            return .httpResponse(HTTPResponseCheck(status: status, port: port, complete: complete))
        case .packet:
            if let shorthand {
                reader.error(at: shorthand, "`packet` takes a mapping such as `{filter: tcp port 8080, flags: [SYN]}`")
                return nil
            }
            var check = PacketCheck()
            if let filterNode = argument("filter") {
                guard let filter = packetFilter(filterNode) else { return nil }
                check.filter = filter
            }
            if let flagsNode = argument("flags") {
                guard let flags = tcpFlags(flagsNode) else { return nil }
                check.flags = flags
            }
            if let payloadNode = argument("payload") {
                guard let payload = payloadMatch(payloadNode) else { return nil }
                check.payload = payload
            }
            check.source = argument("source").flatMap { sourceChoice($0) } ?? .live
            return .packet(check)
        case .connectionRow:
            guard let entries = mappingRequired(entries, shorthand, check: name, keyNode: keyNode, example: "connection-row: {local-port: 8080, state: ESTABLISHED}") else { return nil }
            var row = ConnectionRowCheck()
            row.proto = entries["proto"].flatMap { protoChoice($0) }
            if let stateNode = entries["state"], let text = reader.string(stateNode, what: "state") {
                guard let state = SocketState(name: text) else {
                    let names = ConnectionRowCheck.stateNames
                    reader.error(at: stateNode, "unknown state '\(text)'\(NearMiss.didYouMean(text, among: names)) (states: \(names.joined(separator: ", ")))")
                    return nil
                }
                row.state = state
            }
            row.localPort = entries["local-port"].flatMap { reader.port($0, what: "local-port") }
            row.remotePort = entries["remote-port"].flatMap { reader.port($0, what: "remote-port") }
            row.port = entries["port"].flatMap { reader.port($0) }
            if entries.order.isEmpty {
                reader.error(at: keyNode, "`connection-row` needs something to match: a port, a state or a protocol")
                return nil
            }
            return .connectionRow(row)
        case .clients:
            // `clients: 8080` (two at once) or `clients: {port: 8080, count: 3}`.
            guard let port = portArgument(entries, shorthand, keyNode: keyNode, check: name) else { return nil }
            let count = argument("count").flatMap { reader.integer($0, what: "count", in: 2...100) }
            if entries?.has("count") == true && count == nil { return nil }
            return .clients(ClientsCheck(port: port, count: count ?? 2))
        case .bindRefused:
            guard let port = portArgument(entries, shorthand, keyNode: keyNode, check: name) else { return nil }
            let reason = argument("reason").flatMap {
                reader.choice($0, what: "reason", options: BindRefusal.allCases.map { ($0.rawValue, $0) })
            }
            if entries?.has("reason") == true && reason == nil { return nil }
            return .bindRefused(BindRefusedCheck(port: port, reason: reason))
        case .datagramLost:
            guard let port = portArgument(entries, shorthand, keyNode: keyNode, check: name) else { return nil }
            return .datagramLost(port: port)
        case .anyOf:
            return anyOf(value, keyNode: keyNode)
        }
    }

    private mutating func anyOf(_ value: Node, keyNode: Node) -> Check.Kind? {
        guard let items = reader.sequence(value, what: "any-of") else { return nil }
        if items.isEmpty {
            reader.error(at: keyNode, "`any-of` is empty: list two or more checks, any one of which is enough")
            return nil
        }
        if items.count == 1 {
            reader.warning(at: reader.location(of: keyNode), "`any-of` with a single check is just that check")
        }
        let inner = items.compactMap { check(from: $0) }
        return inner.count == items.count ? .anyOf(inner) : nil
    }

    // MARK: Arguments

    private mutating func portArgument(_ entries: Entries?, _ shorthand: Node?, keyNode: Node, check: String) -> Int? {
        if let shorthand { return reader.port(shorthand) }
        guard let entries else {
            reader.error(at: keyNode, "`\(check)` needs a port: write `\(check): 8080` or `\(check): {port: 8080}`")
            return nil
        }
        guard let portNode = required(entries, "port", in: "`\(check)`", example: "port: 8080") else { return nil }
        return reader.port(portNode)
    }

    private mutating func mappingRequired(_ entries: Entries?, _ shorthand: Node?, check: String, keyNode: Node, example: String) -> Entries? {
        if let entries { return entries }
        reader.error(at: shorthand ?? keyNode, "`\(check)` takes a mapping, for example `\(example)`")
        return nil
    }

    private mutating func textMatch(_ entries: Entries, check: String) -> TextMatch? {
        let ignoreCase = entries["ignore-case"].flatMap { reader.bool($0, what: "ignore-case") } ?? false
        switch (entries["text"], entries["pattern"]) {
        case (let text?, nil):
            return reader.string(text, what: "text").map { .contains($0, ignoreCase: ignoreCase) }
        case (nil, let pattern?):
            return reader.pattern(pattern).map { .pattern($0, ignoreCase: ignoreCase) }
        case (nil, nil):
            reader.error(at: entries.node, "`\(check)` needs `text:` (words to find) or `pattern:` (a regular expression)")
            return nil
        case (_, let pattern?):
            reader.error(at: entries.keyNode("pattern") ?? pattern, "`\(check)` takes `text:` or `pattern:`, not both")
            return nil
        }
    }

    private mutating func payloadMatch(_ node: Node) -> TextMatch? {
        if case .scalar = node {
            return reader.string(node, what: "payload").map { .contains($0, ignoreCase: false) }
        }
        guard let entries = reader.mapping(node, what: "payload", allowed: ["text", "pattern", "hex", "ignore-case"]) else { return nil }
        if let hexNode = entries["hex"] {
            if entries.has("text") || entries.has("pattern") {
                reader.error(at: entries.keyNode("hex") ?? hexNode, "payload takes one of `text:`, `pattern:` or `hex:`")
                return nil
            }
            guard let text = reader.string(hexNode, what: "hex") else { return nil }
            let digits = text.filter { !$0.isWhitespace }
            var bytes: [UInt8] = []
            var index = digits.startIndex
            while index < digits.endIndex {
                let next = digits.index(index, offsetBy: 2, limitedBy: digits.endIndex) ?? digits.endIndex
                guard digits.distance(from: index, to: next) == 2, let byte = UInt8(digits[index..<next], radix: 16) else {
                    reader.error(at: hexNode, "hex should be pairs of hex digits such as `16 03 01`, found '\(text)'")
                    return nil
                }
                bytes.append(byte)
                index = next
            }
            guard !bytes.isEmpty else {
                reader.error(at: hexNode, "hex is empty")
                return nil
            }
            return .bytes(bytes)
        }
        return textMatch(entries, check: "payload")
    }

    private mutating func packetFilter(_ node: Node) -> PacketFilter? {
        guard let text = reader.string(node, what: "filter") else { return nil }
        do {
            return try PacketFilter(text)
        } catch {
            let shift = (reader.isQuoted(node) ? 1 : 0) + (text.contains("\n") ? 0 : error.offset)
            reader.error(at: reader.location(of: node).shifted(by: shift), "bad filter: \(error.message)")
            return nil
        }
    }

    private mutating func tcpFlags(_ node: Node) -> TCPFlags? {
        guard let items = reader.sequence(node, what: "flags", allowSingle: true) else { return nil }
        var flags: TCPFlags = []
        let names = TCPFlags.named.map(\.name)
        for item in items {
            guard let name = reader.string(item, what: "flag") else { return nil }
            // Accept `SYN-ACK` as tcpdump learners say it.
            for part in name.split(separator: "-") {
                guard let flag = TCPFlags(name: String(part)) else {
                    reader.error(at: item, "unknown TCP flag '\(part)'\(NearMiss.didYouMean(String(part), among: names)) (flags: \(names.joined(separator: ", ")))")
                    return nil
                }
                flags.insert(flag)
            }
        }
        if flags.isEmpty {
            reader.error(at: node, "`flags` is empty: list flags such as [SYN] or [SYN, ACK], or leave it out")
            return nil
        }
        return flags
    }

    private mutating func statusMatch(_ node: Node) -> StatusMatch? {
        guard let text = reader.string(node, what: "status") else { return nil }
        let lowered = text.lowercased()
        if lowered == "any" { return .any }
        if lowered.count == 3, lowered.hasSuffix("xx"), let digit = lowered.first?.wholeNumberValue, (1...5).contains(digit) {
            return .inClass(digit)
        }
        if let code = Int(text), (100...599).contains(code) { return .exactly(code) }
        reader.error(at: node, "status should be a code from 100 to 599 (such as 302), a class such as 3xx, or any; found '\(text)'")
        return nil
    }

    private mutating func protoChoice(_ node: Node) -> TransportProtocol? {
        reader.choice(node, what: "protocol", options: TransportProtocol.allCases.map { ($0.name, $0) })
    }

    private mutating func ownerChoice(_ node: Node) -> SocketOwner? {
        reader.choice(node, what: "owner (`by`)", options: SocketOwner.allCases.map { ($0.rawValue, $0) })
    }

    private mutating func sourceChoice(_ node: Node) -> PacketSource? {
        reader.choice(node, what: "packet source", options: PacketSource.allCases.map { ($0.rawValue, $0) })
    }
}
