import ArgumentParser
import TUI

/// `--theme auto|dark|light|mono`: a theme by the name ArgumentParser checks before the
/// command runs and lists in `--help`, so a typo fails with the choices instead of
/// starting the screen. Demo mode takes the projector version of each.
enum ThemeChoice: String, CaseIterable, ExpressibleByArgument {
    /// Asks the terminal its background (OSC 11); dark when it does not say.
    case auto
    case dark
    case light
    case mono

    /// The style asked for, or nil to decide from NO_COLOR and the terminal.
    var style: ThemeStyle? {
        switch self {
        case .auto: nil
        case .dark: .dark
        case .light: .light
        case .mono: .mono
        }
    }
}
