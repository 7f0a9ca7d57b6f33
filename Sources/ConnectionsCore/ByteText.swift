import NetworkTypes

/// Small helpers for writing ASCII text straight into byte buffers (the headless command
/// writes 20,000 rows; going through String for each number costs more than the kernel).
public enum ByteText {
    public static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(ascii: "0") + UInt8(value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while v > 0 {
                raw[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(raw[i]) }
        }
    }

    public static func decimalLength(_ value: UInt64) -> Int {
        var n = 1
        var v = value
        while v >= 10 { v /= 10; n += 1 }
        return n
    }

    public static func appendSpaces(_ count: Int, to out: inout [UInt8]) {
        if count > 0 { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
    }
}

extension IPAddress {
    /// Appends `description` as ASCII bytes to `out` without an intermediate String.
    public func write(to out: inout [UInt8]) {
        switch family {
        case .ipv4:
            let v = UInt32(truncatingIfNeeded: low)
            ByteText.appendDecimal(UInt64(v >> 24), to: &out); out.append(UInt8(ascii: "."))
            ByteText.appendDecimal(UInt64(v >> 16 & 0xFF), to: &out); out.append(UInt8(ascii: "."))
            ByteText.appendDecimal(UInt64(v >> 8 & 0xFF), to: &out); out.append(UInt8(ascii: "."))
            ByteText.appendDecimal(UInt64(v & 0xFF), to: &out)
        case .ipv6:
            out.append(contentsOf: description.utf8)
        }
    }

}
