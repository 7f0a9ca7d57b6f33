// The SSH version banner on port 22, as tcpdump's print-ssh.c: `: SSH: SSH-2.0-OpenSSH_9.2`.

extension PrintContext {
    /// Prints `: SSH: <banner>` when the segment starts with a whole `SSH-` line of
    /// printable ASCII; nothing for the encrypted rest of the connection.
    mutating func printSSHBanner(at p: Int, length: Int) throws {
        protocolName = "ssh"
        for (i, c) in [UInt8(ascii: "S"), UInt8(ascii: "S"), UInt8(ascii: "H"), UInt8(ascii: "-")].enumerated() {
            if try get8(p + i) != c { return }
        }
        var i = 4
        while i < length {
            let c = try get8(p + i)
            if c == 0x0A { break }
            if c == 0x0D {
                if i + 1 >= length { return }
                if try get8(p + i + 1) != 0x0A { return }
                break
            }
            if c < 0x20 || c > 0x7E { return }
            i += 1
        }
        if i >= length { return }
        out.append(": SSH: ")
        for k in 0..<i { out.append(bytes[p + k]) }
    }
}
