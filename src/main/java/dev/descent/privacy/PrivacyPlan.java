package dev.descent.privacy;

import dev.descent.dataset.PreparedData;
import dev.descent.model.Loss;
import dev.descent.model.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * DP-SGD for one run: which rows are private (and, for projected DP-SGD, which are public), the noise multiplier
 * (given, or calibrated so the planned steps end at the target ε), the step budget, Poisson sampling, and each
 * step's private gradient.
 */
public final class PrivacyPlan {

    private final PrivacySpec spec;
    private final PreparedData privateData;
    private final PreparedData publicData;
    private final PrivacyBudget budget;
    private final PrivateGradient gradient;

    private PrivacyPlan(PrivacySpec spec, PreparedData privateData, PreparedData publicData, PrivacyBudget budget) {
        this.spec = spec;
        this.privateData = privateData;
        this.publicData = publicData;
        this.budget = budget;
        this.gradient = new PrivateGradient(spec.clipping(), spec.clipNorm(), budget.noiseMultiplier(),
                budget.expectedBatchSize());
    }

    /**
     * @param data      the prepared data; with a projection its last {@code publicRows} training rows are public
     * @param batchSize B, the expected batch size: q = B/N over the N private rows
     * @throws UnreachableEpsilonException when no noise multiplier reaches the target ε
     */
    public static PrivacyPlan of(PrivacySpec spec, PreparedData data, int batchSize, int epochs) {
        int rows = data.trainRows() - publicRows(spec);
        if (rows < 1) {
            throw new IllegalArgumentException(publicRows(spec) + " public rows leave no private rows of "
                    + data.trainRows());
        }
        return new PrivacyPlan(spec, rows < data.trainRows() ? data.withTrainingRows(0, rows) : data,
                rows < data.trainRows() ? data.withTrainingRows(rows, data.trainRows()) : null,
                PrivacyBudget.of(spec, rows, batchSize, epochs));
    }

    /** Training rows held out as public data: not trained on, not charged to the budget. */
    public static int publicRows(PrivacySpec spec) {
        return spec.projection() != null ? spec.projection().publicRows() : 0;
    }

    /** The rows DP-SGD trains on (and the validation split, unchanged). */
    public PreparedData privateData() {
        return privateData;
    }

    public PrivacyBudget budget() {
        return budget;
    }

    public boolean poisson() {
        return spec.sampling() == PrivacySpec.Sampling.POISSON;
    }

    /** Why a run stops at its budget. */
    public String budgetReached(long steps) {
        return "privacy budget reached: ε = %.4f after %d steps; one more step would exceed the target %s (δ = %s)"
                .formatted(budget.epsilon(steps), steps, spec.targetEpsilon(), spec.delta());
    }

    /** Poisson sampling: each private row joins this step's batch with probability q, independently. */
    public int[] sample(long stepSeed) {
        SplittableRandom rng = new SplittableRandom(~stepSeed);
        int rows = privateData.trainRows();
        int[] picked = new int[rows];
        int n = 0;
        for (int i = 0; i < rows; i++) {
            if (rng.nextDouble() < budget.sampleRate()) {
                picked[n++] = i;
            }
        }
        return Arrays.copyOf(picked, n);
    }

    /**
     * The step's private gradient (see {@link PrivateGradient}); with a projection, projected on the public
     * gradients' top-k subspace at the current weights.
     */
    public Network.Gradient gradient(Network network, Loss loss, INDArray x, INDArray y, long stepSeed) {
        Network.Gradient noisy = gradient.compute(network, loss, x, y, stepSeed);
        if (publicData != null) {
            GradientSubspace.of(network, loss, publicData.trainX(), publicData.trainY(), spec.projection().rank())
                    .project(noisy.gradients());
        }
        return noisy;
    }
}
