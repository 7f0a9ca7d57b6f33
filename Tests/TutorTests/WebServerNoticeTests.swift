import SafeText
import SocketsCore
import ToolCommands
import NetworkTypes
import Testing
@testable import Tutor

/// The built-in web server answers anyone on the loopback (curl in the pane, a browser,
/// another terminal). What it answered must not look like something curl printed.
@Suite struct WebServerNoticeTests {
    static func request(_ line: String, status: Int) -> SocketEvent {
        let peer = SocketAddress(numericHost: "127.0.0.1", port: 33676)!
        let shown = SafeText(untrusted: line)
        return SocketEvent(.webServer, .webRequest(peer: peer, requestLine: shown, status: status),
                           lines: [PaneLine(.status, "\(peer) \"\(shown.string)\" \(status)")])
    }

    @Test func aRequestShowsInTheStatusBarNotInTheClientPane() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        let before = model[pane: .client].scrollback.lines
        _ = update(&model, .sockets([Self.request("GET / HTTP/1.1", status: 302)]))
        #expect(model[pane: .client].scrollback.lines == before)
        #expect(model.notice?.plainText == "web server: GET / → 302")
        #expect(model.notice?.spans.allSatisfy { $0.role == .dim } == true)
    }

    @Test func aLongOrStrangeRequestIsCutAndShownSafely() {
        var model = Model(size: TerminalSize(columns: 120, rows: 40))
        let path = "/" + String(repeating: "a", count: 100)
        _ = update(&model, .sockets([Self.request("GET \(path)\u{1B}[2J HTTP/1.1", status: 404)]))
        let notice = model.notice?.plainText ?? ""
        #expect(notice.hasPrefix("web server: GET /aaa"), "\(notice)")
        #expect(notice.hasSuffix("… → 404"), "\(notice)")
        #expect(!notice.unicodeScalars.contains { $0.value < 0x20 }, "\(notice)")
    }
}
