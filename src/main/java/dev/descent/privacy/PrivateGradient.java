package dev.descent.privacy;

import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.autodiff.HeapCopy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One DP-SGD step's gradient (docs/algorithms.md): the sum of per-example gradients clipped to C, plus N(0, (σC)²I),
 * divided by the expected batch size (qN under Poisson sampling, B for fixed batches).
 */
public final class PrivateGradient {

    private final ClippingMethod clipping;
    private final double clipNorm;
    private final double noiseStd;
    private final double denominator;

    /**
     * @param noiseMultiplier σ
     * @param denominator     the expected batch size the noisy sum is divided by
     */
    public PrivateGradient(ClippingMethod clipping, double clipNorm, double noiseMultiplier, double denominator) {
        this.clipping = clipping;
        this.clipNorm = clipNorm;
        this.noiseStd = noiseMultiplier * clipNorm;
        this.denominator = denominator;
    }

    /** A step's noisy gradient and what clipping did to its batch. */
    public record Step(Model.Gradient gradient, ClippingStatistics clipping) {
    }

    /** {@link #step}'s gradient. */
    public Model.Gradient compute(Model network, Loss loss, INDArray x, INDArray y, long stepSeed) {
        return step(network, loss, x, y, stepSeed).gradient();
    }

    /**
     * @param x        the batch; may have no rows (Poisson sampling can draw none): the step is then noise alone,
     *                 with loss 0 and no output
     * @param stepSeed this step's seed: its dropout masks and its noise follow from it
     */
    public Step step(Model network, Loss loss, INDArray x, INDArray y, long stepSeed) {
        SplittableRandom dropout = new SplittableRandom(stepSeed);
        SplittableRandom noise = new SplittableRandom(stepSeed).split();
        List<INDArray> sum;
        double batchLoss = 0;
        INDArray output = null;
        ClippingStatistics clipped = ClippingStatistics.EMPTY;
        if (x.rows() > 0) {
            ClippingMethod.ClippedSum clippedSum = clipping.clippedSum(network, loss, x, y, dropout, clipNorm);
            sum = clippedSum.sum();
            batchLoss = clippedSum.loss();
            output = clippedSum.output();
            clipped = new ClippingStatistics((int) x.rows(), clippedSum.clipped(), clippedSum.meanNorm());
        } else {
            sum = network.parameters().stream().map(p -> p.ulike().assign(0)).toList();
        }
        List<INDArray> gradients = new ArrayList<>(sum.size());
        for (INDArray s : sum) {
            gradients.add(s.addi(gaussian(s, noise)).divi(denominator));
        }
        return new Step(new Model.Gradient(batchLoss, gradients, output), clipped);
    }

    /**
     * N(0, (σC)²) in the shape of {@code like}. Java's ziggurat sampler ({@code nextGaussian}) is several times faster
     * than ND4J's Box–Muller op here, which made noise cost as much as the rest of the step (measured); the values are
     * copied into the array in one pass (ND4J's create from a Java array sets them one by one: 8% of a step).
     */
    private INDArray gaussian(INDArray like, SplittableRandom rng) {
        double[] values = new double[(int) like.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = noiseStd * rng.nextGaussian();
        }
        return HeapCopy.write(values, Nd4j.createUninitialized(like.dataType(), like.shape(), 'c'));
    }
}
