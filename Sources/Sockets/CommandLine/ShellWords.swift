import NetworkTypes

/// Splits a typed command line into words the way a POSIX shell does, so the learner can
/// paste `curl -H 'Accept: text/html' -d "a b" http://localhost:8080/` from a lesson.
///
/// Understands single quotes (literal), double quotes (with `\"`, `\\`, `\$`, `` \` ``
/// escapes) and backslash outside quotes. No variables, globs or pipes: there is no shell.
public enum ShellWords {
    public static func split(_ line: String) -> Result<[String], CommandLineError> {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = Array(line).makeIterator()
        enum Quote { case none, single, double }
        var quote = Quote.none

        while let c = iterator.next() {
            switch quote {
            case .single:
                if c == "'" { quote = .none } else { current.append(c) }
            case .double:
                if c == "\"" {
                    quote = .none
                } else if c == "\\" {
                    guard let next = iterator.next() else {
                        return .failure(.unterminatedQuote("\""))
                    }
                    if "\"\\$`".contains(next) { current.append(next) }
                    else if next == "\n" { /* line continuation */ }
                    else { current.append("\\"); current.append(next) }
                } else {
                    current.append(c)
                }
            case .none:
                if c == " " || c == "\t" || c == "\n" {
                    if inWord { words.append(current); current = ""; inWord = false }
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
        if inWord { words.append(current) }
        return .success(words)
    }
}
