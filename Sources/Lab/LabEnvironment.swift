/// The environment variables that tell a process where it runs.
public enum LabEnvironment {
    /// Set for porttutor started inside the lab by `porttutor --lab` (the lab's PID 3), so
    /// it sets up the network instead of making another lab.
    public static let insideKey = "PORTTUTOR_LAB_INSIDE"
    /// Set for every program the lab runs, `porttutor shell` included: scripts and prompts
    /// can tell they are in the lab.
    public static let labKey = "PORTTUTOR_LAB"

    /// Whether this porttutor is the lab's own tutorial process.
    public static func isInsideLab(_ environment: [String: String]) -> Bool {
        environment[insideKey] == "1"
    }
}
