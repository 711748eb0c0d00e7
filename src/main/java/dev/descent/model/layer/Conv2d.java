package dev.descent.model.layer;

import dev.descent.model.ExampleGradients;
import dev.descent.model.Initialization;
import dev.descent.model.Pass;
import dev.descent.model.Shape;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.stream.IntStream;

/**
 * activation(conv2d(x, W) + b): in float32 on im2col and GEMM ({@link UnfoldedConvolution}), in float64 on ND4J's
 * conv2d and conv2d_bp ops, which the tests hold it equal to; NCHW, W [filters, channels, kh, kw] (PyTorch's
 * layout), b [1, filters].
 */
final class Conv2d extends ShapedLayer<Conv2dSpec> implements ActivationTrainable, ExampleGradients {

    /** libnd4j's data format and weight layout arguments: NCHW, and weights [out, in, kh, kw]. */
    private static final int NCHW = 0;
    private static final int OIHW = 1;

    private final INDArray weights;
    private final INDArray bias;
    private final int[] arguments;
    private final UnfoldedConvolution unfolded;
    /** How the weights train when this is a model's first layer trained by TrAct; null for plain gradients. */
    private final TrAct tract;

    private Conv2d(Conv2dSpec spec, Shape input, Shape output, INDArray weights, INDArray bias, TrAct tract) {
        super(spec, input, output);
        this.weights = weights;
        this.bias = bias;
        this.tract = tract;
        this.unfolded = new UnfoldedConvolution(spec.window(), input, output, spec.filters());
        this.arguments = IntStream.concat(IntStream.of(spec.window().arguments(input)), IntStream.of(NCHW, OIHW))
                .toArray();
    }

    static Conv2d create(Conv2dSpec spec, Shape input, Shape output, Initialization init, DataType dataType,
                         java.util.SplittableRandom rng) {
        int kernelArea = spec.kernel().get(0) * spec.kernel().get(1);
        long[] shape = {spec.filters(), input.channels(), spec.kernel().get(0), spec.kernel().get(1)};
        // fan-in and fan-out as PyTorch counts them for a convolution: channels × kernel area on either side
        double[] w = init.weights(spec.filters() * input.channels() * kernelArea, input.channels() * kernelArea,
                spec.filters() * kernelArea, rng);
        return new Conv2d(spec, input, output, Nd4j.create(w, shape, DataType.DOUBLE).castTo(dataType),
                Nd4j.zeros(dataType, 1, spec.filters()), null);
    }

    @Override
    public Conv2d withTrAct(TrAct tract) {
        return new Conv2d(spec(), inputShape(), outputShape(), weights, bias, tract);
    }

    @Override
    public List<INDArray> parameters() {
        return List.of(weights, bias);
    }

    @Override
    public Var forward(Tape tape, Var x, Pass pass) {
        Var w = pass.parameter(tape, weights);
        Var b = pass.parameter(tape, bias);
        if (x.value().dataType() == DataType.FLOAT && weights.dataType() == DataType.FLOAT) {
            UnfoldedConvolution.Forward forward = unfolded.forward(x.value(), weights, bias);
            if (tract != null && pass.training()) {
                w = tract.convolutionWeights(tape, w, forward::unfolded);
            }
            Var out = tape.operation(forward.output(), g -> unfolded.backward(forward.unfolded(), weights, g), x, w, b);
            return spec().activation().apply(tape, pass.output(tape, this, x, out));
        }
        if (tract != null && pass.training()) {
            w = tract.convolutionWeights(tape, w, () -> patchColumns(x.value()));
        }
        INDArray z = Nd4j.createUninitialized(x.value().dataType(), outputShape().batch(x.value().size(0)));
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x.value(), weights, bias).addOutputs(z)
                .addIntegerArguments(arguments).build());
        Var out = tape.operation(z, g -> {
            INDArray[] gradients = backward(x.value(), g);
            return new INDArray[]{gradients[0], gradients[1], gradients[2]};
        }, x, w, b);
        return spec().activation().apply(tape, pass.output(tape, this, x, out));
    }

    /** The gradients of the input, the weights and the bias for the output's gradient g. */
    private INDArray[] backward(INDArray x, INDArray g) {
        // the op allocates its outputs in the shapes it expects: the bias's gradient as a vector
        // in x's precision, which per-example work (GradientSubspace) may raise to float64
        INDArray[] gradients = Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x,
                        weights.castTo(x.dataType()), bias.castTo(x.dataType()), g)
                .addIntegerArguments(arguments).build());
        return new INDArray[]{gradients[0], gradients[1], gradients[2].reshape(bias.shape())};
    }

    /**
     * Example i's weight gradient is A_iᵀG_i, A_i its T unfolded input patches (T × d, d = channels·kh·kw) and G_i
     * the output gradient at those T positions (T × filters). Its squared norm is either ⟨A_iA_iᵀ, G_iG_iᵀ⟩ (the
     * ghost norm, O(T²(d + p))) or ‖A_iᵀG_i‖² formed (O(Tdp)), whichever costs less (Bu et al. 2022, mixed ghost
     * clipping); the bias's is ‖Σ_t G_i[t]‖².
     */
    @Override
    public INDArray squaredNorms(INDArray x, INDArray outputGradient) {
        long rows = x.size(0);
        long positions = (long) outputShape().height() * outputShape().width();
        long patch = (long) inputShape().channels() * spec().kernel().get(0) * spec().kernel().get(1);
        INDArray patches = unfold(x); // [rows, patch, positions]: A_iᵀ
        INDArray g = outputGradient.reshape('c', rows, spec().filters(), positions); // G_iᵀ
        // batched products over the rows: a loop of per-example ND4J calls cost more in dispatch than in arithmetic
        INDArray weightNorms;
        if (2 * positions * positions < patch * spec().filters()) {
            INDArray aat = Nd4j.matmul(patches, patches, true, false, false); // [rows, T, T]
            INDArray ggt = Nd4j.matmul(g, g, true, false, false);
            weightNorms = aat.muli(ggt).sum(1, 2);
        } else {
            INDArray product = Nd4j.matmul(patches, g, false, true, false); // [rows, patch, filters]
            weightNorms = product.muli(product).sum(1, 2);
        }
        INDArray biasGradients = g.sum(2); // [rows, filters]
        return weightNorms.addi(biasGradients.muli(biasGradients).sum(1));
    }

    /** From the per-example gradients formed ([A_iᵀG_i, Σ_t G_i[t]] each), for the few examples this is asked of. */
    @Override
    public INDArray gram(INDArray x, INDArray outputGradient) {
        long rows = x.size(0);
        long positions = (long) outputShape().height() * outputShape().width();
        INDArray patches = unfold(x);
        INDArray g = outputGradient.reshape('c', rows, spec().filters(), positions);
        long weightCount = weights.length();
        INDArray perExample = Nd4j.create(x.dataType(), rows, weightCount + spec().filters());
        for (long i = 0; i < rows; i++) {
            // A_iᵀG_i is [patch, filters]; the weights are [filters, patch]: its transpose, flattened row-major
            INDArray weightGradient = Nd4j.gemm(g.slice(i), patches.slice(i), false, true);
            perExample.putRow(i, Nd4j.concat(1, weightGradient.reshape('c', 1, weightCount),
                    g.slice(i).sum(1).reshape(1, spec().filters())));
        }
        return Nd4j.gemm(perExample, perExample, false, true);
    }

    @Override
    public List<INDArray> gradients(INDArray x, INDArray outputGradient) {
        INDArray[] gradients = backward(x, outputGradient);
        return List.of(gradients[1], gradients[2]);
    }

    /** Every window's values as the columns of one matrix, [channels·kh·kw, rows·positions]. */
    private INDArray patchColumns(INDArray x) {
        INDArray patches = unfold(x);
        return patches.permute(1, 0, 2).dup('c').reshape('c', patches.size(1), patches.size(0) * patches.size(2));
    }

    /** libnd4j's im2col: every window's values, [rows, channels·kh·kw, positions]. */
    private INDArray unfold(INDArray x) {
        long rows = x.size(0);
        INDArray columns = Nd4j.createUninitialized(x.dataType(), rows, inputShape().channels(), spec().kernel().get(0),
                spec().kernel().get(1), outputShape().height(), outputShape().width());
        Nd4j.exec(DynamicCustomOp.builder("im2col").addInputs(x).addOutputs(columns)
                .addIntegerArguments(spec().window().arguments(inputShape())).addFloatingPointArguments(0.0).build());
        return columns.reshape('c', rows, (long) inputShape().channels() * spec().kernel().get(0) * spec().kernel().get(1),
                (long) outputShape().height() * outputShape().width());
    }
}
