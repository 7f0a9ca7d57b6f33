/// The lab's two computers and their names, fixed so lessons can print them.
///
/// The learner's side of the wire is `lab.lab`; the second computer is `server.lab`. Both
/// names are written into the lab's own /etc/hosts, so porttutor and the real curl, nc or
/// telnet in `porttutor shell` resolve them alike.
public enum LabHost: String, CaseIterable, Sendable, Hashable {
    /// The computer the learner sits at: porttutor and every `porttutor shell`.
    case lab
    /// The second computer, joined to the first by a virtual cable (a veth pair).
    case server

    /// Its IPv4 address on the cable between the two.
    public var address: String {
        switch self {
        case .lab: "10.0.0.1"
        case .server: "10.0.0.2"
        }
    }

    /// Its name, as /etc/hosts in the lab gives it.
    public var hostName: String { "\(rawValue).lab" }

    /// Its end of the cable.
    public var interfaceName: String {
        switch self {
        case .lab: "lab0"
        case .server: "eth0"
        }
    }

    /// The cable's network: both addresses are in 10.0.0.0/24.
    public static let prefixLength: UInt8 = 24

    /// The lines the lab adds to a copy of the host's /etc/hosts.
    public static var hostsLines: String {
        allCases.map { "\($0.address)\t\($0.hostName) \($0.rawValue)\n" }.joined()
    }
}
