@testable import ToolCommands
import SocketsCore
import Testing
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes

/// What learners type in the Connections pane.
@Suite("Pane command line")
struct CommandLineTests {
    func parse(_ line: String) throws -> ConnectionsRequest {
        try ConnectionsCommandLine.parse(line, services: ServiceNames.builtIn)
    }

    func failure(_ line: String) -> String? {
        do {
            _ = try ConnectionsCommandLine.parse(line, services: ServiceNames.builtIn)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("The tutorial's macOS form is understood, with a note on the Linux spelling")
    func macOSForm() throws {
        let request = try parse("netstat -f inet -n")
        #expect(request.display.style == .netstat)
        #expect(request.display.numeric)
        #expect(request.query.families == [.ipv4])
        #expect(request.query.transports == [.tcp, .udp])
        #expect(request.query.states == .netstatConnected)
        let note = try #require(request.note)
        #expect(note.contains("`netstat -f inet -n` is the macOS form; on Linux type `netstat -tn` or `ss -tan`"))

        let named = try parse("netstat -f inet")
        #expect(!named.display.numeric)
        #expect(named.note?.contains("`netstat -t` or `ss -ta`") == true)
    }

    @Test("netstat's Linux forms", arguments: [
        ("netstat -tn", false, false, false),
        ("netstat -tan", true, false, false),
        ("netstat -tlnp", false, true, true),
        ("netstat --tcp --all --numeric", true, false, false),
        ("netstat -t -l -n -p", false, true, true),
    ])
    func netstatForms(line: String, all: Bool, listening: Bool, processes: Bool) throws {
        let request = try parse(line)
        #expect(request.display.style == .netstat)
        #expect(request.query.transports == [.tcp])
        #expect(request.display.numeric)
        #expect(request.display.showProcesses == processes)
        #expect(request.query.states == (all ? .all : listening ? .listening : .netstatConnected))
        #expect(request.display.allSockets == all && request.display.listeningOnly == listening)
    }

    @Test("ss forms and their display choices")
    func ssForms() throws {
        let tan = try parse("ss -tan")
        #expect(tan.display.style == .ss && tan.display.numeric && !tan.display.showNetid && tan.display.showState)
        #expect(tan.query.states == .all && tan.query.transports == [.tcp] && tan.query.filter == nil)

        let tlnp = try parse("ss -tlnp")
        #expect(tlnp.query.states == .listening && tlnp.display.showProcesses)

        let tn = try parse("ss -tn")
        #expect(tn.query.states == .ssConnected)
        #expect(!tn.query.states.contains(.timeWait) && !tn.query.states.contains(.listen))

        let named = try parse("ss -ta")
        #expect(!named.display.numeric)

        let tu = try parse("ss -tuan")
        #expect(tu.display.showNetid)

        let udp = try parse("ss -un")
        #expect(udp.query.transports == [.udp])

        let six = try parse("ss -tan6 --no-header")
        #expect(six.query.families == [.ipv6] && !six.display.showHeader)

        let family = try parse("ss -f inet -tn")
        #expect(family.query.families == [.ipv4])

        let long = try parse("ss --tcp --listening --numeric --processes")
        #expect(long.query.states == .listening && long.display.showProcesses)

        let sudo = try parse("sudo /usr/bin/ss -tanp")
        #expect(sudo.display.showProcesses)
    }

    @Test("ss port filter with parentheses, quotes and or")
    func portFilter() throws {
        let request = try parse("ss -tn '( sport = :8080 or dport = :8080 )'")
        #expect(request.query.filter == .or(.port(.source, .equal, 8080), .port(.destination, .equal, 8080)))
        #expect(request.query.states == .ssConnected)

        let spaced = try parse("ss -tn ( sport = :8080 or dport = :8080 )")
        #expect(spaced.query.filter == request.query.filter)

        let glued = try parse("ss -tn \"(sport==:8080||dport eq 8080)\"")
        #expect(glued.query.filter == request.query.filter)

        let named = try parse("ss -tn sport = :http-alt")
        #expect(named.query.filter == .port(.source, .equal, 8080))
    }

    @Test("ss expressions: and, not, implied and, comparisons, src and dst")
    func expressions() throws {
        let and = try parse("ss -tan 'sport = :8080 and dst 127.0.0.1'")
        #expect(and.query.filter == .and(.port(.source, .equal, 8080),
                                         .host(.destination, HostPattern(address: .loopbackIPv4))))
        let implied = try parse("ss -tan sport = :8080 dport = :1234")
        #expect(implied.query.filter == .and(.port(.source, .equal, 8080), .port(.destination, .equal, 1234)))
        let not = try parse("ss -tan not sport = :22")
        #expect(not.query.filter == .not(.port(.source, .equal, 22)))
        let bang = try parse("ss -tan '! ( dport > :1024 )'")
        #expect(bang.query.filter == .not(.port(.destination, .greater, 1024)))
        let range = try parse("ss -tan 'sport ge :1000 && sport lt :2000'")
        #expect(range.query.filter == .and(.port(.source, .greaterOrEqual, 1000), .port(.source, .less, 2000)))
        let precedence = try parse("ss -tan 'sport = :1 or sport = :2 and dport = :3'")
        #expect(precedence.query.filter == .or(.port(.source, .equal, 1),
                                               .and(.port(.source, .equal, 2), .port(.destination, .equal, 3))))
        let v6 = try parse("ss -tan 'dst [::1]:8080'")
        #expect(v6.query.filter == .host(.destination, HostPattern(address: .loopbackIPv6, port: 8080)))
        let prefix = try parse("ss -tan src 127.0.0.0/8")
        #expect(prefix.query.filter == .host(.source, HostPattern(address: IPAddress(parsing: "127.0.0.0"), prefixLength: 8)))
        let portOnly = try parse("ss -tan dst :8080")
        #expect(portOnly.query.filter == .host(.destination, HostPattern(address: nil, port: 8080)))
        let notEqual = try parse("ss -tan src != 127.0.0.1")
        #expect(notEqual.query.filter == .not(.host(.source, HostPattern(address: .loopbackIPv4))))
    }

    @Test("ss state filters")
    func states() throws {
        let established = try parse("ss -tn state established '( dport = :8080 )'")
        #expect(established.query.states == SocketStateSet(.established))
        #expect(!established.display.showState)   // one state: ss drops the column
        #expect(established.query.filter == .port(.destination, .equal, 8080))
        let two = try parse("ss -t state time-wait state listening")
        #expect(two.query.states == SocketStateSet([.timeWait, .listen]))
        let exclude = try parse("ss -ta exclude listening")
        #expect(exclude.query.states == SocketStateSet.all.subtracting(SocketStateSet(.listen)))
        let netstatSpelling = try parse("ss -t state TIME_WAIT")
        #expect(netstatSpelling.query.states == SocketStateSet(.timeWait))
    }

    @Test("grep after a pipe")
    func grep() throws {
        let request = try parse("netstat -an | grep 8080")
        #expect(request.grep == [GrepStage(pattern: "8080")])
        let two = try parse("ss -tan | grep -i estab | grep -v 22")
        #expect(two.grep == [GrepStage(pattern: "estab", ignoreCase: true), GrepStage(pattern: "22", invert: true)])
        #expect(GrepStage(pattern: "estab", ignoreCase: true).accepts("ESTAB 0 0"))
        #expect(!GrepStage(pattern: "22", invert: true).accepts("127.0.0.1:22"))
        #expect(GrepStage(pattern: "80", wholeWord: true).accepts("a:80 b"))
        #expect(!GrepStage(pattern: "80", wholeWord: true).accepts("a:8080 b"))
    }

    @Test("Errors say what went wrong and list the forms that work", arguments: [
        ("ls -la", "is not a command this pane runs"),
        ("ss -tZn", "`-Z` is not an ss flag"),
        ("ss -tn '( sport = :8080", "quote"),
        ("ss -tn '( sport = :8080'", "`(` is not closed"),
        ("ss -tn sport = :eighty", "does not look like a port"),
        ("ss -tn dst 999.1.1.1", "is not an IP address"),
        ("ss -tn frobnicate", "is not a filter word"),
        ("ss -tn state sleepy", "is not a state ss knows"),
        ("netstat -r", "routing table"),
        ("netstat -tn 8080", "| grep 8080"),
        ("ss -tan | sort", "Only `| grep WORD`"),
        ("ss -tan |", "nothing before or after"),
        ("lsof :8080", "lsof -i :"),
        ("ss -x", "kind of socket"),
        ("", "Type a command"),
    ])
    func errors(line: String, expected: String) {
        let message = failure(line)
        #expect(message?.contains(expected) == true, "\(message ?? "no error")")
        #expect(message?.contains("netstat -f inet -n") == true)
        #expect(message?.contains("ss -tn '( sport = :8080 or dport = :8080 )'") == true)
    }

    @Test("Typed control characters never come back raw in messages")
    func sanitised() {
        let message = failure("ss -t \u{1B}[2J")
        #expect(message?.contains("\u{1B}") == false)
    }

    @Test("Each option table spells every option once, so no row hides another")
    func optionTablesHaveNoShadowedRows() {
        func spellings<S>(_ table: OptionTable<S>) -> [String] {
            table.options.flatMap { option in option.long + (option.short.map { ["-\($0)"] } ?? []) }
        }
        for table in [spellings(ConnectionsCommandLine.ssOptions), spellings(ConnectionsCommandLine.netstatOptions)] {
            #expect(Set(table).count == table.count, "\(table)")
        }
    }

    @Test("The pane's help line comes from ss's table, and netstat's letters there mean the same")
    func flagsLineFromTheTable() throws {
        let line = ConnectionsCommandLine.ssOptions.flagsLine
        #expect(line == "Flags: -t TCP, -u UDP, -l listening only, -a all, -n numbers, -p programs, -4/-6 one address family.")
        #expect(failure("ss -Z")?.hasSuffix(line) == true)
        for option in ConnectionsCommandLine.ssOptions.options where option.help != nil {
            let twin = ConnectionsCommandLine.netstatOptions.options.first { $0.short == option.short }
            #expect(twin?.help == option.help, "netstat -\(option.short.map(String.init) ?? "?")")
        }
    }

    @Test("A value option takes the rest of its cluster or the next word, and says when it has none")
    func optionValues() throws {
        #expect(try parse("ss -tfinet6").query.families == [.ipv6])
        #expect(try parse("ss -t --family inet").query.families == [.ipv4])
        #expect(try parse("netstat -tA inet6").query.families == [.ipv6])
        #expect(failure("ss -tA")?.hasPrefix("`-A` needs a value, as in `ss -A tcp`.") == true)
        #expect(failure("ss --query")?.hasPrefix("`--query` needs a value, as in `--query=inet`.") == true)
        #expect(failure("netstat --protocol")?.hasPrefix("`--protocol` needs a family, as in `--protocol=inet`.") == true)
    }

    @Test("Shell words: quotes, escapes, pipes")
    func shellWords() throws {
        #expect(try ShellWords.stages("a 'b c' \"d \\\" e\" f\\ g") == [["a", "b c", "d \" e", "f g"]])
        #expect(try ShellWords.stages("a | b 'x|y'") == [["a"], ["b", "x|y"]])
        #expect(try ShellWords.stages("''") == [[""]])
        #expect(throws: ShellWords.Failure.unterminatedQuote("\"")) { try ShellWords.stages("a \"b") }
    }
}
