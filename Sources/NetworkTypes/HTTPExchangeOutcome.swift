/// How an HTTP exchange ended for the client that made it: what it parsed of the response,
/// and whether it finished cleanly (curl exits 0) or with an error (curl's exit code). The
/// curl session makes it; the checks judge it.
public struct HTTPExchangeOutcome: Sendable, Hashable {
    /// The status of the status line, nil when none was read.
    public var status: Int?
    public var reason: String
    /// The headers ended with an empty line, so the client knew where the body starts.
    public var headersEnded: Bool
    /// How many body bytes arrived.
    public var bodyBytes: Int
    /// curl's error code (`18` for `transfer closed...`), nil when it finished cleanly.
    public var curlError: Int?
    /// curl's words for the error, `transfer closed before the response was complete`.
    public var errorMessage: String
    /// The server's port, when known (the pane that ran the client adds it).
    public var port: Int?

    public init(status: Int?, reason: String = "", headersEnded: Bool, bodyBytes: Int = 0,
                curlError: Int? = nil, errorMessage: String = "", port: Int? = nil) {
        self.status = status
        self.reason = reason
        self.headersEnded = headersEnded
        self.bodyBytes = bodyBytes
        self.curlError = curlError
        self.errorMessage = errorMessage
        self.port = port
    }

    /// curl read a whole response and finished without an error.
    public var finishedCleanly: Bool { curlError == nil && status != nil && headersEnded }
}
