import Lessons
import Foundation
import Yams

/// Turns Yams' errors into `FILE:LINE:COLUMN: message` with plain advice.
enum YAMLErrorTranslator {
    static func diagnostic(for error: Error, yaml: String, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: max(mark.line, 1), column: max(mark.column, 1))
        }
        guard let yamlError = error as? YamlError else {
            return Diagnostic(at: SourceLocation(file: file, line: 1, column: 1), "cannot read this file as YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            message += advice(for: problem, context: context?.text)
            if let context, context.text.contains("quoted scalar"), problem.contains("end of stream") {
                message += "; the quote opened there is never closed"
            }
            return Diagnostic(at: at(mark), message)
        case .reader(let problem, let offset, _, _):
            var location = SourceLocation(file: file, line: 1, column: 1)
            if let offset {
                let prefix = yaml.prefix(offset)
                let line = prefix.filter { $0 == "\n" }.count + 1
                let column = prefix.split(separator: "\n", omittingEmptySubsequences: false).last.map { $0.unicodeScalars.count + 1 } ?? 1
                location = SourceLocation(file: file, line: line, column: column)
            }
            return Diagnostic(at: location, "YAML cannot read this text: \(problem); save the file as UTF-8 without control characters")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let location = secondOccurrence(of: key, after: context.mark, in: yaml)
                .map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? at(context.mark)
            return Diagnostic(at: location, "duplicate key '\(key)': it is already set at line \(context.mark.line); keep one")
        default:
            return Diagnostic(at: SourceLocation(file: file, line: 1, column: 1), "cannot read this file as YAML: \(yamlError)")
        }
    }

    /// Friendlier words for the libyaml problems teachers meet most.
    private static func advice(for problem: String, context: String?) -> String {
        if problem.contains("tab character") {
            return "; indent with spaces, never tabs"
        }
        if problem.contains("found character that cannot start any token") {
            return "; YAML does not allow tabs for indentation, and text starting with ` @ or % must be quoted"
        }
        if problem.contains("could not find expected ':'") {
            return "; each line in a mapping needs `key: value`, and text containing ': ' must be quoted"
        }
        if problem.contains("mapping values are not allowed") {
            return "; text containing ': ' must be quoted, for example `text: \"Host: localhost\"`"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-' indicator") {
            return "; check the indentation: items of one list or mapping must line up"
        }
        if problem.contains("found undefined alias") {
            return "; an `*alias` must refer to an `&anchor` defined earlier"
        }
        return ""
    }

    /// Libyaml reports the first key of a duplicated pair; the teacher needs the second one.
    private static func secondOccurrence(of key: String, after first: Mark, in yaml: String) -> (line: Int, column: Int)? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1 else { return nil }
        for index in first.line..<lines.count {
            let line = lines[index]
            let scalars = Array(line.unicodeScalars)
            let column = first.column - 1
            guard column < scalars.count else { continue }
            let indent = String(String.UnicodeScalarView(scalars[..<column]))
            guard indent.allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = String(String.UnicodeScalarView(scalars[column...]))
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate) {
                let after = rest.dropFirst(candidate.count).drop(while: { $0 == " " })
                if after.hasPrefix(":") { return (index + 1, first.column) }
            }
            // A line indented less than the key ends its mapping.
            let leading = line.prefix(while: { $0 == " " }).count
            if !line.trimmingCharacters(in: .whitespaces).isEmpty, leading < column, !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                if !(indent.contains("-")) { return nil }
            }
        }
        return nil
    }
}
