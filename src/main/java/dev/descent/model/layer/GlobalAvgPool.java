package dev.descent.model.layer;

import dev.descent.model.Pass;
import dev.descent.model.Shape;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;


/** y[n, c] = mean over h, w of x[n, c, h, w]; each input value gets 1/(H·W) of its channel's gradient. */
final class GlobalAvgPool extends ShapedLayer<GlobalAvgPoolSpec> {

    GlobalAvgPool(GlobalAvgPoolSpec spec, Shape input, Shape output) {
        super(spec, input, output);
    }

    @Override
    public Var forward(Tape tape, Var x, Pass pass) {
        Shape input = inputShape();
        long rows = x.value().size(0);
        int positions = input.height() * input.width();
        INDArray byChannel = x.value().reshape('c', rows * input.channels(), positions);
        INDArray mean = byChannel.mean(true, 1).reshape('c', rows, input.channels());
        return tape.operation(mean, g -> {
            INDArray spread = g.reshape('c', rows * input.channels(), 1).repeat(1, positions).divi(positions);
            return new INDArray[]{spread.reshape('c', x.value().shape())};
        }, x);
    }
}
