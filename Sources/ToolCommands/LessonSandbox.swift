import NetworkTypes
import CaptureCore

/// What a lesson may make porttutor do on its own: the lines "show me" (F4) and demo mode
/// type for a step. The learner's own typing is theirs; a lesson file is someone else's,
/// so what it types may reach only `reachable` addresses, capture only on `interfaces`,
/// and write or read files only by a bare name, inside the folder porttutor owns for the
/// session. `lint` applies the same rules to each `perform` line, and the autopilot
/// applies them again to what each line would really do, so one rule holds in both.
public struct LessonSandbox: Sendable, Hashable {
    /// The addresses a lesson's commands may connect to or listen on.
    public var reachable: ReachableAddresses
    /// The interfaces a lesson's tcpdump may capture on.
    public var interfaces: Set<String>

    public init(reachable: ReachableAddresses = .loopback, interfaces: Set<String> = ["lo", "lo0"]) {
        self.reachable = reachable
        self.interfaces = interfaces
    }

    /// Loopback only: the sandbox of every lesson outside the lab.
    public static let standard = LessonSandbox()

    /// A `needs: lab` lesson in porttutor's lab: the loopback and the lab's cable
    /// (10.0.0.0/24, `lab.lab`, `server.lab`), every address (`0.0.0.0`, `::`: a listener
    /// there is reached from server.lab), and capture on the lab's interface and on `any`.
    /// The lab is a private network namespace, so every address and every interface in it
    /// are the lab's alone: nothing outside can reach them.
    public static let lab: LessonSandbox = {
        var names: [String: IPAddress] = [:]
        for host in LabHost.allCases {
            guard let address = IPAddress(parsing: host.address) else { continue }
            names[host.hostName] = address
            names[host.rawValue] = address
        }
        let cable = ReachableAddresses.Range(IPAddress(parsing: LabHost.lab.address) ?? .anyIPv4,
                                             prefixLength: Int(LabHost.prefixLength))
        let everyAddress = [ReachableAddresses.Range(.anyIPv4, prefixLength: 32), ReachableAddresses.Range(.anyIPv6, prefixLength: 128)]
        let reachable = ReachableAddresses.loopback.adding([cable] + everyAddress, names: names, name: "the loopback and the lab")
        return LessonSandbox(reachable: reachable, interfaces: ["lo", "lo0", "any", LabHost.lab.interfaceName])
    }()

    /// Why a lesson may not connect to `host` (a name other than localhost needs a lookup,
    /// itself traffic to a resolver, and may name any machine); nil when it may.
    public func refusalToConnect(to host: String) -> String? {
        if let named = reachable.names[host.lowercased()] {
            return reachable.contains(named) ? nil : "a lesson may connect only to \(reachable.description), not to \(named)"
        }
        guard let addresses = ImmediateResolution.addresses(for: host, port: 0) else {
            return "a lesson may connect only to \(reachable.description), not to the name '\(host)'"
        }
        for socket in addresses where !reachable.contains(socket.address) {
            return "a lesson may connect only to \(reachable.description), not to \(socket.address)"
        }
        return nil
    }

    /// Why a lesson may not listen on `addresses` (every interface, or another machine's
    /// network, lets others connect); nil when it may.
    public func refusalToListen(on addresses: [SocketAddress]) -> String? {
        for socket in addresses where !reachable.contains(socket.address) {
            let shown = socket.address.isUnspecified ? "every interface (\(socket.address))" : "\(socket.address)"
            return "a lesson may listen only on \(reachable.description), not on \(shown)"
        }
        return nil
    }

    /// Why a lesson's tcpdump may not capture on `interface`; nil when it may.
    public func refusalToCapture(on interface: String) -> String? {
        guard !interfaces.contains(interface) else { return nil }
        return "a lesson may capture only on \(interfaces.sorted().joined(separator: " or ")), not on '\(interface)'"
    }

    /// Why a lesson may not name `path` for a file to write or read: only a bare name
    /// (`chat.pcap`), which porttutor puts in its session folder; nil when it may.
    public func refusalOfFile(_ path: String) -> String? {
        if path.isEmpty || path == "." || path == ".." || path.contains("/") || path.hasPrefix("-") {
            return "a lesson may name only a plain file name such as `chat.pcap` (kept in porttutor's session folder), not '\(path)'"
        }
        return nil
    }

    /// Where a lesson's file `name` really is: inside the session folder.
    public static func path(of name: String, in sessionFolder: String) -> String {
        sessionFolder.hasSuffix("/") ? sessionFolder + name : sessionFolder + "/" + name
    }

    /// Why a capture request may not run for a lesson; nil when it may.
    public func refusal(of request: CaptureRequest) -> String? {
        switch request.source {
        case .interface(let name)?: if let refusal = refusalToCapture(on: name) { return refusal }
        case .file(let path)?: if let refusal = refusalOfFile(path) { return refusal }
        case nil: break
        }
        if request.overwrite { return "a lesson may not force an overwrite (--force)" }
        return request.writePath.flatMap(refusalOfFile)
    }

    /// Why a line typed into a pane's command prompt may not be a lesson's; nil when it may
    /// (a line that is not a command the pane runs, text for a connected peer, is harmless).
    /// This is `lint`'s view of a `perform` line.
    public func refusal(ofLine line: String, in pane: CommandPane) -> String? {
        switch pane {
        case .listener:
            guard case .success(let request) = ListenerCommand.parse(line) else { return nil }
            return refusalToListen(on: request.addresses)
        case .client:
            guard case .success(let request) = ClientCommand.parse(line) else { return nil }
            return refusalToConnect(to: request.host)
        case .packets:
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = words.first, first == "save" || first == "save!" {
                if first == "save!" { return "a lesson may not force an overwrite (save!)" }
                return refusalOfFile(words.dropFirst().joined(separator: " "))
            }
            guard let request = try? TcpdumpCommandLine.parse(line) else { return nil }
            return refusal(of: request)
        case .other:
            return nil
        }
    }

    /// The panes whose command lines can reach the network or the disk.
    public enum CommandPane: Sendable {
        case listener, client, packets, other
    }
}

/// Address ranges, as `127.0.0.0/8`: the allow-list of where a lesson's commands may go.
/// Loopback today; the lab's addresses join it with `adding(_:)`.
public struct ReachableAddresses: Sendable, Hashable, CustomStringConvertible {
    public struct Range: Sendable, Hashable, CustomStringConvertible {
        public var network: IPAddress
        public var prefixLength: Int

        public init(_ network: IPAddress, prefixLength: Int) {
            self.network = network
            self.prefixLength = prefixLength
        }

        public func contains(_ address: IPAddress) -> Bool {
            address.family == network.family && address.matches(network, prefixLength: prefixLength)
        }

        public var description: String { "\(network)/\(prefixLength)" }
    }

    public private(set) var ranges: [Range]
    /// Host names a lesson may use besides `localhost`, with their fixed addresses (the
    /// lab's `server.lab`): known here, so no resolver is asked.
    public private(set) var names: [String: IPAddress]
    /// How the ranges are named to a lesson's author ("the loopback").
    public private(set) var name: String

    public init(ranges: [Range], names: [String: IPAddress] = [:], name: String) {
        self.ranges = ranges
        self.names = names
        self.name = name
    }

    /// 127.0.0.0/8 and ::1.
    public static let loopback = ReachableAddresses(
        ranges: [Range(IPAddress(ipv4: 0x7F00_0000), prefixLength: 8), Range(.loopbackIPv6, prefixLength: 128)],
        name: "the loopback")

    /// These ranges and `more` (and host `names`), named `name`
    /// (`.loopback.adding([cable], names: ["server.lab": ...], name: "the loopback and the lab")`).
    public func adding(_ more: [Range], names extraNames: [String: IPAddress] = [:], name: String) -> ReachableAddresses {
        ReachableAddresses(ranges: ranges + more, names: names.merging(extraNames) { $1 }, name: name)
    }

    public func contains(_ address: IPAddress) -> Bool {
        // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 it carries.
        let judged = address.embeddedIPv4 ?? address
        return ranges.contains { $0.contains(judged) }
    }

    public var description: String {
        "\(name) (\(ranges.map(\.description).joined(separator: ", ")))"
    }
}
