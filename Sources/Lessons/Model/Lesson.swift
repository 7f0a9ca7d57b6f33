/// One lesson: a file in `Lessons/`, walked through step by step.
public struct Lesson: Sendable, Identifiable {
    /// The name used on the command line (`porttutor talking-http`) and in saved progress.
    public var id: String
    public var title: String
    /// One or two sentences, shown in the lesson picker (F7) for the selected lesson.
    public var summary: String
    /// Explicit position in the catalog; when absent the file name's `01-` prefix decides.
    public var order: Int?
    /// Whether the learner may skip a step without doing it. Some lessons build on every step.
    public var allowSkip: Bool
    /// The tools this lesson teaches (`tcpdump`): `porttutor tcpdump` opens it.
    public var teaches: [String]
    /// A packet capture shipped beside the lesson, replayed (and labelled as a recording).
    public var recording: Recording?
    /// `needs: lab`: the lesson runs only in porttutor's lab (its second computer, root
    /// of the network); outside it the learner is told to start `porttutor --lab`.
    public var needsLab: Bool
    /// What the learner did and should keep, shown when the lesson is finished.
    public var recap: Recap?
    public var steps: [Step]
    /// The path of the file this lesson was read from.
    public var sourcePath: String
    /// Where the lesson's top-level mapping starts.
    public var location: SourceLocation

    public init(
        id: String, title: String, summary: String, order: Int? = nil, allowSkip: Bool = true, teaches: [String] = [],
        recording: Recording? = nil, recap: Recap? = nil, steps: [Step], sourcePath: String, location: SourceLocation,
        needsLab: Bool = false
    ) {
        self.needsLab = needsLab
        self.id = id
        self.title = title
        self.summary = summary
        self.order = order
        self.allowSkip = allowSkip
        self.teaches = teaches
        self.recording = recording
        self.recap = recap
        self.steps = steps
        self.sourcePath = sourcePath
        self.location = location
    }

    /// The index of the step with this id, if the lesson still has it.
    public func stepIndex(id: String) -> Int? {
        steps.firstIndex { $0.id == id }
    }
}

/// The end of a lesson: what the learner did, the commands they used, and the one idea to
/// keep. Shown when the lesson is finished, and again by `porttutor list --recap LESSON`.
public struct Recap: Sendable, Hashable {
    /// What the learner did, a line each, in their order.
    public var did: [RichText]
    /// The commands the lesson used, as typed.
    public var commands: [String]
    /// The one idea to keep.
    public var idea: RichText

    public init(did: [RichText], commands: [String], idea: RichText) {
        self.did = did
        self.commands = commands
        self.idea = idea
    }
}

/// A real capture that a lesson replays because it cannot be made live (for example TLS to a real site).
public struct Recording: Sendable, Hashable {
    /// The pcap file's path, resolved against the lesson file's folder.
    public var path: String
    /// What was recorded ("curl fetching a page from a local TLS server"), shown after
    /// "▶ Replaying a recording:" above the replayed packets; the file name when not given.
    public var label: String
    public var location: SourceLocation

    public init(path: String, label: String, location: SourceLocation) {
        self.path = path
        self.label = label
        self.location = location
    }
}

/// The five panes of the screen, in focus order; each step happens in one of them. One
/// enum for the lesson files' `pane:` names and the screen's panes (Tutor adds their titles,
/// numbers and prompts), so a step's pane needs no translation.
public enum PaneID: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// The lesson text itself: reading and answering questions.
    case lesson
    /// Where `nc -l 8080` runs.
    case listener
    /// Where `telnet`, `nc` and `curl` run.
    case client
    /// The socket table, like `ss -tan`.
    case connections
    /// The capture, like `tcpdump -A -nn`.
    case packets

    public var description: String { rawValue }
}

/// One step of a lesson.
public struct Step: Sendable, Identifiable {
    /// Stable name within the lesson, used in saved progress: renaming it forgets learners' ticks.
    public var id: String
    /// The short line shown in the checklist.
    public var title: String
    /// What to do and why.
    public var text: RichText
    /// Where things differ on macOS (`lo0` instead of `lo`, `netstat` instead of `ss`...).
    public var macOSNote: RichText?
    /// The pane the learner works in for this step; the screen focuses it.
    public var pane: PaneID
    /// What "show me" and demo mode type, in order.
    public var perform: [PerformInput]
    /// The state this step needs, typed quickly by demo mode before the step when the
    /// presenter jumps to it (back, go to). Nil: replay the `perform` of the steps before
    /// it (from the nearest earlier step that declares a setup). See ``StepSetup``.
    public var setup: [PerformInput]?
    /// All must hold, in any order; each stays ticked once seen (see docs/LESSON-FORMAT.md).
    /// When the step has a question, its `.answer` check is the last one.
    public var checks: [Check]
    /// Shown one at a time on `?`, and offered when the learner seems stuck.
    public var hints: [RichText]
    public var question: Question?
    /// Words for the presenter in demo mode; never shown to a learner.
    public var presenterNotes: String?
    /// When true, the packets pane replays the lesson's recording for this step.
    public var replaysRecording: Bool
    /// This step's own traffic, recorded with the real tools: demo mode plays it in the
    /// Packets pane where porttutor may not capture, and its packets tick the step.
    public var recording: Recording?
    /// A task with no instructions typed out: the learner does it alone, hints only on
    /// request, and "show me" does not do it for them.
    public var isOnYourOwn: Bool
    /// A line the text points at, scrolled into view when the step begins.
    public var pointAt: PointedLine?
    /// `start:`: real programs the step starts on the lab's computers when it begins (a
    /// server on server.lab), running until the lesson ends.
    public var labPrograms: [LabProgram]
    public var location: SourceLocation

    public init(
        id: String, title: String, text: RichText, macOSNote: RichText? = nil, pane: PaneID,
        perform: [PerformInput] = [], setup: [PerformInput]? = nil, checks: [Check], hints: [RichText] = [],
        question: Question? = nil, presenterNotes: String? = nil, replaysRecording: Bool = false,
        recording: Recording? = nil, isOnYourOwn: Bool = false, pointAt: PointedLine? = nil, location: SourceLocation,
        labPrograms: [LabProgram] = []
    ) {
        self.labPrograms = labPrograms
        self.id = id
        self.title = title
        self.text = text
        self.macOSNote = macOSNote
        self.pane = pane
        self.perform = perform
        self.setup = setup
        self.checks = checks
        self.hints = hints
        self.question = question
        self.presenterNotes = presenterNotes
        self.replaysRecording = replaysRecording
        self.recording = recording
        self.isOnYourOwn = isOnYourOwn
        self.pointAt = pointAt
        self.location = location
    }
}

/// One thing "show me" types, visibly, into a pane.
public struct PerformInput: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Type this text, then Enter. An empty line is just Enter (the blank line that ends an HTTP request).
        case line(String)
        /// Press a control key, such as Ctrl-] to reach telnet's prompt or Ctrl-C to stop a program.
        case key(ControlKey)
        /// Wait before the next input, so a connection is up before text is typed (demo pacing).
        case pause(seconds: Double)
        /// A command for a terminal of the learner's own (a second client, a second server).
        /// porttutor never runs shell commands, so "show me" only says what to type there
        /// and waits; a test plays that terminal.
        case elsewhere(String)
    }

    public var pane: PaneID
    public var action: Action
    public var location: SourceLocation

    public init(pane: PaneID, action: Action, location: SourceLocation) {
        self.pane = pane
        self.action = action
        self.location = location
    }
}

/// A control key a step can press: Ctrl and one of `a`...`z`, `[`, `\`, `]`, `^`, `_`.
public struct ControlKey: Sendable, Hashable, CustomStringConvertible {
    /// The character after "ctrl-", lowercased: `]` for Ctrl-].
    public var character: Character

    public init?(character: Character) {
        let lowered = Character(character.lowercased())
        guard ControlKey.allowed.contains(lowered) else { return nil }
        self.character = lowered
    }

    /// Reads `ctrl-]`, `Ctrl+C`, `^]` (as written in terminals).
    public init?(name: String) {
        let trimmed = name.trimmingCharacters(in: " \t").lowercased()
        let body: Substring
        if trimmed.hasPrefix("ctrl-") || trimmed.hasPrefix("ctrl+") {
            body = trimmed.dropFirst(5)
        } else if trimmed.hasPrefix("^") && trimmed.count == 2 {
            body = trimmed.dropFirst()
        } else {
            return nil
        }
        guard body.count == 1, let character = body.first else { return nil }
        self.init(character: character)
    }

    /// The byte the terminal sends: Ctrl-] is 0x1D, Ctrl-C is 0x03.
    public var byte: UInt8 {
        let ascii = Character(character.uppercased()).asciiValue ?? 0x40
        return ascii & 0x1F
    }

    /// `Ctrl-]`, the way lessons write it.
    public var description: String { "Ctrl-\(character)" }

    private static let allowed: Set<Character> = Set("abcdefghijklmnopqrstuvwxyz[\\]^_")
}

/// A question the learner answers in the lesson pane.
public struct Question: Sendable, Hashable {
    public enum Answer: Sendable, Hashable {
        /// Any of these, compared without case, spaces or trailing punctuation.
        /// With `choices`, these are choice letters (`b`).
        case accepted([String])
        /// A regular expression the answer must match (case-insensitive).
        case pattern(String)
        /// A value read from the machine when the learner answers.
        case live(LiveValue)
    }

    public var ask: RichText
    /// Multiple choice, lettered a, b, c...; the learner may type the letter or the words.
    public var choices: [RichText]
    public var answer: Answer
    /// Said after a right answer: the why.
    public var explanation: RichText?
    /// Expected wrong answers and what to say about each mistake, tried in order.
    public var wrong: [WrongAnswer]
    /// What F4 shows after two wrong tries; nil: the first accepted answer (or the right
    /// choice), or for a live answer what the machine really did.
    public var reveal: String?
    public var location: SourceLocation

    public init(ask: RichText, choices: [RichText] = [], answer: Answer, explanation: RichText? = nil,
                wrong: [WrongAnswer] = [], reveal: String? = nil, location: SourceLocation) {
        self.ask = ask
        self.choices = choices
        self.answer = answer
        self.explanation = explanation
        self.wrong = wrong
        self.reveal = reveal
        self.location = location
    }

    /// The letter shown before choice `index`: a, b, c...
    public static func letter(forChoice index: Int) -> String {
        String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index % 26)))
    }
}

/// Facts taken from what really happened, for questions whose right answer depends on the machine.
public enum LiveValue: Sendable, Hashable {
    /// The port the kernel gave a client connected to `serverPort` (the ephemeral port).
    case clientEphemeralPort(serverPort: Int)
    /// A port some socket is listening on; restricted to one program when `process` is set.
    case listeningPort(process: String?)
    /// The status code of the last HTTP response seen in this step or before.
    case lastHTTPStatus
    /// The status code of the HTTP exchange made in the step with this id (an earlier step
    /// of the lesson): what the learner explores afterwards cannot change the right answer.
    case httpStatus(step: String)

    /// The names used in lesson files, as `answer: {from: NAME}`.
    public static let names = ["client-ephemeral-port", "listening-port", "last-http-status", "http-status"]
}

/// An expected wrong answer and the feedback it earns: `wrong: [{answer: "65536", says: ...}]`.
public struct WrongAnswer: Sendable, Hashable {
    public enum Match: Sendable, Hashable {
        /// Any of these, compared like accepted answers; with `choices`, choice letters.
        case answers([String])
        /// A regular expression (case-insensitive).
        case pattern(String)
    }

    public var match: Match
    /// What to say, in lesson markup (backticks for code): about the mistake, not the answer.
    public var says: String
    public var location: SourceLocation

    public init(match: Match, says: String, location: SourceLocation) {
        self.match = match
        self.says = says
        self.location = location
    }
}
