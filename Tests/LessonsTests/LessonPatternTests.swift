import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons

/// A lesson's patterns are matched in linear time (``LessonPattern``, a Pike VM): what a
/// peer sends cannot freeze porttutor, whatever the lesson's pattern.
@Suite(.timeLimit(.minutes(1))) struct LessonPatternTests {
    /// The issue's case: a backtracking engine takes minutes on 25 bytes. Here it is
    /// thousands of steps, and so is a 16 KB stream (the most a step keeps).
    @Test(arguments: ["^(a+)+b", "(a|a)*b", "(a*)*b", "^(\\w+\\s?)*$!", "(.*a){12}x"])
    func catastrophicPatternsAreCheap(_ pattern: String) {
        let check = TextMatch.pattern(pattern, ignoreCase: false)
        #expect(!check.matches(text: String(repeating: "a", count: 25)))
        #expect(!check.matches(text: String(repeating: "a", count: 16 * 1024)))
    }

    /// The same answers as Swift's Regex (on inputs it answers quickly) for the patterns
    /// lessons use and the syntax the subset has.
    @Test func agreesWithSwiftRegex() throws {
        let patterns = ["\\S", "GET /", "^curl\\b", "^estab(lished)?$", "^HTTP/1\\.[01] [0-9]{3}",
                        "^(sudo\\s+)?(ss|netstat)\\s.*-[a-z]*l", "^(192\\.168|10\\.|172\\.)", "a{2,3}b", "x{2,}",
                        "[^a-c]+z", "colou?r", "\\d+\\.\\d*", "(?:ab|cd)+$", "\\bport\\b", "\\Bort", "[\\w-]+@",
                        "a.c", "^$", "a|", "[a-]x", "\\x41", "(?<word>hi)", "\\.\\*\\?", "ab*?c", "^\\s*$"]
        let inputs = ["", "a", "GET / HTTP/1.1", "curl http://x", "curly", "established", "ESTAB", "estab\n",
                      "HTTP/1.0 200 OK", "HTTP/1.2 200", "sudo ss -tlnp", "netstat -an", "ss -tn", "192.168.1.1", "10.0.0.1",
                      "aab", "aaaab", "xx", "x", "dz", "azz", "color", "colour", "3.14", "12.", "abcd", "cdab", "abx",
                      "the port 80", "support", "a-b@c", "abc", "a\nc", "]", "-x", "A", "hi", ".*?", "ac", "abbbc",
                      "   ", "\n", "ümlaut ü", "tab\there"]
        for pattern in patterns {
            let ours = try LessonPattern(pattern)
            let swift = try Regex(pattern)
            for input in inputs {
                #expect(ours.matches(input) == input.contains(swift), "/\(pattern)/ on \(input.debugDescription)")
                #expect(ours.matches(input, ignoreCase: true) == input.contains(swift.ignoresCase()),
                        "/\(pattern)/i on \(input.debugDescription)")
            }
        }
    }

    @Test(arguments: ["(a)\\1", "a(?=b)", "(?!x)y", "(?<=a)b", "a**", "*a", "(ab", "ab)", "[ab", "a{3,1}", "\\q", "a{5000}"])
    func whatNeedsBacktrackingOrIsMalformedIsRefused(_ pattern: String) {
        #expect(throws: LessonPatternError.self) { try LessonPattern(pattern) }
    }

    /// lint warns at the pattern's place; the lesson still loads.
    @Test func lintWarnsOnNestedQuantifiers() throws {
        let yaml = """
            id: slow
            title: Slow
            summary: A pattern that backtracks elsewhere.
            steps:
              - id: only
                title: Only
                text: Type.
                checks:
                  - received: {by: listener, pattern: '^(a+)+b'}
                hints: [none]
            """
        let result = LessonLoader.load(yaml: yaml, displayPath: "slow.yaml", url: URL(fileURLWithPath: "/tmp/slow.yaml"))
        #expect(result.errors.isEmpty, "\(result.errors)")
        let warnings = result.diagnostics.filter { !$0.isError }.map(\.description)
        #expect(warnings.contains { $0.hasPrefix("slow.yaml:9:43: warning: pattern '^(a+)+b': nested quantifiers") }, "\(warnings)")
        let nested = try LessonPattern("^(a+)+b")
        #expect(nested.warnings.count == 1)
        let bounded = try LessonPattern("^(sudo\\s+)?(ss|netstat)\\b")
        #expect(bounded.warnings.isEmpty, "a bounded repeat of a group is fine")
    }
}
