/// A three-row font of block characters, for step titles a room can read from the back.
/// Letters are drawn in capitals; a title with a character the font lacks is not drawn
/// large (the caller falls back to ordinary bold text).
public enum BlockLetters {
    public static let height = 3

    /// The title as three rows of text, or nil when a character has no glyph.
    public static func render(_ text: String) -> [String]? {
        var rows = ["", "", ""]
        for (index, character) in text.uppercased().enumerated() {
            guard let glyph = glyphs[character] else { return nil }
            for row in 0..<height {
                if index > 0 { rows[row] += " " }
                rows[row] += glyph[row]
            }
        }
        return rows
    }

    /// How many columns the title takes in block letters, or nil when it cannot be drawn.
    public static func width(of text: String) -> Int? {
        render(text)?.first?.count
    }

    static let glyphs: [Character: [String]] = [
        "A": ["▄▀▄", "█▀█", "▀ ▀"], "B": ["█▀▄", "█▀▄", "▀▀ "], "C": ["▄▀▀", "█  ", " ▀▀"],
        "D": ["█▀▄", "█ █", "▀▀ "], "E": ["█▀▀", "█▀▀", "▀▀▀"], "F": ["█▀▀", "█▀▀", "▀  "],
        "G": ["█▀▀", "█ ▄", "▀▀▀"], "H": ["█ █", "█▀█", "▀ ▀"], "I": ["▀█▀", " █ ", "▀▀▀"],
        "J": ["  █", "▄ █", "▀▀ "], "K": ["█ █", "█▀▄", "▀ ▀"], "L": ["█  ", "█  ", "▀▀▀"],
        "M": ["█▄ ▄█", "█ ▀ █", "▀   ▀"], "N": ["█▄ █", "█ ▀█", "▀  ▀"], "O": ["▄▀▄", "█ █", " ▀ "],
        "P": ["█▀▄", "█▀ ", "▀  "], "Q": ["▄▀▄", "█ █", " ▀▄"], "R": ["█▀▄", "█▀▄", "▀ ▀"],
        "S": ["▄▀▀", " ▀▄", "▀▀ "], "T": ["▀█▀", " █ ", " ▀ "], "U": ["█ █", "█ █", "▀▀▀"],
        "V": ["█ █", "█ █", " ▀ "], "W": ["█   █", "█ █ █", " ▀ ▀ "], "X": ["█ █", "▄▀▄", "▀ ▀"],
        "Y": ["█ █", "▀█▀", " ▀ "], "Z": ["▀▀█", "▄▀ ", "▀▀▀"],
        "0": ["█▀█", "█ █", "▀▀▀"], "1": ["▄█ ", " █ ", "▀▀▀"], "2": ["▀▀█", "█▀▀", "▀▀▀"],
        "3": ["▀▀█", " ▀█", "▀▀▀"], "4": ["█ █", "▀▀█", "  ▀"], "5": ["█▀▀", "▀▀█", "▀▀▀"],
        "6": ["█▀▀", "█▀█", "▀▀▀"], "7": ["▀▀█", "  █", "  ▀"], "8": ["█▀█", "█▀█", "▀▀▀"],
        "9": ["█▀█", "▀▀█", "▀▀▀"],
        " ": ["  ", "  ", "  "], "-": ["   ", "▀▀▀", "   "], ".": [" ", " ", "▀"],
        ",": [" ", " ", "▄"], ":": ["▀", " ", "▀"], "?": ["▀▀█", " ▀ ", " ▀ "],
        "!": ["█", "▀", "▀"], "'": ["▀", " ", " "], "/": ["  █", " █ ", "█  "],
        "(": ["▄▀", "█ ", " ▀"], ")": ["▀▄", " █", "▀ "],
    ]
}
