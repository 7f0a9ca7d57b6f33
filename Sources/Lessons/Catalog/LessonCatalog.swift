/// All the lessons of a folder, in teaching order, with lookup by the names learners type.
public struct LessonCatalog: Sendable {
    public private(set) var lessons: [Lesson]

    public init(lessons: [Lesson]) {
        self.lessons = lessons
    }

    // MARK: Lookup

    /// How a typed name was matched, so the caller can say which lesson it chose.
    public enum Match: Sendable {
        case exact(Lesson)
        /// `porttutor 3` for the third lesson of `porttutor list`.
        case number(Lesson)
        case prefix(Lesson)
        /// `porttutor http` for `talking-http`: a word or part of one lesson's id or title.
        case containing(Lesson)
        /// `porttutor tcpdump`: the lesson that teaches that tool.
        case teaching(tool: String, Lesson)
        /// `porttutor htpp`: a slip of the fingers from a word of one lesson's id or title.
        case misspelling(Lesson)

        public var lesson: Lesson {
            switch self {
            case .exact(let lesson), .number(let lesson), .prefix(let lesson), .containing(let lesson),
                 .teaching(_, let lesson), .misspelling(let lesson):
                return lesson
            }
        }

        /// Nil for an exact match; otherwise the sentence to print, such as
        /// "Opening 'watching-packets', the only lesson whose name starts with 'watch'."
        /// `action` is the verb in the -ing form: "opening", "resetting".
        public func explanation(for name: String, action: String = "opening") -> String? {
            let capitalized = action.prefix(1).uppercased() + action.dropFirst()
            switch self {
            case .exact: return nil
            case .number(let lesson): return "\(capitalized) lesson \(name), '\(lesson.id)': \(lesson.title)."
            case .prefix(let lesson): return "\(capitalized) '\(lesson.id)', the only lesson whose name starts with '\(name)'."
            case .containing(let lesson): return "\(capitalized) '\(lesson.id)', the only lesson whose name or title contains '\(name)'."
            case .teaching(let tool, let lesson): return "\(capitalized) '\(lesson.id)', the lesson that teaches \(tool)."
            case .misspelling(let lesson): return "There is no lesson '\(name)'; \(action) the closest, '\(lesson.id)'."
            }
        }
    }

    public struct LookupError: Error, Sendable, CustomStringConvertible {
        public var name: String
        /// Several lessons fit equally well.
        public var candidates: [Lesson]
        public var all: [Lesson]
        /// The candidates are near spellings, not names that contain what was typed.
        public var isMisspelling = false

        public var description: String {
            var text: String
            if candidates.count > 1 && isMisspelling {
                text = "There is no lesson '\(name)'. Did you mean \(candidates.map { "'\($0.id)'" }.joined(separator: " or "))?"
            } else if candidates.count > 1 {
                text = "'\(name)' could mean \(candidates.map { "'\($0.id)'" }.joined(separator: " or ")); type more of the name."
            } else {
                text = "There is no lesson called '\(name)'."
            }
            text += " The lessons are:\n"
            for (index, lesson) in all.enumerated() {
                text += "  \(index + 1). \(lesson.id) - \(lesson.title)\n"
            }
            text += "Run `porttutor LESSON` with one of these names (or its number)."
            return text
        }
    }

    /// Finds a lesson by id, by its number in the list, by a unique prefix, by a word or part
    /// of its id or title (`http` for `talking-http`), or by a close misspelling.
    public func find(_ name: String) throws(LookupError) -> Match {
        let key = NearMiss.normalized(name.trimmingCharacters(in: " \t"))
        if let lesson = lessons.first(where: { $0.id == key }) { return .exact(lesson) }
        if let number = Int(key), lessons.indices.contains(number - 1) { return .number(lessons[number - 1]) }
        let prefixed = lessons.filter { $0.id.hasPrefix(key) }
        if prefixed.count == 1 { return .prefix(prefixed[0]) }
        if prefixed.count > 1 { throw LookupError(name: name, candidates: prefixed, all: lessons) }
        // Whole words first, so a word one lesson names outright wins over letters inside another's.
        for (minimumLength, holds) in [(2, Self.holdsWholeWord), (3, Self.holdsAnywhere)] where key.count >= minimumLength {
            let containing = lessons.filter { lesson in [lesson.id, lesson.title].contains { holds(key, NearMiss.normalized($0)) } }
            if containing.count == 1 { return .containing(containing[0]) }
            if containing.count > 1 { throw LookupError(name: name, candidates: containing, all: lessons) }
        }
        if let tool = Self.toolNames.first(where: { $0 == key }) ?? NearMiss.suggestion(for: key, among: Self.toolNames),
           let lesson = lessonTeaching(tool) {
            return .teaching(tool: tool, lesson)
        }
        let tolerance = NearMiss.tolerance(for: key)
        let scored = lessons.map { lesson in
            (lesson: lesson, distance: ([lesson.id] + Self.words(of: lesson)).map { NearMiss.distance(key, $0) }.min() ?? .max)
        }
        if let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= tolerance {
            let tied = scored.filter { $0.distance == best.distance }.map(\.lesson)
            if tied.count > 1 { throw LookupError(name: name, candidates: tied, all: lessons, isMisspelling: true) }
            return .misspelling(best.lesson)
        }
        throw LookupError(name: name, candidates: [], all: lessons)
    }

    /// The commands porttutor's panes run, which a lesson can be found by.
    public static let toolNames = ["nc", "netcat", "telnet", "curl", "ss", "netstat", "tcpdump"]

    /// Tools that do one job, so a lesson that teaches one teaches the other.
    static let sameJob: [Set<String>] = [["nc", "netcat"], ["ss", "netstat"]]

    /// The lesson that teaches `tool` (or its twin, `netstat` for `ss`): the first that says
    /// so (`teaches:`), else the first with a step that runs it.
    public func lessonTeaching(_ tool: String) -> Lesson? {
        let spellings = Self.sameJob.first { $0.contains(tool) } ?? [tool]
        if let declared = lessons.first(where: { !spellings.isDisjoint(with: $0.teaches) }) { return declared }
        return lessons.first { lesson in
            lesson.steps.contains { step in
                step.pane != .lesson && step.perform.contains { input in
                    guard case .line(let line) = input.action else { return false }
                    let words = line.split(separator: " ").map(String.init)
                    let command = words.first == "sudo" ? words.dropFirst().first : words.first
                    return command.map(spellings.contains) ?? false
                }
            }
        }
    }

    /// The words of a lesson's id and title, long enough to be misspelled (`talking`, `http`).
    static func words(of lesson: Lesson) -> [String] {
        (lesson.id + " " + lesson.title).lowercased()
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map(String.init)
            .filter { $0.count >= 3 }
    }

    /// `key` stands in `text` with no letter or digit touching it: `port` in `what-is-a-port`.
    static func holdsWholeWord(_ key: String, _ text: String) -> Bool {
        text.ranges(of: key).contains { range in
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            return [before, after].allSatisfy { !($0?.isLetter ?? false) && !($0?.isNumber ?? false) }
        }
    }

    static func holdsAnywhere(_ key: String, _ text: String) -> Bool {
        text.contains(key)
    }

    /// The lesson picker's type-to-filter: lessons whose id or title contains the query's
    /// letters in order (case-insensitive), best (shortest spread) first, catalog order on ties.
    public func filter(_ query: String) -> [Lesson] {
        let needle = Array(query.lowercased().filter { !$0.isWhitespace })
        guard !needle.isEmpty else { return lessons }
        let exact = subsequenceFilter(needle)
        if !exact.isEmpty || needle.count < 3 { return exact }
        // Nothing holds those letters in order: near spellings of a word (`packts`), or a tool's name.
        let word = String(needle)
        if let tool = NearMiss.suggestion(for: word, among: Self.toolNames), let lesson = lessonTeaching(tool) {
            return [lesson]
        }
        let tolerance = NearMiss.tolerance(for: word)
        return lessons.filter { lesson in Self.words(of: lesson).contains { NearMiss.distance(word, $0) <= tolerance } }
    }

    private func subsequenceFilter(_ needle: [Character]) -> [Lesson] {
        let scored = lessons.enumerated().compactMap { index, lesson -> (Int, Int, Lesson)? in
            let spreads = [lesson.id, lesson.title].compactMap { Self.subsequenceSpread(needle, in: Array($0.lowercased())) }
            guard let best = spreads.min() else { return nil }
            return (best, index, lesson)
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// The length of the shortest window of `haystack` holding `needle` in order; nil when absent.
    static func subsequenceSpread(_ needle: [Character], in haystack: [Character]) -> Int? {
        var best: Int?
        for start in haystack.indices where haystack[start] == needle[0] {
            var position = start
            var matched = 0
            while position < haystack.count && matched < needle.count {
                if haystack[position] == needle[matched] { matched += 1 }
                position += 1
            }
            if matched == needle.count {
                let spread = position - start
                if best.map({ spread < $0 }) ?? true { best = spread }
            }
        }
        return best
    }
}
