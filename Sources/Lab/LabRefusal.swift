import Glibc

/// Why this system does not let an ordinary user make a user namespace, read from the
/// settings that can forbid it, with the command that allows it.
public struct LabRefusal: Equatable, Sendable, CustomStringConvertible {
    /// The setting that stops it (`kernel.unprivileged_userns_clone = 0`), if one does.
    public var setting: String?
    /// The command that allows it, if there is one.
    public var allowCommand: String?
    /// What the kernel answered.
    public var errorName: String

    /// The sysctl files consulted, by their sysctl names.
    public static let settingFiles: [(name: String, path: String)] = [
        ("kernel.unprivileged_userns_clone", "/proc/sys/kernel/unprivileged_userns_clone"),
        ("user.max_user_namespaces", "/proc/sys/user/max_user_namespaces"),
        ("kernel.apparmor_restrict_unprivileged_userns", "/proc/sys/kernel/apparmor_restrict_unprivileged_userns"),
    ]

    /// Reads the settings on this machine (a missing file is a setting this kernel lacks).
    public static func readSettings() -> [String: String] {
        var values: [String: String] = [:]
        for (name, path) in settingFiles {
            if let text = LabFile.read(path, limit: 64) {
                values[name] = text.trimmingCharacters(in: " \n\t")
            }
        }
        return values
    }

    /// Decides which setting refused the namespace: pure, so tests can hand in settings.
    public static func diagnose(errno code: Int32, settings: [String: String]) -> LabRefusal {
        let error = "\(errnoName(code)): \(String(cString: strerror(code)))"
        if settings["kernel.unprivileged_userns_clone"] == "0" {
            return LabRefusal(setting: "kernel.unprivileged_userns_clone = 0",
                              allowCommand: "sudo sysctl -w kernel.unprivileged_userns_clone=1", errorName: error)
        }
        if settings["user.max_user_namespaces"] == "0" {
            return LabRefusal(setting: "user.max_user_namespaces = 0",
                              allowCommand: "sudo sysctl -w user.max_user_namespaces=15000", errorName: error)
        }
        if settings["kernel.apparmor_restrict_unprivileged_userns"] == "1" {
            return LabRefusal(setting: "kernel.apparmor_restrict_unprivileged_userns = 1",
                              allowCommand: "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0", errorName: error)
        }
        if code == ENOSPC {
            return LabRefusal(setting: "user.max_user_namespaces (the limit is reached here or in a container this runs in)",
                              allowCommand: "sudo sysctl -w user.max_user_namespaces=15000", errorName: error)
        }
        return LabRefusal(setting: nil, allowCommand: nil, errorName: error)
    }

    public var description: String {
        var text = "The lab needs user namespaces, and this system refuses them (\(errorName))."
        if let setting { text += " The setting that stops it: \(setting)." }
        if let allowCommand {
            text += "\nAllow them with:\n    \(allowCommand)"
        } else {
            text += " A container or a security policy (seccomp) forbids them: run porttutor on the host, or as root."
        }
        return text
    }

    /// One line for the status bar.
    public var shortDescription: String {
        guard let setting else { return "No lab: user namespaces are refused here (\(errorName))." }
        if let allowCommand { return "No lab: \(setting.split(separator: " (").first ?? ""). Allow: \(allowCommand)" }
        return "No lab: \(setting)."
    }
}

private func errnoName(_ code: Int32) -> String {
    switch code {
    case EPERM: "EPERM"
    case ENOSPC: "ENOSPC"
    case EINVAL: "EINVAL"
    case EACCES: "EACCES"
    case ENOMEM: "ENOMEM"
    case EUSERS: "EUSERS"
    default: "errno \(code)"
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
