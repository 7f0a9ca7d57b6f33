import NetworkTypes
import ToolCommands

/// Why a name did not resolve, in the resolver's own terms.
public enum ResolutionFailure: Error, Hashable, Sendable {
    /// The name does not exist (EAI_NONAME / EAI_NODATA): a typo, or a name only some
    /// networks know.
    case nameNotFound
    /// No answer from any DNS server (EAI_AGAIN): usually no network at all.
    case temporaryFailure
    /// Anything else, with the resolver's words.
    case other(String)

    public var message: String {
        switch self {
        case .nameNotFound: return "Name or service not known"
        case .temporaryFailure: return "Temporary failure in name resolution"
        case .other(let text): return text
        }
    }
}

/// Where a lookup stands.
public enum ResolutionStatus: Hashable, Sendable {
    case pending
    case resolved([SocketAddress])
    case failed(ResolutionFailure)
}
