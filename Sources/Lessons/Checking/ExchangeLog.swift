/// The HTTP responses each step saw while it was being done, by step id, so a later
/// question (`answer: {from: http-status, step: ID}`) is judged against that step's own
/// exchange, not whatever the learner fetched since (`curl -L`'s 200, a `get /`'s 501).
///
/// Kept apart from `StepMemory`, which forgets everything when a step begins.
struct ExchangeLog: Sendable {
    static let perStep = 8
    static let stepLimit = 32

    private var responses: [String: [HTTPResponseSeen]] = [:]
    private var order: [String] = []
    private var current: String?
    /// The ports the current step's `http-response` checks name; empty: any port.
    private var ports: Set<Int> = []
    /// Recording stops once the step is done: what comes after is not its exchange.
    private var open = false

    /// A step begins (again): what it saw before is forgotten, so a step redone counts anew.
    mutating func begin(_ step: Step) {
        current = step.id
        ports = Set(step.checks.flatMap { Self.responsePorts($0.kind) })
        open = true
        responses[step.id] = nil
        order.removeAll { $0 == step.id }
        order.append(step.id)
        if order.count > Self.stepLimit { responses[order.removeFirst()] = nil }
    }

    /// Every check of the step held.
    mutating func close() { open = false }

    mutating func note(_ response: HTTPResponseSeen) {
        guard open, let current else { return }
        if let port = response.port, !ports.isEmpty, !ports.contains(port) { return }
        var seen = responses[current] ?? []
        guard seen.last != response else { return }
        seen.append(response)
        seen.keepLast(Self.perStep)
        responses[current] = seen
    }

    /// What step `id` saw, oldest first; empty when it was not done (or not since porttutor started).
    func responses(of id: String) -> [HTTPResponseSeen] { responses[id] ?? [] }

    private static func responsePorts(_ kind: Check.Kind) -> [Int] {
        switch kind {
        case .httpResponse(let check): return check.port.map { [$0] } ?? []
        case .anyOf(let checks): return checks.flatMap { responsePorts($0.kind) }
        default: return []
        }
    }
}
