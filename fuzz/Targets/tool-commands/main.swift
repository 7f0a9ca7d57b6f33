// fuzz-dependencies: ToolCommands
// A line typed in a pane (or a lesson's perform line): every command-line parser of the
// panes, and the lesson sandbox's view of it. None may crash, and what they answer shows safely.
import FuzzSupport
import ToolCommands

Fuzz.run { bytes in
    let line = String(decoding: bytes, as: UTF8.self)
    func check(_ text: String, _ what: String) { Fuzz.expectDisplaySafe(Fuzz.shown(text), what) }
    switch ClientCommand.parse(line) {
    case .success(let request): check(request.host, "a client host")
    case .failure(let error): check(error.message, "a client error"); error.help.forEach { check($0, "client help") }
    }
    switch ListenerCommand.parse(line) {
    case .success(let request): _ = request.addresses
    case .failure(let error): check(error.message, "a listener error")
    }
    do {
        let request = try TcpdumpCommandLine.parse(line)
        check(request.filter, "a tcpdump filter")
    } catch let error as TcpdumpCommandLineError {
        check(error.message, "a tcpdump error")
    } catch {}
    do {
        _ = try ConnectionsCommandLine.parse(line)
    } catch let error as ConnectionsCommandLine.Failure {
        check(error.message, "an ss/netstat error")
    } catch {}
    for pane in [LessonSandbox.CommandPane.listener, .client, .packets] {
        if let refusal = LessonSandbox.standard.refusal(ofLine: line, in: pane) { check(refusal, "a sandbox refusal") }
    }
}
