package dev.descent.model.layer;

import dev.descent.model.Pass;
import dev.descent.model.Shape;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** Inverted dropout as a layer of its own; {@link #apply} is also what a dense layer's {@code dropout} does. */
final class Dropout extends ShapedLayer<DropoutSpec> {

    Dropout(DropoutSpec spec, Shape shape) {
        super(spec, shape, shape);
    }

    @Override
    public Var forward(Tape tape, Var input, Pass pass) {
        return apply(tape, input, spec().rate(), pass);
    }

    /**
     * Keeps each value with probability 1 − p, scaled by 1/(1 − p), so inference needs no rescaling; the mask is
     * drawn from the pass's dropout stream, one draw per value in row-major order. Unchanged when not training.
     */
    static Var apply(Tape tape, Var x, double p, Pass pass) {
        SplittableRandom rng = pass.dropout();
        if (rng == null || p == 0) {
            return x;
        }
        long[] shape = x.value().shape();
        double[] mask = new double[(int) x.value().length()];
        double keep = 1 / (1 - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < p ? 0 : keep;
        }
        return tape.multiply(x, Nd4j.create(mask, shape, DataType.DOUBLE).castTo(x.value().dataType()));
    }
}
