import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons
import NetworkTypes

/// `http-response: {complete: true}`: a response counts only when the client could use it
/// whole, as curl judges it (lesson 3's "Be the web server").
@Suite struct CompleteResponseTests {
    static let check = "      - http-response: {status: 200, port: 8080, complete: true}"

    static func packet(_ from: UInt16, _ to: UInt16, _ flags: TCPFlags, _ payload: String = "") -> Observation {
        .packet(PacketSeen(source: .loopback(from), destination: .loopback(to), flags: flags, payload: Array(payload.utf8)))
    }

    // MARK: porttutor's curl

    @Test func ticksWhenCurlFinishesAWellFormedResponse() throws {
        let step = try Build.step(checks: Self.check)
        let clean = HTTPExchangeOutcome(status: 200, reason: "OK", headersEnded: true, bodyBytes: 30, port: 8080)
        let ticks = CheckEvaluator.evaluate(step, observations: [
            .received(.client, Array("HTTP/1.0 200 OK\n\nHello from a human web server\n".utf8), serverPort: 8080),
            .httpResponse(HTTPResponseSeen(status: 200, reason: "OK", port: 8080)),
            .httpExchange(clean),
        ])
        #expect(ticks[0]?.note == "curl finished: 200 OK, headers, empty line, 30 bytes of body")
    }

    @Test func theOneLineMistakeDoesNotTick() throws {
        let step = try Build.step(checks: Self.check)
        // `HTTP/1.0 200 OK (an empty line) Hello` typed on one line, then Ctrl-C.
        let line = "HTTP/1.0 200 OK (an empty line) Hello from a human web server\n"
        let mistake = HTTPExchangeOutcome(status: 200, reason: "OK (an empty line) Hello from a human web server", headersEnded: false,
                                       curlError: 18, errorMessage: "transfer closed before the response was complete", port: 8080)
        let ticks = CheckEvaluator.evaluate(step, observations: [
            .received(.client, Array(line.utf8), serverPort: 8080),
            .httpResponse(HTTPResponseSeen(status: 200, reason: "OK (an empty line) Hello", port: 8080)),
            .httpExchange(mistake),
        ])
        #expect(ticks[0] == nil)
    }

    @Test func aCurlErrorDoesNotTickEvenWithTheHeadersEnded() throws {
        let step = try Build.step(checks: Self.check)
        let short = HTTPExchangeOutcome(status: 200, reason: "OK", headersEnded: true, bodyBytes: 3, curlError: 18,
                                     errorMessage: "transfer closed with 7 bytes remaining to read", port: 8080)
        #expect(CheckEvaluator.evaluate(step, observations: [.httpExchange(short)])[0] == nil)
        let empty = HTTPExchangeOutcome(status: nil, headersEnded: false, curlError: 52, errorMessage: "Empty reply from server", port: 8080)
        #expect(CheckEvaluator.evaluate(step, observations: [.httpExchange(empty)])[0] == nil)
    }

    @Test func theStatusAndPortMustMatch() throws {
        let step = try Build.step(checks: Self.check)
        let notFound = HTTPExchangeOutcome(status: 404, reason: "Not Found", headersEnded: true, port: 8080)
        #expect(CheckEvaluator.evaluate(step, observations: [.httpExchange(notFound)])[0] == nil)
        let elsewhere = HTTPExchangeOutcome(status: 200, reason: "OK", headersEnded: true, port: 8088)
        #expect(CheckEvaluator.evaluate(step, observations: [.httpExchange(elsewhere)])[0] == nil)
    }

    @Test func withoutCompleteAStatusLineStillTicks() throws {
        // The plain check is unchanged: `http-by-hand` asks only that a server answered.
        let step = try Build.step(checks: "      - http-response: {status: 200, port: 8080}")
        let ticks = CheckEvaluator.evaluate(step, observations: [.received(.client, Array("HTTP/1.0 200 OK Hello\n".utf8), serverPort: 8080)])
        #expect(ticks[0] != nil)
    }

    // MARK: A real curl, judged from the wire

    @Test func ticksFromTheWireWhenTheServerClosesAfterAWholeResponse() throws {
        let step = try Build.step(checks: Self.check)
        var evaluator = CheckEvaluator()
        evaluator.begin(step)
        #expect(evaluator.observe(Self.packet(8080, 40000, [.psh, .ack], "HTTP/1.0 200 OK\n")).isEmpty)
        #expect(evaluator.observe(Self.packet(8080, 40000, [.psh, .ack], "\n")).isEmpty)
        #expect(evaluator.observe(Self.packet(8080, 40000, [.psh, .ack], "Hello from a human web server\n")).isEmpty,
                "a body of unknown length is not whole until the server closes")
        let ticks = evaluator.observe(Self.packet(8080, 40000, [.fin, .ack]))
        #expect(ticks.map(\.note) == ["response 200 OK came whole (headers, empty line, 30 bytes of body), then the close"])
    }

    @Test func theOneLineMistakeOnTheWireDoesNotTick() throws {
        let step = try Build.step(checks: Self.check)
        let ticks = CheckEvaluator.evaluate(step, observations: [
            Self.packet(8080, 40000, [.psh, .ack], "HTTP/1.0 200 OK (an empty line) Hello from a human web server\n"),
            Self.packet(8080, 40000, [.fin, .ack]),
            Self.packet(40000, 8080, [.fin, .ack]),
        ])
        #expect(ticks[0] == nil)
    }

    @Test func onTheWireTheClientHangingUpDoesNotEndABodyOfUnknownLength() throws {
        let step = try Build.step(checks: Self.check)
        let ticks = CheckEvaluator.evaluate(step, observations: [
            Self.packet(8080, 40000, [.psh, .ack], "HTTP/1.0 200 OK\n\nHello"),
            Self.packet(40000, 8080, [.fin, .ack]),
        ])
        #expect(ticks[0] == nil, "curl stopped with Ctrl-C has not finished the page")
    }

    @Test func onTheWireAnAnnouncedLengthEndsTheBody() throws {
        let step = try Build.step(checks: Self.check)
        let response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHello"
        let short = CheckEvaluator.evaluate(step, observations: [
            Self.packet(8080, 40000, [.psh, .ack], String(response.dropLast(2))),
            Self.packet(8080, 40000, [.fin, .ack]),
        ])
        #expect(short[0] == nil, "3 of 5 bytes")
        let whole = CheckEvaluator.evaluate(step, observations: [
            Self.packet(8080, 40000, [.psh, .ack], response),
            Self.packet(40000, 8080, [.fin, .ack]),
        ])
        #expect(whole[0]?.note == "response 200 OK came whole (headers, empty line, 5 bytes of body), then the close")
        let chunked = CheckEvaluator.evaluate(step, observations: [
            Self.packet(8080, 40000, [.psh, .ack], "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n0\r\n\r\n"),
            Self.packet(8080, 40000, [.fin, .ack]),
        ])
        #expect(chunked[0] != nil)
    }

    @Test func wireJudgeNamesWhatIsMissing() {
        let verdict = WireResponse.judge(Array("HTTP/1.0 200 OK Hello\n".utf8), serverClosed: true, clientClosed: true)
        #expect(verdict == .unfinished(status: 200, why: "no empty line ended the headers, so curl never saw where the body starts"))
        #expect(WireResponse.judge(Array("Hello\n".utf8), serverClosed: true, clientClosed: false) == .notHTTP)
    }

    // MARK: Loading

    @Test func lintRejectsACompleteThatIsNotABoolean() {
        let yaml = """
            id: test
            title: Test
            summary: Test.
            steps:
              - id: only
                title: Only
                text: Only.
                hints: [none]
                checks:
                  - http-response: {status: 200, complete: perhaps}
            """
        let result = LessonLoader.load(yaml: yaml, displayPath: "test.yaml", url: URL(fileURLWithPath: "/tmp/test.yaml"))
        #expect(result.errors.map(\.description).contains { $0.contains("complete should be true or false") })
    }

    @Test func completeIsReadFromTheLessonFile() throws {
        let step = try Build.step(checks: Self.check)
        #expect(step.checks[0].kind == .httpResponse(HTTPResponseCheck(status: .exactly(200), port: 8080, complete: true)))
    }
}
