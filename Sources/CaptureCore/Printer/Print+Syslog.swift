// Syslog messages on UDP 514, as tcpdump's print-syslog.c:
// `SYSLOG user.notice, length: 51`, and at -v the facility, severity and message.

extension TcpdumpPrinter {
    mutating func printSyslog(_ ndo: inout PrintContext, at p: Int, length: Int) throws {
        ndo.protocolName = "syslog"
        guard try ndo.get8(p) == UInt8(ascii: "<") else { ndo.out.append(" (invalid)"); return }
        var offset = 1
        var priority = 0
        while offset <= 3 {
            let c = try ndo.get8(p + offset)
            guard c >= 0x30 && c <= 0x39 else { break }
            priority = priority * 10 + Int(c - 0x30)
            offset += 1
        }
        guard try ndo.get8(p + offset) == UInt8(ascii: ">") else { ndo.out.append(" (invalid)"); return }
        offset += 1
        let facility = (priority & 0x3F8) >> 3, severity = priority & 7
        if options.verbosity < 1 {
            ndo.out.append("SYSLOG "); Self.printFacility(&ndo, facility); ndo.out.append(".")
            ndo.out.append(Self.severityNames[severity]); ndo.out.append(", length: "); ndo.out.appendDecimal(length)
            return
        }
        ndo.out.append("SYSLOG, length: "); ndo.out.appendDecimal(length)
        ndo.out.append("\n\tFacility "); Self.printFacility(&ndo, facility)
        ndo.out.append(" ("); ndo.out.appendDecimal(facility); ndo.out.append("), Severity ")
        ndo.out.append(Self.severityNames[severity]); ndo.out.append(" ("); ndo.out.appendDecimal(severity)
        ndo.out.append(")\n\tMsg: ")
        while offset < length {
            _ = try ndo.get8(p + offset)
            ndo.printEscaped(from: p + offset, count: 1)
            offset += 1
        }
        if options.verbosity > 1 { ndo.printUnknownData(from: p, count: length) }
    }

    static let severityNames: [StaticString] = ["emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"]

    static func printFacility(_ ndo: inout PrintContext, _ facility: Int) {
        let names: [StaticString] = ["kernel", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
                                     "authpriv", "ftp", "ntp", "security", "console", "cron", "local0", "local1",
                                     "local2", "local3", "local4", "local5", "local6", "local7"]
        if facility < names.count { ndo.out.append(names[facility]) } else {
            ndo.out.append("unknown ("); ndo.out.appendDecimal(facility); ndo.out.append(")")
        }
    }
}
