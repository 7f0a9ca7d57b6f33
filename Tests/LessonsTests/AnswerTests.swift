import Foundation
import NetworkTypes
import Testing
@testable import LessonFiles
@testable import Lessons

/// Questions: fixed answers judged leniently, live answers judged against what really happened.
@Suite struct AnswerTests {
    static func evaluator(question: String, table: [SocketRow] = [], observations: [Observation] = []) throws -> CheckEvaluator {
        let step = try Build.step(checks: "", question: question)
        var evaluator = CheckEvaluator()
        evaluator.observe(.socketTable(table))
        evaluator.begin(step)
        for observation in observations { evaluator.observe(observation) }
        return evaluator
    }

    @Test func acceptedAnswersIgnoreCaseSpacesQuotesAndPunctuation() throws {
        var evaluator = try Self.evaluator(question: "      ask: Which address?\n      accept: [127.0.0.1, \"::1\"]")
        #expect(evaluator.answer("localhost") == .wrong(advice: "Try again, or press F3 for a hint."))
        #expect(!evaluator.isComplete)
        #expect(evaluator.answer("  `127.0.0.1`. ") == .correct(note: "answered `127.0.0.1`."))
        #expect(evaluator.isComplete)
    }

    /// The hint says tcpdump shows the SYN as `[S]`: that spelling is as right as `S`.
    @Test func bracketedFlagSpellingsAreAccepted() throws {
        for answer in ["[S]", "[s]", " [ S ] ", "`[S]`", "[SYN]", "S", "syn"] {
            var evaluator = try Self.evaluator(question: "      ask: Which flag?\n      accept: [SYN, S]")
            guard case .correct = evaluator.answer(answer) else {
                Issue.record("\(answer) was not accepted")
                continue
            }
        }
        var evaluator = try Self.evaluator(question: "      ask: Which flag?\n      accept: [SYN, S]")
        #expect(evaluator.answer("[S.]") != .correct(note: "answered [S.]"), "[S.] is SYN-ACK")
        #expect(evaluator.answer("[]") != .correct(note: "answered []"))
    }

    @Test func numericAnswersFindTheNumberInASentence() throws {
        var evaluator = try Self.evaluator(question: "      ask: Which port?\n      accept: [\"80\"]")
        #expect(evaluator.answer("port 8080") == .wrong(advice: "Try again, or press F3 for a hint."))
        #expect(evaluator.answer("Port 80!") == .correct(note: "answered 80"))
    }

    @Test func choicesByLetterOrByWords() throws {
        let question = """
                  ask: Which?
                  choices:
                    - the phone number
                    - the extension
                  accept: [b]
            """
        var evaluator = try Self.evaluator(question: question)
        #expect(evaluator.answer("a") == .wrong(advice: "Try again, or press F3 for a hint."))
        #expect(evaluator.answer("z") == .unreadable(advice: "Answer with one of the letters a, b."), "a slip of form, not a try")
        #expect(evaluator.answer("(B)") == .correct(note: "answered b"))
        var byWords = try Self.evaluator(question: question)
        #expect(byWords.answer("The Extension") == .correct(note: "answered b"))
    }

    @Test func patternAnswers() throws {
        var evaluator = try Self.evaluator(question: "      ask: Which tool?\n      pattern: '^curl\\b'")
        #expect(evaluator.answer("wget") != .correct(note: "answered wget"))
        #expect(evaluator.answer("curl/8.5.0") == .correct(note: "answered curl/8.5.0"))
    }

    @Test func clientEphemeralPortIsTheOneTheClientReallyGot() throws {
        let question = "      ask: Which port did your client get?\n      answer: {from: client-ephemeral-port, port: 8080}"
        var nothingYet = try Self.evaluator(question: question)
        guard case .wrong(let advice) = nothingYet.answer("51234") else { Issue.record("accepted with no client"); return }
        #expect(advice.hasPrefix("No client has connected to port 8080 yet"))

        let client = SocketRow(proto: .tcp, local: .loopback(51234), remote: .loopback(8080), state: .established)
        let server = SocketRow(proto: .tcp, local: .loopback(8080), remote: .loopback(51234), state: .established)
        var evaluator = try Self.evaluator(question: question, table: [client, server])
        guard case .wrong(let listenerAdvice) = evaluator.answer("8080") else { Issue.record("8080 accepted"); return }
        #expect(listenerAdvice.hasPrefix("8080 is the listener's port"))
        guard case .wrong = evaluator.answer("51235") else { Issue.record("a made-up port was accepted"); return }
        #expect(evaluator.answer("port 51234") == .correct(note: "yes: your client really got port 51234, picked by the kernel when it connected to 8080"))
        #expect(evaluator.isComplete)
    }

    @Test func clientEphemeralPortAlsoFromASynOnTheWireAndAcrossSteps() throws {
        // The SYN is seen during an earlier step; the question comes later.
        var evaluator = CheckEvaluator()
        evaluator.begin(try Build.step(checks: "      - handshake: 8080"))
        evaluator.observe(.packet(PacketSeen(source: .loopback(40404), destination: .loopback(8080), flags: [.syn])))
        evaluator.begin(try Build.step(checks: "", question: "      ask: Which?\n      answer: {from: client-ephemeral-port, port: 8080}"))
        #expect(evaluator.answer("40404") == .correct(note: "yes: your client really got port 40404, picked by the kernel when it connected to 8080"))
    }

    /// A port is lent for as long as the call lasts: with clients connected, an ended
    /// call's port (remembered, or in TIME-WAIT) is not an answer; with none, the last one is.
    @Test func clientEphemeralPortOfAnEndedCallIsNotYourClients() throws {
        let question = "      ask: Which?\n      answer: {from: client-ephemeral-port, port: 8080}"
        let old = SocketRow(proto: .tcp, local: .loopback(40206), remote: .loopback(8080), state: .established)
        let lingering = SocketRow(proto: .tcp, local: .loopback(40206), remote: .loopback(8080), state: .timeWait)
        let now = SocketRow(proto: .tcp, local: .loopback(40216), remote: .loopback(8080), state: .established)
        var evaluator = try Self.evaluator(question: question, table: [old])
        evaluator.observe(.socketTable([lingering, now]))
        guard case .wrong(let advice) = evaluator.answer("40206") else { Issue.record("the ended call's port was accepted"); return }
        #expect(advice.hasPrefix("40206 was a client's port, but that call has ended"))
        #expect(!evaluator.isComplete)
        #expect(evaluator.answer("40216") == .correct(note: "yes: your client really got port 40216, picked by the kernel when it connected to 8080"))

        var hungUp = try Self.evaluator(question: question, table: [old])
        hungUp.observe(.socketTable([now]))
        hungUp.observe(.socketTable([]))
        guard case .wrong = hungUp.answer("40206") else { Issue.record("an older call's port was accepted"); return }
        #expect(hungUp.answer("40216") == .correct(note: "yes: your client really got port 40216, picked by the kernel when it connected to 8080"),
                "with no call up, the last one counts")
    }

    /// A busy machine (CI ran 500 clients beside this) once crowded the remembered ports out.
    @Test func clientEphemeralPortOnABusyMachineStillComesFromTheTable() throws {
        let client = SocketRow(proto: .tcp, local: .loopback(51234), remote: .loopback(8080), state: .established)
        let noise = (0..<2000).map { SocketRow(proto: .tcp, local: .loopback(20000 + $0), remote: .loopback(30000 + $0), state: .established) }
        var evaluator = try Self.evaluator(question: "      ask: Which?\n      answer: {from: client-ephemeral-port, port: 8080}")
        evaluator.observe(.socketTable([client]))
        evaluator.observe(.socketTable([client] + noise))
        #expect(evaluator.answer("51234") == .correct(note: "yes: your client really got port 51234, picked by the kernel when it connected to 8080"))
    }

    @Test func listeningPortMustReallyBeListening() throws {
        let web = SocketRow(proto: .tcp, local: .loopback(8088), state: .listen, process: "porttutor")
        let ssh = SocketRow(proto: .tcp, local: SocketAddress(numericHost: "0.0.0.0", port: 22)!, state: .listen, process: "sshd")
        var any = try Self.evaluator(question: "      ask: Name one.\n      answer: {from: listening-port}", table: [web, ssh])
        guard case .wrong(let advice) = any.answer("9999") else { Issue.record("9999 accepted"); return }
        #expect(advice.hasPrefix("Nothing is listening on port 9999 right now"))
        #expect(any.answer("22") == .correct(note: "yes: 0.0.0.0:22 is listening (sshd)"))

        var ours = try Self.evaluator(question: "      ask: Which is porttutor's?\n      answer: {from: listening-port, process: porttutor}", table: [web, ssh])
        guard case .wrong(let other) = ours.answer("22") else { Issue.record("sshd's port accepted"); return }
        #expect(other == "Port 22 is listening, but it belongs to sshd, not porttutor. Look for porttutor's row.")
        #expect(ours.answer("8088") == .correct(note: "yes: 127.0.0.1:8088 is listening (porttutor)"))
    }

    @Test func lastHTTPStatusIsTheStatusReallyReceived() throws {
        let question = "      ask: Which status?\n      answer: {from: last-http-status}"
        var none = try Self.evaluator(question: question)
        guard case .wrong(let advice) = none.answer("302") else { Issue.record("accepted with no response"); return }
        #expect(advice.hasPrefix("No HTTP response has been seen yet"))

        var evaluator = try Self.evaluator(question: question, observations: [
            .received(.client, Array("HTTP/1.1 302 Found\r\n\r\n".utf8), serverPort: 8088),
        ])
        guard case .wrong = evaluator.answer("200") else { Issue.record("200 accepted"); return }
        #expect(evaluator.answer("302") == .correct(note: "yes: the server answered 302 Found"))
    }

    /// A dev server polled on the loopback (or a parallel test) answers 200 after your 302:
    /// the status your own client received is still right, and so is the latest one seen.
    @Test func otherProgramsHTTPOnTheLoopbackDoesNotHideYours() throws {
        var evaluator = try Self.evaluator(question: "      ask: Which status?\n      answer: {from: last-http-status}", observations: [
            .received(.client, Array("HTTP/1.1 302 Found\r\n\r\n".utf8), serverPort: 8088),
            .packet(PacketSeen(source: .loopback(3000), destination: .loopback(51000), flags: [.psh, .ack],
                               payload: Array("HTTP/1.1 200 OK\r\n\r\n".utf8))),
        ])
        guard case .wrong = evaluator.answer("404") else { Issue.record("404 accepted"); return }
        #expect(evaluator.answer("302") == .correct(note: "yes: the server answered 302 Found"))
        var other = try Self.evaluator(question: "      ask: Which status?\n      answer: {from: last-http-status}", observations: [
            .packet(PacketSeen(source: .loopback(3000), destination: .loopback(51000), flags: [.psh, .ack],
                               payload: Array("HTTP/1.1 200 OK\r\n\r\n".utf8))),
        ])
        #expect(other.answer("200") == .correct(note: "yes: the server answered 200 OK"), "a client in another terminal")
    }

    @Test func aStatusLineSplitAcrossChunksStillCounts() throws {
        var evaluator = try Self.evaluator(question: "      ask: Which status?\n      answer: {from: last-http-status}", observations: [
            .received(.client, Array("HTTP/1.1 30".utf8), serverPort: 8088),
            .received(.client, Array("2 Found\r\n".utf8), serverPort: 8088),
        ])
        #expect(evaluator.answer("302") == .correct(note: "yes: the server answered 302 Found"))
    }

    @Test func authorsFeedbackAnswersTheMistakeMade() throws {
        let question = """
                  ask: What is the highest port number?
                  accept: ["65535"]
                  wrong:
                    - answer: "65536"
                      says: 65536 is how many there are.
                    - pattern: '^(max|all)'
                      says: A number, please.
            """
        var evaluator = try Self.evaluator(question: question)
        #expect(evaluator.answer("65536") == .wrong(advice: "65536 is how many there are."))
        #expect(evaluator.answer("port 65536!") == .wrong(advice: "65536 is how many there are."), "the number in a sentence")
        #expect(evaluator.answer("Maximum") == .wrong(advice: "A number, please."))
        #expect(evaluator.answer("1000") == .wrong(advice: AnswerJudge.tryAgain))
        #expect(evaluator.answer("65535") == .correct(note: "answered 65535"))

        let choices = """
                  ask: Which?
                  choices: [the phone number, the extension]
                  accept: [b]
                  wrong:
                    - {answer: a, says: That reaches the office.}
            """
        var byLetter = try Self.evaluator(question: choices)
        #expect(byLetter.answer("(A)") == .wrong(advice: "That reaches the office."))
        #expect(byLetter.answer("the phone number") == .wrong(advice: "That reaches the office."), "the choice's words")
    }

    @Test func computedFeedbackForNumbers() throws {
        var port = try Self.evaluator(question: "      ask: Which port?\n      accept: [\"443\"]")
        #expect(port.answer("127.0.0.1") == .wrong(advice: "That is an address: it picks the machine. A port picks one program on it; it is the number after the colon."))
        #expect(port.answer("127.0.0.1:443") == .wrong(advice: "That is an address and a port together. The question wants only the port: the number after the last colon."))
        #expect(port.answer("https") == .unreadable(advice: "The answer is a number: write it in digits."))
        #expect(port.answer("70000") == .wrong(advice: "No port goes that high: a port is a 16-bit number."))
        #expect(port.answer("444") == .wrong(advice: "Close, but one away: check where the counting starts and ends."))
        #expect(port.answer("8080") == .wrong(advice: AnswerJudge.tryAgain))

        // A live port: the other end of the connection, an address, a port out of range.
        let client = SocketRow(proto: .tcp, local: .loopback(51234), remote: .loopback(8080), state: .established)
        let server = SocketRow(proto: .tcp, local: .loopback(8080), remote: .loopback(51234), state: .established)
        var ephemeral = try Self.evaluator(question: "      ask: Which?\n      answer: {from: client-ephemeral-port, port: 8080}", table: [client, server])
        guard case .wrong(let otherEnd) = ephemeral.answer("8080") else { Issue.record("8080 accepted"); return }
        #expect(otherEnd.hasPrefix("8080 is the listener's port"))
        #expect(ephemeral.answer("127.0.0.1:51234") == .wrong(advice: "That is an address and a port together. The question wants only the port: the number after the last colon."))
        #expect(ephemeral.answer("99999") == .wrong(advice: "No port goes that high: a port is a 16-bit number."))
        #expect(ephemeral.answer("the high one") == .unreadable(advice: "The answer is a number: write it in digits."))
    }

    /// Lesson 3 asks for the status of the exchange typed in `http-by-hand` (302); exploring
    /// afterwards with `curl -L` (200) and `get /` (501) must not make the right answer wrong.
    @Test func aStatusIsJudgedAgainstTheStepsOwnExchange() throws {
        let catalog = try LessonCatalog.loadValid(folder: TestPaths.shippedLessons)
        let lesson = try #require(catalog.lessons.first { $0.id == "talking-http" })
        let byHand = try #require(lesson.steps.first { $0.id == "http-by-hand" })
        let question = try #require(lesson.steps.first { $0.id == "status-code" })
        #expect(question.question?.answer == .live(.httpStatus(step: "http-by-hand")))

        var evaluator = CheckEvaluator()
        evaluator.begin(byHand)
        evaluator.observe(.received(.client, Array("HTTP/1.1 302 Found\r\nLocation: /welcome\r\n\r\n".utf8), serverPort: 8088))
        #expect(evaluator.isComplete)
        evaluator.observe(.received(.client, Array("HTTP/1.1 200 OK\r\n\r\n".utf8), serverPort: 8088))
        evaluator.begin(question)
        evaluator.observe(.received(.client, Array("HTTP/1.0 501 Not Implemented\r\n\r\n".utf8), serverPort: 8088))
        guard case .wrong(let advice) = evaluator.answer("501") else { Issue.record("501 accepted"); return }
        #expect(advice.hasPrefix("501 is the status of another exchange"))
        guard case .wrong = evaluator.answer("200") else { Issue.record("200 accepted"); return }
        #expect(evaluator.revealAnswer() == "302 Found")
        #expect(evaluator.answer("302") == .correct(note: "yes: the server answered 302 Found"))
    }

    @Test func aStepWithoutAQuestionSaysSo() throws {
        var evaluator = CheckEvaluator()
        evaluator.begin(try Build.step(checks: "      - listening: 8080"))
        #expect(evaluator.answer("80") == .noQuestion)
    }
}
