import NetworkTypes

/// A real program a lesson step starts on one of the lab's computers (`start:` in a step
/// of a lesson that `needs: lab`), such as a server on server.lab for the learner to reach.
/// It runs from the step's start until the lesson ends; porttutor never runs one outside
/// the lab, where it would touch the learner's real machine.
public struct LabProgram: Sendable, Hashable {
    /// Which computer runs it.
    public var host: LabHost
    /// The command line, run by `/bin/sh -c` (so pipes work: `echo hi | nc -lk 80`).
    public var command: String

    public init(host: LabHost, command: String) {
        self.host = host
        self.command = command
    }
}
