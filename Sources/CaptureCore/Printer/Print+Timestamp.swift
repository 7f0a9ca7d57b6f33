// What starts each line: `HH:MM:SS.uuuuuu ` and the other `-t` styles, as tcpdump's
// ts_print.

extension TcpdumpPrinter {
    mutating func printTimestamp(_ header: PacketHeader, to out: OutputBuffer) {
        switch options.timestamp {
        case .none:
            return
        case .clock:
            printClock(header, to: out)
            return
        case .epoch:
            out.appendDecimal(header.seconds < 0 ? 0 : UInt64(header.seconds)); out.append(0x2E)
            out.appendDecimal(header.microseconds, width: 6)
        case .dateAndClock:
            let local = header.seconds + Int64(host.secondsEastOfUTC)
            let (year, month, day) = Self.civilDate(daysSinceEpoch: Int(local >= 0 ? local / 86400 : (local - 86399) / 86400))
            out.appendDecimal(year); out.append(0x2D)
            out.appendDecimal(UInt32(month), width: 2); out.append(0x2D)
            out.appendDecimal(UInt32(day), width: 2); out.append(0x20)
            printClock(header, to: out)
            return
        case .sinceLast, .sinceFirst:
            let now = header.seconds * 1_000_000 + Int64(header.microseconds)
            let reference = options.timestamp == .sinceLast ? previousTime : firstTime
            if firstTime == nil { firstTime = now }
            previousTime = now
            printDuration(now - (reference ?? now), to: out)
        }
        out.append(0x20)
    }

    /// `HH:MM:SS.uuuuuu ` local time; the clock text changes once a second, so it is
    /// formatted once a second and cached.
    private mutating func printClock(_ header: PacketHeader, to out: OutputBuffer) {
        if header.seconds != clockSecond {
            clockSecond = header.seconds
            // tcpdump prints local time; the offset from UTC was read at the edge (HostFacts).
            let local = header.seconds + Int64(host.secondsEastOfUTC)
            let secondOfDay = Int(((local % 86400) + 86400) % 86400)
            let (hour, minute, second) = (secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
            var packed: UInt64 = 0
            let bytes: [UInt8] = [
                0x30 + UInt8(hour / 10), 0x30 + UInt8(hour % 10), 0x3A,
                0x30 + UInt8(minute / 10), 0x30 + UInt8(minute % 10), 0x3A,
                0x30 + UInt8(second / 10), 0x30 + UInt8(second % 10),
            ]
            for (i, byte) in bytes.enumerated() { packed |= UInt64(byte) << (8 * UInt64(i)) }
            clock = packed
        }
        var packed = clock
        out.withTail(reserving: 8) { p in
            for i in 0..<8 { p[i] = UInt8(truncatingIfNeeded: packed); packed >>= 8 }
            return 8
        }
        out.append(0x2E)
        out.appendDecimal(header.microseconds, width: 6)
        out.append(0x20)
    }

    /// `-ttt`/`-ttttt`: a space and `HH:MM:SS.uuuuuu` of elapsed time, hours not wrapping at
    /// then a space, or a minus sign when a file's clock went backwards.
    private func printDuration(_ microseconds: Int64, to out: OutputBuffer) {
        out.append(microseconds < 0 ? 0x2D : 0x20)
        let m = microseconds.magnitude
        let seconds = m / 1_000_000
        out.appendDecimal(UInt32(truncatingIfNeeded: seconds / 3600), width: 2); out.append(0x3A)
        out.appendDecimal(UInt32(seconds / 60 % 60), width: 2); out.append(0x3A)
        out.appendDecimal(UInt32(seconds % 60), width: 2); out.append(0x2E)
        out.appendDecimal(UInt32(m % 1_000_000), width: 6)
    }

    /// Year, month and day of a day counted from 1970-01-01 (the proleptic Gregorian
    /// calendar, as gmtime uses).
    static func civilDate(daysSinceEpoch: Int) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
