package dev.descent.model;

import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a forward pass runs: in training (dropout drawn from its stream, batch statistics) or in inference; and, for
 * DP-SGD, whether it records each parametric layer's input and output gradient (its {@link Signal}) instead of the
 * parameters' gradients. Recording, the parameters enter the tape as constants and each such layer's output is a
 * {@linkplain Tape#probe probe}, which keeps the gradient the layer's per-example norms need.
 */
public final class Pass {

    /** One layer's share of a batch's per-example gradients. */
    public record Signal(ExampleGradients layer, INDArray input, Var output) {

        /** The gradient of the batch loss at the layer's output, after the backward pass. */
        public INDArray outputGradient() {
            return output.grad();
        }
    }

    private final boolean training;
    private final SplittableRandom dropout;
    private final List<Signal> signals;
    private final List<Var> parameters = new ArrayList<>();

    private Pass(boolean training, SplittableRandom dropout, List<Signal> signals) {
        this.training = training;
        this.dropout = dropout;
        this.signals = signals;
    }

    public static Pass inference() {
        return new Pass(false, null, null);
    }

    /** @param dropout where dropout masks come from; null for none (a deterministic training pass) */
    public static Pass training(SplittableRandom dropout) {
        return new Pass(true, dropout, null);
    }

    /** A training pass that records every parametric layer's {@link Signal}. */
    public static Pass recordingSignals(SplittableRandom dropout) {
        return new Pass(true, dropout, new ArrayList<>());
    }

    public boolean training() {
        return training;
    }

    /** The dropout stream, or null when no dropout is drawn (inference). */
    public SplittableRandom dropout() {
        return training ? dropout : null;
    }

    /**
     * A parameter as this pass takes it, kept in {@link #parameters}: a constant while signals are recorded and in
     * inference, where a recording tape differentiates the inputs only ({@link Model#inputGradient}).
     */
    public Var parameter(Tape tape, INDArray value) {
        Var parameter = signals != null || !training ? tape.constant(value) : tape.parameter(value);
        parameters.add(parameter);
        return parameter;
    }

    /** The parameters as the layers took them, in forward order: after the backward pass, their gradients. */
    public List<Var> parameters() {
        return parameters;
    }

    /** The output of a parametric layer, before its activation: the point its signal is recorded at. */
    public Var output(Tape tape, ExampleGradients layer, Var input, Var output) {
        if (signals == null) {
            return output;
        }
        Var probe = tape.probe(output);
        signals.add(new Signal(layer, input.value(), probe));
        return probe;
    }

    /** The signals recorded, in forward order (the order of the model's parameters). */
    public List<Signal> signals() {
        if (signals == null) {
            throw new IllegalStateException("this pass records no signals");
        }
        return signals;
    }
}
