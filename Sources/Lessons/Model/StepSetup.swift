/// What brings the panes into the state a step needs when a presenter jumps to it (back
/// one step, back into the previous lesson, "go to step N"): the lines typed before it.
///
/// A step's own `setup:` says it outright. Without one, the state is what the steps before
/// it left: their `perform`s, replayed in order, from the nearest earlier step that has a
/// `setup:` (its setup first) or else from the lesson's first step. Each part keeps the step
/// it replays, so what the checks remember (an earlier step's HTTP exchange) stays that
/// step's.
public struct StepSetup: Sendable, Hashable {
    /// Lines typed for one earlier step, or a step's declared setup (`stepIndex` nil).
    public struct Part: Sendable, Hashable {
        /// The earlier step whose `perform` this replays; nil for a declared `setup:`.
        public var stepIndex: Int?
        public var inputs: [PerformInput]

        public init(stepIndex: Int?, inputs: [PerformInput]) {
            self.stepIndex = stepIndex
            self.inputs = inputs
        }
    }

    public var parts: [Part]

    /// The setup for step `index` of `lesson`.
    public init(forStep index: Int, of lesson: Lesson) {
        let steps = lesson.steps
        guard steps.indices.contains(index) else {
            parts = []
            return
        }
        let declared = steps[...index].lastIndex { $0.setup != nil }
        var parts: [Part] = []
        if let declared, let setup = steps[declared].setup {
            parts.append(Part(stepIndex: nil, inputs: setup))
        }
        for earlier in (declared ?? 0)..<index {
            parts.append(Part(stepIndex: earlier, inputs: steps[earlier].perform))
        }
        self.parts = parts.filter { !$0.inputs.isEmpty }
    }

    public var isEmpty: Bool { parts.isEmpty }

    /// Every input, in order.
    public var inputs: [PerformInput] { parts.flatMap(\.inputs) }

    /// The lines typed and keys pressed, as a presenter reads them; pauses left out.
    public var commands: [String] {
        inputs.compactMap { input -> String? in
            switch input.action {
            case .line(let text): text.isEmpty ? "Enter" : text
            case .key(let key): key.description
            case .pause: nil
            case .elsewhere(let command): "(your own terminal) \(command)"
            }
        }
    }

    /// `nc -l 8080 · telnet localhost 8080`.
    public var summary: String { commands.joined(separator: " · ") }
}
