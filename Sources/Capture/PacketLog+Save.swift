import CaptureCore

extension PacketLog {
    /// Writes every packet held to a pcap file that tcpdump and Wireshark open.
    public func save(to path: String) throws(CaptureError) {
        let writer = try PcapFileWriter(path: path, linkType: linkType)
        for i in 0..<count { try writer.write(self[i].packet) }
        try writer.close()
    }
}
