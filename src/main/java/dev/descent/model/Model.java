package dev.descent.model;

import dev.descent.math.ScratchArrays;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import dev.descent.model.layer.ActivationTrainable;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.layer.LayerSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A sequence of {@link Layer}s ending in a dense output layer sized by the task; gradients come from the tape, not
 * from code written for an architecture. A batch arrives as rows of features (as datasets hold it) and is seen in
 * the model's input shape, an image [channels, height, width] or rows, by its first layer. Parameters are the
 * layers' in order, updated in place by optimizers.
 */
public final class Model {

    /** The most rows a pass over more rows than a batch takes at once (evaluation, full-data gradients, scores). */
    private static final int CHUNK_ROWS = 4096;
    /** The most values such a chunk holds through its pass: 64 MiB of float32, a few hundred rows of a CNN. */
    private static final long CHUNK_VALUES = 1L << 24;

    /** The loss of one batch and its gradient for each parameter, in {@link #parameters()} order. */
    public record Gradient(double loss, List<INDArray> gradients, INDArray output) {
    }

    /**
     * A batch's loss and output with every parametric layer's {@link Pass.Signal}, from which per-example gradient
     * norms and clipped sums follow without forming per-example gradients.
     */
    public record Signals(double loss, INDArray output, List<Pass.Signal> layers) {
    }

    private final Shape input;
    private final List<Layer> layers;
    private final DataType dataType;

    private Model(Shape input, List<Layer> layers, DataType dataType) {
        this.input = input;
        this.layers = List.copyOf(layers);
        this.dataType = dataType;
    }

    /**
     * A freshly initialised model for a dataset's rows of this shape ({@link ModelSpec#input} says how it sees them);
     * the same spec, shapes and seed give the same weights.
     */
    public static Model create(ModelSpec spec, Shape rows, int outputs, long seed) {
        DataType dataType = spec.dtype().dataType();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        Shape input = spec.input(rows);
        Shape shape = input;
        for (LayerSpec layer : spec.withOutput(outputs)) {
            Layer built = layer.build(shape, spec.init(), dataType, rng);
            if (layers.isEmpty() && spec.tract() != null) {
                built = ((ActivationTrainable) built).withTrAct(spec.tract().create());
            }
            layers.add(built);
            shape = built.outputShape();
        }
        return new Model(input, layers, dataType);
    }

    /** A model with the given layers' values, in the given precision. */
    public static Model restore(List<LayerValues> values, Precision precision) {
        DataType dataType = precision.dataType();
        List<Layer> layers = new ArrayList<>();
        for (LayerValues value : values) {
            // the initialiser is irrelevant: every value is overwritten
            Layer layer = value.spec().build(value.input(), Initialization.ZEROS, dataType, new SplittableRandom(0));
            assign(layer, value, layers.size());
            layers.add(layer);
        }
        return new Model(values.get(0).input(), layers, dataType);
    }

    public Shape inputShape() {
        return input;
    }

    public List<Layer> layers() {
        return layers;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Every layer's parameters, input side first. */
    public List<INDArray> parameters() {
        List<INDArray> parameters = new ArrayList<>();
        layers.forEach(layer -> parameters.addAll(layer.parameters()));
        return parameters;
    }

    /** The number of values the parameters hold. */
    public long parameterCount() {
        return parameters().stream().mapToLong(INDArray::length).sum();
    }

    /** The layers' current values. */
    public List<LayerValues> values() {
        return layers.stream().map(layer -> new LayerValues(layer.spec(), layer.inputShape(),
                layer.parameters().stream().map(Model::flat).toList(),
                layer.buffers().stream().map(Model::flat).toList())).toList();
    }

    /**
     * Sets every parameter and buffer to another model's values (a warm start, a checkpoint): the layers must take
     * the same inputs and hold values of the same sizes; their other settings (an activation, dropout) may differ.
     */
    public void copyFrom(List<LayerValues> values) {
        if (values.size() != layers.size()) {
            throw new IllegalArgumentException(values.size() + " layers given for a model of " + layers.size());
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            LayerValues value = values.get(i);
            if (!value.input().equals(layer.inputShape())) {
                throw new IllegalArgumentException("layer " + (i + 1) + " takes " + value.input() + ", expected "
                        + layer.inputShape());
            }
            assign(layer, value, i);
        }
    }

    private static void assign(Layer layer, LayerValues value, int index) {
        assignAll(layer.parameters(), value.parameters(), "parameters", index);
        assignAll(layer.buffers(), value.buffers(), "buffers", index);
    }

    private static void assignAll(List<INDArray> arrays, List<double[]> values, String what, int index) {
        if (arrays.size() != values.size()) {
            throw new IllegalArgumentException("layer " + (index + 1) + " has " + arrays.size() + " " + what + ", "
                    + values.size() + " given");
        }
        for (int p = 0; p < arrays.size(); p++) {
            INDArray array = arrays.get(p);
            if (values.get(p).length != array.length()) {
                throw new IllegalArgumentException("layer " + (index + 1) + "'s " + what + " " + (p + 1) + " has "
                        + array.length() + " values, " + values.get(p).length + " given");
            }
            array.assign(Nd4j.create(values.get(p), array.shape(), DataType.DOUBLE).castTo(array.dataType()));
        }
    }

    private static double[] flat(INDArray array) {
        return array.dup('c').reshape(array.length()).toDoubleVector();
    }

    /** Loss and gradients of one batch in training mode: dropout masks are drawn from {@code dropoutRng}. */
    public Gradient gradient(INDArray x, INDArray target, Loss loss, SplittableRandom dropoutRng) {
        return gradient(x, target, loss, dropoutRng, ScratchArrays.fresh());
    }

    /** {@link #gradient(INDArray, INDArray, Loss, SplittableRandom)} with the tape's values taken from arrays. */
    public Gradient gradient(INDArray x, INDArray target, Loss loss, SplittableRandom dropoutRng,
                             ScratchArrays arrays) {
        Tape tape = Tape.training(arrays);
        Pass pass = Pass.training(dropoutRng);
        Var output = forward(tape, tape.constant(x), pass);
        Var value = loss.apply(tape, output, target);
        tape.backward(value);
        return new Gradient(value.value().getDouble(0), pass.parameters().stream().map(Var::grad).toList(),
                output.value());
    }

    /**
     * Loss and layer signals of one batch in training mode. The parameters' batch gradients are not computed: the
     * caller combines the signals as it needs (per-example clipping does it with one GEMM per dense layer).
     */
    public Signals signals(INDArray x, INDArray target, Loss loss, SplittableRandom dropoutRng) {
        Tape tape = Tape.training();
        Pass pass = Pass.recordingSignals(dropoutRng);
        Var output = forward(tape, tape.constant(x), pass);
        Var value = loss.apply(tape, output, target);
        tape.backward(value);
        return new Signals(value.value().getDouble(0), output.value(), pass.signals());
    }

    /**
     * Rows a pass over more rows than a batch takes at once, so the activations it holds stay bounded: 4096 for
     * most models (an MLP's rows hold a few thousand values), fewer for a model whose rows hold many.
     */
    public int chunkRows() {
        return chunkRows(input.size() + layers.stream().mapToLong(layer -> layer.outputShape().size()).sum());
    }

    /** {@link #chunkRows()} for a model whose example holds {@code valuesPerExample} values through a pass. */
    public static int chunkRows(long valuesPerExample) {
        return (int) Math.max(1, Math.min(CHUNK_ROWS, CHUNK_VALUES / valuesPerExample));
    }

    /** The output layer's values (logits, or the regression value) in inference mode: no dropout. */
    public INDArray predict(INDArray x) {
        Tape tape = Tape.inference();
        return forward(tape, tape.constant(x), Pass.inference()).value();
    }

    /**
     * The gradient of Σ_ij w_ij · output_ij with respect to the parameters, in {@link #parameters()} order, from a
     * training pass without dropout: with one row and w its label's one-hot, the gradient of the label's logit.
     */
    public List<INDArray> outputGradient(INDArray x, INDArray weights) {
        Tape tape = Tape.training();
        Pass pass = Pass.training(null);
        Var output = forward(tape, tape.constant(x), pass);
        tape.backward(tape.multiply(output, weights.castTo(dataType)));
        return pass.parameters().stream().map(Var::grad).toList();
    }

    /**
     * The gradient of Σ_ij w_ij · output_ij with respect to the rows x, in inference mode (no dropout, batch-norm's
     * running statistics): with w one-hot per row, each row's ∂output_k/∂x. Rows do not interact in inference, so
     * row i's gradient is its own. The parameters are constants: no parameter gradient is computed.
     */
    public INDArray inputGradient(INDArray x, INDArray weights) {
        Tape tape = Tape.training();
        Var input = tape.parameter(x);
        Var output = forward(tape, input, Pass.inference());
        tape.backward(tape.multiply(output, weights.castTo(dataType)));
        return input.grad();
    }

    private Var forward(Tape tape, Var x, Pass pass) {
        Var h = input.isImage() ? tape.reshape(x, input.batch(x.value().size(0))) : x;
        for (Layer layer : layers) {
            h = layer.forward(tape, h, pass);
        }
        return h;
    }
}
