#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Restores the terminal even when porttutor dies: it saves the terminal modes before
/// ncurses changes them, and on a fatal signal puts them back with async-signal-safe calls
/// (tcsetattr, write) before letting the signal kill the process as usual.
public enum TerminalGuard {
    // Unsafe by necessity, at the C boundary: a signal handler can reach only globals, and
    // these are written once on the main thread before any handler is installed.
    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var hasSaved = false

    /// Leaves the alternate screen, shows the cursor, stops mouse reporting, resets colours,
    /// and leaves keypad mode (normal cursor keys and keypad, ncurses' `rmkx`), so arrows
    /// work in the shell again.
    private static let resetSequence: [UInt8] = Array(("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l\u{1B}[0m\u{1B}[?25h"
        + "\u{1B}[?1l\u{1B}>\u{1B}[?1049l\r\n").utf8)

    /// The signals whose default action ends the process and that the run loop does not
    /// turn into a quit: crashes, and the ones a user or a timer may send (`kill -USR1`).
    /// Each restores the terminal first, then ends the process as the signal would.
    static var fatal: [Int32] {
        var signals = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS,
                       SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ]
        #if os(Linux)
        signals += [SIGIO, SIGPWR, SIGSTKFLT]
        #endif
        return signals
    }

    static func install() {
        guard !hasSaved, tcgetattr(STDIN_FILENO, &saved) == 0 else { return }
        hasSaved = true
        for sig in fatal {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { sig in TerminalGuard.emergencyRestore(sig) }
            #else
            action.__sigaction_u.__sa_handler = { sig in TerminalGuard.emergencyRestore(sig) }
            #endif
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
    }

    /// Puts back the saved modes (echo, canonical input) after a normal `endwin`, in case
    /// ncurses was interrupted half-way.
    static func restoreModes() {
        guard hasSaved else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }

    private static func emergencyRestore(_ sig: Int32) {
        if hasSaved { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        resetSequence.withUnsafeBufferPointer { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        raise(sig)
    }
}
