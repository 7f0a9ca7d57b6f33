import ToolCommands
import Foundation
import Glibc
import Testing
import TestSupport
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes

/// `lsof -i :PORT` and `fuser PORT/tcp` typed in the Connections pane print what the real
/// tools print, byte for byte, for a real `nc -lk` with a real client (this suite's ports
/// are 18670-18679, the lessons helper's range).
@Suite("lsof and fuser agree with the real tools", .serialized)
struct LsofFuserAgreementTests {
    static let port: UInt16 = 18670

    /// A real listener with one real client, both stopped by pid at the end.
    private static func withConversation(_ body: () throws -> Void) throws {
        let listener = try QuietTool(["nc", "-lk", String(port)])
        defer { listener.stop() }
        _ = eventually({ connectable() }, until: { $0 })
        let client = try QuietTool(["nc", "127.0.0.1", String(port)])
        defer { client.stop() }
        try body()
    }

    private static func connectable() -> Bool {
        (try? TestNet.connect(.ipv4, port: port)) != nil
    }

    /// What the pane prints for `command`, once the table shows `rows` rows for it.
    private static func ours(_ command: String, rows: Int) throws -> String {
        let request = try ConnectionsCommandLine.parse(command)
        let reader = ConnectionsReader()
        let snapshot = try eventually({ try reader.read(request) }, until: {
            ConnectionsFormatter.rows($0.entries, for: request.display).count >= rows
        })
        let formatter = ConnectionsFormatter(options: request.display, userNames: .system)
        return formatter.render(snapshot.entries)
    }

    /// The real tool's output, stderr and stdout in one stream as a terminal shows them
    /// (fuser writes the name to stderr and the ids to stdout), without the complaints
    /// about processes it may not look into.
    private static func theirs(_ command: String) throws -> String {
        let shell = try #require(TestProcess.find("sh"))
        let text = try TestProcess.output(shell, ["-c", command + " 2>&1"])
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Cannot stat") }.joined(separator: "\n")
    }

    @Test("lsof -nP -i :PORT: a row per process and socket, columns as lsof sizes them")
    func lsof() throws {
        try #require(TestProcess.find("lsof") != nil, "lsof is needed for this test")
        try #require(getuid() == 0, "lsof shows other programs' sockets to root")
        try Self.withConversation {
            // The listener, the connection it accepted, and the client's end.
            let mine = try Self.ours("lsof -nP -i :\(Self.port)", rows: 3)
            let real = try Self.theirs("lsof -nP -i :\(Self.port)")
            #expect(mine == real)
            #expect(mine.contains("(LISTEN)") && mine.contains("->127.0.0.1:\(Self.port) (ESTABLISHED)"))
            let listening = try Self.ours("lsof -nP -iTCP:\(Self.port) -sTCP:LISTEN", rows: 1)
            #expect(listening == (try Self.theirs("lsof -nP -iTCP:\(Self.port) -sTCP:LISTEN")))
        }
    }

    @Test("fuser PORT/tcp and fuser -v PORT/tcp: the processes using the local port")
    func fuser() throws {
        try #require(TestProcess.find("fuser") != nil, "fuser (psmisc) is needed for this test")
        try #require(getuid() == 0, "fuser names other programs' sockets to root")
        try Self.withConversation {
            for command in ["fuser \(Self.port)/tcp", "fuser -v \(Self.port)/tcp"] {
                let mine = try Self.ours(command, rows: 1)
                let real = try Self.theirs(command)
                #expect(mine == real, "\(command)")
            }
        }
    }

    @Test("Mistakes get a way forward")
    func mistakes() {
        for (line, says) in [("lsof :8080", "lsof -i :"), ("lsof", "-i"), ("fuser 8080", "/tcp"),
                             ("fuser -k 8080/tcp", "kill PID"), ("lsof -i sctp:8080", "tcp")] {
            do {
                _ = try ConnectionsCommandLine.parse(line)
                Issue.record("\(line) was accepted")
            } catch {
                #expect(error.message.contains(says), "\(line): \(error.message)")
            }
        }
    }
}
