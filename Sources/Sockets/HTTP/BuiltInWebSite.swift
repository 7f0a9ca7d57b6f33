#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ToolCommands
import SocketsCore
import NetworkTypes

/// What the built-in server answers: a tiny site that behaves like a real one. `/` sends
/// a `302 Found` redirect (as www.google.com does), `/welcome` is a page, everything else is
/// a proper error with a body that explains it.
struct BuiltInWebSite {
    static let serverName = "porttutor/0.1"
    static let allowedMethods = "GET, HEAD"
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"]

    let port: UInt16

    struct Response: Equatable {
        var status: Int
        var headers: [HTTPHeader]
        var body: [UInt8]
        var keepAlive: Bool
        /// HEAD: headers say what GET would send; no body follows.
        var omitBody: Bool

        func bytes(date: String) -> [UInt8] {
            var text = "HTTP/1.1 \(status) \(BuiltInWebSite.reason(status))\r\n"
            for header in headers { text += "\(header.name): \(header.value)\r\n" }
            text += "Date: \(date)\r\n"
            text += "Server: \(BuiltInWebSite.serverName)\r\n"
            text += "Content-Length: \(body.count)\r\n"
            if !keepAlive { text += "Connection: close\r\n" }
            text += "\r\n"
            return Array(text.utf8) + (omitBody ? [] : body)
        }
    }

    var welcomeURL: String { "http://localhost:\(port)/welcome" }

    func respond(to request: HTTPRequestHead) -> Response {
        let keepAlive = request.keepAlive
        let head = request.method == "HEAD"
        guard request.method == "GET" || head else {
            if Self.knownMethods.contains(request.method) {
                var response = error(405, "\(request.method) is a real HTTP method, but this server only answers GET and HEAD.",
                                     keepAlive: keepAlive)
                response.headers.insert(HTTPHeader(name: "Allow", value: Self.allowedMethods), at: 0)
                return response
            }
            let hint = Self.knownMethods.contains(request.method.uppercased())
                ? " Methods are case-sensitive: try \(request.method.uppercased())." : ""
            return error(501, "This server does not know the method \(request.method).\(hint)", keepAlive: keepAlive)
        }
        let path = request.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "/"
        switch path {
        case "/":
            let body = "<HTML><HEAD><meta http-equiv=\"content-type\" content=\"text/html;charset=utf-8\">\n"
                + "<TITLE>302 Moved</TITLE></HEAD><BODY>\n<H1>302 Moved</H1>\n"
                + "The document has moved\n<A HREF=\"\(welcomeURL)\">here</A>.\r\n</BODY></HTML>\r\n"
            return Response(status: 302, headers: [HTTPHeader(name: "Location", value: welcomeURL),
                                                   HTTPHeader(name: "Content-Type", value: "text/html; charset=UTF-8")],
                            body: Array(body.utf8), keepAlive: keepAlive, omitBody: head)
        case "/welcome":
            let body = """
                <!DOCTYPE html>
                <html><head><title>porttutor</title></head>
                <body><h1>Hello from port \(port)</h1>
                <p>You spoke HTTP by hand. This page came back because your request line named /welcome.</p>
                </body></html>

                """
            return Response(status: 200, headers: [HTTPHeader(name: "Content-Type", value: "text/html; charset=UTF-8")],
                            body: Array(body.utf8), keepAlive: keepAlive, omitBody: head)
        default:
            var response = error(404, "Nothing here is called \(SafeCommandWord.display(path)). Try GET / or GET /welcome.",
                                 keepAlive: keepAlive)
            response.omitBody = head
            return response
        }
    }

    /// An error answer whose body says, in plain words, what was wrong.
    func error(_ status: Int, _ detail: String, keepAlive: Bool) -> Response {
        let body = "\(status) \(Self.reason(status))\n\(detail)\n"
        return Response(status: status, headers: [HTTPHeader(name: "Content-Type", value: "text/plain; charset=utf-8")],
                        body: Array(body.utf8), keepAlive: keepAlive, omitBody: false)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 302: return "Found"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 431: return "Request Header Fields Too Large"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Unknown"
        }
    }

    /// The current time as an HTTP date (IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ seconds: Int = Int(time(nil))) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
