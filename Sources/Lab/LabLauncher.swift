import NetworkTypes
import CLab
import RuntimeFolder
import Glibc

/// `porttutor --lab`: starts porttutor again inside a new lab and waits for it.
///
/// Why a new process: a process may enter a new user namespace only while it has a single
/// thread, and the Swift runtime cannot promise that. So porttutor clones a child straight
/// into new user, network, PID and mount namespaces (a clone may, where unshare may not),
/// and that child, in C, writes its uid and gid maps, mounts its own /proc, binds the lab's
/// /etc/hosts, brings its loopback up, keeps the second computer's network namespace alive
/// in PID 2 and runs this same executable, with the same arguments, as PID 3. As root the
/// user namespace is left out and the rest is the same.
///
/// The lab ends with porttutor: its PID 1 ends when porttutor does, and the kernel then
/// ends every process of the lab; PID 1 itself dies with this launcher (PR_SET_PDEATHSIG),
/// so even a SIGKILL leaves no namespace or process behind.
public enum LabLauncher {
    /// Runs the lab to its end and returns porttutor's exit code.
    public static func run(arguments: [String], environment: [String: String]) throws(LabError) -> Int32 {
        let directory = RuntimeFolder(environment: environment)
        try directory.prepareForLab()
        var hosts = LabFile.read("/etc/hosts") ?? "127.0.0.1\tlocalhost\n"
        if !hosts.isEmpty && !hosts.hasSuffix("\n") { hosts += "\n" }
        hosts += "# porttutor's lab\n" + LabHost.hostsLines
        // A new file each time (written aside, then renamed): a lab already running keeps
        // the one bound over its /etc/hosts untouched.
        let written = directory.labHostsPath + ".\(getpid())"
        let hostsPath: String? = LabFile.write(hosts, to: written, mode: 0o644) && rename(written, directory.labHostsPath) == 0
            ? directory.labHostsPath : nil
        guard let executable = currentExecutable() else {
            throw .failed(step: "finding porttutor's own executable", reason: errnoText(errno))
        }
        var childEnvironment = environment
        childEnvironment[LabEnvironment.insideKey] = "1"
        childEnvironment[LabEnvironment.labKey] = "1"
        let argv = CStringArray(arguments)
        let envp = CStringArray(childEnvironment.map { "\($0.key)=\($0.value)" }.sorted())
        let isRoot = geteuid() == 0
        var failure = pt_lab_failure()
        let pid: pid_t = executable.withCString { executablePath in
            withOptionalCString(hostsPath) { hostsFile in
                argv.withPointers { argvPointer in
                    envp.withPointers { envpPointer in
                        var plan = pt_lab_plan(new_user_namespace: isRoot ? 0 : 1, outer_uid: getuid(), outer_gid: getgid(),
                                               hosts_file: hostsFile, executable: executablePath,
                                               argv: argvPointer, envp: envpPointer)
                        return pt_lab_start(&plan, &failure)
                    }
                }
            }
        }
        guard pid > 0 else {
            if !isRoot && LabStage.isUserNamespaceStep(failure.stage) {
                throw .refused(LabRefusal.diagnose(errno: failure.error, settings: LabRefusal.readSettings()))
            }
            throw .failed(step: LabStage.name(failure.stage), reason: errnoText(failure.error))
        }
        let record = LabRecord.of(pid: pid)
        try? record?.write(to: directory.labRecordPath)
        let status = pt_lab_wait(pid)
        record?.remove(from: directory.labRecordPath)
        return exitCode(fromWaitStatus: status)
    }

    /// Whether this user may make the lab here: nil when it may, else why not. Cheap (one
    /// short-lived child), so porttutor can offer the lab when it cannot capture.
    public static func availability() -> LabRefusal? {
        if geteuid() == 0 { return nil }
        let code = pt_lab_probe_user_namespace()
        return code == 0 ? nil : LabRefusal.diagnose(errno: code, settings: LabRefusal.readSettings())
    }
}

func withOptionalCString<T>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> T) -> T {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
