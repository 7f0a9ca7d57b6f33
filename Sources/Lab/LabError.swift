import CLab
import Glibc

/// Why the lab could not start or be entered, in words a learner can act on.
public enum LabError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The system refuses user namespaces; the refusal says which setting and how to allow it.
    case refused(LabRefusal)
    /// The lab's private folder cannot be used.
    case runtimeDirectory(path: String, reason: String)
    /// A step of making the lab failed for another reason.
    case failed(step: String, reason: String)
    /// `porttutor shell` found no running lab.
    case noLab
    /// `porttutor shell` could not enter the running lab.
    case cannotJoin(step: String, reason: String)
    /// `porttutor shell -- COMMAND` names a program that is not there.
    case noSuchCommand(String)
    /// A lesson's `start:` program was not run: the box that keeps it from the learner's
    /// files could not be made.
    case unsafe(step: String, reason: String)

    public var description: String {
        switch self {
        case .refused(let refusal):
            return refusal.description
        case let .runtimeDirectory(path, reason):
            return "porttutor cannot use its lab folder \(path): \(reason)."
        case let .failed(step, reason):
            return "porttutor could not make the lab: \(step) failed (\(reason))."
        case .noLab:
            return "No lab is running. Start one with `porttutor --lab` in another terminal, then run `porttutor shell` again."
        case let .cannotJoin(step, reason):
            return "porttutor could not enter the running lab: \(step) failed (\(reason)). Is it your own lab?"
        case .noSuchCommand(let name):
            return "There is no program called \(name) in the lab's PATH. Check the spelling, or give its full path."
        case let .unsafe(step, reason):
            return "it needs Linux 5.12 or later, to keep the lesson's programs away from your files (\(step) failed: \(reason)). porttutor did not run it."
        }
    }
}

/// The step a `pt_lab_failure` names, in words.
enum LabStage {
    static func name(_ stage: Int32) -> String {
        switch UInt32(stage) {
        case PT_LAB_CLONE.rawValue: "making the namespaces (clone)"
        case PT_LAB_SETGROUPS.rawValue: "writing /proc/self/setgroups"
        case PT_LAB_UID_MAP.rawValue: "writing /proc/self/uid_map"
        case PT_LAB_GID_MAP.rawValue: "writing /proc/self/gid_map"
        case PT_LAB_MOUNT_PRIVATE.rawValue: "making the lab's mounts private"
        case PT_LAB_MOUNT_PROC.rawValue: "mounting the lab's /proc"
        case PT_LAB_LOOPBACK.rawValue: "bringing the loopback up"
        case PT_LAB_FORK.rawValue: "starting a process"
        case PT_LAB_EXEC.rawValue: "starting the program"
        case PT_LAB_SETNS_USER.rawValue: "entering the lab's user namespace"
        case PT_LAB_SETNS_MOUNT.rawValue: "entering the lab's mount namespace"
        case PT_LAB_SETNS_PID.rawValue: "entering the lab's process namespace"
        case PT_LAB_SETNS_NET.rawValue: "entering the lab's network namespace"
        case PT_LAB_OPEN_SERVER.rawValue: "finding the second computer (server.lab)"
        case PT_LAB_BOX_NAMESPACES.rawValue: "giving the program its own mount and process namespaces"
        case PT_LAB_BOX_PROC.rawValue: "mounting the program's own /proc"
        case PT_LAB_BOX_READ_ONLY.rawValue: "making every file read-only (mount_setattr)"
        case PT_LAB_BOX_TMPFS.rawValue: "giving it an empty /tmp of its own"
        case PT_LAB_BOX_HOME.rawValue: "covering your home folder with an empty one"
        case PT_LAB_BOX_CAPABILITIES.rawValue: "dropping every power but the network's"
        default: "step \(stage)"
        }
    }

    /// The steps of making a lesson program's box.
    static func isBoxStep(_ stage: Int32) -> Bool {
        [PT_LAB_BOX_NAMESPACES, PT_LAB_BOX_PROC, PT_LAB_BOX_READ_ONLY, PT_LAB_BOX_TMPFS, PT_LAB_BOX_HOME, PT_LAB_BOX_CAPABILITIES]
            .contains { $0.rawValue == UInt32(stage) }
    }

    /// The steps a system that refuses user namespaces makes fail.
    static func isUserNamespaceStep(_ stage: Int32) -> Bool {
        [PT_LAB_CLONE, PT_LAB_SETGROUPS, PT_LAB_UID_MAP, PT_LAB_GID_MAP, PT_LAB_MOUNT_PRIVATE, PT_LAB_MOUNT_PROC, PT_LAB_LOOPBACK]
            .contains { $0.rawValue == UInt32(stage) }
    }
}

func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }
