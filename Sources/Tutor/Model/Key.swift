/// A key press, decoded from the terminal by the backend; `update` gives it meaning.
public enum Key: Sendable, Hashable {
    case character(Character)
    case enter
    case tab
    case backTab
    case backspace
    case delete
    case escape
    case up, down, left, right
    case home, end
    case pageUp, pageDown
    /// Alt with Page Up or Page Down: scrolls the lesson's text whichever pane has focus.
    case altPageUp, altPageDown
    /// F1...F12.
    case function(Int)
    /// Ctrl plus a letter or one of `[\]^_`, given as the lowercase letter or the symbol.
    case control(Character)
    /// Alt (Meta) plus a character, sent by terminals as ESC then the character.
    case alt(Character)

    /// Decodes a plain byte from the terminal (ASCII control codes included).
    public init(byte: UInt8) {
        switch byte {
        case 0x09: self = .tab
        case 0x0A, 0x0D: self = .enter
        case 0x1B: self = .escape
        case 0x08, 0x7F: self = .backspace
        case 0x00: self = .control("@")
        case 0x01...0x1A: self = .control(Character(UnicodeScalar(byte + 0x60)))
        case 0x1C: self = .control("\\")
        case 0x1D: self = .control("]")
        case 0x1E: self = .control("^")
        case 0x1F: self = .control("_")
        default: self = .character(Character(UnicodeScalar(byte)))
        }
    }
}
