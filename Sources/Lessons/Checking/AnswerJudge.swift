import NetworkTypes

/// Judges a typed answer: fixed answers leniently, live answers against what the machine really did.
struct AnswerJudge {
    var table: [SocketRow]
    var clientPorts: [Int: [Int]]
    /// The last response porttutor's client received, then the last one seen anywhere
    /// (a client in another terminal is seen only in the capture); either is right.
    var lastResponses: [HTTPResponseSeen]

    /// Shown after "✘ Not quite: ANSWER.", so it does not say so again. F3, not `?`: at the
    /// answer prompt `?` is a character of the answer.
    static let tryAgain = "Try again, or press F3 for a hint."

    func judge(_ raw: String, for question: Question) -> AnswerVerdict {
        let answer = Self.normalized(raw)
        guard !answer.isEmpty else { return .wrong(advice: "Type your answer, then press Enter.") }
        let shown = NoteText.printable(raw.trimmingCharacters(in: " \t\r\n"), limit: 30)
        switch question.answer {
        case .accepted(let accepted):
            if !question.choices.isEmpty {
                guard let letter = choiceLetter(answer, choices: question.choices) else {
                    let letters = question.choices.indices.map(Question.letter(forChoice:))
                    return .wrong(advice: "Answer with one of the letters \(letters.joined(separator: ", ")).")
                }
                return accepted.contains(letter)
                    ? .correct(note: "answered \(letter)")
                    : .wrong(advice: Self.tryAgain)
            }
            let normalizedAccepted = accepted.map(Self.normalized)
            if normalizedAccepted.contains(answer) { return .correct(note: "answered \(shown)") }
            // "port 80" for 80: when every right answer is a number, the first number in the answer counts.
            if normalizedAccepted.allSatisfy({ Int($0) != nil }), let number = Self.firstNumber(in: answer),
               normalizedAccepted.contains(String(number)) {
                return .correct(note: "answered \(number)")
            }
            return .wrong(advice: Self.tryAgain)
        case .pattern(let pattern):
            guard let regex = try? Regex(pattern) else { return .wrong(advice: Self.tryAgain) }
            let trimmed = raw.trimmingCharacters(in: " \t\r\n")
            return trimmed.contains(regex.ignoresCase()) ? .correct(note: "answered \(shown)") : .wrong(advice: Self.tryAgain)
        case .live(let value):
            return judgeLive(answer, value)
        }
    }

    private func judgeLive(_ answer: String, _ value: LiveValue) -> AnswerVerdict {
        let number = Self.firstNumber(in: answer)
        switch value {
        case .clientEphemeralPort(let serverPort):
            // The table now first: remembered ports are bounded and may have been crowded out on a busy machine.
            let live = table.filter { $0.state != .listen && $0.remote?.portNumber == serverPort }.map(\.local.portNumber)
            let ports = live + (clientPorts[serverPort] ?? [])
            guard !ports.isEmpty else {
                return .wrong(advice: "No client has connected to port \(serverPort) yet, so there is no client port to find. Connect first, for example `telnet localhost \(serverPort)`, then look again.")
            }
            guard let number else { return .wrong(advice: "Answer with a port number: the digits after the last colon.") }
            if ports.contains(number) {
                return .correct(note: "yes: your client really got port \(number), picked by the kernel when it connected to \(serverPort)")
            }
            if number == serverPort {
                return .wrong(advice: "\(serverPort) is the listener's port, the one you connected to. The client's own end has a different, higher number: look at the row whose peer ends in :\(serverPort).")
            }
            return .wrong(advice: "Find the row whose peer (remote) address ends in :\(serverPort); your client's port is the number after the colon in its local address.")
        case .listeningPort(let process):
            guard let number else { return .wrong(advice: "Answer with a port number, such as the one after the colon in a LISTEN row.") }
            let listening = table.filter { $0.isListening && $0.local.portNumber == number }
            guard let row = listening.first(where: { row in process.map { $0 == row.process } ?? true }) else {
                if let process, let other = listening.first {
                    let owner = other.process.map { NoteText.printable($0, limit: 20) } ?? "another program"
                    return .wrong(advice: "Port \(number) is listening, but it belongs to \(owner), not \(process). Look for \(process)'s row.")
                }
                return .wrong(advice: "Nothing is listening on port \(number) right now. Look for rows in state LISTEN in the Connections pane.")
            }
            let owner = row.process.map { " (\(NoteText.printable($0, limit: 20)))" } ?? ""
            return .correct(note: "yes: \(row.local) is listening\(owner)")
        case .lastHTTPStatus:
            guard !lastResponses.isEmpty else {
                return .wrong(advice: "No HTTP response has been seen yet: ask a web server first (the step before shows how).")
            }
            guard let number else { return .wrong(advice: "Answer with the three-digit number on the response's first line.") }
            if let response = lastResponses.first(where: { $0.status == number }) {
                let reason = NoteText.printable(response.reason, limit: 30)
                return .correct(note: "yes: the server answered \(response.status) \(reason)".trimmingTrailingSpace)
            }
            return .wrong(advice: "Look at the first line of the answer: the number right after HTTP/1.x.")
        }
    }

    /// `b`, `b)`, `(b)`, `B.` or the words of a choice.
    private func choiceLetter(_ answer: String, choices: [RichText]) -> String? {
        let letters = choices.indices.map(Question.letter(forChoice:))
        let stripped = answer.trimmingCharacters(in: "()[]. ")
        if letters.contains(stripped) { return stripped }
        if let index = choices.firstIndex(where: { Self.normalized($0.plainText) == answer }) {
            return letters[index]
        }
        return nil
    }

    /// Lowercase, single spaces, no surrounding quotes or backticks, no trailing punctuation,
    /// and no enclosing square brackets: tcpdump writes flags as `[S]`, so a learner who copies
    /// that spelling means `S`.
    static func normalized(_ text: String) -> String {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        let answer = words.joined(separator: " ").trimmingCharacters(in: "\"'`“”‘’.!?,; ")
        guard answer.count > 2, answer.hasPrefix("["), answer.hasSuffix("]") else { return answer }
        return String(answer.dropFirst().dropLast()).trimmingCharacters(in: " ")
    }

    static func firstNumber(in text: String) -> Int? {
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !digits.isEmpty {
                break
            }
        }
        return digits.count <= 6 ? Int(digits) : nil
    }
}
