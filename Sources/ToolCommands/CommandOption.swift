import NetworkTypes
import ConnectionsCore
import CaptureCore

/// One option of ss or netstat as the Connections pane understands it: how it is spelled,
/// what it does to the command's `Settings`, and its words in the pane's help line.
///
/// The options of each tool are one table of these, read by ``OptionTable/parse(_:into:operand:)``,
/// so adding a flag is adding a row rather than a case in two hand-written switches.
struct CommandOption<Settings: NotedSettings>: Sendable {
    typealias Failure = ConnectionsCommandLine.Failure

    enum Action: Sendable {
        /// Sets something: `-t` asks for TCP.
        case set(@Sendable (inout Settings) -> Void)
        /// Takes a value, glued (`-finet`, `--family=inet`) or as the next word; `example` is
        /// a value shown when it is missing.
        case value(example: String, @Sendable (inout Settings, String) throws(Failure) -> Void)
        /// Understood and harmless here: adds `note` to the request.
        case note(String)
        /// Understood, but asks for something the pane does not show: fails with `message`.
        case refuse(String)
    }

    /// The letter after `-`, clustered with others as in `-tan`.
    var short: Character?
    /// Spellings after `--`, the first the usual one.
    var long: [String]
    var action: Action
    /// Words for the pane's `Flags:` help line, nil when the option is not listed there.
    var help: String? = nil

    /// `-t`, `--tcp`: sets something.
    static func flag(_ short: Character?, _ long: String..., help: String? = nil,
                     sets: @escaping @Sendable (inout Settings) -> Void) -> CommandOption {
        CommandOption(short: short, long: long.map { "--" + $0 }, action: .set(sets), help: help)
    }

    /// `-f inet`, `--family=inet`: takes a value.
    static func value(_ short: Character?, _ long: String..., example: String,
                      takes: @escaping @Sendable (inout Settings, String) throws(Failure) -> Void) -> CommandOption {
        CommandOption(short: short, long: long.map { "--" + $0 }, action: .value(example: example, takes))
    }

    /// `-r`: accepted, and explained by a note.
    static func note(_ short: Character?, _ long: String..., adds note: String) -> CommandOption {
        CommandOption(short: short, long: long.map { "--" + $0 }, action: .note(note))
    }

    /// `-s`: a real option that asks for something other than this pane's table.
    static func refusal(_ short: Character, says message: String) -> CommandOption {
        CommandOption(short: short, long: [], action: .refuse(message))
    }

    /// `-e`, `-o`...: several letters that each add the same kind of note or refusal.
    static func each(_ letters: String, _ action: (Character) -> Action) -> [CommandOption] {
        letters.map { CommandOption(short: $0, long: [], action: action($0)) }
    }
}

/// What a command line sets, with the notes that explain how it was understood.
protocol NotedSettings {
    var notes: [String] { get set }
}

/// A tool's options and how it words what goes wrong, read word by word as the tool does:
/// short letters cluster (`-tlnp`), long options take `=VALUE` or the next word.
struct OptionTable<Settings: NotedSettings>: Sendable {
    typealias Failure = ConnectionsCommandLine.Failure

    /// "an ss", "a netstat": the tool named in "`-Z` is not an ss flag this pane understands."
    var toolWithArticle: String
    var options: [CommandOption<Settings>]
    /// Whether `--` ends the options, the rest being operands (ss's filter).
    var doubleDashEndsOptions: Bool
    /// The message when a value is missing after `spelling` (`-f`, `--family`).
    var missingValue: @Sendable (_ spelling: String, _ isLong: Bool, _ example: String) -> String

    /// Applies the options in `words` to `settings`, in order, handing every other word to
    /// `operand` as it comes (so the first mistake typed is the one reported).
    func parse(_ words: [String], into settings: inout Settings, operand: (String) throws(Failure) -> Void) throws(Failure) {
        var index = 0
        func nextWord() -> String? {
            guard index < words.count else { return nil }
            defer { index += 1 }
            return words[index]
        }
        while let word = nextWord() {
            if doubleDashEndsOptions && word == "--" {
                for rest in words[index...] { try operand(rest) }
                return
            }
            if word.hasPrefix("--") {
                let (name, inlineValue) = ConnectionsCommandLine.splitLongOption(word)
                guard let option = options.first(where: { $0.long.contains(name) }) else {
                    throw Failure(message: "`\(SafeDisplay.clip(word))` is not \(toolWithArticle) option this pane understands.")
                }
                try apply(option, spelled: name, isLong: true, to: &settings) { inlineValue ?? nextWord() }
                continue
            }
            guard word.hasPrefix("-") && word.count > 1 else {
                try operand(word)
                continue
            }
            var letters = Substring(word.dropFirst())
            while let letter = letters.popFirst() {
                guard let option = options.first(where: { $0.short == letter }) else {
                    throw Failure(message: "`-\(letter)` is not \(toolWithArticle) flag this pane understands.")
                }
                try apply(option, spelled: "-\(letter)", isLong: false, to: &settings) {
                    // A value is the rest of the cluster (`-finet`), or else the next word.
                    defer { letters = "" }
                    return letters.isEmpty ? nextWord() : String(letters)
                }
            }
        }
    }

    /// The pane's summary of the options with help, as in "Flags: -t TCP, -u UDP, -4/-6 one
    /// address family.": neighbours that share their help are joined by a slash.
    var flagsLine: String {
        var items: [(spellings: [String], help: String)] = []
        for option in options {
            guard let help = option.help else { continue }
            let spelling = option.short.map { "-\($0)" } ?? option.long.first ?? ""
            if let last = items.indices.last, items[last].help == help {
                items[last].spellings.append(spelling)
            } else {
                items.append(([spelling], help))
            }
        }
        return "Flags: " + items.map { $0.spellings.joined(separator: "/") + " " + $0.help }.joined(separator: ", ") + "."
    }

    private func apply(_ option: CommandOption<Settings>, spelled spelling: String, isLong: Bool,
                       to settings: inout Settings, value: () -> String?) throws(Failure) {
        switch option.action {
        case .set(let set):
            set(&settings)
        case .value(let example, let take):
            guard let text = value() else { throw Failure(message: missingValue(spelling, isLong, example)) }
            try take(&settings, text)
        case .note(let note):
            settings.notes.append(note)
        case .refuse(let message):
            throw Failure(message: message)
        }
    }
}
