import Testing
@testable import SafeText

@Suite struct SafeTextTests {
    @Test(arguments: 0...255)
    func everySingleByteIsSafe(_ value: Int) {
        let text = SafeText(bytes: [UInt8(value)]).string
        #expect(!text.isEmpty)
        for scalar in text.unicodeScalars {
            #expect(scalar.value >= 0x20 && scalar.value != 0x7F, "byte \(value) gave \(scalar.value)")
            #expect(!(0x80...0x9F).contains(scalar.value), "byte \(value) gave a C1 control")
        }
        if (0x20...0x7E).contains(value) {
            #expect(text == String(UnicodeScalar(UInt8(value))))
        }
    }

    @Test func escapeSequenceIsShownNotObeyed() {
        let text = SafeText(bytes: Array("\u{1B}[2J\u{1B}]0;owned\u{07}hi".utf8)).string
        #expect(text == "␛[2J␛]0;owned␇hi")
    }

    @Test func validUTF8PassesThrough() {
        #expect(SafeText(untrusted: "héllo ✓ 日本").string == "héllo ✓ 日本")
    }

    @Test func c1ControlsAndBidiOverridesAreHidden() {
        #expect(SafeText(untrusted: "a\u{9B}b").string == "a␦b")
        #expect(SafeText(untrusted: "a\u{202E}b").string == "a␦b")
    }

    @Test func invalidAndOverlongBytesArePlaceholders() {
        #expect(SafeText(bytes: [0x61, 0xFF, 0x62]).string == "a\u{FFFD}b")
        #expect(SafeText(bytes: [0xC0, 0xAF]).string == "\u{FFFD}\u{FFFD}")
        #expect(SafeText(bytes: [0xED, 0xA0, 0x80]).string == "\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    @Test func decoderSplitsLinesAcrossReads() {
        var d = SafeLineDecoder()
        #expect(d.feed(Array("hel".utf8)).isEmpty)
        let a = d.feed(Array("lo\r".utf8))
        let b = d.feed(Array("\nwor".utf8) + [0xE2])
        let c = d.feed([0x9C, 0x93, 0x0A])
        #expect(a.map(\.string) == ["hello"])
        #expect(b.isEmpty)
        #expect(c.map(\.string) == ["wor✓"])
        #expect(d.finish() == nil)
    }

    @Test func decoderBoundsLongLines() {
        var d = SafeLineDecoder(maxLineBytes: 100)
        let lines = d.feed([UInt8](repeating: 0x41, count: 1000))
        #expect(lines.count == 10)
        #expect(lines.allSatisfy { $0.string.count == 100 })
    }

    @Test func displayWidthCountsWideAndCombining() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本") == 4)
    }

    /// Combining marks share their base's cell, and right-to-left letters take one cell
    /// each like any other letter: only their order on screen is the terminal's business.
    @Test func displayWidthOfCombiningMarksAndRightToLeftText() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("\u{16}\u{301}") == 1)
        #expect(DisplayWidth.of("a\u{20DD}") == 1, "an enclosing mark")
        #expect(DisplayWidth.of("שָׁלוֹם") == 4, "Hebrew with its points")
        #expect(DisplayWidth.of("سَلام") == 4, "Arabic with a vowel mark")
        #expect(DisplayWidth.of("\u{200B}") == 0)
    }

    /// Each of these is two cells in the C library's wcwidth, which the terminal draws with;
    /// counted 1, one of them in a line of 80 cells made it draw as 81.
    @Test(arguments: [0x2329, 0x232A, 0x4DC0, 0x4DFF, 0xA960, 0xFE10, 0xFE19, 0xFE50, 0xFE6B,
                      0x16FE0, 0x17000, 0x18800, 0x1AFF0, 0x1B000, 0x1B170, 0x1F200, 0x1F265] as [UInt32])
    func displayWidthOfWideScalarsOutsidePlainCJK(_ value: UInt32) {
        #expect(DisplayWidth.of(Unicode.Scalar(value)!) == 2, "U+\(String(value, radix: 16, uppercase: true))")
    }

    /// A Hangul syllable spelled in jamo is drawn in the same two cells as the precomposed one.
    @Test func displayWidthOfHangulSpelledInJamo() {
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2)
        #expect(DisplayWidth.of("\u{AC01}") == 2)
        #expect(DisplayWidth.of("\u{1100}\u{D7B0}") == 2)
    }

    // MARK: Packet bytes, as tcpdump -A shows them

    /// A TLS record's bytes that happen to be UTF-8 for a CJK ideograph (E6 85 96), a
    /// combining acute (CC 81) and a Hebrew letter (D7 90) are shown one dot per byte.
    @Test func asciiDumpShowsBinaryAsOneDotPerByte() {
        let bytes: [UInt8] = [0x16, 0x03, 0x01, 0xE6, 0x85, 0x96, 0xCC, 0x81, 0xD7, 0x90]
        let text = SafeText(asciiDump: bytes).string
        #expect(text == "..........")
        #expect(DisplayWidth.of(text) == bytes.count)
    }

    @Test func asciiDumpKeepsPrintableASCIIAndDotsTheRest() {
        #expect(SafeText(asciiDump: Array("GET / HTTP/1.1\r\n".utf8)).string == "GET / HTTP/1.1..")
        #expect(SafeText(asciiDump: Array("héllo".utf8)).string == "h..llo")
        #expect(SafeText(asciiDump: Array("\u{1B}[2J~".utf8)).string == ".[2J~")
    }

    @Test(arguments: 0...255)
    func asciiDumpGivesEveryByteOneCell(_ value: Int) {
        let text = SafeText(asciiDump: [UInt8(value)]).string
        let expected = (0x20...0x7E).contains(value) ? String(UnicodeScalar(UInt8(value))) : "."
        #expect(text == expected)
    }
}
