import ToolCommands
import SocketsCore
import Testing
@testable import Sockets
import NetworkTypes

@Suite struct ShellWordsTests {
    @Test func splitsLikeAShell() throws {
        let words = try ShellWords.split(#"curl -H 'Accept: text/html' -d "a b" -d a\ b "q\"x" ''"#).get()
        #expect(words == ["curl", "-H", "Accept: text/html", "-d", "a b", "-d", "a b", "q\"x", ""])
    }

    @Test func unterminatedQuoteTeaches() {
        let error = ShellWords.split("curl -H 'Accept: x").failure
        #expect(error?.message == "Unterminated ' quote: every opening ' needs a closing one.")
    }
}

@Suite struct ListenerCommandTests {
    static let loopbacks = [SocketAddress.loopback(.ipv4, port: 8080), .loopback(.ipv6, port: 8080)]

    @Test(arguments: ["nc -l 8080", "nc -l -p 8080", "nc -lp 8080", "nc -lp8080", "netcat -l 8080",
                      "nc -lv 8080", "nc -l -p 8080 -v", "nc -l http-alt"])
    func plainListenForms(_ line: String) throws {
        let request = try ListenerCommand.parse(line).get()
        #expect(request == ListenRequest(port: 8080, transport: .tcp, keepListening: false,
                                         addresses: Self.loopbacks))
    }

    @Test func keepListeningAndUDP() throws {
        #expect(try ListenerCommand.parse("nc -lk 8080").get().keepListening)
        #expect(try ListenerCommand.parse("nc -k -l 8080").get().keepListening)
        let udp = try ListenerCommand.parse("nc -lu 8080").get()
        #expect(udp.transport == .udp && !udp.keepListening)
        #expect(try ListenerCommand.parse("nc -luk 9000").get().port == 9000)
        #expect(try ListenerCommand.parse("nc -lC 8080").get().crlf)
    }

    @Test func explicitAddresses() throws {
        let one = try ListenerCommand.parse("nc -l -s 127.0.0.1 8080").get()
        #expect(one.addresses == [.loopback(.ipv4, port: 8080)])
        #expect(one.exposureWarning == nil)
        let operand = try ListenerCommand.parse("nc -l ::1 8080").get()
        #expect(operand.addresses == [.loopback(.ipv6, port: 8080)])
        let v4only = try ListenerCommand.parse("nc -4 -l 8080").get()
        #expect(v4only.addresses == [.loopback(.ipv4, port: 8080)])
        let localhost = try ListenerCommand.parse("nc -l -s localhost 8080").get()
        #expect(localhost.addresses == Self.loopbacks)
    }

    @Test func allInterfacesWarns() throws {
        let any4 = try ListenerCommand.parse("nc -l -s 0.0.0.0 8080").get()
        #expect(any4.addresses == [SocketAddress(numericHost: "0.0.0.0", port: 8080)!])
        #expect(any4.exposureWarning == "Warning: listening on 0.0.0.0 means every IPv4 interface: any machine that can reach this one can connect to port 8080, unless a firewall stops it.")
        let any6 = try ListenerCommand.parse("nc -l -s :: 8080").get()
        #expect(any6.exposureWarning?.contains("every interface (IPv6 and IPv4)") == true)
        let lan = try ListenerCommand.parse("nc -l -s 192.168.1.5 8080").get()
        #expect(lan.exposureWarning == "Warning: 192.168.1.5 is not loopback: machines on that network can connect to port 8080, unless a firewall stops them.")
    }

    @Test func errorsTeach() {
        let missing = ListenerCommand.parse("nc -l").failure
        #expect(missing?.message == "nc: missing port number")
        #expect(missing?.help.first == "Say which port to listen on, for example: nc -l 8080")
        #expect(missing?.help.contains("  nc -lk 8080             keep listening: several clients at once") == true)

        #expect(ListenerCommand.parse("nc -l 99999").failure?.lines
                == ["nc: port number invalid: 99999", "A port is a whole number from 1 to 65535 (or a service name such as http)."])
        #expect(ListenerCommand.parse("nc -l 0").failure?.message == "nc: port number invalid: 0")
        #expect(ListenerCommand.parse("nc -lx 8080").failure?.message == "nc: invalid option -- 'x'")
        #expect(ListenerCommand.parse("nc -l -p").failure?.message == "nc: option requires an argument -- 'p'")
        let exec = ListenerCommand.parse("nc -l -e /bin/sh 8080").failure
        #expect(exec?.help.first?.hasPrefix("Running a program for each connection (-e/-c) is disabled on purpose") == true)
        #expect(ListenerCommand.parse("nc 8080").failure?.message == "nc without -l connects out; this pane listens.")
        #expect(ListenerCommand.parse("nc -l -s www.example.com 8080").failure?.message
                == "nc: cannot listen on \"www.example.com\": give a numeric address")
        #expect(ListenerCommand.parse("nc -l 1 2 3").failure?.message == "nc: too many arguments: 1 2 3")
        #expect(ListenerCommand.parse("telnet localhost 8080").failure?.message
                == "telnet connects out; that happens in the Client pane.")
        let unknown = ListenerCommand.parse("python3 -m http.server").failure
        #expect(unknown?.message == "python3: command not found in this pane")
        #expect(unknown?.help.first == "The Listener pane understands:")
        #expect(ListenerCommand.parse("").failure?.message == "Type a command to start listening.")
    }
}

@Suite struct ClientCommandTests {
    @Test func telnetForms() throws {
        #expect(try ClientCommand.parse("telnet localhost 8080").get() == .telnet(TelnetCommandLine(host: "localhost", port: 8080)))
        #expect(try ClientCommand.parse("telnet www.google.com 80").get() == .telnet(TelnetCommandLine(host: "www.google.com", port: 80)))
        #expect(try ClientCommand.parse("telnet example.org").get() == .telnet(TelnetCommandLine(host: "example.org", port: 23)))
        #expect(try ClientCommand.parse("telnet -6 ::1 http").get() == .telnet(TelnetCommandLine(host: "::1", port: 80, family: .ipv6)))
    }

    @Test func telnetErrors() {
        #expect(ClientCommand.parse("telnet").failure?.message == "telnet: which host? For example: telnet localhost 8080")
        #expect(ClientCommand.parse("telnet localhost 80a").failure?.lines
                == ["telnet: 80a: bad port number", "A port is a whole number from 1 to 65535 (or a service name such as http)."])
        #expect(ClientCommand.parse("telnet -x localhost 80").failure?.message == "telnet: invalid option -- 'x'")
        #expect(ClientCommand.parse("telnet a b c").failure?.message == "telnet: too many arguments: a b c")
    }

    @Test func netcatForms() throws {
        #expect(try ClientCommand.parse("nc localhost 8080").get() == .netcat(NetcatConnectRequest(host: "localhost", port: 8080)))
        #expect(try ClientCommand.parse("nc -u 127.0.0.1 9000").get()
                == .netcat(NetcatConnectRequest(host: "127.0.0.1", port: 9000, transport: .udp)))
        #expect(try ClientCommand.parse("nc -v -w 3 localhost 8080").get()
                == .netcat(NetcatConnectRequest(host: "localhost", port: 8080, timeoutSeconds: 3, verbose: true)))
        #expect(try ClientCommand.parse("nc -C -n 127.0.0.1 80").get()
                == .netcat(NetcatConnectRequest(host: "127.0.0.1", port: 80, crlf: true, numericOnly: true)))
    }

    @Test func netcatErrors() {
        #expect(ClientCommand.parse("nc localhost").failure?.message == "nc: missing hostname and port")
        #expect(ClientCommand.parse("nc -l 8080").failure?.message == "nc -l listens; that happens in the Listener pane.")
        #expect(ClientCommand.parse("nc -z localhost 80").failure?.help.first
                == "Port scanning (-z) is not part of these lessons; try one port with nc HOST PORT.")
        #expect(ClientCommand.parse("nc -n localhost 80").failure?.message == "nc: -n needs a numeric address, not \"localhost\"")
        #expect(ClientCommand.parse("nc -k localhost 80").failure?.message == "nc: must use -l with -k")
    }

    @Test func curlForms() throws {
        let plain = try #require(ClientCommand.parse("curl http://localhost:8080").get().curl)
        #expect(plain.url == HTTPURL(host: "localhost", port: 8080, target: "/"))
        #expect(plain.method == "GET" && !plain.verbose && !plain.includeHeaders)

        let all = try #require(ClientCommand.parse(
            "curl -v -i -X PUT -H 'X-Token: a b' -d 'x=1' -d y=2 'http://127.0.0.1:9000/p/q?r=1#top'").get().curl)
        #expect(all.verbose && all.includeHeaders)
        #expect(all.method == "PUT")
        #expect(all.headers == [HTTPHeader(name: "X-Token", value: "a b")])
        #expect(all.body == Array("x=1&y=2".utf8))
        #expect(all.url == HTTPURL(host: "127.0.0.1", port: 9000, target: "/p/q?r=1"))

        let head = try #require(ClientCommand.parse("curl -I localhost:8088/").get().curl)
        #expect(head.method == "HEAD" && head.headOnly)
        let long = try #require(ClientCommand.parse("curl --verbose --request DELETE --header 'A: b' http://[::1]:81/x").get().curl)
        #expect(long.verbose && long.method == "DELETE" && long.url.host == "::1" && long.url.hostHeader == "[::1]:81")
        let clustered = try #require(ClientCommand.parse("curl -vXPOST http://h/").get().curl)
        #expect(clustered.verbose && clustered.method == "POST" && clustered.url.hostHeader == "h")
        #expect(try ClientCommand.parse("curl -d a http://h/").get().curl?.method == "POST")
    }

    @Test func curlErrors() {
        let https = ClientCommand.parse("curl https://www.google.com/").failure
        #expect(https?.message == "curl: https://www.google.com/ needs TLS, which this pane does not speak.")
        #expect(https?.help.contains { $0.contains("Use http:// here") } == true)
        #expect(ClientCommand.parse("curl ftp://x/").failure?.message == "curl: (1) Protocol \"ftp\" not supported or disabled in libcurl")
        #expect(ClientCommand.parse("curl").failure?.message == "curl: no URL specified!")
        #expect(ClientCommand.parse("curl -L http://h/").failure?.lines.prefix(2)
                == ["curl: option -L: is unknown or not supported in this pane",
                    "Following redirects (-L) is left to you here: read the Location header and curl that URL."])
        #expect(ClientCommand.parse("curl --compressed http://h/").failure?.message
                == "curl: option --compressed: is unknown or not supported in this pane")
        #expect(ClientCommand.parse("curl -H nocolon http://h/").failure?.message == "curl: -H \"nocolon\": a header looks like 'Name: value'")
        #expect(ClientCommand.parse("curl -I -d x http://h/").failure?.message.hasPrefix("curl: You can only select one HTTP request method!") == true)
        #expect(ClientCommand.parse("curl http://h:99999/").failure?.message == "curl: (3) URL using bad/illegal format or missing URL")
        #expect(ClientCommand.parse("curl http://").failure?.message == "curl: (3) URL using bad/illegal format or missing URL")
        #expect(ClientCommand.parse("curl -X http://h/").failure?.message == "curl: -X http://h/: a method is a word such as GET, POST, PUT or DELETE")
    }

    /// A scheme that lost its colon or a slash is named as a URL mistake, with the URL fixed.
    @Test(arguments: ["http//localhost:8080", "http:/localhost:8080", "http:localhost:8080", "HTTP//localhost:8080"])
    func aBrokenSchemeIsToldAboutTheURL(url: String) {
        let failure = ClientCommand.parse("curl \(url)").failure
        #expect(failure?.message.hasPrefix("curl: (3) URL rejected:") == true, "\(String(describing: failure))")
        #expect(failure?.help.first?.hasSuffix("http://localhost:8080") == true, "\(String(describing: failure))")
        #expect(ClientCommand.parse("curl httpbin:8080").failure == nil, "a host whose name starts with http is still a host")
    }

    @Test func unknownCommands() {
        let wget = ClientCommand.parse("wget http://localhost/").failure
        #expect(wget?.lines.prefix(3) == ["wget: command not found in this pane",
                                          "curl does the same job here: curl http://HOST:PORT/",
                                          "The Client pane understands:"])
        #expect(ClientCommand.parse("\u{1B}[2J").failure?.message == "?[2J: command not found in this pane")
    }
}

@Suite struct CurlRequestTests {
    @Test func requestIsWhatCurlSends() throws {
        let curl = try #require(ClientCommand.parse("curl http://localhost:8080").get().curl)
        #expect(String(decoding: curl.requestBytes, as: UTF8.self)
                == "GET / HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n")
    }

    @Test func port80IsLeftOutOfHost() throws {
        let curl = try #require(ClientCommand.parse("curl http://example.org/a").get().curl)
        #expect(curl.requestLines[1] == "Host: example.org")
    }

    /// Same order as curl 7.88.1 on the wire (checked against the real curl with nc -l).
    @Test func customHeadersAndData() throws {
        let curl = try #require(ClientCommand.parse(
            "curl -H 'Accept: x/y' -H 'Host: foo' -H 'User-Agent:' -H 'X-Z: 1' -d 'a b' 'http://localhost:1/p?q=1#frag'").get().curl)
        #expect(String(decoding: curl.requestBytes, as: UTF8.self)
                == "POST /p?q=1 HTTP/1.1\r\nHost: foo\r\nAccept: x/y\r\nX-Z: 1\r\nContent-Length: 3\r\n"
                 + "Content-Type: application/x-www-form-urlencoded\r\n\r\na b")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}

extension ClientRequest {
    var curl: CurlCommandLine? {
        if case .curl(let c) = self { return c }
        return nil
    }
}
