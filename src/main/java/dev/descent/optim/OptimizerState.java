package dev.descent.optim;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Running state of an optimizer (moments, buffers) lives across steps, so it is allocated outside the per-step
 * memory workspace the trainer opens, whatever scope the first step runs in.
 */
final class OptimizerState {

    private OptimizerState() {
    }

    static INDArray zerosLike(INDArray parameter) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.zeros(parameter.dataType(), parameter.shape());
        }
    }
}
