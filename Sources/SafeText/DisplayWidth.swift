/// How many terminal cells text takes, counted as terminals count them (the wcwidth
/// rules), without depending on the process locale so tests and the screen agree.
public enum DisplayWidth {
    /// Cells for one scalar: 0 for combining marks, 2 for wide (CJK, fullwidth, emoji
    /// presentation), else 1. Unprintable scalars count 1: `SafeText` shows a 1-cell picture.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Cells for a whole string.
    public static func of(_ text: String) -> Int {
        var total = 0
        for s in text.unicodeScalars { total += of(s) }
        return total
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
