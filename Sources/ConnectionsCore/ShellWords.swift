import NetworkTypes

/// Splits a typed command line into words the way a POSIX shell would for the simple
/// cases learners type: spaces separate words, `'…'` is literal, `"…"` allows `\"` and
/// `\\`, a backslash escapes the next character, and an unquoted `|` starts a new
/// pipeline stage.
public enum ShellWords {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unterminatedQuote(Character)
        case emptyPipelineStage

        public var description: String {
            switch self {
            case let .unterminatedQuote(q):
                return "A \(q == "'" ? "single" : "double") quote (\(q)) is opened but never closed. Quotes come in pairs: '( sport = :8080 )'."
            case .emptyPipelineStage:
                return "There is nothing before or after a `|`. A pipe joins two commands, as in `netstat -tn | grep 8080`."
            }
        }
    }

    /// The words of each pipeline stage.
    public static func split(_ line: String) throws(Failure) -> [[String]] {
        var stages: [[String]] = [[]]
        var word = ""
        var inWord = false
        var iterator = Array(line).makeIterator()
        func finishWord() {
            if inWord { stages[stages.count - 1].append(word) }
            word = ""
            inWord = false
        }
        while let c = iterator.next() {
            switch c {
            case " ", "\t", "\n", "\r":
                finishWord()
            case "|":
                finishWord()
                stages.append([])
            case "'":
                inWord = true
                var closed = false
                while let d = iterator.next() {
                    if d == "'" { closed = true; break }
                    word.append(d)
                }
                if !closed { throw .unterminatedQuote("'") }
            case "\"":
                inWord = true
                var closed = false
                while let d = iterator.next() {
                    if d == "\"" { closed = true; break }
                    if d == "\\" {
                        guard let e = iterator.next() else { break }
                        if e != "\"" && e != "\\" && e != "$" && e != "`" { word.append("\\") }
                        word.append(e)
                    } else {
                        word.append(d)
                    }
                }
                if !closed { throw .unterminatedQuote("\"") }
            case "\\":
                inWord = true
                if let d = iterator.next() { word.append(d) }
            default:
                inWord = true
                word.append(c)
            }
        }
        finishWord()
        if stages.count > 1 && stages.contains(where: \.isEmpty) { throw .emptyPipelineStage }
        return stages
    }
}
