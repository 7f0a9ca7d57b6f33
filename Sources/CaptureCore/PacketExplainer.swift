import SafeText

/// Explains one packet in plain words for a learner who selected it in the Packets pane.
///
/// Addresses and numbers come from the decoded headers; application bytes are shown as
/// `tcpdump -A` shows them (`SafeText(asciiDump:)`), one byte one cell, so a peer can put
/// neither control sequences nor wide, combining or right-to-left text on the screen.
public enum PacketExplainer {
    /// A few short paragraphs, one per line. `lessonPort` is the port the lesson is about
    /// (8080): the explanation says which side is the server when it is known. `shown`
    /// is the seq and ack as tcpdump's line printed them (relative to the connection's
    /// start); the words use the same numbers, so they match the line above them.
    public static func explain(_ packet: UnsafeRawBufferPointer, linkType: LinkType, lessonPort: UInt16? = nil,
                               shown: SequenceNumbersShown? = nil) -> [String] {
        let d = PacketDecoder.decode(packet, linkType: linkType)
        var lines: [String] = []
        let src = d.source.map { $0.description } ?? "?"
        let dst = d.destination.map { $0.description } ?? "?"
        let ipName = d.network == .ipv6 ? "IPv6" : "IPv4"
        func endpoint(_ address: String, _ port: UInt16?) -> String {
            guard let port else { return address }
            return "\(address) port \(port)"
        }
        let from = endpoint(src, d.sourcePort), to = endpoint(dst, d.destinationPort)

        switch d.transport {
        case .tcp:
            guard let tcp = d.tcp else {
                lines.append("TCP segment from \(from) to \(to); its header was not captured completely.")
                break
            }
            let f = tcp.flags
            let numbers = shown ?? SequenceNumbersShown(sequence: tcp.sequence, acknowledgment: tcp.acknowledgment, relative: false)
            let serverSide = lessonPort.map { d.destinationPort == $0 ? "server" : d.sourcePort == $0 ? "client" : nil } ?? nil
            if f.contains(.syn) && !f.contains(.ack) {
                lines.append("SYN: the client at \(from) asks to open a connection to port \(d.destinationPort ?? 0) on \(dst). This is step 1 of the three-way handshake.")
                lines.append("seq \(tcp.sequence) is the client's initial sequence number, chosen at random; every byte it sends is numbered from here. tcpdump shows later numbers relative to it, starting at 1.")
            } else if f.contains(.syn) && f.contains(.ack) {
                lines.append("SYN-ACK: \(from) accepts the connection from port \(d.destinationPort ?? 0). Step 2 of the handshake: something is listening on port \(d.sourcePort ?? 0).")
                lines.append("seq \(tcp.sequence) is the server's own initial sequence number; ack \(tcp.acknowledgment) is the client's number plus one, meaning \"I got your SYN\".")
            } else if f.contains(.rst) {
                lines.append("RST: \(from) aborts the connection at once. When it answers a SYN, it means nothing is listening on port \(d.sourcePort ?? 0): the connection is refused.")
            } else if f.contains(.fin) {
                lines.append("FIN: \(from) has no more data to send and starts closing its side of the connection. The other side acknowledges it and closes its own side with a FIN too.")
            } else if d.payloadLength > 0 {
                let verb = serverSide == "server" ? "The client sends" : serverSide == "client" ? "The server answers with" : "\(from) sends"
                lines.append("Data: \(verb) \(d.payloadLength) byte\(d.payloadLength == 1 ? "" : "s") to \(to).")
                let end = numbers.sequence &+ UInt32(truncatingIfNeeded: d.payloadLength)
                let push = f.contains(.psh) ? "; P (push) asks the receiver to hand the data to the program now" : ""
                let sender = serverSide == "server" ? "the client" : serverSide == "client" ? "the server" : from
                lines.append("seq \(numbers.sequence):\(end): these are bytes \(numbers.sequence) up to \(end) (not included) of what \(sender) has sent\(countedFrom(numbers))\(push).")
            } else if f.contains(.ack) {
                lines.append("ACK: \(from) tells \(to) \"I have every byte you sent before byte \(numbers.acknowledgment); send byte \(numbers.acknowledgment) next\". It carries no data.")
            } else {
                lines.append("TCP segment from \(from) to \(to) with flags [\(f.tcpdumpNotation)].")
            }
            if f.contains(.ack) && !f.contains(.syn) && d.payloadLength > 0 {
                lines.append("ack \(numbers.acknowledgment): it also confirms every byte received from the other side before byte \(numbers.acknowledgment).")
            }
            // Next to the data it names: lower down, a small pane would cut it off.
            if d.payload.count > 0, let record = TLSRecord(payload: UnsafeRawBufferPointer(rebasing: packet[d.payload])) {
                lines.append(record.explanation)
            }
            if numbers.relative {
                lines.append("(tcpdump counts seq and ack from the start of the connection; on the wire this packet carries seq \(tcp.sequence), ack \(tcp.acknowledgment).)")
            }
            // RFC 7323: the window in a SYN is never scaled; the scale it offers applies after.
            let scaling = f.contains(.syn) ? "as it is: a SYN's window is never scaled" : "multiplied by the window scale agreed in the handshake"
            lines.append("win \(tcp.window): how many more bytes \(src) can receive right now (\(scaling)).")
            var optionWords: [String] = []
            if let mss = tcp.options.maximumSegmentSize { optionWords.append("mss \(mss) is the largest segment it accepts") }
            if tcp.options.sackPermitted { optionWords.append("sackOK means it can acknowledge pieces received out of order") }
            if tcp.options.timestampValue != nil { optionWords.append("TS carries timestamps used to measure the round-trip time") }
            if let ws = tcp.options.windowScale { optionWords.append("wscale \(ws) multiplies every later window by \(1 << Int(min(ws, 14)))") }
            if !optionWords.isEmpty { lines.append("Options: " + optionWords.joined(separator: "; ") + ".") }
        case .udp:
            lines.append("UDP datagram from \(from) to \(to), \(d.payloadLength) byte\(d.payloadLength == 1 ? "" : "s"). UDP has no connection, no handshake and no acknowledgment: each datagram travels alone.")
            if let service = wellKnownUDPService(d) { lines.append(service) }
        case .icmp, .icmpv6:
            let type = d.icmpType ?? 255, code = d.icmpCode ?? 255
            let v6 = d.transport == .icmpv6
            if (!v6 && type == 3 && code == 3) || (v6 && type == 1 && code == 4) {
                lines.append("ICMP port unreachable: \(src) says nothing is listening on the port a UDP datagram was sent to. This is how a refused UDP \"connection\" shows up.")
            } else if (!v6 && (type == 8 || type == 0)) || (v6 && (type == 128 || type == 129)) {
                lines.append("ICMP echo \((type == 8 || type == 128) ? "request" : "reply"): the messages ping sends and receives.")
            } else {
                lines.append("ICMP\(v6 ? "v6" : "") message type \(type), code \(code), from \(src) to \(dst): the network's own control messages, not application data.")
            }
        case .other(let proto):
            lines.append("\(ipName) packet from \(src) to \(dst) carrying protocol number \(proto), which porttutor does not decode.")
        case .none:
            if let arp = d.arp {
                lines.append(arpWords(arp))
            } else if d.network == .none {
                lines.append("A packet that is not IP (porttutor decodes IPv4 and IPv6).")
            } else if d.isLaterFragment {
                lines.append("A later fragment of a larger \(ipName) packet from \(src) to \(dst): only the first fragment carries the port numbers.")
            } else {
                lines.append("\(ipName) packet from \(src) to \(dst).")
            }
        }
        if d.payload.count > 0 {
            let shown = min(d.payload.count, 200)
            let start = d.payload.lowerBound
            // Bytes, not text: a TLS record decoded as UTF-8 gave CJK and combining marks
            // and drew wider than the pane measured.
            let text = SafeText(asciiDump: UnsafeRawBufferPointer(rebasing: packet[start..<(start + shown)]))
            lines.append("Payload: \"\(text.string)\"\(d.payload.count > shown ? "..." : "")")
        }
        if let port = lessonPort, d.involves(port: port) {
            lines.append("Port \(port) is the lesson's port: \(d.destinationPort == port ? "this packet goes to the listener" : "this packet comes from the listener").")
        }
        if d.truncated { lines.append("Part of this packet was not captured (it is longer than the snapshot length).") }
        if d.malformed { lines.append("Some header fields are impossible: this packet is malformed.") }
        return lines
    }

    /// What ARP is doing: a broadcast question for a hardware address, or its answer.
    private static func arpWords(_ arp: ARPMessage) -> String {
        switch arp.operation {
        case 1 where arp.senderAddress == arp.targetAddress:
            return "ARP announcement: \(arp.senderMAC) tells the whole link that it owns \(arp.senderAddress) (a gratuitous ARP)."
        case 1:
            return "ARP request: \(arp.senderAddress) (at \(arp.senderMAC)) asks everyone on the link \"who has \(arp.targetAddress)?\". Before IP can send a frame on Ethernet it needs the receiver's hardware address; ARP finds it."
        case 2:
            return "ARP reply: \(arp.senderAddress) is at \(arp.senderMAC). The asker keeps this in its ARP cache (see `ip neigh`) and sends its IP packets to that address."
        default:
            return "ARP message (operation \(arp.operation)) from \(arp.senderAddress): how IPv4 finds hardware addresses on a link."
        }
    }

    /// A sentence on the service a UDP port names, for the few a learner meets.
    private static func wellKnownUDPService(_ d: DecodedPacket) -> String? {
        func either(_ port: UInt16) -> Bool { d.involves(port: port) }
        if either(53) { return "Port 53 is DNS: a name lookup (tcpdump shows the question, such as A? example.test.) or its answer (the addresses). Large answers and zone transfers use TCP port 53 instead." }
        if either(5353) { return "Port 5353 is multicast DNS (mDNS): names in .local answered by the machines themselves, without a DNS server." }
        if either(5355) { return "Port 5355 is LLMNR, Windows' link-local name lookup." }
        if either(67) || either(68) { return "Ports 67 and 68 are DHCP: a machine asks (from 68 to 67) for an address and the server offers one." }
        if either(123) { return "Port 123 is NTP: clocks asking a time server for the time." }
        if either(514) { return "Port 514 is syslog: a log message sent over the network." }
        return nil
    }

    /// Where the numbers in tcpdump's line count from, said after a byte range.
    private static func countedFrom(_ numbers: SequenceNumbersShown) -> String {
        numbers.relative ? ", counting from the start of the connection"
            : " (tcpdump prints the numbers on the wire until it has seen this connection's first packet)"
    }
}
