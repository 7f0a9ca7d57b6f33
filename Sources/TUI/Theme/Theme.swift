import Tutor

/// A terminal colour, as the 8 basic ANSI colours every colour terminal has.
public enum TerminalColor: Int16, Sendable, Hashable {
    case terminalDefault = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How one text role looks: colours and attributes.
public struct Appearance: Sendable, Hashable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(_ foreground: TerminalColor = .terminalDefault, on background: TerminalColor = .terminalDefault,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }
}

/// Maps every text role to an appearance. Meaning is also carried by the text itself
/// (markers, words), so the monochrome theme loses no information.
public struct Theme: Sendable {
    public let name: String
    public let usesColor: Bool
    private let appearances: [TextRole: Appearance]

    public init(name: String, usesColor: Bool, appearances: [TextRole: Appearance]) {
        self.name = name
        self.usesColor = usesColor
        self.appearances = appearances
    }

    public func appearance(of role: TextRole) -> Appearance {
        appearances[role] ?? Appearance()
    }

    /// How a cell looks: its role's appearance, in reverse video when the cell asks for
    /// it. Reverse is added, never toggled: a role that is already reverse (`selection`)
    /// drawn reversed (a focused title, the picker's chosen row) stays reversed.
    public func appearance(of role: TextRole, reversed: Bool) -> Appearance {
        var look = appearance(of: role)
        if reversed { look.reverse = true }
        return look
    }

    /// Everyday colours on a dark or light terminal background.
    public static let standard = Theme(name: "default", usesColor: true, appearances: [
        .normal: Appearance(),
        .dim: Appearance(dim: true),
        .emphasis: Appearance(bold: true),
        .code: Appearance(.cyan),
        .heading: Appearance(bold: true),
        .banner: Appearance(bold: true),
        .curtain: Appearance(),
        .success: Appearance(.green, bold: true),
        .warning: Appearance(.yellow),
        .error: Appearance(.red, bold: true),
        .incoming: Appearance(.green),
        .outgoing: Appearance(.yellow),
        .highlight: Appearance(.black, on: .yellow),
        .selection: Appearance(bold: true, reverse: true),
        .prompt: Appearance(.magenta, bold: true),
    ])

    /// Attributes only: for `NO_COLOR` and terminals without colour.
    public static let monochrome = Theme(name: "mono", usesColor: false, appearances: [
        .normal: Appearance(),
        .dim: Appearance(dim: true),
        .emphasis: Appearance(bold: true),
        .code: Appearance(bold: true),
        .heading: Appearance(bold: true),
        .banner: Appearance(bold: true),
        .curtain: Appearance(),
        .success: Appearance(bold: true),
        .warning: Appearance(bold: true),
        .error: Appearance(bold: true, underline: true),
        .incoming: Appearance(),
        .outgoing: Appearance(bold: true),
        .highlight: Appearance(reverse: true),
        .selection: Appearance(bold: true, reverse: true),
        .prompt: Appearance(bold: true),
    ])

    /// High contrast for a washed-out projector: everything bold, no dim text, no blue.
    public static let projector = Theme(name: "projector", usesColor: true, appearances: [
        .normal: Appearance(bold: true),
        .dim: Appearance(bold: true),
        .emphasis: Appearance(.white, bold: true),
        .code: Appearance(.yellow, bold: true),
        .heading: Appearance(.white, bold: true, underline: true),
        .banner: Appearance(.white, bold: true),
        .curtain: Appearance(),
        .success: Appearance(.green, bold: true),
        .warning: Appearance(.yellow, bold: true),
        .error: Appearance(.white, on: .red, bold: true),
        .incoming: Appearance(.cyan, bold: true),
        .outgoing: Appearance(.yellow, bold: true),
        .highlight: Appearance(.black, on: .yellow, bold: true),
        .selection: Appearance(bold: true, reverse: true),
        .prompt: Appearance(.green, bold: true),
    ])

    /// The projector theme without colour, for `NO_COLOR` in demo mode. All text is bold,
    /// so every role that means something adds underline or reverse to stand out.
    public static let projectorMonochrome = Theme(name: "projector-mono", usesColor: false, appearances: [
        .normal: Appearance(bold: true),
        .dim: Appearance(bold: true),
        .emphasis: Appearance(bold: true, underline: true),
        .code: Appearance(bold: true, underline: true),
        .heading: Appearance(bold: true, underline: true),
        // Block letters underlined would be striped: they stand out by their size.
        .banner: Appearance(bold: true),
        .curtain: Appearance(),
        .success: Appearance(bold: true, underline: true),
        .warning: Appearance(bold: true, underline: true),
        .error: Appearance(bold: true, reverse: true),
        .incoming: Appearance(bold: true),
        .outgoing: Appearance(bold: true, underline: true),
        .highlight: Appearance(bold: true, reverse: true),
        .selection: Appearance(bold: true, reverse: true),
        .prompt: Appearance(bold: true),
    ])

    /// The tutorial on a light background: dark text on white, painted on every cell, so
    /// `--theme light` is light even in a terminal set up dark. No yellow or cyan text,
    /// which white washes out.
    public static let standardLight = Theme(name: "light", usesColor: true, appearances: [
        .normal: Appearance(.black, on: .white),
        .dim: Appearance(.black, on: .white, dim: true),
        .emphasis: Appearance(.black, on: .white, bold: true),
        .code: Appearance(.blue, on: .white),
        .heading: Appearance(.black, on: .white, bold: true),
        .banner: Appearance(.blue, on: .white, bold: true),
        .curtain: Appearance(.white, on: .black),
        .success: Appearance(.green, on: .white, bold: true),
        .warning: Appearance(.magenta, on: .white, bold: true),
        .error: Appearance(.red, on: .white, bold: true),
        .incoming: Appearance(.blue, on: .white),
        .outgoing: Appearance(.magenta, on: .white),
        .highlight: Appearance(.black, on: .yellow),
        .selection: Appearance(.black, on: .white, bold: true, reverse: true),
        .prompt: Appearance(.magenta, on: .white, bold: true),
    ])

    /// The projector on a light background (a lit room, a white screen): everything bold
    /// and black or strongly coloured on white; dark blue reads well here, yellow does not.
    public static let projectorLight = Theme(name: "projector-light", usesColor: true, appearances: [
        .normal: Appearance(.black, on: .white, bold: true),
        .dim: Appearance(.black, on: .white, bold: true),
        .emphasis: Appearance(.black, on: .white, bold: true),
        .code: Appearance(.blue, on: .white, bold: true),
        .heading: Appearance(.black, on: .white, bold: true, underline: true),
        .banner: Appearance(.blue, on: .white, bold: true),
        .curtain: Appearance(.white, on: .black),
        .success: Appearance(.green, on: .white, bold: true),
        .warning: Appearance(.magenta, on: .white, bold: true),
        .error: Appearance(.white, on: .red, bold: true),
        .incoming: Appearance(.blue, on: .white, bold: true),
        .outgoing: Appearance(.magenta, on: .white, bold: true),
        .highlight: Appearance(.black, on: .yellow, bold: true),
        .selection: Appearance(.black, on: .white, bold: true, reverse: true),
        .prompt: Appearance(.red, on: .white, bold: true),
    ])

    public static let all: [Theme] = [.standard, .standardLight, .monochrome, .projector, .projectorLight, .projectorMonochrome]

    /// The theme for a session. `requested` (`--theme dark|light|mono`) wins; else no colour
    /// when `NO_COLOR` is set (any value, per no-color.org) or the terminal has none; else
    /// light when the terminal said its background is light (OSC 11), dark otherwise. Demo
    /// mode takes the projector version of each.
    public static func choose(presentation: Presentation, environment: [String: String],
                              terminalHasColor: Bool, requested: ThemeStyle? = nil,
                              background: TerminalBackground? = nil) -> Theme {
        if let requested { return of(requested, presentation: presentation) }
        let color = terminalHasColor && environment["NO_COLOR"].map(\.isEmpty) ?? true
        guard color else { return of(.mono, presentation: presentation) }
        return of(background == .light ? .light : .dark, presentation: presentation)
    }

    /// A style's theme for the tutorial or for the projector.
    public static func of(_ style: ThemeStyle, presentation: Presentation) -> Theme {
        switch (style, presentation) {
        case (.dark, .tutorial): .standard
        case (.light, .tutorial): .standardLight
        case (.mono, .tutorial): .monochrome
        case (.dark, .demo): .projector
        case (.light, .demo): .projectorLight
        case (.mono, .demo): .projectorMonochrome
        }
    }
}

/// The look a session asks for: `--theme dark`, `light` or `mono`.
public enum ThemeStyle: String, Sendable, CaseIterable {
    case dark, light, mono
}
