package dev.descent.model.layer;

import dev.descent.model.Pass;
import dev.descent.model.Shape;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.IntStream;

/** Max or average pooling on libnd4j's maxpool2d/avgpool2d and their _bp ops, NCHW. */
final class Pool2d extends ShapedLayer<LayerSpec> {

    enum Kind {
        MAX("maxpool2d"), AVG("avgpool2d");

        private final String op;

        Kind(String op) {
            this.op = op;
        }
    }

    private final Kind kind;
    private final int[] arguments;

    Pool2d(LayerSpec spec, Kind kind, Window window, Shape input, Shape output) {
        super(spec, input, output);
        this.kind = kind;
        // then the averaging divisor mode (no padding here, so either counts the whole window) and NCHW
        this.arguments = IntStream.concat(IntStream.of(window.arguments(input)), IntStream.of(0, 0)).toArray();
    }

    static Shape outputShape(Window window, Shape input, String what) {
        int[] size = window.outputSize(input, what);
        return Shape.image(input.channels(), size[0], size[1]);
    }

    @Override
    public Var forward(Tape tape, Var x, Pass pass) {
        INDArray y = Nd4j.createUninitialized(x.value().dataType(), outputShape().batch(x.value().size(0)));
        Nd4j.exec(DynamicCustomOp.builder(kind.op).addInputs(x.value()).addOutputs(y)
                .addIntegerArguments(arguments).build());
        return tape.operation(y, g -> {
            INDArray inputGradient = x.value().ulike();
            Nd4j.exec(DynamicCustomOp.builder(kind.op + "_bp").addInputs(x.value(), g).addOutputs(inputGradient)
                    .addIntegerArguments(arguments).build());
            return new INDArray[]{inputGradient};
        }, x);
    }
}
