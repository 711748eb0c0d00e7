package dev.descent.training;

import dev.descent.dataset.InputProjection;
import dev.descent.dataset.PreparedData;
import dev.descent.math.ScratchArrays;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.privacy.PrivacyPlan;
import dev.descent.privacy.PrivateGradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/** DP-SGD's gradient ({@link PrivacyPlan}): private rows, Poisson batches if asked, a step budget, ε per epoch. */
record PrivateGradients(PrivacyPlan plan) implements GradientSource {

    @Override
    public PreparedData data() {
        return plan.privateData();
    }

    @Override
    public InputProjection inputProjection() {
        return plan.inputProjection();
    }

    @Override
    public String stopBefore(long done) {
        return done >= plan.budget().stepBudget() ? plan.budgetReached(done) : null;
    }

    @Override
    public int[] sample(long stepSeed) {
        return plan.poisson() ? plan.sample(stepSeed) : null;
    }

    @Override
    public PrivateGradient.Step gradient(BatchOracle oracle, Model model, Loss loss, INDArray x, INDArray y,
                                         long stepSeed, ScratchArrays arrays) {
        return plan.gradient(model, loss, x, y, stepSeed);
    }

    @Override
    public Double epsilon(long steps) {
        return plan.budget().epsilon(steps);
    }
}
