package dev.descent.model.layer;

import dev.descent.model.ExampleGradients;
import dev.descent.model.Pass;
import dev.descent.model.Shape;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * y = γ ⊙ x̂ + β with x̂ = (x − μ)/√(σ² + ε), μ and σ² (biased) over each example's F values; γ, β [1, F]. The
 * backward pass: dx = (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂)) / √(σ² + ε), dx̂ = dy ⊙ γ.
 */
final class LayerNorm extends ShapedLayer<LayerNormSpec> implements ExampleGradients {

    private final INDArray scale;
    private final INDArray shift;

    LayerNorm(LayerNormSpec spec, Shape shape, DataType dataType) {
        super(spec, shape, shape);
        this.scale = Nd4j.ones(dataType, 1, shape.size());
        this.shift = Nd4j.zeros(dataType, 1, shape.size());
    }

    @Override
    public List<INDArray> parameters() {
        return List.of(scale, shift);
    }

    @Override
    public Var forward(Tape tape, Var x, Pass pass) {
        long rows = x.value().size(0);
        Var flat = tape.reshape(x, rows, inputShape().size());
        Normalized n = normalize(flat.value());
        Var gamma = pass.parameter(tape, scale);
        Var beta = pass.parameter(tape, shift);
        INDArray y = n.values().mulRowVector(scale).addiRowVector(shift);
        Var out = tape.operation(y, g -> {
            INDArray dxHat = g.mulRowVector(scale);
            INDArray meanDxHat = dxHat.mean(true, 1);
            INDArray meanDxHatXHat = dxHat.mul(n.values()).mean(true, 1);
            INDArray dx = dxHat.subiColumnVector(meanDxHat).subi(n.values().mulColumnVector(meanDxHatXHat))
                    .muliColumnVector(n.inverseStd());
            List<INDArray> parameterGradients = gradientsOfNormalized(n.values(), g);
            return new INDArray[]{dx, parameterGradients.get(0), parameterGradients.get(1)};
        }, flat, gamma, beta);
        Var probed = pass.output(tape, this, flat, out);
        return tape.reshape(probed, inputShape().batch(rows));
    }

    private record Normalized(INDArray values, INDArray inverseStd) {
    }

    private static Normalized normalize(INDArray x) {
        INDArray centred = x.subColumnVector(x.mean(true, 1));
        INDArray variance = centred.mul(centred).mean(true, 1);
        INDArray inverseStd = Transforms.pow(variance.addi(LayerNormSpec.EPSILON), -0.5, false);
        return new Normalized(centred.muliColumnVector(inverseStd), inverseStd);
    }

    /** From the layer's input: ∇γ_i = dy_i ⊙ x̂_i, ∇β_i = dy_i. */
    @Override
    public INDArray squaredNorms(INDArray input, INDArray outputGradient) {
        INDArray scaleGradients = outputGradient.mul(normalize(input).values());
        return scaleGradients.muli(scaleGradients).sum(1).addi(outputGradient.mul(outputGradient).sum(1));
    }

    @Override
    public INDArray gram(INDArray input, INDArray outputGradient) {
        INDArray perExample = Nd4j.hstack(outputGradient.mul(normalize(input).values()), outputGradient);
        return Nd4j.gemm(perExample, perExample, false, true);
    }

    @Override
    public List<INDArray> gradients(INDArray input, INDArray outputGradient) {
        return gradientsOfNormalized(normalize(input).values(), outputGradient);
    }

    private static List<INDArray> gradientsOfNormalized(INDArray normalized, INDArray outputGradient) {
        return List.of(outputGradient.mul(normalized).sum(true, 0), outputGradient.sum(true, 0));
    }
}
