import Testing
import TUI

/// Reading a terminal's answer to OSC 11 (`--theme auto`), as real terminals send it.
@Suite struct BackgroundReplyTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func xtermStyleFourDigitReplyEndedByBEL() throws {
        let reply = try #require(BackgroundColorReply(in: bytes("\u{1B}]11;rgb:ffff/ffff/ffff\u{07}")))
        #expect(reply.red == 1 && reply.green == 1 && reply.blue == 1)
        #expect(reply.background == .light)
    }

    @Test func replyEndedByStringTerminatorAmongOtherReplies() throws {
        // The DA1 answer after it, and a stray key before it.
        let text = "x\u{1B}]11;rgb:0000/2b2b/3636\u{1B}\\\u{1B}[?62;22c"
        let reply = try #require(BackgroundColorReply(in: bytes(text)))
        #expect(reply.background == .dark, "Solarized dark's base03")
        #expect(BackgroundColorReply.containsDeviceAttributes(bytes(text)))
    }

    @Test(arguments: [
        ("rgb:f/f/f", TerminalBackground.light), ("rgb:fd/f6/e3", .light), ("rgb:fdf6/f6f6/e3e3", .light),
        ("rgb:000/000/000", .dark), ("rgb:1e1e/1e1e/2e2e", .dark), ("rgba:ffff/ffff/ffff/ffff", .light),
        ("#ffffff", .light), ("#1d1f21", .dark), ("rgb:8080/8080/8080", .light), ("rgb:7f7f/7f7f/7f7f", .dark),
    ])
    func componentWidthsAndForms(_ colour: String, _ expected: TerminalBackground) throws {
        let reply = try #require(BackgroundColorReply(in: bytes("\u{1B}]11;\(colour)\u{07}")), "\(colour)")
        #expect(reply.background == expected, "\(colour)")
    }

    @Test func componentsScaleByTheirOwnWidth() throws {
        let reply = try #require(BackgroundColorReply(in: bytes("\u{1B}]11;rgb:8/80/800\u{07}")))
        #expect(abs(reply.red - 8.0 / 15) < 1e-9 && abs(reply.green - 128.0 / 255) < 1e-9 && abs(reply.blue - 2048.0 / 4095) < 1e-9)
    }

    @Test(arguments: [
        "\u{1B}]11;rgb:ffff/ffff/ffff",            // cut short: no terminator yet
        "\u{1B}]11;rgb:ffff/ffff\u{07}",            // two components
        "\u{1B}]11;rgb:fffff/0/0\u{07}",            // five digits
        "\u{1B}]11;rgb:zz/00/00\u{07}",             // not hex
        "\u{1B}]11;?\u{07}",                        // our own question echoed back
        "\u{1B}]10;rgb:ffff/ffff/ffff\u{07}",       // the foreground, not the background
        "\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}x",      // ESC not followed by a backslash
        "",
    ])
    func malformedOrPartialRepliesGiveNothing(_ text: String) {
        #expect(BackgroundColorReply(in: bytes(text)) == nil, "\(text.debugDescription)")
    }

    @Test func deviceAttributesMustBeComplete() {
        #expect(!BackgroundColorReply.containsDeviceAttributes(bytes("\u{1B}[?1;2")))
        #expect(BackgroundColorReply.containsDeviceAttributes(bytes("\u{1B}[?1;2c")))
        #expect(!BackgroundColorReply.containsDeviceAttributes(bytes("\u{1B}[1;2c")), "not a DA1 answer")
    }

    @Test func theQueryAsksTheBackgroundThenDeviceAttributes() {
        #expect(BackgroundColorReply.query == bytes("\u{1B}]11;?\u{07}\u{1B}[c"))
    }

    @Test func autoPicksLightOnlyWhenTheTerminalSaysSoAndNoColorStaysMono() {
        #expect(Theme.choose(presentation: .demo, environment: [:], terminalHasColor: true, background: .light).name == "projector-light")
        #expect(Theme.choose(presentation: .demo, environment: [:], terminalHasColor: true, background: nil).name == "projector", "no answer: dark")
        #expect(Theme.choose(presentation: .demo, environment: [:], terminalHasColor: true, background: .dark).name == "projector")
        #expect(Theme.choose(presentation: .tutorial, environment: [:], terminalHasColor: true, background: .light).name == "light")
        #expect(Theme.choose(presentation: .demo, environment: ["NO_COLOR": "1"], terminalHasColor: true, background: .light).name == "projector-mono")
        #expect(Theme.choose(presentation: .demo, environment: [:], terminalHasColor: true, requested: .light, background: .dark).name == "projector-light",
                "--theme light wins over what the terminal says")
    }
}
