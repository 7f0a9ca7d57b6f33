import SafeText
import Testing
import TUI
@testable import Tutor

/// Hostile text can only become a span through `SafeText`, and what reaches the cells
/// then holds no character a terminal would act on. (That a plain `String` cannot become
/// a span at all is checked by the compiler: `Span(someString)` does not build.)
@Suite struct SafeSpanTests {
    /// A window-title OSC, a clear-screen CSI, a raw C1 CSI byte, the C1 CSI as a
    /// scalar, a right-to-left override and bytes that are not UTF-8.
    static let hostile: [UInt8] = Array("a\u{1B}]0;pwned\u{07}b\u{1B}[2Jc".utf8) + [0x9B, 0x33, 0x31, 0x6D]
        + Array("d\u{9B}31me\u{202E}txt.exe".utf8) + [0xFF, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x66]

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse: true
        default: false
        }
    }

    static func assertNoControls(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = text.unicodeScalars.filter(isControl)
        #expect(bad.isEmpty, "control or format characters reached the text: \(bad.map { String($0.value, radix: 16) })",
                sourceLocation: sourceLocation)
    }

    @Test func aSpanOfHostileBytesHoldsNoControlCharacters() {
        let span = Span(SafeText(bytes: Self.hostile), .incoming)
        Self.assertNoControls(span.text)
        #expect(!span.text.contains("\u{1B}") && !span.text.contains("\u{9B}") && !span.text.contains("\u{202E}"))
        // What was sent stays readable, with the dangerous parts shown as placeholders.
        #expect(span.text.hasPrefix("a␛]0;pwned␇b␛[2Jc"))
        #expect(span.text.contains("txt.exe"))
    }

    @Test func aLineOfHostileStringTextHoldsNoControlCharacters() {
        let hostile = "title\u{1B}]0;x\u{07} clear\u{1B}[2J c1\u{9B}31m bidi\u{202E}gnp.exe"
        let line = StyledLine(SafeText(untrusted: hostile), .incoming)
        Self.assertNoControls(line.plainText)
        for row in LineWrapper.wrap(line, width: 7) {
            for span in row { Self.assertNoControls(span.text) }
        }
    }

    @Test func hostileBytesInAPaneDrawNoControlCharacters() {
        var m = Model(size: TerminalSize(columns: 80, rows: 24))
        m[pane: .client].scrollback.append(StyledLine(SafeText(bytes: Self.hostile), .incoming))
        m[pane: .client].scrollback.append(StyledLine([Span("peer: "), Span(SafeText(bytes: Self.hostile), .incoming)]))
        m.notice = StyledLine(SafeText(bytes: Self.hostile), .warning)
        let screen = view(m).screen
        for cell in screen.cells { Self.assertNoControls(cell.text) }
        #expect(screen.text.contains("pwned"))
    }

    @Test func literalsInterpolateOnlySafePieces() {
        let title = SafeText(untrusted: "evil\u{1B}[2J")
        let span = Span("Step \(2)/\(6): \(title)", .heading)
        #expect(span.text == "Step 2/6: evil␛[2J")
        let line: StyledLine = "porttutor's own words"
        #expect(line.plainText == "porttutor's own words")
    }
}
