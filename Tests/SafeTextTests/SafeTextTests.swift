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
}
