import CNcurses
import Tutor

/// One thing ncurses handed over, before porttutor gives it meaning. ncurses (with keypad
/// on) decodes the terminal's escape sequences into key codes; the rest is `decode`'s job.
public enum NcursesRead: Sendable, Equatable {
    /// `wget_wch` returned OK: a character (below 0x80, an ASCII key or a control code).
    case character(UInt32)
    /// `wget_wch` returned KEY_CODE_YES with this `KEY_*` code (not KEY_MOUSE or KEY_RESIZE).
    case keyCode(Int32)
    /// KEY_MOUSE, with what `getmouse` reported.
    case mouse(x: Int, y: Int, buttons: mmask_t)
    /// KEY_RESIZE, with the size ncurses has now.
    case resized(TerminalSize)
    /// A key terminfo names beyond the `KEY_*` codes (Alt-PgDn is kNXT3), already known.
    case namedKey(Key)

    /// Decodes one batch of reads into inputs. Pure, so it is tested without a terminal.
    /// ESC then a printable character is Alt plus it, as terminals send Meta; an ESC last
    /// in the batch (or before a key code) is the Escape key.
    public static func decode(_ reads: [NcursesRead]) -> [TerminalInput] {
        var inputs: [TerminalInput] = []
        var pendingEscape = false
        for read in reads {
            guard case .character(let value) = read else {
                if pendingEscape, let alt = altKey(read) {
                    // ESC then Page Down is how some terminals send Alt-PgDn.
                    inputs.append(.key(alt))
                    pendingEscape = false
                    continue
                }
                if pendingEscape { inputs.append(.key(.escape)); pendingEscape = false }
                if let input = decodeNonCharacter(read) { inputs.append(input) }
                continue
            }
            if pendingEscape {
                pendingEscape = false
                if let scalar = Unicode.Scalar(value), value >= 0x20, value != 0x7F {
                    inputs.append(.key(.alt(Character(scalar))))
                    continue
                }
                inputs.append(.key(.escape))
            }
            if value == 0x1B { pendingEscape = true; continue }
            if value < 0x80 {
                inputs.append(.key(Key(byte: UInt8(value))))
            } else if let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .control,
                      scalar.properties.generalCategory != .format {
                inputs.append(.key(.character(Character(scalar))))
            }
        }
        if pendingEscape { inputs.append(.key(.escape)) }
        return inputs
    }

    private static func altKey(_ read: NcursesRead) -> Key? {
        guard case .keyCode(let code) = read else { return nil }
        switch code {
        case KEY_PPAGE: return .altPageUp
        case KEY_NPAGE: return .altPageDown
        default: return nil
        }
    }

    private static func decodeNonCharacter(_ read: NcursesRead) -> TerminalInput? {
        switch read {
        case .character:
            return nil
        case .namedKey(let key):
            return .key(key)
        case .resized(let size):
            return .resized(size)
        case .mouse(let x, let y, let buttons):
            if buttons & pt_button4_pressed() != 0 { return .wheel(x: x, y: y, up: true) }
            if buttons & pt_button5_pressed() != 0 { return .wheel(x: x, y: y, up: false) }
            return .mousePress(x: x, y: y)
        case .keyCode(let code):
            return key(forCode: code).map { .key($0) }
        }
    }

    /// porttutor's key for an ncurses `KEY_*` code; nil for codes it does not use.
    public static func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_ENTER: .enter
        case KEY_BTAB: .backTab
        case KEY_F0 + 1 ... KEY_F0 + 12: .function(Int(code - KEY_F0))
        default: nil
        }
    }
}
