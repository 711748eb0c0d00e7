package dev.descent.model;

import dev.descent.math.ScratchArrays;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An MLP's parameters and its forward pass on a {@link Tape}; gradients come from the tape, not from code written
 * for this architecture. Parameters are ordered W1, b1, W2, b2, … and updated in place by optimizers.
 */
public final class Network {

    /**
     * Rows a forward pass takes at once when it runs over more rows than a batch (evaluation, full-data gradients,
     * prediction), so the activations it holds stay bounded.
     */
    public static final int CHUNK_ROWS = 4096;

    private record Dense(INDArray weights, INDArray bias, Activation activation, double dropout) {
    }

    /**
     * One dense layer's values, as stored in a model artifact: {@code weights} is row-major inputs × outputs.
     */
    public record Layer(int inputs, int outputs, Activation activation, double dropout, double[] weights,
                        double[] bias) {
    }

    /** The loss of one batch and its gradient for each parameter, in {@link #parameters()} order. */
    public record Gradient(double loss, List<INDArray> gradients, INDArray output) {
    }

    /**
     * What per-example gradients of a batch are made of, without forming them: for every layer its input a_i (rows
     * of {@code inputs}) and the gradient of the mean batch loss at its pre-activation (rows of
     * {@code preActivationGradients}); example i's gradient is B·a_iᵀδ_i for the weights and B·δ_i for the bias.
     */
    public record LayerSignals(double loss, INDArray output, List<INDArray> inputs,
                               List<INDArray> preActivationGradients) {
    }

    private final List<Dense> layers;
    private final DataType dataType;

    private Network(List<Dense> layers, DataType dataType) {
        this.layers = layers;
        this.dataType = dataType;
    }

    /** A freshly initialised network; the same spec, widths and seed give the same weights. */
    public static Network create(ModelSpec spec, int inputs, int outputs, long seed) {
        DataType dataType = spec.dtype().dataType();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Dense> layers = new ArrayList<>();
        int width = inputs;
        for (LayerSpec layer : spec.hiddenLayers()) {
            layers.add(dense(spec.init(), width, layer.units(), layer.activation(),
                    layer.dropout(), dataType, rng));
            width = layer.units();
        }
        layers.add(dense(spec.init(), width, outputs, Activation.IDENTITY, 0, dataType, rng));
        return new Network(List.copyOf(layers), dataType);
    }

    private static Dense dense(Initialization init, int in, int out, Activation activation, double dropout,
                               DataType dataType, SplittableRandom rng) {
        INDArray w = Nd4j.create(init.weights(in, out, rng), new long[]{in, out}, DataType.DOUBLE).castTo(dataType);
        INDArray b = Nd4j.zeros(dataType, 1, out);
        return new Dense(w, b, activation, dropout);
    }

    /** A network with the given layer values, in the given precision. */
    public static Network restore(List<Layer> layers, Precision precision) {
        DataType dataType = precision.dataType();
        List<Dense> dense = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer.weights().length != layer.inputs() * layer.outputs() || layer.bias().length != layer.outputs()) {
                throw new IllegalArgumentException("layer values do not match its shape " + layer.inputs() + "×"
                        + layer.outputs());
            }
            dense.add(new Dense(
                    Nd4j.create(layer.weights(), new long[]{layer.inputs(), layer.outputs()}, DataType.DOUBLE).castTo(dataType),
                    Nd4j.create(layer.bias(), new long[]{1, layer.outputs()}, DataType.DOUBLE).castTo(dataType),
                    layer.activation(), layer.dropout()));
        }
        return new Network(List.copyOf(dense), dataType);
    }

    /** The layers' current values. */
    public List<Layer> layers() {
        return layers.stream().map(d -> new Layer((int) d.weights().rows(), (int) d.weights().columns(), d.activation(),
                d.dropout(), d.weights().dup('c').reshape(d.weights().length()).toDoubleVector(),
                d.bias().dup('c').reshape(d.bias().length()).toDoubleVector())).toList();
    }

    /** Sets every parameter to another network's values; the shapes must agree. */
    public void copyFrom(List<Layer> values) {
        if (values.size() != layers.size()) {
            throw new IllegalArgumentException(values.size() + " layers given for a network of " + layers.size());
        }
        for (int i = 0; i < layers.size(); i++) {
            Dense d = layers.get(i);
            Layer v = values.get(i);
            if (v.inputs() != d.weights().rows() || v.outputs() != d.weights().columns()) {
                throw new IllegalArgumentException("layer " + (i + 1) + " is " + v.inputs() + "×" + v.outputs()
                        + ", expected " + d.weights().rows() + "×" + d.weights().columns());
            }
            d.weights().assign(Nd4j.create(v.weights(), d.weights().shape(), DataType.DOUBLE).castTo(dataType));
            d.bias().assign(Nd4j.create(v.bias(), d.bias().shape(), DataType.DOUBLE).castTo(dataType));
        }
    }

    public List<INDArray> parameters() {
        List<INDArray> parameters = new ArrayList<>(layers.size() * 2);
        for (Dense layer : layers) {
            parameters.add(layer.weights());
            parameters.add(layer.bias());
        }
        return parameters;
    }

    public DataType dataType() {
        return dataType;
    }

    /**
     * Loss and gradients of one batch in training mode: dropout masks are drawn from {@code dropoutRng}.
     */
    public Gradient gradient(INDArray x, INDArray target, Loss loss, SplittableRandom dropoutRng) {
        return gradient(x, target, loss, dropoutRng, ScratchArrays.fresh());
    }

    /**
     * {@link #gradient(INDArray, INDArray, Loss, SplittableRandom)} with the tape's values, the gradients and the
     * output among them, taken from {@code arrays}.
     */
    public Gradient gradient(INDArray x, INDArray target, Loss loss, SplittableRandom dropoutRng,
                             ScratchArrays arrays) {
        Tape tape = Tape.training(arrays);
        List<Var> parameters = new ArrayList<>(layers.size() * 2);
        Var output = forward(tape, x, dropoutRng, parameters, null, null);
        Var value = loss.apply(tape, output, target);
        tape.backward(value);
        List<INDArray> gradients = parameters.stream().map(Var::grad).toList();
        return new Gradient(value.value().getDouble(0), gradients, output.value());
    }

    /**
     * Loss and layer signals of one batch in training mode. The weights' batch gradients are not computed: the
     * caller combines the signals as it needs (per-example clipping does it with one GEMM per layer).
     */
    public LayerSignals layerSignals(INDArray x, INDArray target, Loss loss, SplittableRandom dropoutRng) {
        Tape tape = Tape.training();
        List<INDArray> inputs = new ArrayList<>(layers.size());
        List<Var> preActivations = new ArrayList<>(layers.size());
        Var output = forward(tape, x, dropoutRng, new ArrayList<>(), inputs, preActivations);
        Var value = loss.apply(tape, output, target);
        tape.backward(value);
        return new LayerSignals(value.value().getDouble(0), output.value(), inputs,
                preActivations.stream().map(Var::grad).toList());
    }

    /** The output layer's values (logits, or the regression value) in inference mode: no dropout. */
    public INDArray predict(INDArray x) {
        return forward(Tape.inference(), x, null, new ArrayList<>(), null, null).value();
    }

    /**
     * With {@code inputs} non-null, records each layer's input and pre-activation instead of the weights'
     * gradients: the weights enter as constants, the biases still carry the gradient down to every layer.
     */
    private Var forward(Tape tape, INDArray x, SplittableRandom dropoutRng, List<Var> parameters,
                        List<INDArray> inputs, List<Var> preActivations) {
        Var h = tape.constant(x);
        for (Dense layer : layers) {
            Var w = inputs == null ? tape.parameter(layer.weights()) : tape.constant(layer.weights());
            Var b = tape.parameter(layer.bias());
            parameters.add(w);
            parameters.add(b);
            Var z = tape.affine(h, w, b);
            if (inputs != null) {
                inputs.add(h.value());
                preActivations.add(z);
            }
            h = layer.activation().apply(tape, z);
            if (dropoutRng != null && layer.dropout() > 0) {
                h = tape.multiply(h, dropoutMask(h.value().shape(), layer.dropout(), dropoutRng));
            }
        }
        return h;
    }

    /** Inverted dropout: keep with probability 1 − p and scale by 1/(1 − p), so inference needs no rescaling. */
    private INDArray dropoutMask(long[] shape, double p, SplittableRandom rng) {
        double[] mask = new double[(int) (shape[0] * shape[1])];
        double keep = 1 / (1 - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < p ? 0 : keep;
        }
        return Nd4j.create(mask, shape, DataType.DOUBLE).castTo(dataType);
    }
}
