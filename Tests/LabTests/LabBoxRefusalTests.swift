import CLab
import Glibc
import Testing
@testable import Lab

/// When a lesson program's box cannot be made, the learner is told that the program was
/// not run and why, never that the lab could not be entered.
@Suite struct LabBoxRefusalTests {
    @Test func everyStepOfTheBoxIsABoxStepAndNamed() {
        let steps = [PT_LAB_BOX_NAMESPACES, PT_LAB_BOX_PROC, PT_LAB_BOX_READ_ONLY, PT_LAB_BOX_TMPFS, PT_LAB_BOX_HOME, PT_LAB_BOX_CAPABILITIES]
        for step in steps {
            #expect(LabStage.isBoxStep(Int32(step.rawValue)))
            #expect(!LabStage.name(Int32(step.rawValue)).hasPrefix("step "), "step \(step.rawValue) has words")
        }
        #expect(!LabStage.isBoxStep(Int32(PT_LAB_EXEC.rawValue)))
        #expect(!LabStage.isBoxStep(Int32(PT_LAB_SETNS_NET.rawValue)))
    }

    @Test func anOldKernelIsToldInWordsThatSayTheProgramDidNotRun() {
        let error = LabError.unsafe(step: LabStage.name(Int32(PT_LAB_BOX_READ_ONLY.rawValue)), reason: errnoText(ENOSYS))
        #expect(error.description == "it needs Linux 5.12 or later, to keep the lesson's programs away from your files (making every file read-only (mount_setattr) failed: Function not implemented). porttutor did not run it.")
    }
}
