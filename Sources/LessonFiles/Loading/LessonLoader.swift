import CaptureCore
import Lessons
import ToolCommands
import NetworkTypes
import Foundation
import Yams

/// Turns one lesson file into a `Lesson`, or into diagnostics that say exactly what to fix.
///
/// Uses Yams' node API (`Yams.compose`) rather than `Decodable`, because nodes keep their
/// line and column and a teacher deserves `FILE:LINE:COLUMN` for every mistake, not just the first.
public enum LessonLoader {
    /// A lesson (when there were no errors) and every problem found.
    public struct Result: Sendable {
        public var lesson: Lesson?
        public var diagnostics: [Diagnostic]

        public var errors: [Diagnostic] { diagnostics.filter(\.isError) }
    }

    public static let lessonKeys = ["id", "title", "summary", "order", "allow-skip", "teaches", "recording", "recap", "steps", "needs"]
    public static let recapKeys = ["did", "commands", "idea"]
    public static let pointAtKeys = ["pane", "text", "pattern", "ignore-case"]
    public static let stepKeys = ["id", "title", "text", "macos", "pane", "perform", "setup", "checks", "hints", "question", "notes", "plan", "replay", "recording", "on-your-own", "point-at", "start"]
    public static let startKeys = ["host", "run"]
    public static let questionKeys = ["ask", "choices", "accept", "pattern", "answer", "explain", "wrong", "reveal"]
    public static let wrongKeys = ["answer", "pattern", "says"]
    public static let performKeys = ["type", "key", "pause", "elsewhere", "pane"]
    public static let recordingKeys = ["file", "label"]

    /// Reads a lesson file. `displayPath` is how diagnostics name it (defaults to the URL's path).
    public static func load(url: URL, displayPath: String? = nil) -> Result {
        let shownPath = displayPath ?? url.path
        let data: Data
        switch LessonFileBounds.readPlainFile(url.path, limit: LessonFileBounds.maxFileBytes) {
        case .success(let bytes): data = bytes
        case .failure(let failure):
            let location = SourceLocation(file: shownPath, line: 1, column: 1)
            let advice: String
            if case .tooBig = failure {
                advice = "a lesson file may be at most \(LessonFileBounds.maxFileBytes / 1024) KB: split it into several lessons"
            } else {
                advice = "give a lesson file"
            }
            return Result(lesson: nil, diagnostics: [Diagnostic(at: location, "cannot read this file: \(failure.words); \(advice)")])
        }
        return load(bytes: [UInt8](data), displayPath: shownPath, origin: .file(url))
    }

    /// Reads a lesson file's bytes already in memory (a built-in lesson); `origin` says where
    /// it came from and finds the file a `recording:` names.
    public static func load(bytes: [UInt8], displayPath: String, origin: LessonOrigin) -> Result {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let location = SourceLocation(file: displayPath, line: 1, column: 1)
            return Result(lesson: nil, diagnostics: [Diagnostic(at: location, "this file is not UTF-8 text; save it as UTF-8")])
        }
        return load(yaml: text, displayPath: displayPath, origin: origin)
    }

    /// Reads lesson YAML already in memory; `url` locates the recording beside it.
    public static func load(yaml: String, displayPath: String, url: URL) -> Result {
        load(yaml: yaml, displayPath: displayPath, origin: .file(url))
    }

    /// Reads lesson YAML already in memory; `origin` says where it came from and finds the
    /// file a `recording:` names.
    public static func load(yaml: String, displayPath: String, origin: LessonOrigin) -> Result {
        var reader = NodeReader(file: displayPath)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            return Result(lesson: nil, diagnostics: [YAMLErrorTranslator.diagnostic(for: error, yaml: yaml, file: displayPath)])
        }
        guard let root else {
            let location = SourceLocation(file: displayPath, line: 1, column: 1)
            return Result(lesson: nil, diagnostics: [Diagnostic(at: location, "the file is empty: a lesson needs at least `id`, `title`, `summary` and `steps`")])
        }
        var builder = LessonBuilder(reader: reader, origin: origin)
        let lesson = builder.lesson(from: root)
        reader = builder.reader
        let diagnostics = reader.diagnostics.sorted()
        return Result(lesson: reader.hasErrors ? nil : lesson, diagnostics: diagnostics)
    }
}

/// The schema, one method per part of a lesson file.
struct LessonBuilder {
    var reader: NodeReader
    let origin: LessonOrigin
    /// What the lesson's perform lines may do: the loopback, and the lab's two computers
    /// too for a `needs: lab` lesson.
    var sandbox = LessonSandbox.standard

    mutating func lesson(from root: Node) -> Lesson? {
        guard let entries = reader.mapping(root, what: "a lesson", allowed: LessonLoader.lessonKeys) else { return nil }
        let location = reader.location(of: root)
        let id = required(entries, "id", in: "the lesson", example: "id: talking-to-yourself").flatMap { identifier($0, what: "lesson id") }
        let title = required(entries, "title", in: "the lesson", example: "title: Talking to yourself").flatMap { reader.string($0, what: "title") }
        let summary = required(entries, "summary", in: "the lesson", example: "summary: One line that says what the learner will do.").flatMap { reader.string($0, what: "summary") }
        let order = entries["order"].flatMap { reader.integer($0, what: "order", in: 0...9999) }
        let allowSkip = entries["allow-skip"].flatMap { reader.bool($0, what: "allow-skip") } ?? true
        let teaches = entries["teaches"].flatMap { node in
            reader.sequence(node, what: "teaches", allowSingle: true)?.compactMap { item -> String? in
                guard let tool = reader.string(item, what: "a tool's name") else { return nil }
                guard LessonCatalog.toolNames.contains(tool) else {
                    reader.error(at: item, "teaches: '\(tool)' is not a tool porttutor's panes run\(NearMiss.didYouMean(tool, among: LessonCatalog.toolNames)) (tools: \(LessonCatalog.toolNames.joined(separator: ", ")))")
                    return nil
                }
                return tool
            }
        } ?? []
        let recording = entries["recording"].flatMap { self.recording($0) }
        let recap = entries["recap"].flatMap { self.recap($0) }
        let needsLab = entries["needs"].map { self.needs($0) } ?? false
        if needsLab { sandbox = .lab }

        var steps: [Step] = []
        if let stepsNode = required(entries, "steps", in: "the lesson", example: "steps:\n  - id: first-step ...") {
            if let items = reader.sequence(stepsNode, what: "steps") {
                if items.isEmpty {
                    reader.error(at: stepsNode, "the lesson has no steps: add at least one under `steps:`")
                }
                if items.count > LessonFileBounds.maxSteps {
                    reader.error(at: stepsNode, "the lesson has \(items.count) steps: the most is \(LessonFileBounds.maxSteps); split it into several lessons")
                }
                var seenIDs: [String: SourceLocation] = [:]
                for item in items {
                    guard let step = step(from: item, lessonHasRecording: entries.has("recording")) else { continue }
                    if !step.labPrograms.isEmpty && !needsLab {
                        reader.error(at: step.location, "step '\(step.id)' starts programs in the lab (`start:`), so the lesson needs `needs: lab` at its top")
                    }
                    if let first = seenIDs[step.id] {
                        reader.error(at: step.location, "duplicate step id '\(step.id)': it is already used at line \(first.line); step ids must be unique within a lesson")
                    } else {
                        seenIDs[step.id] = step.location
                    }
                    steps.append(step)
                }
                // `from: http-status, step: ID` names a step done before the question.
                for (index, step) in steps.enumerated() {
                    guard case .live(.httpStatus(let named))? = step.question?.answer else { continue }
                    let at = step.question?.location ?? step.location
                    if let earlier = steps[..<index].firstIndex(where: { $0.id == named }) {
                        let checksHTTP = steps[earlier].checks.contains { Self.answersHTTP($0.kind) }
                        if !checksHTTP {
                            reader.warning(at: at, "step '\(named)' has no `http-response` check, so nothing makes sure it saw an answer to ask about")
                        }
                    } else if steps.contains(where: { $0.id == named }) {
                        reader.error(at: at, "`step: \(named)` must name a step before this one: the question asks about an exchange already made")
                    } else {
                        reader.error(at: at, "`step: \(named)` names no step of this lesson\(NearMiss.didYouMean(named, among: steps.map(\.id)))")
                    }
                }
                // The task a learner does alone closes the lesson: it needs what came before.
                for (index, step) in steps.enumerated() where step.isOnYourOwn && index != steps.count - 1 {
                    reader.error(at: step.location, "step '\(step.id)' is `on-your-own`, but steps follow it: the task the learner does alone is the lesson's last step")
                }
            }
        }
        guard let id, let title, let summary else { return nil }
        return Lesson(
            id: id, title: title, summary: summary, order: order, allowSkip: allowSkip, teaches: teaches,
            recording: recording, recap: recap, steps: steps, sourcePath: origin.path, location: location, needsLab: needsLab)
    }

    /// `needs: lab` (or `needs: [lab]`): what the lesson needs beyond porttutor itself.
    mutating func needs(_ node: Node) -> Bool {
        guard let items = reader.sequence(node, what: "needs", allowSingle: true) else { return false }
        var lab = false
        for item in items {
            guard let word = reader.string(item, what: "a need") else { continue }
            if word == "lab" {
                lab = true
            } else {
                reader.error(at: item, "needs: '\(word)' is not something porttutor provides; the one need is `lab` (porttutor's private network, `porttutor --lab`)")
            }
        }
        return lab
    }

    /// `start: [{host: server, run: "nc -lk 80"}]`: programs the step starts in the lab.
    mutating func labPrograms(_ node: Node) -> [LabProgram] {
        guard let items = reader.sequence(node, what: "start", allowSingle: true) else { return [] }
        return items.compactMap { item -> LabProgram? in
            guard let entries = reader.mapping(item, what: "a program to start", allowed: LessonLoader.startKeys) else { return nil }
            let host = entries["host"].flatMap { reader.choice($0, what: "host", options: LabHost.allCases.map { ($0.rawValue, $0) }) } ?? .server
            guard let runNode = entries["run"] else {
                reader.error(at: item, "a program to start needs `run:`, the command line: `run: nc -lk 80`")
                return nil
            }
            guard let command = reader.string(runNode, what: "run") else { return nil }
            return LabProgram(host: host, command: command)
        }
    }

    /// `point-at: {pane: client, text: "Trying 127.0.0.1"}`: the line the step's text points
    /// at, found (the newest that matches) and scrolled into view when the step begins.
    mutating func pointedLine(_ node: Node) -> PointedLine? {
        guard let entries = reader.mapping(node, what: "point-at", allowed: LessonLoader.pointAtKeys) else { return nil }
        let pane = required(entries, "pane", in: "point-at", example: "point-at: {pane: client, text: \"Trying 127.0.0.1\"}")
            .flatMap { reader.choice($0, what: "pane", options: PaneID.allCases.filter { $0 != .lesson }.map { ($0.rawValue, $0) }) }
        let ignoreCase = entries["ignore-case"].flatMap { reader.bool($0, what: "ignore-case") } ?? false
        let match: TextMatch?
        switch (entries["text"], entries["pattern"]) {
        case (let text?, nil): match = reader.string(text, what: "text").map { .contains($0, ignoreCase: ignoreCase) }
        case (nil, let pattern?): match = reader.pattern(pattern).map { .pattern($0, ignoreCase: ignoreCase) }
        case (nil, nil):
            reader.error(at: node, "`point-at` needs `text:` (words on the line) or `pattern:` (a regular expression)")
            match = nil
        case (_, let pattern?):
            reader.error(at: entries.keyNode("pattern") ?? pattern, "`point-at` takes `text:` or `pattern:`, not both")
            match = nil
        }
        guard let pane, let match else { return nil }
        return PointedLine(pane: pane, match: match, location: reader.location(of: node))
    }

    private static func answersHTTP(_ kind: Check.Kind) -> Bool {
        switch kind {
        case .httpResponse: return true
        case .anyOf(let checks): return checks.contains { answersHTTP($0.kind) }
        default: return false
        }
    }

    /// `recap: {did: [...], commands: [...], idea: ...}`: all three, so the end of a lesson
    /// always says what was done, with what, and why it matters.
    mutating func recap(_ node: Node) -> Recap? {
        guard let entries = reader.mapping(node, what: "recap", allowed: LessonLoader.recapKeys) else { return nil }
        func lines(_ key: String, what: String, example: String) -> [String]? {
            guard let listNode = required(entries, key, in: "the recap", example: example) else { return nil }
            let items = reader.sequence(listNode, what: key, allowSingle: true)?.compactMap { reader.string($0, what: what) }
            if items?.isEmpty == true { reader.error(at: listNode, "the recap's `\(key)` is empty: \(example)") }
            return items
        }
        let did = lines("did", what: "a thing done", example: "did: [Started a listener with nc.]")
        let commands = lines("commands", what: "a command", example: "commands: [nc -l 8080]")
        let idea = required(entries, "idea", in: "the recap", example: "idea: A port is a number that picks one program on a computer.")
            .flatMap { reader.string($0, what: "idea") }
        guard let did, let commands, let idea else { return nil }
        return Recap(did: did.map(RichText.init(markup:)), commands: commands, idea: RichText(markup: idea))
    }

    mutating func recording(_ node: Node) -> Recording? {
        let fileNode: Node
        var label: String?
        if case .scalar = node {
            fileNode = node
        } else {
            guard let entries = reader.mapping(node, what: "recording", allowed: LessonLoader.recordingKeys) else { return nil }
            guard let file = required(entries, "file", in: "recording", example: "file: tls-on-loopback.pcap") else { return nil }
            fileNode = file
            label = entries["label"].flatMap { reader.string($0, what: "recording label") }
        }
        guard let name = reader.string(fileNode, what: "recording file") else { return nil }
        if name.hasPrefix("/") || name.hasPrefix("~") || name.split(separator: "/").contains("..") {
            reader.error(at: fileNode, "recording '\(name)' must be a file in the lesson's own folder: no absolute path, no `..`")
            return nil
        }
        let found: LessonOrigin.FoundRecording
        switch origin.recording(name) {
        case .success(let recording): found = recording
        case .failure(let refusal):
            reader.error(at: fileNode, "recording '\(name)' \(refusal.words)")
            return nil
        }
        guard CaptureFileMagic.startsACapture(found.head) else {
            reader.error(at: fileNode, "recording '\(name)' is not a pcap capture file; record one with `tcpdump -i lo -w \(name) ...`")
            return nil
        }
        return Recording(path: found.path, label: label ?? name, location: reader.location(of: node))
    }

    mutating func step(from node: Node, lessonHasRecording: Bool) -> Step? {
        guard let entries = reader.mapping(node, what: "a step", allowed: LessonLoader.stepKeys) else { return nil }
        let location = reader.location(of: node)
        let id = required(entries, "id", in: "the step", example: "id: start-listener").flatMap { identifier($0, what: "step id") }
        let name = id.map { "step '\($0)'" } ?? "the step"
        let title = required(entries, "title", in: name, example: "title: Start a listener").flatMap { reader.string($0, what: "title") }
        let text = required(entries, "text", in: name, example: "text: Start a listener on port 8080.").flatMap { reader.string($0, what: "text") }
        let macOS = entries["macos"].flatMap { reader.string($0, what: "macos note") }
        let pane = entries["pane"].flatMap { reader.choice($0, what: "pane", options: PaneID.allCases.map { ($0.rawValue, $0) }) } ?? .lesson
        let perform = entries["perform"].map { self.perform($0, defaultPane: pane) } ?? []
        // Written like `perform:`; `setup: []` says the step needs nothing running.
        let setup = entries["setup"].map { self.perform($0, defaultPane: pane) }
        let hints = entries["hints"].flatMap { hintsNode in
            reader.sequence(hintsNode, what: "hints", allowSingle: true)?.compactMap { reader.string($0, what: "hint") }
        } ?? []
        let notes = entries["notes"].flatMap { reader.string($0, what: "notes") }
        let plan = entries["plan"].flatMap { reader.duration($0, what: "plan") }
        let replay = entries["replay"].flatMap { reader.bool($0, what: "replay") } ?? false
        let recording = entries["recording"].flatMap { self.recording($0) }
        let onYourOwn = entries["on-your-own"].flatMap { reader.bool($0, what: "on-your-own") } ?? false
        let pointAt = entries["point-at"].flatMap { self.pointedLine($0) }
        let labPrograms = entries["start"].map { self.labPrograms($0) } ?? []
        if replay && !lessonHasRecording, let replayKey = entries.keyNode("replay") {
            reader.error(at: replayKey, "\(name) replays the recording, but the lesson has no `recording:`; add one at the top of the file")
        }

        var checks: [Check] = []
        var checksListIsEmpty = false
        if let checksNode = entries["checks"], let items = reader.sequence(checksNode, what: "checks") {
            checksListIsEmpty = items.isEmpty
            checks = items.compactMap { check(from: $0) }
        }
        let question = entries["question"].flatMap { self.question($0) }
        if let question {
            checks.append(Check(.answer(question), location: question.location))
        }
        if !entries.has("checks") && !entries.has("question") {
            reader.error(at: location, "\(name) has no check: add `checks:` (or a `question:`) so porttutor can tell when the step is done")
        } else if checksListIsEmpty, !entries.has("question"), let checksNode = entries["checks"] {
            reader.error(at: checksNode, "\(name) has an empty `checks:` list: add at least one check so porttutor can tell when the step is done")
        }
        if perform.isEmpty && pane != .lesson && question == nil && !replay {
            reader.warning(at: location, "\(name) has no `perform:`, so \"show me\" and demo mode cannot do it")
        }
        if hints.isEmpty {
            reader.warning(at: location, "\(name) has no hints; a learner who is stuck will get none")
        }
        guard let id, let title, let text else { return nil }
        return Step(
            id: id, title: title, text: RichText(markup: text), macOSNote: macOS.map(RichText.init(markup:)),
            pane: pane, perform: perform, setup: setup, checks: checks, hints: hints.map(RichText.init(markup:)),
            question: question, presenterNotes: notes, plannedSeconds: plan, replaysRecording: replay, recording: recording, isOnYourOwn: onYourOwn,
            pointAt: pointAt, location: location, labPrograms: labPrograms)
    }

    /// A `perform` line may make porttutor reach only the loopback and write only a plain
    /// file name (kept in the session folder): ``LessonSandbox``, which the autopilot applies
    /// again when it types the line.
    mutating func auditPerformLine(_ line: String, in pane: PaneID, at node: Node) {
        let kind: LessonSandbox.CommandPane
        switch pane {
        case .listener: kind = .listener
        case .client: kind = .client
        case .packets: kind = .packets
        case .lesson, .connections: kind = .other
        }
        if let refusal = sandbox.refusal(ofLine: line, in: kind) {
            reader.error(at: node, "`\(line)` is not allowed in `perform`: \(refusal) (see \"What a lesson can make porttutor do\" in LESSON-FORMAT.md)")
        }
    }

    mutating func perform(_ node: Node, defaultPane: PaneID) -> [PerformInput] {
        guard let items = reader.sequence(node, what: "perform", allowSingle: true) else { return [] }
        return items.compactMap { item -> PerformInput? in
            let location = reader.location(of: item)
            if case .scalar = item {
                guard let line = reader.string(item, what: "perform line", allowEmpty: true) else { return nil }
                auditPerformLine(line, in: defaultPane, at: item)
                return PerformInput(pane: defaultPane, action: .line(line), location: location)
            }
            guard let entries = reader.mapping(item, what: "a perform item", allowed: LessonLoader.performKeys) else { return nil }
            let pane = entries["pane"].flatMap { reader.choice($0, what: "pane", options: PaneID.allCases.map { ($0.rawValue, $0) }) } ?? defaultPane
            let actions = ["type", "key", "pause", "elsewhere"].filter(entries.has)
            guard actions.count == 1 else {
                reader.error(at: item, "a perform item needs exactly one of `type:`, `key:`, `pause:` or `elsewhere:`" + (actions.isEmpty ? "" : " (found \(actions.joined(separator: " and ")))"))
                return nil
            }
            switch actions[0] {
            case "type":
                guard let typeNode = entries["type"], let line = reader.string(typeNode, what: "type", allowEmpty: true) else { return nil }
                auditPerformLine(line, in: pane, at: typeNode)
                return PerformInput(pane: pane, action: .line(line), location: location)
            case "key":
                guard let keyNode = entries["key"], let name = reader.string(keyNode, what: "key") else { return nil }
                guard let key = ControlKey(name: name) else {
                    reader.error(at: keyNode, "unknown control key '\(name)': write one such as `ctrl-]`, `ctrl-c` or `ctrl-d`")
                    return nil
                }
                return PerformInput(pane: pane, action: .key(key), location: location)
            case "elsewhere":
                guard let line = entries["elsewhere"].flatMap({ reader.string($0, what: "elsewhere") }) else { return nil }
                return PerformInput(pane: pane, action: .elsewhere(line), location: location)
            default:
                guard let seconds = entries["pause"].flatMap({ reader.double($0, what: "pause", in: 0...30) }) else { return nil }
                return PerformInput(pane: pane, action: .pause(seconds: seconds), location: location)
            }
        }
    }

    mutating func question(_ node: Node) -> Question? {
        guard let entries = reader.mapping(node, what: "a question", allowed: LessonLoader.questionKeys) else { return nil }
        let location = reader.location(of: node)
        let ask = required(entries, "ask", in: "the question", example: "ask: Which port does HTTP use?").flatMap { reader.string($0, what: "ask") }
        let choices = entries["choices"].flatMap { choicesNode in
            reader.sequence(choicesNode, what: "choices")?.compactMap { reader.string($0, what: "choice") }
        } ?? []
        let explanation = entries["explain"].flatMap { reader.string($0, what: "explain") }

        let answerKeys = ["accept", "pattern", "answer"].filter(entries.has)
        guard answerKeys.count == 1 else {
            if answerKeys.isEmpty {
                reader.error(at: node, "the question has no answer: add `accept: [...]`, `pattern: ...` or `answer: {from: ...}`")
            } else {
                reader.error(at: node, "the question has more than one way to answer (\(answerKeys.joined(separator: ", "))): keep one")
            }
            return nil
        }
        var answer: Question.Answer?
        switch answerKeys[0] {
        case "accept":
            let acceptNode = entries["accept"]!
            let accepted = reader.sequence(acceptNode, what: "accept", allowSingle: true)?.compactMap { reader.string($0, what: "accepted answer") } ?? []
            if accepted.isEmpty {
                reader.error(at: acceptNode, "`accept` is empty: list at least one right answer")
            } else if !choices.isEmpty {
                let letters = choices.indices.map(Question.letter(forChoice:))
                for (answerNode, text) in zip(reader.sequence(acceptNode, what: "accept", allowSingle: true) ?? [], accepted)
                where !letters.contains(text.lowercased()) {
                    reader.error(at: answerNode, "with `choices`, `accept` lists choice letters; '\(text)' is not one of \(letters.joined(separator: ", "))")
                }
                answer = .accepted(accepted.map { $0.lowercased() })
            } else {
                answer = .accepted(accepted)
            }
        case "pattern":
            answer = reader.pattern(entries["pattern"]!).map(Question.Answer.pattern)
        default:
            answer = liveAnswer(entries["answer"]!).map(Question.Answer.live)
        }
        if !choices.isEmpty, case .live = answer {
            reader.error(at: entries["choices"]!, "a question with `choices` needs `accept:` with the right letters, not a live answer")
        }
        let wrong = entries["wrong"].map { wrongAnswers($0, choices: choices, answer: answer) } ?? []
        let reveal = entries["reveal"].flatMap { reader.string($0, what: "reveal") }
        if let revealKey = entries.keyNode("reveal") {
            if case .live? = answer {
                reader.error(at: revealKey, "`reveal` means nothing for a live answer: F4 shows what the machine really did; remove it")
            } else if !choices.isEmpty {
                reader.error(at: revealKey, "`reveal` means nothing with `choices`: F4 shows the right choice; remove it")
            }
        }
        if case .pattern? = answer, reveal == nil {
            reader.warning(at: location, "the question has a `pattern` but no `reveal:`, so after two wrong tries F4 can show only the explanation; add `reveal: THE ANSWER`")
        }
        guard let ask, let answer else { return nil }
        return Question(
            ask: RichText(markup: ask), choices: choices.map(RichText.init(markup:)), answer: answer,
            explanation: explanation.map(RichText.init(markup:)), wrong: wrong, reveal: reveal, location: location)
    }

    /// `wrong:`, a list of `{answer: ..., says: ...}` or `{pattern: ..., says: ...}`: the
    /// mistakes the author expects and what to say about each. Warns when an entry would
    /// also take a right answer (the right answer wins, so the entry is dead).
    mutating func wrongAnswers(_ node: Node, choices: [String], answer: Question.Answer?) -> [WrongAnswer] {
        guard let items = reader.sequence(node, what: "wrong") else { return [] }
        if items.isEmpty { reader.error(at: node, "`wrong` is empty: list expected wrong answers, or remove it") }
        let letters = choices.indices.map(Question.letter(forChoice:))
        return items.compactMap { item -> WrongAnswer? in
            guard let entries = reader.mapping(item, what: "a wrong answer", allowed: LessonLoader.wrongKeys) else { return nil }
            let location = reader.location(of: item)
            let says = required(entries, "says", in: "the wrong answer", example: "says: Close, but counting starts at 0.")
                .flatMap { reader.string($0, what: "says") }
            let ways = ["answer", "pattern"].filter(entries.has)
            guard ways.count == 1 else {
                reader.error(at: item, ways.isEmpty
                    ? "a wrong answer needs `answer: ...` (or a list) or `pattern: ...`, and `says: ...`"
                    : "a wrong answer has both `answer` and `pattern`: keep one")
                return nil
            }
            var match: WrongAnswer.Match?
            if ways[0] == "pattern" {
                guard let patternNode = entries["pattern"], let pattern = reader.pattern(patternNode) else { return nil }
                if !choices.isEmpty {
                    reader.error(at: patternNode, "with `choices`, a wrong answer names a choice letter with `answer:`, not a pattern")
                    return nil
                }
                match = .pattern(pattern)
                if case .accepted(let accepted)? = answer, let right = accepted.first(where: { Self.matches(pattern, $0) }) {
                    reader.warning(at: reader.location(of: patternNode), "this wrong-answer pattern also matches the accepted answer '\(right)'; the right answer wins, so it never applies to it")
                }
            } else {
                let answerNode = entries["answer"]!
                let nodes = reader.sequence(answerNode, what: "answer", allowSingle: true) ?? []
                var listed: [String] = []
                for each in nodes {
                    guard let text = reader.string(each, what: "wrong answer") else { continue }
                    if !choices.isEmpty {
                        guard letters.contains(text.lowercased()) else {
                            reader.error(at: each, "with `choices`, a wrong answer is a choice letter; '\(text)' is not one of \(letters.joined(separator: ", "))")
                            continue
                        }
                        listed.append(text.lowercased())
                    } else {
                        listed.append(text)
                    }
                    if Self.isAccepted(text, by: answer, choices: !choices.isEmpty) {
                        reader.warning(at: reader.location(of: each), "'\(text)' is listed as wrong, but the question accepts it; the right answer wins, so this entry never applies")
                    }
                }
                guard !listed.isEmpty else {
                    if nodes.isEmpty { reader.error(at: answerNode, "`answer` is empty: list the wrong answer this entry is about") }
                    return nil
                }
                match = .answers(listed)
            }
            guard let match, let says else { return nil }
            return WrongAnswer(match: match, says: says, location: location)
        }
    }

    private static func matches(_ pattern: String, _ text: String) -> Bool {
        (try? LessonPattern(pattern))?.matches(text, ignoreCase: true) ?? false
    }

    /// Whether a fixed answer would be judged right, as the judge compares them.
    private static func isAccepted(_ text: String, by answer: Question.Answer?, choices: Bool) -> Bool {
        let normalized = normalizedAnswer(text)
        switch answer {
        case .accepted(let accepted)?:
            return accepted.map(normalizedAnswer).contains(normalized)
        case .pattern(let pattern)?:
            return !choices && matches(pattern, text.trimmingCharacters(in: " \t"))
        default:
            return false
        }
    }

    /// Lowercase, single spaces, without surrounding quotes or trailing punctuation.
    private static func normalizedAnswer(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            .trimmingCharacters(in: "\"'`“”‘’.!?,; ")
    }

    mutating func liveAnswer(_ node: Node) -> LiveValue? {
        guard let entries = reader.mapping(node, what: "answer", allowed: ["from", "port", "process", "step"]) else { return nil }
        guard let fromNode = required(entries, "from", in: "answer", example: "from: client-ephemeral-port") else { return nil }
        guard let name = reader.choice(fromNode, what: "live value", options: LiveValue.names.map { ($0, $0) }) else { return nil }
        switch name {
        case "client-ephemeral-port":
            guard let portNode = required(entries, "port", in: "answer", example: "port: 8080   # the server the client talks to"),
                  let port = reader.port(portNode) else { return nil }
            rejectExtra(entries, ["process", "step"], for: name)
            return .clientEphemeralPort(serverPort: port)
        case "listening-port":
            rejectExtra(entries, ["port", "step"], for: name)
            return .listeningPort(process: entries["process"].flatMap { reader.string($0, what: "process") })
        case "http-status":
            rejectExtra(entries, ["port", "process"], for: name)
            guard let stepNode = required(entries, "step", in: "answer", example: "step: http-by-hand   # the step whose exchange is asked about"),
                  let stepID = identifier(stepNode, what: "step id") else { return nil }
            return .httpStatus(step: stepID)
        default:
            rejectExtra(entries, ["port", "process", "step"], for: name)
            return .lastHTTPStatus
        }
    }

    private mutating func rejectExtra(_ entries: Entries, _ keys: [String], for name: String) {
        for key in keys {
            if let keyNode = entries.keyNode(key) {
                reader.error(at: keyNode, "`\(key)` means nothing for `from: \(name)`; remove it")
            }
        }
    }

    // MARK: Helpers

    /// The value of a key that must be there, or an error at the mapping with an example line.
    mutating func required(_ entries: Entries, _ key: String, in what: String, example: String) -> Node? {
        if let value = entries[key] { return value }
        // A misspelt key was already reported with this very suggestion; one message is enough.
        if entries.misspelled.contains(key) { return nil }
        reader.error(at: entries.node, "\(what) is missing `\(key)`: add a line such as `\(example)`")
        return nil
    }

    /// Names that go on command lines and in progress files: lowercase letters, digits, hyphens.
    mutating func identifier(_ node: Node, what: String) -> String? {
        guard let text = reader.string(node, what: what) else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard text.allSatisfy(allowed.contains), text.first != "-" else {
            reader.error(at: node, "\(what) '\(text)' should use only lowercase letters, digits and hyphens (like `talking-http`), so it can be typed on the command line")
            return nil
        }
        return text
    }
}
