import CaptureCore
import SafeText

/// Picking a captured packet and reading its fields in words: what the flags, the
/// sequence numbers and the ports mean. The selection is kept by the packet's number in
/// the capture, so it stays on the same packet while new ones arrive.
extension Model {
    mutating func toggleExplanation() {
        if packetSelection != nil {
            packetSelection = nil
            return
        }
        guard let log = packetLog, log.count > 0 else {
            notice = StyledLine("No packets to explain yet: run tcpdump in the Packets pane first.", .dim)
            return
        }
        focus = .packets
        packetSelection = log[log.count - 1].packet.number
    }

    /// Up/Down pick another packet, Home/End the oldest/newest, Esc leaves. False for other keys.
    mutating func moveExplanation(_ key: Key) -> Bool {
        guard let log = packetLog, log.count > 0, let index = selectedPacketIndex else {
            packetSelection = nil
            return false
        }
        let target: Int
        switch key {
        case .up: target = index - 1
        case .down: target = index + 1
        case .home: target = 0
        case .end: target = log.count - 1
        case .escape, .enter:
            packetSelection = nil
            return true
        default: return false
        }
        packetSelection = log[min(max(0, target), log.count - 1)].packet.number
        return true
    }

    /// Where the selected packet sits in the log; the oldest held if it has been dropped.
    var selectedPacketIndex: Int? {
        guard let number = packetSelection, let log = packetLog, log.count > 0 else { return nil }
        let oldest = log[0].packet.number
        return min(max(0, number - oldest), log.count - 1)
    }

    /// The Packets pane while a packet is explained: its lines, then the words.
    func explanationLines() -> [StyledLine]? {
        guard let log = packetLog, let index = selectedPacketIndex else { return nil }
        let entry = log[index]
        var lines: [StyledLine] = [
            StyledLine("Packet \(index + 1) of \(log.count) held · Up/Down another · Esc back", .heading),
        ]
        lines += entry.lines.map { StyledLine(SafeText(untrusted: $0), .selection) }
        lines.append(.blank)
        lines += log.explanation(of: index).map { StyledLine(SafeText(untrusted: $0)) }
        return lines
    }
}
