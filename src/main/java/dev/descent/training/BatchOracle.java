package dev.descent.training;

import dev.descent.math.ScratchArrays;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.optim.GradientOracle;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The gradient oracle of one step: the step's batch with its dropout masks (same seed, same masks), and the whole
 * training set for methods that need it. Each evaluation runs in its own workspace and returns detached arrays.
 */
final class BatchOracle implements GradientOracle {

    private static final String WORKSPACE_ID = "descent-gradient-oracle";

    private final Model network;
    private final Loss loss;
    private final INDArray x;
    private final INDArray y;
    private final long dropoutSeed;
    private final INDArray allX;
    private final INDArray allY;
    private final WorkspaceConfiguration workspace;

    BatchOracle(Model network, Loss loss, INDArray x, INDArray y, long dropoutSeed, INDArray allX, INDArray allY,
                WorkspaceConfiguration workspace) {
        this.network = network;
        this.loss = loss;
        this.x = x;
        this.y = y;
        this.dropoutSeed = dropoutSeed;
        this.allX = allX;
        this.allY = allY;
        this.workspace = workspace;
    }

    /** The step's own first evaluation, its values taken from the step's arrays. */
    Model.Gradient firstEvaluation(ScratchArrays arrays) {
        return network.gradient(x, y, loss, new SplittableRandom(dropoutSeed), arrays);
    }

    @Override
    public LossAndGradients evaluate() {
        return evaluateWithTargets(UnaryOperator.identity());
    }

    @Override
    public LossAndGradients evaluateWithTargets(UnaryOperator<INDArray> targets) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(workspace, WORKSPACE_ID)) {
            Model.Gradient again = network.gradient(x, targets.apply(y), loss, new SplittableRandom(dropoutSeed));
            return new LossAndGradients(again.loss(), again.gradients().stream().map(INDArray::detach).toList());
        }
    }

    @Override
    public LossAndGradients evaluateFullData() {
        long rows = allX.rows();
        double lossSum = 0;
        List<INDArray> sums = null;
        for (long start = 0; start < rows; start += network.chunkRows()) {
            long end = Math.min(rows, start + network.chunkRows());
            double weight = (double) (end - start) / rows;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(workspace, WORKSPACE_ID)) {
                Model.Gradient chunk = network.gradient(
                        allX.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()),
                        allY.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()), loss, null);
                lossSum += chunk.loss() * weight;
                if (sums == null) {
                    sums = new ArrayList<>();
                    for (INDArray g : chunk.gradients()) {
                        sums.add(g.mul(weight).detach());
                    }
                } else {
                    for (int i = 0; i < sums.size(); i++) {
                        sums.get(i).addi(chunk.gradients().get(i).mul(weight));
                    }
                }
            }
        }
        return new LossAndGradients(lossSum, sums);
    }
}
