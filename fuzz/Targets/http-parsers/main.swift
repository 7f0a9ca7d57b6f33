// fuzz-dependencies: SocketsCore
// Bytes from a peer, fed in pieces as reads deliver them: the HTTP request parser (the
// listener and the built-in server) and the response reader (curl). Neither may crash,
// and every field they hand the panes shows safely.
import FuzzSupport
import SocketsCore

Fuzz.run { bytes in
    guard let first = bytes.first else { return }
    let piece = Int(first % 64) + 1
    let data = bytes.dropFirst()
    func check(_ text: String, _ what: String) { Fuzz.expectDisplaySafe(Fuzz.shown(text), what) }
    var parser = HTTPRequestParser()
    var reader = HTTPResponseReader(requestMethod: first & 0x80 == 0 ? "GET" : "HEAD")
    var start = data.startIndex
    while start < data.endIndex {
        let end = min(data.endIndex, start + piece)
        for output in parser.feed(data[start..<end]) {
            switch output {
            case .request(let head):
                check(head.method + " " + head.target + " " + head.version, "a request line")
                head.headers.forEach { check($0.name + ": " + $0.value, "a request header") }
                Fuzz.expectDisplaySafe(Fuzz.shown(bytes: head.requestLine), "the raw request line as shown")
            case .reject(_, let detail, let requestLine):
                check(detail, "a rejection")
                Fuzz.expectDisplaySafe(Fuzz.shown(bytes: requestLine), "a rejected line as shown")
            }
        }
        for output in reader.feed(data[start..<end]) {
            switch output {
            case .statusLine(let version, _, let reason, let raw):
                check(version + " " + reason, "a status line")
                Fuzz.expectDisplaySafe(Fuzz.shown(bytes: raw), "the raw status line as shown")
            case .headerLine(let line), .body(let line): Fuzz.expectDisplaySafe(Fuzz.shown(bytes: line), "response bytes as shown")
            case .malformed(let why): check(why, "a malformed response")
            default: break
            }
        }
        start = end
    }
}
