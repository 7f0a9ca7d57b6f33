// The telnet option summary on port 23, as tcpdump's print-telnet.c:
// `length 12 [telnet DO TERMINAL TYPE, DO TSPEED, WILL NEW-ENVIRON]`.

extension PrintContext {
    /// Prints ` [telnet A, B, ...]` for the commands at the start of the segment (only
    /// when it starts with IAC); stops quietly at a command the segment cut.
    mutating func printTelnet(at start: Int, length: Int) throws {
        protocolName = "telnet"
        var p = start, left = length
        var first = true
        while left > 0, try get8(p) == 0xFF {
            guard let used = try parseTelnetCommand(at: p, length: left, print: false) else { break }
            out.append(first ? " [telnet " : ", ")
            _ = try parseTelnetCommand(at: p, length: left, print: true)
            first = false
            p += used; left -= used
        }
        if !first { out.append("]") }
    }

    /// One command from its IAC: its length, or nil when the segment ends inside it or
    /// it is not a command (tcpdump's pktend).
    private func parseTelnetCommand(at start: Int, length: Int, print: Bool) throws -> Int? {
        var p = start, left = length
        func fetch() throws -> UInt8? {
            if left < 1 { return nil }
            let c = try get8(p); p += 1; left -= 1
            return c
        }
        guard try fetch() == 0xFF, let command = try fetch() else { return nil }
        if command == 0xFF {
            if print { out.append("IAC IAC") }
            return p - start
        }
        guard command >= 236 else { return nil }
        let name = Self.telnetCommandName(command)
        switch command {
        case 251, 252, 253, 254, 250:  // WILL WONT DO DONT SB
            guard let option = try fetch() else { return nil }
            if print { out.append(name); out.append(" "); printTelnetOption(option) }
            if command != 250 { break }
            // SB ... IAC SE: find the end first.
            var end = p
            while left > end + 1 - p {
                if try get8(end) == 0xFF && (try get8(end + 1)) == 240 { break }
                end += 1
            }
            if try get8(end) != 0xFF { return nil }
            if end > p {
                guard let qualifier = try fetch() else { return nil }
                if print { out.append(" "); Self.printTelnetQualifier(out, option: option, qualifier, first: true) }
                if (option == 37 || option == 38) && end > p {
                    guard let kind = try fetch() else { return nil }
                    if print { out.append(" "); Self.printTelnetQualifier(out, option: option, kind, first: false) }
                }
            }
            while end > p {
                guard let byte = try fetch() else { return nil }
                if print { out.append(" "); Self.appendAlternateHex(out, byte) }
            }
            if print { out.append(" SE") }
            p += 2; left -= 2
        default:
            if print { out.append(name) }
        }
        return p - start
    }

    private func printTelnetOption(_ option: UInt8) {
        if option < Self.telnetOptions.count { out.append(Self.telnetOptions[Int(option)]) } else { Self.appendAlternateHex(out, option) }
    }

    /// `%#x`: `0` for zero, `0x50` otherwise.
    static func appendAlternateHex(_ out: OutputBuffer, _ value: UInt8) {
        if value == 0 { out.append("0"); return }
        out.append("0x")
        if value >= 16 { out.append(hexDigit(Int(value >> 4))) }
        out.append(hexDigit(Int(value & 0xF)))
    }

    /// The first bytes of a suboption by name: IS/SEND/INFO, and for AUTHENTICATION and
    /// ENCRYPT their own command and type names.
    static func printTelnetQualifier(_ out: OutputBuffer, option: UInt8, _ value: UInt8, first: Bool) {
        let table: [StaticString?]
        switch (option, first) {
        case (37, true): table = ["IS", "SEND", "REPLY", "NAME"]
        case (37, false): table = ["NULL", "KERBEROS_V4", "KERBEROS_V5", "SPX", "MINK", "SRP", "RSA", "SSL", nil, nil,
                                   "LOKI", "SSA", "KEA_SJ", "KEA_SJ_INTEG", "DSS", "NTLM"]
        case (38, true): table = ["IS", "SUPPORT", "REPLY", "START", "END", "REQUEST-START", "REQUEST-END", "END_KEYID", "DEC_KEYID"]
        case (38, false): table = ["NULL", "DES_CFB64", "DES_OFB64", "DES3_CFB64", "DES3_OFB64", nil,
                                   "CAST5_40_CFB64", "CAST5_40_OFB64", "CAST128_CFB64", "CAST128_OFB64"]
        default: table = ["IS", "SEND", "INFO"]
        }
        if Int(value) < table.count, let name = table[Int(value)] { out.append(name) } else { appendAlternateHex(out, value) }
    }

    static func telnetCommandName(_ command: UInt8) -> StaticString {
        let names: [StaticString] = ["EOF", "SUSP", "ABORT", "EOR", "SE", "NOP", "DMARK", "BRK", "IP", "AO", "AYT", "EC",
                                     "EL", "GA", "SB", "WILL", "WONT", "DO", "DONT", "IAC"]
        return names[Int(command) - 236]
    }

    static let telnetOptions: [StaticString] = [
        "BINARY", "ECHO", "RCP", "SUPPRESS GO AHEAD", "NAME", "STATUS", "TIMING MARK", "RCTE", "NAOL", "NAOP",
        "NAOCRD", "NAOHTS", "NAOHTD", "NAOFFD", "NAOVTS", "NAOVTD", "NAOLFD", "EXTEND ASCII", "LOGOUT",
        "BYTE MACRO", "DATA ENTRY TERMINAL", "SUPDUP", "SUPDUP OUTPUT", "SEND LOCATION", "TERMINAL TYPE",
        "END OF RECORD", "TACACS UID", "OUTPUT MARKING", "TTYLOC", "3270 REGIME", "X.3 PAD", "NAWS", "TSPEED",
        "LFLOW", "LINEMODE", "XDISPLOC", "OLD-ENVIRON", "AUTHENTICATION", "ENCRYPT", "NEW-ENVIRON",
    ]
}
