/// What printing a packet needs to know about the machine, read once at the edge (the
/// Capture target) and handed in, so the printer itself never asks the system anything:
/// tcpdump prints local time, and a Linux cooked v2 header names its interface by index.
public struct HostFacts: Hashable, Sendable {
    /// The local time zone's offset from UTC, in seconds (3600 for UTC+1).
    public var secondsEastOfUTC: Int
    /// Interface names by index (`1: lo`), as `if_indextoname` gives them.
    public var interfaceNames: [UInt32: String]

    /// UTC and no names: what tests and a machine that cannot be asked get.
    public init(secondsEastOfUTC: Int = 0, interfaceNames: [UInt32: String] = [:]) {
        self.secondsEastOfUTC = secondsEastOfUTC
        self.interfaceNames = interfaceNames
    }
}
