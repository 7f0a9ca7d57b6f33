import Foundation
import Testing

/// What the porttutor command prints outside its screen (lint, list, a name it cannot
/// find, ArgumentParser's errors) goes through the sanitiser: a lesson file or an argument
/// holding terminal escapes can neither retitle the terminal nor wipe earlier output.
@Suite struct ConsoleOutputTests {
    static let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m\u{202E}"

    /// Every byte a terminal would act on: ESC, BEL, C1 CSI (as UTF-8 and raw), the bidi override.
    static func interpretable(_ text: String) -> [String] {
        ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}"].filter { text.contains($0) }
    }

    /// A lessons folder holding one lesson whose title has terminal escapes, and (with
    /// `badKey`) an unknown key that has them too.
    static func hostileFolder(badKey: Bool) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lesson = """
        id: hostile
        title: "Hostile \\e]0;pwned\\a\\e[2J title"
        summary: A lesson whose words hold terminal escapes.
        \(badKey ? "\"key\\e[2J\": 1" : "")
        steps:
          - id: one
            title: One
            text: Start a listener.
            pane: listener
            perform: nc -l 8080
            checks:
              - listening: 8080
            hints: [Type it.]
        """
        try lesson.write(to: folder.appendingPathComponent("01-hostile.yaml"), atomically: true, encoding: .utf8)
        return folder.path
    }

    @Test func lintListAndLookupsPrintNoEscapes() throws {
        let binary = TmuxSession.binaryPath
        let folder = try Self.hostileFolder(badKey: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-state-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let lint = try Command.run(["env", "XDG_STATE_HOME=\(state)", binary, "lint", folder])
        #expect(lint.status == 1, "the unknown key is an error: \(lint.output)")
        #expect(lint.output.contains("unknown key 'key␛[2J'"), "the key is quoted with the escape made visible: \(lint.output)")
        #expect(Self.interpretable(lint.output).isEmpty, "lint printed \(Self.interpretable(lint.output))")

        let lookup = try Command.run(["env", "XDG_STATE_HOME=\(state)", binary, "no-such" + Self.hostile])
        #expect(lookup.status != 0 && lookup.output.contains("There is no lesson called 'no-such␛]0;pwned␇"), "\(lookup.output)")
        #expect(Self.interpretable(lookup.output).isEmpty, "the lookup printed \(Self.interpretable(lookup.output))")

        let option = try Command.run([binary, "--bogus" + Self.hostile])
        #expect(option.status != 0 && option.output.contains("Unknown option '--bogus␛]0;pwned"), "\(option.output)")
        #expect(Self.interpretable(option.output).isEmpty, "ArgumentParser's error printed \(Self.interpretable(option.output))")
    }

    @Test func listShowsAHostileTitleHarmlessly() throws {
        let binary = TmuxSession.binaryPath
        let folder = try Self.hostileFolder(badKey: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let state = folder + "/state"
        let list = try Command.run(["env", "XDG_STATE_HOME=\(state)", binary, "list", "--lessons", folder])
        #expect(list.status == 0 && list.output.contains("Hostile ␛]0;pwned␇␛[2J title"), "\(list.output)")
        #expect(Self.interpretable(list.output).isEmpty, "list printed \(Self.interpretable(list.output))")
    }

    /// `porttutor list` marks the lessons that need the lab, says once what the mark
    /// means, and fits an 80-column terminal (a long title wraps under its column).
    @Test func listMarksTheLabLessonsInEightyColumns() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-list-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let list = try Command.run(["env", "XDG_STATE_HOME=\(state)", TmuxSession.binaryPath, "list"])
        #expect(list.status == 0, "\(list.output)")
        let lines = list.output.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines { #expect(line.count <= 80, "wider than 80 columns: \(line)") }
        let row = { (id: String) in lines.first { $0.contains(" \(id) ") }.map(String.init) ?? "" }
        #expect(row("refused-or-dropped").hasPrefix("  10*"), "\(list.output)")
        #expect(row("loopback-or-all-addresses").hasPrefix("  11*"), "\(list.output)")
        #expect(row("udp").hasPrefix("   8  "), "\(list.output)")
        #expect(list.output.contains("* needs porttutor's lab: start it with `porttutor --lab`"), "\(list.output)")
        #expect(list.output.contains("127.0.0.1, 0.0.0.0 and the"), "\(list.output)")
    }
}
