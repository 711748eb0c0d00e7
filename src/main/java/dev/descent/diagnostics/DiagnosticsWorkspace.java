package dev.descent.diagnostics;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The workspace a diagnostic's evaluations run in, outside the training step's: one scope per forward and backward
 * pass, so its memory is reused from one pass to the next (a scope held over many passes spills each one's arrays
 * to fresh allocations: that made sharpness cost most of an epoch, measured with the benchmark).
 */
final class DiagnosticsWorkspace {

    private static final WorkspaceConfiguration CONFIGURATION = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();
    private static final String ID = "descent-diagnostics";

    private DiagnosticsWorkspace() {
    }

    static MemoryWorkspace open() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIGURATION, ID);
    }
}
