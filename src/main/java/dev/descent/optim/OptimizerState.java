package dev.descent.optim;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.Supplier;

/**
 * Running state of an optimizer (moments, buffers, snapshots) lives across steps, so it is made outside the step's
 * scratch memory (the memory workspace the trainer opens for a step), whatever scope the step runs in. Optimizers make
 * what they keep through here and need not know how the trainer manages a step's memory.
 */
final class OptimizerState {

    private OptimizerState() {
    }

    /** Whatever {@code make} allocates, outliving the step. */
    static <T> T kept(Supplier<T> make) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return make.get();
        }
    }

    static INDArray zerosLike(INDArray parameter) {
        return kept(() -> Nd4j.zeros(parameter.dataType(), parameter.shape()));
    }

    /** Copies of the arrays that outlive the step. */
    static List<INDArray> copies(List<INDArray> arrays) {
        return kept(() -> arrays.stream().map(INDArray::dup).toList());
    }
}
