package dev.descent.model.layer;

import dev.descent.model.ExampleGradients;
import dev.descent.model.Initialization;
import dev.descent.model.Layer;
import dev.descent.model.Pass;
import dev.descent.model.Shape;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/** activation(x·W + b), W inputs × units, b 1 × units; then dropout while training. */
public final class Dense implements ActivationTrainable, ExampleGradients {

    private final DenseSpec spec;
    private final INDArray weights;
    private final INDArray bias;
    /** How the weights train when this is a model's first layer trained by TrAct; null for plain gradients. */
    private final TrAct tract;

    private Dense(DenseSpec spec, INDArray weights, INDArray bias, TrAct tract) {
        this.spec = spec;
        this.weights = weights;
        this.bias = bias;
        this.tract = tract;
    }

    static Dense create(DenseSpec spec, int inputs, Initialization init, DataType dataType, SplittableRandom rng) {
        INDArray w = Nd4j.create(init.weights(inputs, spec.units(), rng), new long[]{inputs, spec.units()},
                DataType.DOUBLE).castTo(dataType);
        return new Dense(spec, w, Nd4j.zeros(dataType, 1, spec.units()), null);
    }

    @Override
    public Dense withTrAct(TrAct tract) {
        return new Dense(spec, weights, bias, tract);
    }

    @Override
    public DenseSpec spec() {
        return spec;
    }

    @Override
    public Shape inputShape() {
        return Shape.features((int) weights.rows());
    }

    @Override
    public Shape outputShape() {
        return Shape.features(spec.units());
    }

    @Override
    public List<INDArray> parameters() {
        return List.of(weights, bias);
    }

    @Override
    public Var forward(Tape tape, Var input, Pass pass) {
        Var w = pass.parameter(tape, weights);
        if (tract != null && pass.training()) {
            w = tract.denseWeights(tape, w, input.value());
        }
        Var z = pass.output(tape, this, input, tape.affine(input, w, pass.parameter(tape, bias)));
        return Dropout.apply(tape, spec.activation().apply(tape, z), spec.dropout(), pass);
    }

    /** ‖∇W_i‖² = ‖a_i‖²‖δ_i‖² and ‖∇b_i‖² = ‖δ_i‖²: no per-example gradient is formed. */
    @Override
    public INDArray squaredNorms(INDArray input, INDArray outputGradient) {
        INDArray deltaSquared = outputGradient.mul(outputGradient).sum(1);
        return input.mul(input).sum(1).addi(1).muli(deltaSquared);
    }

    /** ⟨a_i, a_j⟩⟨δ_i, δ_j⟩ + ⟨δ_i, δ_j⟩. */
    @Override
    public INDArray gram(INDArray input, INDArray outputGradient) {
        INDArray deltaGram = Nd4j.gemm(outputGradient, outputGradient, false, true);
        return Nd4j.gemm(input, input, false, true).muli(deltaGram).addi(deltaGram);
    }

    /** Aᵀ Δ and the column sums of Δ: one GEMM for the weights. */
    @Override
    public List<INDArray> gradients(INDArray input, INDArray outputGradient) {
        return List.of(Nd4j.gemm(input, outputGradient, true, false), outputGradient.sum(true, 0));
    }
}
