import SafeText

// Payload dumps: `-A`, `-X`, and the hex dumps of bytes tcpdump cannot decode, as
// tcpdump's print-ascii.c.

extension TcpdumpPrinter {
    /// tcpdump's default printer for payloads it cannot decode: a hex and ASCII dump,
    /// skipped when `-x`/`-X` will dump the same bytes anyway, and with `-q`.
    mutating func printDefault(_ ndo: inout PrintContext, from p: Int, count: Int) {
        guard options.bytes != .hexAndASCII && options.bytes != .hex && !options.quiet, count > 0 else { return }
        ndo.printHexAndASCII(from: p, to: p + count, indent: true)
    }
}

extension PrintContext {
    /// tcpdump's print_unknown_data: a hex dump of what was captured.
    func printUnknownData(from p: Int, count: Int) {
        if p > snapEnd {
            out.append("\n\tDissector error: print_unknown_data called with pointer past end of packet")
            return
        }
        printHex(from: p, count: min(count, snapEnd - p))
    }

    /// `-A`: a newline, then each byte by `SafeText.asciiDumpCell` (the rule the check
    /// notes and the explanation show payloads by), except that tab and newline lay out
    /// the lines; a carriage return is dropped before a line feed and in the last two
    /// bytes, as tcpdump does.
    func printASCII(from start: Int, to end: Int) {
        out.append(0x0A)
        let count = end - start
        let base = bytes.base
        out.withTail(reserving: count) { dst in
            var n = 0
            var i = start
            while i < end {
                let c = base[i]
                i += 1
                if c == 0x0D {
                    if end - i > 1 && base[i] != 0x0A { dst[n] = SafeText.asciiDumpCell(c); n += 1 }
                } else {
                    dst[n] = c == 0x09 || c == 0x0A ? c : SafeText.asciiDumpCell(c)
                    n += 1
                }
            }
            return n
        }
    }

    /// `-X` and the default printer: `\n\t0x0010:  4500 003c ...  E..<` lines.
    func printHexAndASCII(from start: Int, to end: Int, indent: Bool) {
        var offset = 0
        var i = start
        while i < end {
            let n = min(16, end - i)
            out.withTail(reserving: 80) { dst in
                var k = 0
                dst[k] = 0x0A; dst[k + 1] = 0x09; k += 2
                dst[k] = 0x30; dst[k + 1] = 0x78; k += 2
                for shift in stride(from: 12, through: 0, by: -4) {
                    dst[k] = hexDigit((offset >> shift) & 0xF); k += 1
                }
                dst[k] = 0x3A; k += 1
                dst[k] = 0x20; k += 1
                let hexStart = k
                var j = 0
                while j < n {
                    if j & 1 == 0 { dst[k] = 0x20; k += 1 }
                    let c = bytes[i + j]
                    dst[k] = hexDigit(Int(c >> 4)); dst[k + 1] = hexDigit(Int(c & 0xF)); k += 2
                    j += 1
                }
                while k - hexStart < 40 { dst[k] = 0x20; k += 1 }
                dst[k] = 0x20; dst[k + 1] = 0x20; k += 2
                for j in 0..<n {
                    let c = bytes[i + j]
                    dst[k] = (c > 0x20 && c < 0x7F) ? c : 0x2E; k += 1
                }
                return k
            }
            i += n
            offset += 16
        }
    }

    /// tcpdump's hex_print: hex only.
    func printHex(from start: Int, count: Int, indent: StaticString = "\n\t0x") {
        var i = 0
        var offset = 0
        while i + 1 < count {
            if i % 16 == 0 {
                out.append(indent)
                out.appendHexByte(UInt8(truncatingIfNeeded: offset >> 8)); out.appendHexByte(UInt8(truncatingIfNeeded: offset))
                out.append(": ")
                offset += 16
            }
            out.append(0x20); out.appendHexByte(bytes[start + i]); out.appendHexByte(bytes[start + i + 1])
            i += 2
        }
        if count & 1 == 1 {
            if i % 16 == 0 {
                out.append(indent)
                out.appendHexByte(UInt8(truncatingIfNeeded: offset >> 8)); out.appendHexByte(UInt8(truncatingIfNeeded: offset))
                out.append(": ")
            }
            out.append(0x20); out.appendHexByte(bytes[start + i])
        }
    }
}

extension OutputBuffer {
    /// Replaces tabs from `start` on by spaces to the next multiple of 8 columns, for the
    /// pane, which cannot show tabs.
    func expandTabs(from start: Int) {
        let bytes = Array(UnsafeBufferPointer(start: self.bytes.baseAddress! + start, count: count - start))
        guard bytes.contains(0x09) else { return }
        truncate(to: start)
        var column = 0
        for c in bytes {
            if c == 0x09 {
                repeat { append(0x20); column += 1 } while column % 8 != 0
            } else {
                append(c)
                column = c == 0x0A ? 0 : column + 1
            }
        }
    }
}
