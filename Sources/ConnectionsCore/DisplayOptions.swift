import NetworkTypes

/// Which tool's table the learner asked for.
public enum DisplayStyle: String, Hashable, Sendable, CaseIterable {
    /// `State Recv-Q Send-Q Local Address:Port Peer Address:Port Process`
    case ss
    /// `Proto Recv-Q Send-Q Local Address Foreign Address State PID/Program name`
    case netstat
    /// `COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME`: a row per process and socket.
    case lsof
    /// `8080/tcp:  4242`: the processes using a local port (`-v` adds user and command).
    case fuser
}

/// How to draw the table: the flags that change the text but not which rows are read.
public struct DisplayOptions: Hashable, Sendable {
    public var style: DisplayStyle
    /// `-n`: numbers instead of service names.
    public var numeric: Bool
    /// `-p`: the owning processes (needs a ``ProcessMap``).
    public var showProcesses: Bool
    /// `-H` turns the header off (ss only; netstat always prints its two header lines).
    public var showHeader: Bool
    /// ss prints a `Netid` column when more than one protocol is listed.
    public var showNetid: Bool
    /// ss leaves out the State column when the query asks for exactly one state.
    public var showState: Bool
    /// netstat `-W`: do not cut long addresses to fit 23 columns.
    public var wide: Bool
    /// For netstat's title line: `-l` ("only servers") and `-a` ("servers and established").
    public var listeningOnly: Bool
    public var allSockets: Bool
    /// fuser: the name it was given (`8080/tcp`), printed before the process ids.
    public var fuserName: String = ""
    /// `fuser -v`: a table with user, access and command instead of ids on one line.
    public var verbose: Bool = false

    public init(style: DisplayStyle = .ss, numeric: Bool = true, showProcesses: Bool = false,
                showHeader: Bool = true, showNetid: Bool = false, showState: Bool = true,
                wide: Bool = false, listeningOnly: Bool = false, allSockets: Bool = true) {
        self.style = style
        self.numeric = numeric
        self.showProcesses = showProcesses
        self.showHeader = showHeader
        self.showNetid = showNetid
        self.showState = showState
        self.wide = wide
        self.listeningOnly = listeningOnly
        self.allSockets = allSockets
    }
}

/// Everything one command line asks for: which rows, how to draw them, and a note to show
/// above the table (for example that `netstat -f inet` is the macOS spelling).
public struct ConnectionsRequest: Hashable, Sendable {
    public var query: SocketQuery
    public var display: DisplayOptions
    public var note: String?
    /// `… | grep WORD` stages, applied to the drawn lines (header excluded).
    public var grep: [GrepStage]
    /// Also read the packet sockets (``SocketSnapshot/packetSockets``): the lesson checks
    /// look for a tcpdump running in another terminal. No command line asks for them.
    public var includesPacketSockets: Bool

    public init(query: SocketQuery, display: DisplayOptions, note: String? = nil, grep: [GrepStage] = [],
                includesPacketSockets: Bool = false) {
        self.query = query
        self.display = display
        self.note = note
        self.grep = grep
        self.includesPacketSockets = includesPacketSockets
    }

    /// `ss -tan`: the pane's starting view.
    public static let standard = ConnectionsRequest(
        query: SocketQuery(transports: [.tcp], states: .all),
        display: DisplayOptions(style: .ss, numeric: true))
}

/// One `| grep [-i] [-v] [-w] WORD` stage of a pipeline typed in the pane.
public struct GrepStage: Hashable, Sendable {
    public var pattern: String
    public var ignoreCase: Bool
    public var invert: Bool
    public var wholeWord: Bool

    public init(pattern: String, ignoreCase: Bool = false, invert: Bool = false, wholeWord: Bool = false) {
        self.pattern = pattern
        self.ignoreCase = ignoreCase
        self.invert = invert
        self.wholeWord = wholeWord
    }

    /// Whether a drawn line passes this stage (fixed-string match, as `grep -F`).
    public func accepts(_ line: String) -> Bool {
        let found = GrepStage.contains(line, pattern, ignoreCase: ignoreCase, wholeWord: wholeWord)
        return found != invert
    }

    static func contains(_ text: String, _ pattern: String, ignoreCase: Bool, wholeWord: Bool) -> Bool {
        let hay = Array(text.utf8).map { ignoreCase ? lower($0) : $0 }
        let needle = Array(pattern.utf8).map { ignoreCase ? lower($0) : $0 }
        if needle.isEmpty { return true }
        guard needle.count <= hay.count else { return false }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle {
                if !wholeWord { return true }
                let before = i == 0 ? nil : hay[i - 1]
                let after = i + needle.count < hay.count ? hay[i + needle.count] : nil
                if !isWordByte(before) && !isWordByte(after) { return true }
            }
            i += 1
        }
        return false
    }

    private static func lower(_ c: UInt8) -> UInt8 { (c >= 0x41 && c <= 0x5A) ? c + 32 : c }

    private static func isWordByte(_ c: UInt8?) -> Bool {
        guard let c else { return false }
        return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
}
