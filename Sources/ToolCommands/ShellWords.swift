import NetworkTypes
import ConnectionsCore
import CaptureCore

/// Splits a typed command line into words the way a POSIX shell does, so the learner can
/// paste `curl -H 'Accept: text/html' -d "a b" http://localhost:8080/` or
/// `ss -tn '( sport = :8080 )' | grep 8080` from a lesson. The one splitter of every pane.
///
/// Understands single quotes (literal), double quotes (with `\"`, `\\`, `\$`, `` \` ``
/// escapes), backslash outside quotes and line continuations. An unquoted `|` starts a new
/// pipeline stage; there are no variables or globs: there is no shell.
public enum ShellWords {
    /// Why a line could not be split.
    public enum Failure: Error, Equatable {
        case unterminatedQuote(Character)
        case emptyPipelineStage
    }

    /// The words of a command with no pipeline: a `|` is an ordinary character, as the
    /// nc, telnet and curl lines of the Listener and Client panes take it.
    public static func split(_ line: String) -> Result<[String], CommandLineError> {
        switch tokenize(line, pipes: false) {
        case .success(let stages): return .success(stages[0])
        case .failure(.unterminatedQuote(let quote)): return .failure(.unterminatedQuote(quote))
        case .failure(.emptyPipelineStage): return .success([])
        }
    }

    /// The words of each stage of a pipeline (`netstat -tn | grep 8080`).
    public static func stages(_ line: String) throws(Failure) -> [[String]] {
        try tokenize(line, pipes: true).get()
    }

    private static func tokenize(_ line: String, pipes: Bool) -> Result<[[String]], Failure> {
        var stages: [[String]] = [[]]
        var current = ""
        var inWord = false
        var iterator = Array(line).makeIterator()
        enum Quote { case none, single, double }
        var quote = Quote.none
        func finishWord() {
            if inWord { stages[stages.count - 1].append(current) }
            current = ""
            inWord = false
        }

        while let c = iterator.next() {
            switch quote {
            case .single:
                if c == "'" { quote = .none } else { current.append(c) }
            case .double:
                if c == "\"" {
                    quote = .none
                } else if c == "\\" {
                    guard let next = iterator.next() else { return .failure(.unterminatedQuote("\"")) }
                    if "\"\\$`".contains(next) { current.append(next) }
                    else if next == "\n" { /* line continuation */ }
                    else { current.append("\\"); current.append(next) }
                } else {
                    current.append(c)
                }
            case .none:
                if c == " " || c == "\t" || c == "\n" || c == "\r" {
                    finishWord()
                } else if c == "|" && pipes {
                    finishWord()
                    stages.append([])
                } else if c == "'" {
                    quote = .single; inWord = true
                } else if c == "\"" {
                    quote = .double; inWord = true
                } else if c == "\\" {
                    inWord = true
                    if let next = iterator.next() { if next != "\n" { current.append(next) } }
                } else {
                    current.append(c); inWord = true
                }
            }
        }
        switch quote {
        case .single: return .failure(.unterminatedQuote("'"))
        case .double: return .failure(.unterminatedQuote("\""))
        case .none: break
        }
        finishWord()
        if stages.count > 1 && stages.contains(where: \.isEmpty) { return .failure(.emptyPipelineStage) }
        return .success(stages)
    }
}

extension ShellWords.Failure: CustomStringConvertible {
    /// In the words of the Connections pane, where pipelines are typed.
    public var description: String {
        switch self {
        case let .unterminatedQuote(q):
            return "A \(q == "'" ? "single" : "double") quote (\(q)) is opened but never closed. Quotes come in pairs: '( sport = :8080 )'."
        case .emptyPipelineStage:
            return "There is nothing before or after a `|`. A pipe joins two commands, as in `netstat -tn | grep 8080`."
        }
    }
}
