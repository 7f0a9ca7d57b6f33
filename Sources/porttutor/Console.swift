import SafeText
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way the porttutor command writes to its terminal outside the screen: every
/// line goes through `SafeText`, so a lesson file, a file name or a typed argument holding
/// `ESC ] 0 ;` or `ESC [ 2 J` can neither retitle the terminal nor wipe earlier output.
enum Console {
    /// Writes text (of one line or several) to standard output.
    static func out(_ text: String) { emit(text, to: STDOUT_FILENO) }

    /// Writes text (of one line or several) to standard error.
    static func error(_ text: String) { emit(text, to: STDERR_FILENO) }

    /// Draws a page over the last one, from the top of the terminal: each line sanitised,
    /// then cleared to its end, and everything below the page cleared. (The sequences are
    /// porttutor's own; only the lines come from elsewhere.)
    static func page(_ lines: [String]) {
        // No newline after the last line: on the bottom row it would scroll the page up.
        var text = "\u{1B}[H" + lines.map { SafeText(untrusted: $0).description + "\u{1B}[K" }.joined(separator: "\r\n")
        text += "\u{1B}[J"
        write(text, to: STDOUT_FILENO)
    }

    private static func emit(_ text: String, to descriptor: Int32) {
        write(SafeText.multiline(untrusted: text.hasSuffix("\n") ? String(text.dropLast()) : text) + "\n", to: descriptor)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var line = text
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Swift's `print` would write a string as it is; in this module, output goes through
/// ``Console``, which sanitises it. Calling `print` here does not compile.
@available(*, unavailable, message: "write with Console.out or Console.error, which sanitise what they print")
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {}

/// Writes a line to standard error, sanitised.
func printError(_ text: String) { Console.error(text) }

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif
