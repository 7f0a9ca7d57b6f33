import CaptureCore

/// porttutor's own capture of loopback TCP and UDP, which lets the packet checks see
/// packets whichever tool made them.
public enum QuietCapture: Sendable, Hashable {
    /// Asked for at launch, not yet open.
    case starting
    /// Open; its packets are decoded by this link type.
    case running(LinkType)
    /// It could not start (no permission…): why, for the Packets pane and the tests.
    case unavailable([String])

    /// How to decode its packets: Ethernet, as Linux's lo is, until it says otherwise.
    public var linkType: LinkType {
        if case .running(let linkType) = self { linkType } else { .ethernet }
    }

    /// Why it could not start; nil when it did or still may.
    public var problem: [String]? {
        if case .unavailable(let lines) = self { lines } else { nil }
    }
}
