package dev.descent.privacy;

import dev.descent.dataset.InputProjection;
import dev.descent.dataset.PreparedData;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * DP-SGD for one run: which rows are private (and, for projected DP-SGD, which are public), the private PCA of the
 * inputs when asked for, the noise multiplier (given, or calibrated so the planned steps end at the target ε), the
 * step budget, Poisson sampling, and each step's private gradient.
 */
public final class PrivacyPlan {

    private final PrivacySpec spec;
    private final PreparedData privateData;
    private final PreparedData publicData;
    private final InputProjection inputProjection;
    private final PrivacyBudget budget;
    private final PrivateGradient gradient;

    private PrivacyPlan(PrivacySpec spec, PreparedData privateData, PreparedData publicData,
                        InputProjection inputProjection, PrivacyBudget budget) {
        this.spec = spec;
        this.privateData = privateData;
        this.publicData = publicData;
        this.inputProjection = inputProjection;
        this.budget = budget;
        this.gradient = new PrivateGradient(spec.clipping(), spec.clipNorm(), budget.noiseMultiplier(),
                budget.expectedBatchSize());
    }

    /**
     * @param data      the prepared data; with a projection its last {@code publicRows} training rows are public
     * @param batchSize B, the expected batch size: q = B/N over the N private rows
     * @param seed      the run's seed: the private PCA's noise comes from it
     * @throws UnreachableEpsilonException when no noise multiplier reaches the target ε
     */
    public static PrivacyPlan of(PrivacySpec spec, PreparedData data, int batchSize, int epochs, long seed) {
        int rows = data.trainRows() - publicRows(spec);
        if (rows < 1) {
            throw new IllegalArgumentException(publicRows(spec) + " public rows leave no private rows of "
                    + data.trainRows());
        }
        InputProjection projection = spec.pca() == null ? null : PrivatePca.fit(
                data.trainX().get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()), spec.pca().components(),
                spec.pca().noiseMultiplier(), pcaNoise(seed));
        PreparedData inputs = projection != null ? projection.apply(data) : data;
        return new PrivacyPlan(spec, rows < inputs.trainRows() ? inputs.withTrainingRows(0, rows) : inputs,
                rows < inputs.trainRows() ? inputs.withTrainingRows(rows, inputs.trainRows()) : null, projection,
                PrivacyBudget.of(spec, rows, batchSize, epochs));
    }

    /** The seed's second split: its first gives the epochs' and steps' seeds (Trainer.epochSeed). */
    private static SplittableRandom pcaNoise(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        root.split();
        return root.split();
    }

    /** Training rows held out as public data: not trained on, not charged to the budget. */
    public static int publicRows(PrivacySpec spec) {
        return spec.projection() != null ? spec.projection().publicRows() : 0;
    }

    /** The rows DP-SGD trains on and the validation split, both projected when the plan has a private PCA. */
    public PreparedData privateData() {
        return privateData;
    }

    /** The private PCA's projection of the inputs; null without one. */
    public InputProjection inputProjection() {
        return inputProjection;
    }

    public PrivacyBudget budget() {
        return budget;
    }

    public boolean poisson() {
        return spec.sampling() == PrivacySpec.BatchSampling.POISSON;
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
    public PrivateGradient.Step gradient(Model network, Loss loss, INDArray x, INDArray y, long stepSeed) {
        PrivateGradient.Step noisy = gradient.step(network, loss, x, y, stepSeed);
        if (publicData != null) {
            GradientSubspace.of(network, loss, publicData.trainX(), publicData.trainY(), spec.projection().rank())
                    .project(noisy.gradient().gradients());
        }
        return noisy;
    }
}
