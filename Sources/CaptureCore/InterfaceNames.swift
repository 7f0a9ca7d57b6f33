/// Platform names for the loopback interface, and the mapping of the lesson's macOS
/// name (`lo0`) to the Linux one (`lo`) and back.
public enum InterfaceNames {
    #if os(macOS)
    public static let loopback = "lo0"
    #else
    public static let loopback = "lo"
    #endif

    /// The interface to open for a name a learner typed, with a note when it was changed.
    public static func resolve(_ name: String, available: [String]) -> (name: String, note: String?) {
        if available.contains(name) { return (name, nil) }
        #if os(macOS)
        if name == "lo" { return ("lo0", "On macOS the loopback interface is called lo0 (lo is its Linux name); capturing on lo0.") }
        #else
        if name == "lo0" { return ("lo", "lo0 is the macOS name of the loopback interface; on Linux it is called lo, so porttutor captures on lo.") }
        #endif
        return (name, nil)
    }
}
