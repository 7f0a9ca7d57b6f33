import Lessons
import Foundation
import Yams

/// Reads typed values out of a composed YAML tree, collecting a diagnostic for every problem
/// instead of stopping at the first, each pointing at the node's line and column.
struct NodeReader {
    /// The path shown in diagnostics.
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    // MARK: Reporting

    func location(of node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func location(of mark: Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    mutating func error(at node: Node, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location(of: node), message))
    }

    mutating func error(at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location, message))
    }

    mutating func warning(at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.warning, at: location, message))
    }

    var hasErrors: Bool { diagnostics.contains(where: \.isError) }

    // MARK: Shapes

    /// A mapping's entries by key, after reporting keys outside `allowed` (with a suggestion).
    mutating func mapping(_ node: Node, what: String, allowed: [String]) -> Entries? {
        guard case .mapping(let mapping) = node else {
            error(at: node, "\(what) should be a mapping of `key: value` lines, but this is \(describe(node))")
            return nil
        }
        var entries = Entries(node: node)
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                error(at: key, "a key in \(what) should be a plain word, not \(describe(key))")
                continue
            }
            let name = scalar.string
            if !allowed.contains(name) {
                if let suggestion = NearMiss.suggestion(for: name, among: allowed) { entries.misspelled.insert(suggestion) }
                let hint = NearMiss.didYouMean(name, among: allowed)
                error(at: key, "unknown key '\(name)' in \(what)\(hint) (allowed here: \(allowed.joined(separator: ", ")))")
                continue
            }
            entries.values[name] = (key, value)
            entries.order.append(name)
        }
        return entries
    }

    /// A sequence's items; a single value is read as a list of one when `allowSingle`.
    mutating func sequence(_ node: Node, what: String, allowSingle: Bool = false) -> [Node]? {
        switch node {
        case .sequence(let sequence):
            // Steps have a bound of their own (LessonFileBounds.maxSteps), said by the lesson.
            if what != "steps" && sequence.count > LessonFileBounds.maxListItems {
                error(at: node, "\(what) has \(sequence.count) items: the most is \(LessonFileBounds.maxListItems)")
                return nil
            }
            return Array(sequence)
        case .scalar where isNull(node):
            return []
        default:
            if allowSingle { return [node] }
            error(at: node, "\(what) should be a list (lines starting with `- `), but this is \(describe(node))")
            return nil
        }
    }

    // MARK: Scalars

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func isQuoted(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .singleQuoted || scalar.style == .doubleQuoted
    }

    /// Text as written; numbers and booleans are read as their text.
    mutating func string(_ node: Node, what: String, allowEmpty: Bool = false) -> String? {
        guard case .scalar(let scalar) = node else {
            var message = "\(what) should be text, but this is \(describe(node))"
            if case .mapping(let mapping) = node, mapping.count == 1, let key = mapping.keys.first?.scalar, key.string.contains(" ") {
                message += "; text containing ': ' is read as `key: value`, so put the whole text in quotes"
            }
            error(at: node, message)
            return nil
        }
        if isNull(node) || (!allowEmpty && scalar.string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty) {
            if allowEmpty { return "" }
            error(at: node, "\(what) is empty: give it a value")
            return nil
        }
        let bytes = scalar.string.utf8.count
        if bytes > LessonFileBounds.maxTextBytes {
            error(at: node, "\(what) is \(bytes / 1024) KB: the most is \(LessonFileBounds.maxTextBytes / 1024) KB; split it (another step, another hint)")
            return nil
        }
        return scalar.string
    }

    mutating func integer(_ node: Node, what: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            error(at: node, "\(what) should be a whole number, found '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            error(at: node, "\(what) \(value) is out of range: it must be from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// A presenter's time: seconds (`90`) or minutes and seconds (`1:30`), at most an hour.
    mutating func duration(_ node: Node, what: String) -> Int? {
        guard let text = string(node, what: what)?.trimmingCharacters(in: .whitespaces) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let numbers = parts.map { Int($0) }
        var seconds: Int?
        if parts.count == 1, let whole = numbers[0] { seconds = whole }
        if parts.count == 2, let minutes = numbers[0], let rest = numbers[1], parts[1].count == 2, rest < 60 {
            seconds = minutes * 60 + rest
        }
        guard let seconds else {
            error(at: node, "\(what) should be seconds (90) or minutes and seconds (1:30), found '\(text)'")
            return nil
        }
        guard (1...3600).contains(seconds) else {
            error(at: node, "\(what) \(text) is out of range: from 1 second to 1 hour (60:00)")
            return nil
        }
        return seconds
    }

    /// A TCP or UDP port a lesson talks about: 1 to 65535 (0 means "any" to the kernel, never a real port).
    mutating func port(_ node: Node, what: String = "port") -> Int? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            error(at: node, "\(what) should be a number such as 8080, found '\(text)'")
            return nil
        }
        guard (1...65535).contains(value) else {
            error(at: node, "port \(value) is out of range: a port is a number from 1 to 65535")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, what: String) -> Bool? {
        guard let text = string(node, what: what) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(at: node, "\(what) should be true or false, found '\(text)'")
            return nil
        }
    }

    mutating func double(_ node: Node, what: String, in range: ClosedRange<Double>) -> Double? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
            error(at: node, "\(what) should be a number of seconds such as 1.5, found '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            error(at: node, "\(what) \(text) is out of range: it must be from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// One of a fixed set of words, with a suggestion for a near miss.
    mutating func choice<Value>(_ node: Node, what: String, options: [(String, Value)]) -> Value? {
        guard let text = string(node, what: what) else { return nil }
        if let match = options.first(where: { $0.0 == text.lowercased() }) { return match.1 }
        let names = options.map(\.0)
        error(at: node, "unknown \(what) '\(text)'\(NearMiss.didYouMean(text, among: names)) (choose one of: \(names.joined(separator: ", ")))")
        return nil
    }

    /// A regular expression, compiled now so a typo is a lint error and not a silent never-match.
    /// porttutor matches with ``LessonPattern`` (linear time); a pattern that would backtrack
    /// badly elsewhere is a warning.
    mutating func pattern(_ node: Node, what: String = "pattern") -> String? {
        guard let text = string(node, what: what) else { return nil }
        guard text.utf8.count <= 500 else {
            self.error(at: node, "\(what) is \(text.utf8.count) bytes long: keep a pattern under 500")
            return nil
        }
        do {
            let compiled = try LessonPattern(text)
            for advice in compiled.warnings { warning(at: location(of: node), "\(what) '\(text)': \(advice)") }
            return text
        } catch {
            self.error(at: node, "bad \(what) '\(text)': \(error) (LESSON-FORMAT.md lists the syntax porttutor understands)")
            return nil
        }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return isNull(node) ? "empty" : "the text '\(scalar.string.prefix(40))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// The entries of one mapping, by key, remembering each key's node for diagnostics.
struct Entries {
    let node: Node
    var values: [String: (key: Node, value: Node)] = [:]
    var order: [String] = []
    /// Allowed keys that an unknown key was probably meant to be.
    var misspelled: Set<String> = []

    subscript(_ key: String) -> Node? { values[key]?.value }

    func keyNode(_ key: String) -> Node? { values[key]?.key }

    func has(_ key: String) -> Bool { values[key] != nil }
}
