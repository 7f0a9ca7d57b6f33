/// A lesson's regular expression, matched in time proportional to the text times the
/// pattern (a Thompson NFA run as a Pike VM, which never backtracks), so no pattern a lesson
/// holds can freeze porttutor on what a peer sends: `^(a+)+b` against 25 `a`s costs a few
/// thousand steps, not minutes. It understands the common subset of Perl and PCRE syntax:
/// literals and escapes, `.`, classes (`[a-z]`, `[^…]`, `\d \w \s \D \W \S`), anchors
/// (`^ $ \b \B`: `^` and `$` are the start and end of the whole text), groups (`(…)`, `(?:…)`), alternation and the quantifiers
/// `* + ? {n} {n,} {n,m}` (a lazy `?` after one is accepted: it cannot change whether there is
/// a match). Backreferences and lookaround, which need backtracking, are refused at load.
///
/// The cost is bounded twice: the pattern compiles to at most ``maxProgram`` instructions,
/// and one search makes at most ``stepBudget`` steps (past it, the answer is "no match").
public struct LessonPattern: Sendable, Hashable {
    public let source: String
    /// Advice for the author: a quantified group that itself holds a quantifier (`(a+)+`),
    /// which backtracking engines (grep -P, most languages) take exponential time on.
    public let warnings: [String]
    private let program: [Instruction]

    public static let maxProgram = 4_000
    public static let stepBudget = 20_000_000

    public init(_ source: String) throws(LessonPatternError) {
        var parser = PatternParser(Array(source.unicodeScalars))
        let tree = try parser.parseWhole()
        var compiler = PatternCompiler()
        try compiler.emit(tree)
        compiler.program.append(.match)
        self.source = source
        self.program = compiler.program
        self.warnings = parser.warnings
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String, ignoreCase: Bool = false) -> Bool {
        PikeVM(program: program, input: Array(text.unicodeScalars), ignoreCase: ignoreCase).search()
    }

    public static func == (lhs: LessonPattern, rhs: LessonPattern) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// Why a pattern cannot be used, in words for the lesson's author.
public struct LessonPatternError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

// MARK: - The tree

indirect enum PatternNode {
    case empty
    case scalar(Unicode.Scalar)
    case anyButNewline
    case set(ScalarSet)
    case lineStart, lineEnd
    case wordBoundary(Bool)
    case sequence([PatternNode])
    case choice([PatternNode])
    case repeated(PatternNode, min: Int, max: Int?)
    case group(PatternNode)

    /// Whether an unbounded quantifier is inside (for the nested-quantifier warning).
    var hasUnboundedRepeat: Bool {
        switch self {
        case .repeated(let inner, _, let max): return max == nil || inner.hasUnboundedRepeat
        case .sequence(let nodes), .choice(let nodes): return nodes.contains(where: \.hasUnboundedRepeat)
        case .group(let inner): return inner.hasUnboundedRepeat
        default: return false
        }
    }
}

/// A character class: ranges of scalars, and the shorthand classes, possibly negated.
struct ScalarSet {
    var ranges: [ClosedRange<UInt32>] = []
    var classes: [(Shorthand, Bool)] = []  // (class, negated)
    var negated = false

    enum Shorthand { case digit, word, space }

    func contains(_ scalar: Unicode.Scalar, ignoreCase: Bool) -> Bool {
        var found = containsExactly(scalar)
        if !found && ignoreCase {
            found = CaseFold.variants(of: scalar).contains { containsExactly($0) }
        }
        return found != negated
    }

    private func containsExactly(_ scalar: Unicode.Scalar) -> Bool {
        if ranges.contains(where: { $0.contains(scalar.value) }) { return true }
        return classes.contains { shorthand, negated in shorthand.contains(scalar) != negated }
    }
}

extension ScalarSet.Shorthand {
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .digit: return ("0"..."9").contains(scalar)
        case .word: return scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        case .space: return scalar.properties.isWhitespace
        }
    }
}

enum CaseFold {
    /// The scalar's other cases, when each is a single scalar.
    static func variants(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let mappings = [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping]
        return mappings.compactMap { text in
            let scalars = text.unicodeScalars
            return scalars.count == 1 && scalars.first != scalar ? scalars.first : nil
        }
    }

    static func equal(_ a: Unicode.Scalar, _ b: Unicode.Scalar, ignoreCase: Bool) -> Bool {
        a == b || (ignoreCase && variants(of: a).contains(b))
    }
}

// MARK: - Parsing

struct PatternParser {
    private let text: [Unicode.Scalar]
    private var index = 0
    private(set) var warnings: [String] = []

    init(_ text: [Unicode.Scalar]) { self.text = text }

    private var peek: Unicode.Scalar? { index < text.count ? text[index] : nil }

    private func fail(_ message: String) -> LessonPatternError {
        LessonPatternError(message: "\(message) (at character \(index + 1))")
    }

    mutating func parseWhole() throws(LessonPatternError) -> PatternNode {
        let tree = try parseChoice(depth: 0)
        if index < text.count { throw fail("unmatched `)`") }
        return tree
    }

    private mutating func parseChoice(depth: Int) throws(LessonPatternError) -> PatternNode {
        guard depth < 50 else { throw fail("groups nested too deeply") }
        var branches = [try parseSequence(depth: depth)]
        while peek == "|" {
            index += 1
            branches.append(try parseSequence(depth: depth))
        }
        return branches.count == 1 ? branches[0] : .choice(branches)
    }

    private mutating func parseSequence(depth: Int) throws(LessonPatternError) -> PatternNode {
        var items: [PatternNode] = []
        while let c = peek, c != "|", c != ")" {
            var atom = try parseAtom(depth: depth)
            while let quantifier = try parseQuantifier() {
                if case .repeated = atom { throw fail("a quantifier follows another (`a**`, `a++`): write one") }
                if quantifier.max == nil, atom.hasUnboundedRepeat {
                    warnings.append("nested quantifiers (a repeated group that itself repeats, like `(a+)+`) make backtracking "
                                    + "engines such as grep -P take exponential time; porttutor's does not, but write it simpler")
                }
                switch atom {
                case .lineStart, .lineEnd, .wordBoundary: throw fail("an anchor cannot be repeated")
                default: break
                }
                atom = .repeated(atom, min: quantifier.min, max: quantifier.max)
            }
            items.append(atom)
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func parseQuantifier() throws(LessonPatternError) -> (min: Int, max: Int?)? {
        guard let c = peek else { return nil }
        var result: (Int, Int?)
        switch c {
        case "*": result = (0, nil); index += 1
        case "+": result = (1, nil); index += 1
        case "?": result = (0, 1); index += 1
        case "{":
            guard let braced = try parseBraces() else { return nil }
            result = braced
        default: return nil
        }
        if peek == "?" { index += 1 }  // lazy: the same matches exist
        return result
    }

    /// `{n}`, `{n,}`, `{n,m}`; nil (and nothing read) when the brace is a literal.
    private mutating func parseBraces() throws(LessonPatternError) -> (Int, Int?)? {
        let start = index
        index += 1
        func number() -> Int? {
            var value: Int?
            while let c = peek, ("0"..."9").contains(c) {
                value = min(100_000, (value ?? 0) * 10 + Int(c.value - 48))
                index += 1
            }
            return value
        }
        guard let low = number() else { index = start; return nil }
        var high: Int? = low
        if peek == "," {
            index += 1
            high = number()
        }
        guard peek == "}" else { index = start; return nil }
        index += 1
        if let high, high < low { throw fail("`{\(low),\(high)}` counts down") }
        if low > 1000 || (high ?? 0) > 1000 { throw fail("a count above 1000") }
        return (low, high)
    }

    private mutating func parseAtom(depth: Int) throws(LessonPatternError) -> PatternNode {
        let c = text[index]
        index += 1
        switch c {
        case "(":
            if peek == "?" {
                index += 1
                if peek == ":" {
                    index += 1
                } else if peek == "<", index + 1 < text.count, text[index + 1] != "=", text[index + 1] != "!" {
                    // A named group: grouping only, as every group here.
                    while let n = peek, n != ">" { index += 1 }
                    guard peek == ">" else { throw fail("a group name without `>`") }
                    index += 1
                } else {
                    throw fail("lookaround and other `(?…)` groups are not supported (they need a backtracking engine)")
                }
            }
            let inner = try parseChoice(depth: depth + 1)
            guard peek == ")" else { throw fail("missing `)`") }
            index += 1
            return .group(inner)
        case ")": throw fail("unmatched `)`")
        case "*", "+", "?": throw fail("`\(c)` has nothing before it to repeat")
        case ".": return .anyButNewline
        case "^": return .lineStart
        case "$": return .lineEnd
        case "[": return .set(try parseSet())
        case "\\": return try parseEscape(inSet: false)
        default: return .scalar(c)
        }
    }

    private mutating func parseEscape(inSet: Bool) throws(LessonPatternError) -> PatternNode {
        guard let c = peek else { throw fail("a pattern cannot end with `\\`") }
        index += 1
        switch c {
        case "d", "w", "s", "D", "W", "S":
            let shorthand: ScalarSet.Shorthand = (c == "d" || c == "D") ? .digit : (c == "w" || c == "W") ? .word : .space
            var set = ScalarSet()
            set.classes = [(shorthand, c == "D" || c == "W" || c == "S")]
            return .set(set)
        case "b" where !inSet: return .wordBoundary(true)
        case "B" where !inSet: return .wordBoundary(false)
        case "n": return .scalar("\n")
        case "t": return .scalar("\t")
        case "r": return .scalar("\r")
        case "f": return .scalar("\u{0C}")
        case "v": return .scalar("\u{0B}")
        case "e": return .scalar("\u{1B}")
        case "0": return .scalar("\u{00}")
        case "x":
            var digits = ""
            if peek == "{" {
                index += 1
                while let h = peek, h != "}" { digits.unicodeScalars.append(h); index += 1 }
                guard peek == "}" else { throw fail("`\\x{` without `}`") }
                index += 1
            } else {
                for _ in 0..<2 { if let h = peek { digits.unicodeScalars.append(h); index += 1 } }
            }
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { throw fail("a bad `\\x` escape") }
            return .scalar(scalar)
        case "1"..."9": throw fail("backreferences (`\\\(c)`) are not supported (they need a backtracking engine)")
        default:
            if c.properties.isAlphabetic || ("0"..."9").contains(c) { throw fail("unknown escape `\\\(c)`") }
            return .scalar(c)  // \. \\ \/ \( and every other punctuation: itself
        }
    }

    private mutating func parseSet() throws(LessonPatternError) -> ScalarSet {
        var set = ScalarSet()
        if peek == "^" { set.negated = true; index += 1 }
        var first = true
        while let c = peek, c != "]" || first {
            first = false
            index += 1
            var low: Unicode.Scalar
            if c == "\\" {
                switch try parseEscape(inSet: true) {
                case .scalar(let s): low = s
                case .set(let inner): set.classes += inner.classes; continue
                default: throw fail("this escape means nothing inside `[…]`")
                }
            } else {
                low = c
            }
            if peek == "-", index + 1 < text.count, text[index + 1] != "]" {
                index += 1
                var high = text[index]
                index += 1
                if high == "\\" {
                    guard case .scalar(let s) = try parseEscape(inSet: true) else { throw fail("a class shorthand cannot end a range") }
                    high = s
                }
                guard low.value <= high.value else { throw fail("the range `\(low)-\(high)` counts down") }
                set.ranges.append(low.value...high.value)
            } else {
                set.ranges.append(low.value...low.value)
            }
        }
        guard peek == "]" else { throw fail("missing `]`") }
        index += 1
        return set
    }
}

// MARK: - Compiling

enum Instruction {
    case scalar(Unicode.Scalar)
    case anyButNewline
    case set(ScalarSet)
    case lineStart, lineEnd
    case wordBoundary(Bool)
    case split(Int, Int)
    case jump(Int)
    case match
}

struct PatternCompiler {
    var program: [Instruction] = []

    mutating func emit(_ node: PatternNode) throws(LessonPatternError) {
        guard program.count < LessonPattern.maxProgram else {
            throw LessonPatternError(message: "the pattern is too large once its counts are spelled out (more than \(LessonPattern.maxProgram) steps)")
        }
        switch node {
        case .empty: break
        case .scalar(let s): program.append(.scalar(s))
        case .anyButNewline: program.append(.anyButNewline)
        case .set(let set): program.append(.set(set))
        case .lineStart: program.append(.lineStart)
        case .lineEnd: program.append(.lineEnd)
        case .wordBoundary(let at): program.append(.wordBoundary(at))
        case .sequence(let nodes):
            for node in nodes { try emit(node) }
        case .group(let inner):
            try emit(inner)
        case .choice(let branches):
            var jumps: [Int] = []
            for (i, branch) in branches.enumerated() {
                if i < branches.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    try emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repeated(let inner, let min, let max):
            for _ in 0..<min { try emit(inner) }
            if let max {
                // Each optional copy: split into it or past all that remain.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, -1))
                    try emit(inner)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let loop = program.count
                program.append(.split(loop + 1, -1))
                try emit(inner)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }
}

// MARK: - Matching

/// Runs every possible path through the program in step, one input scalar at a time: each
/// instruction holds at most one thread per position, so the work is bounded by the text's
/// length times the program's.
struct PikeVM {
    let program: [Instruction]
    let input: [Unicode.Scalar]
    let ignoreCase: Bool

    func search() -> Bool {
        var current: [Int] = []
        var next: [Int] = []
        var mark = [Int](repeating: -1, count: program.count)
        var generation = 0
        var steps = 0
        var stack: [Int] = []

        /// Adds `pc` and every instruction reachable from it without reading; true on a match.
        func addThread(_ pc: Int, at position: Int, to list: inout [Int]) -> Bool {
            stack.append(pc)
            while let pc = stack.popLast() {
                guard mark[pc] != generation else { continue }
                mark[pc] = generation
                steps += 1
                switch program[pc] {
                case .match: return true
                case .jump(let to): stack.append(to)
                case .split(let a, let b): stack.append(b); stack.append(a)
                case .lineStart: if position == 0 { stack.append(pc + 1) }
                case .lineEnd:
                    // The end of the text, as Swift's Regex has it (not before a final newline).
                    if position == input.count { stack.append(pc + 1) }
                case .wordBoundary(let wanted):
                    let before = position > 0 && ScalarSet.Shorthand.word.contains(input[position - 1])
                    let after = position < input.count && ScalarSet.Shorthand.word.contains(input[position])
                    if (before != after) == wanted { stack.append(pc + 1) }
                case .scalar, .anyButNewline, .set:
                    list.append(pc)
                }
            }
            return false
        }

        generation += 1
        if addThread(0, at: 0, to: &current) { return true }
        for position in 0..<input.count {
            let scalar = input[position]
            generation += 1
            next.removeAll(keepingCapacity: true)
            for pc in current {
                guard steps < LessonPattern.stepBudget else { return false }
                steps += 1
                let advances: Bool
                switch program[pc] {
                case .scalar(let s): advances = CaseFold.equal(s, scalar, ignoreCase: ignoreCase)
                case .anyButNewline: advances = scalar != "\n"
                case .set(let set): advances = set.contains(scalar, ignoreCase: ignoreCase)
                default: advances = false
                }
                if advances, addThread(pc + 1, at: position + 1, to: &next) { return true }
            }
            // The search is unanchored: a fresh attempt starts at every position.
            if addThread(0, at: position + 1, to: &next) { return true }
            swap(&current, &next)
        }
        return false
    }
}
