import Glibc
import Testing
import RuntimeFolder
@testable import Lab

/// Which setting refused the lab, told from the sysctl values handed in.
@Suite struct LabRefusalTests {
    @Test func debiansSwitchIsNamedWithTheCommandThatAllowsIt() {
        let refusal = LabRefusal.diagnose(errno: EPERM, settings: ["kernel.unprivileged_userns_clone": "0", "user.max_user_namespaces": "15000"])
        #expect(refusal.setting == "kernel.unprivileged_userns_clone = 0")
        #expect(refusal.allowCommand == "sudo sysctl -w kernel.unprivileged_userns_clone=1")
        #expect(refusal.description.contains("Allow them with:\n    sudo sysctl -w kernel.unprivileged_userns_clone=1"))
    }

    @Test func aZeroLimitIsNamed() {
        let refusal = LabRefusal.diagnose(errno: ENOSPC, settings: ["user.max_user_namespaces": "0"])
        #expect(refusal.setting == "user.max_user_namespaces = 0")
        #expect(refusal.allowCommand == "sudo sysctl -w user.max_user_namespaces=15000")
    }

    @Test func ubuntusAppArmorRuleIsNamed() {
        let refusal = LabRefusal.diagnose(errno: EACCES, settings: ["kernel.apparmor_restrict_unprivileged_userns": "1", "user.max_user_namespaces": "63000"])
        #expect(refusal.allowCommand == "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0")
    }

    @Test func aLimitReachedInAnOuterNamespaceIsToldFromTheErrno() {
        let refusal = LabRefusal.diagnose(errno: ENOSPC, settings: ["user.max_user_namespaces": "2147483647"])
        #expect(refusal.setting?.hasPrefix("user.max_user_namespaces") == true)
        #expect(refusal.description.contains("ENOSPC"))
    }

    @Test func aRefusalNoSettingExplainsSaysSoInsteadOfGuessing() {
        let refusal = LabRefusal.diagnose(errno: EPERM, settings: ["user.max_user_namespaces": "15000"])
        #expect(refusal.setting == nil)
        #expect(refusal.description.contains("seccomp"))
    }
}

@Suite struct LabRecordTests {
    @Test func aRecordReadsBackAndKnowsItsProcessIsAlive() throws {
        let record = try #require(LabRecord.of(pid: getpid()))
        #expect(LabRecord(text: record.text) == record)
        #expect(record.isRunning)
        #expect(!LabRecord(pid: getpid(), startTime: record.startTime + 1).isRunning)
        #expect(LabRecord(text: "pid=abc\n") == nil)
    }

    @Test func theRuntimeFolderFallsBackToAPerUserFolderInTmp() {
        #expect(RuntimeFolder(environment: [:]).path == "/tmp/porttutor-\(getuid())")
        #expect(RuntimeFolder(environment: ["XDG_RUNTIME_DIR": "/run/user/7"]).path == "/run/user/7/porttutor")
    }
}
