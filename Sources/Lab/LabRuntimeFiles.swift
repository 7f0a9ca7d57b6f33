import RuntimeFolder

/// Where a running lab is written down, in porttutor's runtime folder, so that `porttutor
/// shell` finds it.
extension RuntimeFolder {
    /// The record of the running lab.
    public var labRecordPath: String { path + "/lab" }
    /// The lab's /etc/hosts: the host's, plus the lab's two computers.
    public var labHostsPath: String { path + "/hosts" }

    /// Prepares the folder, saying what is wrong as the lab's error.
    func prepareForLab() throws(LabError) {
        do { try prepare() } catch { throw .runtimeDirectory(path: error.path, reason: error.reason) }
    }

    /// Checks the folder, saying what is wrong as the lab's error.
    func checkForLab() throws(LabError) {
        do { try check() } catch { throw .runtimeDirectory(path: error.path, reason: error.reason) }
    }
}
