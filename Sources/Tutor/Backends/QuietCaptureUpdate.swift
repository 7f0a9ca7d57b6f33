import CaptureCore
import SafeText

/// The reducer for porttutor's own quiet capture: its packets only feed the checks, and
/// when it cannot start, the Packets pane says why the packet steps cannot be checked.
extension Model {
    mutating func quietCaptureReceived(_ report: CaptureReport) -> [Effect] {
        switch report {
        case .started(let start):
            tools.quietCapture = .running(start.linkType)
            return []
        case .packets(let packets, _):
            var effects: [Effect] = []
            for packet in packets {
                if let seen = ObservationBridge.packet(packet, linkType: tools.quietCapture.linkType, fromRecording: false) {
                    effects += observe(.packet(seen), now: now)
                }
            }
            return effects
        case .failed(_, let lines, let needsPermission):
            tools.quietCapture = .unavailable(lines)
            if needsPermission && presentation == .demo {
                // The recordings stand in; the Packets pane says so once, its title for good.
                noteCapturesDenied()
                return []
            }
            self[pane: .packets].scrollback.append(contentsOf: [StyledLine("Packets cannot be captured here, so the packet steps cannot be checked (the others can):", .warning)]
                + lines.map { StyledLine(SafeText(untrusted: $0), .normal) })
            if let labOffer {
                self[pane: .packets].scrollback.append(StyledLine(SafeText(untrusted: labOffer), .emphasis))
                notice = StyledLine(SafeText(untrusted: labOffer), .emphasis)
            }
            return []
        case .stopped, .saved, .statistics:
            return []
        }
    }
}

extension CaptureReport {
    /// Which capture the report is about: saving and statistics are the pane's alone.
    var role: CaptureRole {
        switch self {
        case .started(let start): start.role
        case .packets(_, let role), .stopped(let role, _), .failed(let role, _, _): role
        case .saved, .statistics: .pane
        }
    }
}
