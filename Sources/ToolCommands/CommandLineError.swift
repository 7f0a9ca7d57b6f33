import NetworkTypes
import ConnectionsCore
import CaptureCore

/// A command line the panes could not accept, with words that teach the fix.
///
/// `message` names what was wrong, in the style of the real tool where it has one
/// (`nc: missing port number`); `help` lists the forms this pane understands.
public struct CommandLineError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public let help: [String]

    public init(message: String, help: [String] = []) {
        self.message = message
        self.help = help
    }

    /// All the lines to show in the pane.
    public var lines: [String] { [message] + help }

    public var description: String { lines.joined(separator: "\n") }

    static func unterminatedQuote(_ quote: Character) -> CommandLineError {
        CommandLineError(message: "Unterminated \(quote) quote: every opening \(quote) needs a closing one.",
                         help: ["Example: curl -H 'Accept: text/plain' http://localhost:8080/"])
    }
}

/// Port numbers as the tools accept them: 1-65535, or a well-known service name.
enum PortArgument {
    static let serviceNames: [String: UInt16] = [
        "ftp": 21, "ssh": 22, "telnet": 23, "smtp": 25, "domain": 53, "http": 80, "www": 80,
        "pop3": 110, "imap": 143, "https": 443, "http-alt": 8080,
    ]

    static func parse(_ text: String, allowZero: Bool = false) -> UInt16? {
        if let named = serviceNames[text.lowercased()] { return named }
        guard !text.isEmpty, text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(text), value <= 65535, allowZero || value > 0 else { return nil }
        return UInt16(value)
    }

    static let rangeHelp = "A port is a whole number from 1 to 65535 (or a service name such as http)."
}

/// POSIX getopt over short options, as nc and telnet parse their arguments: clusters
/// (`-lk`), values attached (`-p8080`) or separate (`-p 8080`), `--` ends options.
struct ShortOptionParser {
    enum Item: Equatable {
        case flag(Character)
        case value(Character, String)
        case operand(String)
    }

    enum Failure: Error, Equatable {
        case unknown(Character)
        case missingValue(Character)
    }

    let flags: Set<Character>
    let valued: Set<Character>
    /// OpenBSD nc lets options follow operands (`nc localhost 8080 -v`); so do we.
    var permute = true

    func parse(_ arguments: [String]) -> Result<[Item], Failure> {
        var items: [Item] = []
        var index = 0
        var onlyOperands = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyOperands || argument == "-" || !argument.hasPrefix("-") {
                items.append(.operand(argument))
                if !permute { onlyOperands = true }
                continue
            }
            if argument == "--" { onlyOperands = true; continue }
            var letters = Array(argument.dropFirst())
            while !letters.isEmpty {
                let letter = letters.removeFirst()
                if flags.contains(letter) {
                    items.append(.flag(letter))
                } else if valued.contains(letter) {
                    if !letters.isEmpty {
                        items.append(.value(letter, String(letters)))
                        letters.removeAll()
                    } else if index < arguments.count {
                        items.append(.value(letter, arguments[index]))
                        index += 1
                    } else {
                        return .failure(.missingValue(letter))
                    }
                } else {
                    return .failure(.unknown(letter))
                }
            }
        }
        return .success(items)
    }
}
