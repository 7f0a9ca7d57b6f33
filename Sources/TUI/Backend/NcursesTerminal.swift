import CNcurses
import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the screen could not be opened, in words a learner can act on.
public struct TerminalError: Error, CustomStringConvertible {
    public let description: String
}

/// The only code that calls ncurses. Copies `Screen` frames to the terminal (writing only
/// changed cells) and reads input, which `NcursesRead.decode` gives meaning. It must be
/// ended with `end()`; `TerminalGuard` restores the terminal even on a crash.
public final class NcursesTerminal: TerminalBackend {
    public private(set) var size: TerminalSize
    public let hasColor: Bool
    private let theme: Theme
    private var previous: Screen?
    private var pairs: [TextRole: Int16] = [:]
    private var isOpen = true
    /// Extended keys by the code this terminal gives them (see `lookUpNamedKeys`).
    private var namedKeys: [Int32: Key] = [:]

    /// Opens the screen on the process's terminal. Throws a clear error when standard input
    /// or output is not a terminal or `TERM` names a terminal ncurses does not know.
    public init(themeChooser: (Bool) -> Theme) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError(description: "porttutor needs a terminal: standard input and output must be a terminal (for scripts, use `porttutor connections`, `porttutor capture` or `porttutor list`).")
        }
        UTF8Locale.enable()
        if let problem = Self.problemWithTerminal() { throw problem }
        TerminalGuard.install()
        guard pt_newterm_stdio() != nil else {
            let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
            throw TerminalError(description: "porttutor cannot drive this terminal: TERM=\(term) is unknown to ncurses. Try `TERM=xterm-256color porttutor`.")
        }
        raw()
        noecho()
        nonl()
        keypad(pt_stdscr(), true)
        CommonKeySequences.defineMissing()
        nodelay(pt_stdscr(), true)
        set_escdelay(25)
        let mask = pt_button1_pressed() | pt_button4_pressed() | pt_button5_pressed()
        _ = mousemask(mask, nil)
        mouseinterval(0)
        var color = has_colors()
        if color {
            start_color()
            use_default_colors()
            color = pt_colors() >= 8
        }
        hasColor = color
        theme = themeChooser(color)
        size = TerminalSize(columns: Int(pt_cols()), rows: Int(pt_lines()))
        setUpPairs()
        namedKeys = Self.lookUpNamedKeys()
    }

    /// Why ncurses cannot draw porttutor's screen on this terminal, or nil when it can. A
    /// terminal that cannot move its cursor (TERM=dumb: an editor's shell buffer, a pipe
    /// pretending to be a terminal) would get a blank or garbled screen.
    public static func problemWithTerminal() -> TerminalError? {
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        let check = pt_terminal_check()
        let named = term.isEmpty ? "TERM is not set" : "TERM=\(term)"
        switch Int(check) {
        case PT_TERMINAL_OK:
            return nil
        case PT_TERMINAL_UNKNOWN:
            return TerminalError(description: "porttutor cannot drive this terminal: \(named) is unknown to ncurses. Try `TERM=xterm-256color porttutor`.")
        default:
            return TerminalError(description: "porttutor cannot draw its screen here: \(named) describes a terminal that cannot move its cursor. Run porttutor in a terminal emulator (xterm, GNOME Terminal, iTerm2, Windows Terminal) or inside tmux or screen; if your terminal can do more than its TERM says, set TERM to what it is, e.g. `TERM=xterm-256color porttutor`. For plain text output, use `porttutor list`, `porttutor connections` or `porttutor capture`.")
        }
    }

    /// The codes this terminal's terminfo gives the extended keys porttutor uses:
    /// Alt-PgUp and Alt-PgDn scroll the lesson from any pane.
    private static func lookUpNamedKeys() -> [Int32: Key] {
        var keys: [Int32: Key] = [:]
        for (name, key) in [("kPRV3", Key.altPageUp), ("kNXT3", .altPageDown)] {
            let code = pt_key_code_named(name)
            if code > 0 { keys[code] = key }
        }
        return keys
    }

    deinit { end() }

    public var inputDescriptor: Int32 { STDIN_FILENO }

    /// Restores the terminal: cursor, modes, the normal screen. Safe to call twice.
    public func end() {
        guard isOpen else { return }
        isOpen = false
        if pt_has_alternate_screen() == 0 {
            // vt100 and its kind keep the last frame on the one screen they have: clear it,
            // so what the shell prints next is not mixed into a stale status bar.
            pt_background_pair(0)
            erase()
            refresh()
        }
        curs_set(1)
        endwin()
        TerminalGuard.restoreModes()
    }

    private func setUpPairs() {
        var next: Int16 = 1
        var made: [Appearance: Int16] = [:]
        for role in TextRole.allCases {
            let look = theme.appearance(of: role)
            var pair: Int16 = 0
            if hasColor && theme.usesColor && (look.foreground != .terminalDefault || look.background != .terminalDefault) {
                let key = Appearance(look.foreground, on: look.background)
                if let existing = made[key] {
                    pair = existing
                } else if Int32(next) < pt_color_pairs() {
                    init_pair(next, look.foreground.rawValue, look.background.rawValue)
                    made[key] = next
                    pair = next
                    next += 1
                }
            }
            pairs[role] = pair
        }
        pt_background_pair(pairs[.normal] ?? 0)
    }

    /// The ncurses attributes of an appearance (its colours are the pair's).
    private func attributes(_ look: Appearance) -> attr_t {
        var attrs = pt_a_normal()
        if look.bold { attrs |= pt_a_bold() }
        if look.underline { attrs |= pt_a_underline() }
        if look.reverse { attrs |= pt_a_reverse() }
        if look.dim { attrs |= pt_a_dim() }
        return attrs
    }

    /// Draws a frame, writing only the cells that changed since the last one.
    public func draw(_ frame: Frame) {
        let screen = frame.screen
        if screen.size != size { return }
        let fullRedraw = previous?.size != screen.size
        if fullRedraw { erase() }
        for y in 0..<screen.size.rows {
            for x in 0..<screen.size.columns {
                let cell = screen[x, y]
                if cell.isContinuation { continue }
                if !fullRedraw, let previous, previous[x, y] == cell { continue }
                let attrs = attributes(theme.appearance(of: cell.role, reversed: cell.isReversed))
                let pair = pairs[cell.role] ?? 0
                var wide = Array(cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) })
                wide.append(0)
                _ = pt_put_cell(Int32(y), Int32(x), wide, attrs, pair)
            }
        }
        previous = screen
        if let cursor = frame.cursor {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
    }

    /// Tells ncurses the terminal's new size (after SIGWINCH) and forgets the last frame.
    public func resizeToTerminal() -> TerminalSize {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 {
            resizeterm(Int32(ws.ws_row), Int32(ws.ws_col))
        }
        size = TerminalSize(columns: Int(pt_cols()), rows: Int(pt_lines()))
        previous = nil
        clearok(pt_stdscr(), true)
        return size
    }

    /// Reads everything the terminal has sent so far, without blocking.
    public func readInput() -> [TerminalInput] {
        var reads: [NcursesRead] = []
        while true {
            var ch: wint_t = 0
            let status = wget_wch(pt_stdscr(), &ch)
            if status == pt_err() { break }
            guard status == pt_key_code_yes() else {
                reads.append(.character(UInt32(ch)))
                continue
            }
            switch Int32(ch) {
            case pt_key_resize():
                size = TerminalSize(columns: Int(pt_cols()), rows: Int(pt_lines()))
                previous = nil
                reads.append(.resized(size))
            case pt_key_mouse():
                var event = MEVENT()
                if getmouse(&event) == 0 {
                    reads.append(.mouse(x: Int(event.x), y: Int(event.y), buttons: event.bstate))
                }
            case let code:
                if let named = namedKeys[code] {
                    reads.append(.namedKey(named))
                } else {
                    reads.append(.keyCode(code))
                }
            }
        }
        return NcursesRead.decode(reads)
    }
}

/// Makes sure the process runs with a UTF-8 character type, so wide characters draw.
enum UTF8Locale {
    static func enable() {
        setlocale(LC_ALL, "")
        let current = String(cString: setlocale(LC_CTYPE, nil))
        if !current.uppercased().contains("UTF-8") && !current.uppercased().contains("UTF8") {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
    }
}
