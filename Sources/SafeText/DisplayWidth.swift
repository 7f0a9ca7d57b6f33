/// How many terminal cells text takes, counted as terminals count them (the wcwidth
/// rules), without depending on the process locale so tests and the screen agree.
///
/// The reference is the C library's `wcwidth` in a UTF-8 locale, which ncurses and tmux
/// draw with: when this count is lower than the terminal's, a line the pane believes
/// fits is drawn one cell wider and pushes the border out; when higher, the line ends
/// short. Scalars too new for the C library's tables (it answers -1) are counted by their
/// Unicode properties, since no answer here can match every terminal for those.
public enum DisplayWidth {
    /// Cells for one scalar: 0 for combining marks and the Hangul vowels and final
    /// consonants that join a syllable, 2 for wide (CJK, fullwidth, emoji presentation),
    /// else 1. Unprintable scalars count 1: `SafeText` shows a 1-cell picture.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        default: break
        }
        if v == 0x200B || isConjoiningJamo(v) { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Cells for a whole string.
    public static func of(_ text: String) -> Int {
        var total = 0
        for s in text.unicodeScalars { total += of(s) }
        return total
    }

    /// Hangul medial vowels and final consonants: after a leading consonant (2 cells) they
    /// complete one syllable in the same two cells, so wcwidth gives them none. Counting
    /// them 1 made a syllable spelled in jamo 4 cells to the pane and 2 on the screen.
    private static func isConjoiningJamo(_ v: UInt32) -> Bool {
        (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v)
    }

    /// East Asian Wide and Fullwidth ranges, as the C library's wcwidth draws them 2 cells.
    /// The ranges that are not plain CJK (the angle brackets, Yijing hexagrams, vertical
    /// and small form variants, jamo extended-A, Tangut, Khitan, kana supplements, enclosed
    /// ideographs) matter as much: a character of any of them counted 1 makes a line the
    /// pane measured as 80 cells draw as 81. Three bytes from the wire can spell one.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DFF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE10...0xFE19, 0xFE30...0xFE6B, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x18CFF, 0x18D00...0x18D7F,
             0x1AFF0...0x1AFFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
