import ArgumentParser
import TUI

/// `--theme NAME`: a theme by the name ArgumentParser checks before the command runs and
/// lists in `--help`, so a typo fails with the choices instead of starting the screen.
enum ThemeChoice: String, CaseIterable, ExpressibleByArgument {
    case `default`
    case mono
    case projector
    case projectorMono = "projector-mono"

    var theme: Theme {
        switch self {
        case .default: return .standard
        case .mono: return .monochrome
        case .projector: return .projector
        case .projectorMono: return .projectorMonochrome
        }
    }
}
