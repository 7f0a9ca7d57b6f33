import NetworkTypes
import ConnectionsCore
import CaptureCore

//// A tcpdump command line the learner typed in the Packets pane could not be understood.
public struct TcpdumpCommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Parses what a learner types in the Packets pane, such as the lesson's
/// `tcpdump -A --interface lo0 port 8080` or its Linux form `tcpdump -A -i lo port 8080`.
///
/// Like tcpdump on Linux (GNU getopt), options may come before or after the filter,
/// short flags may be grouped (`-nnA`) and an option's value may be attached (`-c5`,
/// `-ilo`, `--interface=lo`). Everything that is not an option is the filter expression,
/// which libpcap compiles later (and reports on, if it is wrong).
public enum TcpdumpCommandLine {
    /// The forms porttutor understands, shown when something else is typed.
    public static let understoodForms = """
    Understood: -A (packet bytes as text), -X or -XX (hex and text, -XX from the link header), \
    -x or -xx (hex), -n or -nn (numbers, not names), -v or -vv (more detail), -e (link header), \
    -q (less detail), -S (absolute TCP sequence numbers), -t, -tt, -ttt, -tttt or -ttttt (timestamp \
    styles), -# or --number (packet numbers), -c N (stop after N packets), -i IFACE or --interface \
    IFACE, -r FILE (read a capture file), -w FILE (save to a file; add --force to replace a file that is not a capture), -l (output is always immediate), \
    then a filter such as: port 8080. Example: tcpdump -A -i lo port 8080
    """

    public static func parse(_ line: String) throws(TcpdumpCommandLineError) -> CaptureRequest {
        try parse(arguments: try tokenize(line))
    }

    public static func parse(arguments: [String]) throws(TcpdumpCommandLineError) -> CaptureRequest {
        var args = arguments[...]
        if args.first == "sudo" { args = args.dropFirst() }
        if let first = args.first, first == "tcpdump" || first.hasSuffix("/tcpdump") { args = args.dropFirst() }
        var request = CaptureRequest()
        var counts: [Character: Int] = [:]
        var expression: [String] = []
        var onlyExpression = false
        func fail(_ text: String) -> TcpdumpCommandLineError {
            TcpdumpCommandLineError(message: text + "\n" + understoodForms)
        }
        func value(for option: String, attached: Substring) throws(TcpdumpCommandLineError) -> String {
            if !attached.isEmpty { return String(attached) }
            guard let next = args.first else { throw fail("The option \(option) needs a value after it.") }
            args = args.dropFirst()
            return next
        }
        while let arg = args.first {
            args = args.dropFirst()
            if onlyExpression || !arg.hasPrefix("-") || arg == "-" {
                expression.append(arg)
                continue
            }
            if arg == "--" { onlyExpression = true; continue }
            if arg.hasPrefix("--") {
                let body = arg.dropFirst(2)
                let name = body.prefix { $0 != "=" }
                let attached = body.dropFirst(name.count).dropFirst()
                switch name {
                case "interface":
                    request.source = .interface(try value(for: "--interface", attached: attached))
                case "replay":
                    request.source = .file(try value(for: "--replay", attached: attached))
                case "count":
                    request.count = try count(try value(for: "--count", attached: attached), fail)
                case "number":
                    counts["#", default: 0] += 1
                case "absolute-tcp-sequence-numbers":
                    counts["S", default: 0] += 1
                case "force":
                    request.overwrite = true
                default:
                    throw fail("tcpdump's option --\(name) is not supported in porttutor.")
                }
                continue
            }
            var cluster = arg.dropFirst()
            while let flag = cluster.first {
                cluster = cluster.dropFirst()
                switch flag {
                case "A", "X", "x", "n", "t", "v", "e", "q", "S", "l", "#":
                    counts[flag, default: 0] += 1
                case "c":
                    request.count = try count(try value(for: "-c", attached: cluster), fail)
                    cluster = ""
                case "i":
                    request.source = .interface(try value(for: "-i", attached: cluster))
                    cluster = ""
                case "r":
                    request.source = .file(try value(for: "-r", attached: cluster))
                    cluster = ""
                case "w":
                    request.writePath = try value(for: "-w", attached: cluster)
                    cluster = ""
                default:
                    throw fail("tcpdump's option -\(flag) is not supported in porttutor.")
                }
            }
        }
        request.options = try options(from: counts, fail)
        request.lineBuffered = counts["l"] != nil
        request.filter = expression.joined(separator: " ")
        return request
    }

    /// Turns how often each flag was given into print options, refusing a repetition
    /// porttutor cannot honour rather than reading it as something else (`-vvv` is not
    /// `-vv`, `-AA` is not `-A`).
    private static func options(from counts: [Character: Int], _ fail: (String) -> TcpdumpCommandLineError) throws(TcpdumpCommandLineError) -> PrintOptions {
        func times(_ flag: Character, atMost limit: Int, _ what: String) throws(TcpdumpCommandLineError) -> Int {
            let n = counts[flag] ?? 0
            if n > limit {
                throw fail("tcpdump's option -\(String(repeating: flag, count: n)) is not supported in porttutor (\(what)).")
            }
            return n
        }
        var options = PrintOptions(numeric: counts["n"] != nil)
        let ascii = try times("A", atMost: 1, "-A shows the bytes after the link header")
        let hex = try times("x", atMost: 2, "use -x or -xx")
        let hexAndASCII = try times("X", atMost: 2, "use -X or -XX")
        if hexAndASCII > 0 {
            options.bytes = .hexAndASCII; options.bytesIncludeLinkHeader = hexAndASCII > 1
        } else if hex > 0 {
            options.bytes = .hex; options.bytesIncludeLinkHeader = hex > 1
        } else if ascii > 0 {
            options.bytes = .ascii
        }
        switch try times("t", atMost: 5, "use -t, -tt, -ttt, -tttt or -ttttt") {
        case 0: options.timestamp = .clock
        case 1: options.timestamp = .none
        case 2: options.timestamp = .epoch
        case 3: options.timestamp = .sinceLast
        case 4: options.timestamp = .dateAndClock
        default: options.timestamp = .sinceFirst
        }
        options.verbosity = try times("v", atMost: 2, "use -v or -vv")
        options.linkHeader = try times("e", atMost: 1, "use -e") > 0
        options.quiet = counts["q"] != nil
        options.absoluteSequenceNumbers = counts["S"] != nil
        options.packetNumbers = counts["#"] != nil
        return options
    }

    private static func count(_ text: String, _ fail: (String) -> TcpdumpCommandLineError) throws(TcpdumpCommandLineError) -> Int {
        guard let n = Int(text), n > 0 else { throw fail("-c needs a positive number of packets, not \"\(text)\".") }
        return n
    }

    /// Splits on blanks; single or double quotes group words (`'port 8080'`).
    public static func tokenize(_ line: String) throws(TcpdumpCommandLineError) -> [String] {
        var tokens: [String] = []
        var current = ""
        var inToken = false
        var quote: Character?
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                continue
            }
            if c == "'" || c == "\"" { quote = c; inToken = true; continue }
            if c == " " || c == "\t" || c == "\n" {
                if inToken { tokens.append(current); current = ""; inToken = false }
                continue
            }
            current.append(c)
            inToken = true
        }
        if quote != nil { throw TcpdumpCommandLineError(message: "A quote (\(quote!)) is not closed.") }
        if inToken { tokens.append(current) }
        return tokens
    }
}
