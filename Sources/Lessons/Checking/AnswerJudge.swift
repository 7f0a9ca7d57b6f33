import NetworkTypes

/// Judges a typed answer: fixed answers leniently, live answers against what the machine really did.
struct AnswerJudge {
    var table: [SocketRow]
    var clientPorts: [Int: [Int]]
    /// The last response porttutor's client received, then the last one seen anywhere
    /// (a client in another terminal is seen only in the capture); either is right.
    var lastResponses: [HTTPResponseSeen]
    /// For `http-status` answers: the responses the named step saw, and the current step's
    /// own (used only when the named step saw none, as after a restart).
    var stepResponses: [HTTPResponseSeen] = []
    var thisStepResponses: [HTTPResponseSeen] = []

    /// Shown after "✘ Not quite: ANSWER.", so it does not say so again. F3, not `?`: at the
    /// answer prompt `?` is a character of the answer.
    static let tryAgain = "Try again, or press F3 for a hint."

    func judge(_ raw: String, for question: Question) -> AnswerVerdict {
        let answer = Self.normalized(raw)
        guard !answer.isEmpty else { return .unreadable(advice: "Type your answer, then press Enter.") }
        let shown = NoteText.printable(raw.trimmingCharacters(in: " \t\r\n"), limit: 30)
        switch question.answer {
        case .accepted(let accepted):
            if !question.choices.isEmpty {
                guard let letter = choiceLetter(answer, choices: question.choices) else {
                    let letters = question.choices.indices.map(Question.letter(forChoice:))
                    return .unreadable(advice: "Answer with one of the letters \(letters.joined(separator: ", ")).")
                }
                if accepted.contains(letter) { return .correct(note: "answered \(letter)") }
                return .wrong(advice: authorFeedback(letter, raw: letter, question) ?? Self.tryAgain)
            }
            let normalizedAccepted = accepted.map(Self.normalized)
            if normalizedAccepted.contains(answer) { return .correct(note: "answered \(shown)") }
            // "port 80" for 80: when every right answer is a number, the first number in the answer counts.
            let numbers = normalizedAccepted.compactMap { Int($0) }
            let wantsNumber = numbers.count == normalizedAccepted.count
            if wantsNumber, let number = Self.firstNumber(in: answer), numbers.contains(number), Self.addressShape(answer) == nil {
                return .correct(note: "answered \(number)")
            }
            if let said = authorFeedback(answer, raw: raw, question, numeric: wantsNumber) { return .wrong(advice: said) }
            if wantsNumber, let said = Self.numberMistake(answer, expecting: .port, near: numbers) {
                return Self.hasNoNumber(answer) ? .unreadable(advice: said) : .wrong(advice: said)
            }
            return .wrong(advice: Self.tryAgain)
        case .pattern(let pattern):
            guard let compiled = try? LessonPattern(pattern) else { return .wrong(advice: Self.tryAgain) }
            let trimmed = raw.trimmingCharacters(in: " \t\r\n")
            if compiled.matches(trimmed, ignoreCase: true) { return .correct(note: "answered \(shown)") }
            return .wrong(advice: authorFeedback(answer, raw: raw, question) ?? Self.tryAgain)
        case .live(let value):
            return judgeLive(answer, raw: raw, value, question)
        }
    }

    /// What F4 shows after two wrong tries; nil when there is nothing to show yet.
    func reveal(_ question: Question) -> String? {
        switch question.answer {
        case .accepted(let accepted):
            if !question.choices.isEmpty, let letter = accepted.first,
               let index = question.choices.indices.first(where: { Question.letter(forChoice: $0) == letter }) {
                return "\(letter)) \(question.choices[index].plainText)"
            }
            return question.reveal ?? accepted.first
        case .pattern:
            return question.reveal
        case .live(let value):
            switch value {
            case .clientEphemeralPort:
                return clientPortsSeen(value).first.map(String.init)
            case .listeningPort(let process):
                let row = table.first { row in row.isListening && (process.map { row.process == $0 } ?? true) }
                return row.map { row in "\(row.local.portNumber) (\(row.local) is listening)" }
            case .lastHTTPStatus:
                return lastResponses.first.map(Self.statusLine)
            case .httpStatus:
                return (stepResponses.first ?? thisStepResponses.first).map(Self.statusLine)
            }
        }
    }

    private static func statusLine(_ response: HTTPResponseSeen) -> String {
        "\(response.status) \(NoteText.printable(response.reason, limit: 30))".trimmingTrailingSpace
    }

    /// The client ports a right answer may name. A port is lent for as long as the call
    /// lasts: while clients are connected, only theirs (an ended call's port, or one from
    /// an earlier lesson, is not "your client's"). With none connected, the last one seen,
    /// a call that ended a moment ago (a handshake caught on the wire, an idle telnet the
    /// web server hung up on).
    private func clientPortsSeen(_ value: LiveValue) -> [Int] {
        guard case .clientEphemeralPort(let serverPort) = value else { return [] }
        let live = table.filter { $0.state != .listen && $0.state != .timeWait && $0.remote?.portNumber == serverPort }
            .map(\.local.portNumber)
        guard live.isEmpty else { return live }
        return clientPorts[serverPort]?.last.map { [$0] } ?? []
    }

    // MARK: Feedback on mistakes

    /// The author's words for this wrong answer (`wrong:` in the question), if one fits.
    /// `answer` is normalized; with `numeric`, a listed number also matches the first
    /// number in the answer ("port 65536").
    private func authorFeedback(_ answer: String, raw: String, _ question: Question, numeric: Bool = false) -> String? {
        let trimmed = raw.trimmingCharacters(in: " \t\r\n")
        for wrong in question.wrong {
            switch wrong.match {
            case .answers(let listed):
                let normalized = listed.map(Self.normalized)
                if normalized.contains(answer) { return wrong.says }
                if numeric, let number = Self.firstNumber(in: answer), Self.addressShape(answer) == nil,
                   normalized.contains(String(number)) { return wrong.says }
            case .pattern(let pattern):
                if let compiled = try? LessonPattern(pattern), compiled.matches(trimmed, ignoreCase: true) { return wrong.says }
            }
        }
        return nil
    }

    /// What a number question can see for itself is wrong with an answer.
    enum NumberKind { case port, status }

    /// An address where a number is wanted, a word, a port past 65535, a status that is not
    /// three digits, or a number one away from a right one (`near`). Never says the answer.
    static func numberMistake(_ answer: String, expecting kind: NumberKind, near right: [Int] = []) -> String? {
        if let shape = addressShape(answer) {
            switch (shape, kind) {
            case (.withPort, .port):
                return "That is an address and a port together. The question wants only the port: the number after the last colon."
            case (.bare, .port):
                return "That is an address: it picks the machine. A port picks one program on it; it is the number after the colon."
            default:
                return "That is an address, not a status code: look for a three-digit number on the answer's first line."
            }
        }
        guard let number = firstNumber(in: answer) else {
            switch kind {
            case .port: return "The answer is a number: write it in digits."
            case .status: return "The answer is a three-digit number, not words: the words after it are for humans."
            }
        }
        switch kind {
        case .port where number > 65535:
            return "No port goes that high: a port is a 16-bit number."
        case .status where !(100...599).contains(number):
            return "Status codes have three digits, from 100 to 599."
        default:
            break
        }
        if right.contains(where: { abs($0 - number) == 1 }) {
            return "Close, but one away: check where the counting starts and ends."
        }
        return nil
    }

    enum AddressShape { case bare, withPort }

    /// Words where a number is asked: the answer's form is wrong, not its idea.
    static func hasNoNumber(_ answer: String) -> Bool {
        firstNumber(in: answer) == nil && addressShape(answer) == nil
    }

    /// `127.0.0.1`, `::1`, `127.0.0.1:8080`, `localhost:8080`, `[::1]:8080`: an address
    /// (with or without its port) where a number was asked.
    static func addressShape(_ answer: String) -> AddressShape? {
        let text = answer.trimmingCharacters(in: " ")
        let ipv4 = #/^\d{1,3}(\.\d{1,3}){3}$/#
        let ipv6 = #/^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/#
        if text.wholeMatch(of: ipv4) != nil || (text.contains("::") && text.wholeMatch(of: ipv6) != nil) { return .bare }
        if let colon = text.lastIndex(of: ":") {
            let host = String(text[..<colon]).trimmingCharacters(in: "[]")
            let port = text[text.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isNumber) else { return nil }
            if host == "localhost" || host.wholeMatch(of: ipv4) != nil || (host.contains(":") && host.wholeMatch(of: ipv6) != nil) {
                return .withPort
            }
        }
        return nil
    }

    private func judgeLive(_ answer: String, raw: String, _ value: LiveValue, _ question: Question) -> AnswerVerdict {
        let number = Self.addressShape(answer) == nil ? Self.firstNumber(in: answer) : nil
        /// A wrong answer to a question that can be answered: the author's words first,
        /// then what porttutor can tell by itself, then `fallback`.
        func mistake(_ kind: NumberKind, _ fallback: String) -> AnswerVerdict {
            if let said = authorFeedback(answer, raw: raw, question, numeric: true) { return .wrong(advice: said) }
            let advice = Self.numberMistake(answer, expecting: kind) ?? fallback
            return Self.hasNoNumber(answer) ? .unreadable(advice: advice) : .wrong(advice: advice)
        }
        switch value {
        case .clientEphemeralPort(let serverPort):
            // The table now first: remembered ports are bounded and may have been crowded out on a busy machine.
            let ports = clientPortsSeen(value)
            guard !ports.isEmpty else {
                return .wrong(advice: "No client has connected to port \(serverPort) yet, so there is no client port to find. Connect first, for example `telnet localhost \(serverPort)`, then look again.")
            }
            guard let number else { return mistake(.port, "Answer with a port number: the digits after the last colon.") }
            if ports.contains(number) {
                return .correct(note: "yes: your client really got port \(number), picked by the kernel when it connected to \(serverPort)")
            }
            if clientPorts[serverPort]?.contains(number) == true
                || table.contains(where: { $0.state == .timeWait && $0.local.portNumber == number && $0.remote?.portNumber == serverPort }) {
                return .wrong(advice: "\(number) was a client's port, but that call has ended: the kernel lends a port only for as long as the call lasts. Name the port of a client connected now.")
            }
            if number == serverPort {
                // The other end of the connection: the mistake this question is about.
                return .wrong(advice: authorFeedback(answer, raw: raw, question, numeric: true)
                    ?? "\(serverPort) is the listener's port, the one you connected to. The client's own end has a different, higher number: look at the row whose peer ends in :\(serverPort).")
            }
            return mistake(.port, "Find the row whose peer (remote) address ends in :\(serverPort); your client's port is the number after the colon in its local address.")
        case .listeningPort(let process):
            guard let number else { return mistake(.port, "Answer with a port number, such as the one after the colon in a LISTEN row.") }
            let listening = table.filter { $0.isListening && $0.local.portNumber == number }
            guard let row = listening.first(where: { row in process.map { $0 == row.process } ?? true }) else {
                if let process, let other = listening.first {
                    let owner = other.process.map { NoteText.printable($0, limit: 20) } ?? "another program"
                    return .wrong(advice: "Port \(number) is listening, but it belongs to \(owner), not \(process). Look for \(process)'s row.")
                }
                if let connected = table.first(where: { !$0.isListening && $0.local.portNumber == number }) {
                    return .wrong(advice: authorFeedback(answer, raw: raw, question, numeric: true)
                        ?? "Port \(number) is one end of a connection (\(connected.state)), not a listener. Look for rows in state LISTEN.")
                }
                return mistake(.port, "Nothing is listening on port \(number) right now. Look for rows in state LISTEN in the Connections pane.")
            }
            let owner = row.process.map { " (\(NoteText.printable($0, limit: 20)))" } ?? ""
            return .correct(note: "yes: \(row.local) is listening\(owner)")
        case .lastHTTPStatus:
            guard !lastResponses.isEmpty else {
                return .wrong(advice: "No HTTP response has been seen yet: ask a web server first (the step before shows how).")
            }
            guard let number else { return mistake(.status, "Answer with the three-digit number on the response's first line.") }
            if let response = lastResponses.first(where: { $0.status == number }) {
                return .correct(note: "yes: the server answered \(Self.statusLine(response))")
            }
            return mistake(.status, "Look at the first line of the answer: the number right after HTTP/1.x.")
        case .httpStatus:
            let exchange = stepResponses.isEmpty ? thisStepResponses : stepResponses
            guard !exchange.isEmpty else {
                return .wrong(advice: "porttutor did not see the answer to the request this question is about. Go back (F6), send the request again, then come back.")
            }
            guard let number else { return mistake(.status, "Answer with the three-digit number on the response's first line.") }
            if let response = exchange.first(where: { $0.status == number }) {
                return .correct(note: "yes: the server answered \(Self.statusLine(response))")
            }
            // Seen, but in another exchange: what porttutor knows beats the author's guess.
            if lastResponses.contains(where: { $0.status == number }) || thisStepResponses.contains(where: { $0.status == number }) {
                return .wrong(advice: "\(number) is the status of another exchange. The question is about the answer to the request you sent in that step: the first line the server sent back.")
            }
            return mistake(.status, "Look at the first line of the answer to your request: the number right after HTTP/1.x.")
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
