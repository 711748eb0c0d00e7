package dev.descent.model.layer;

import dev.descent.model.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The float32 im2col + GEMM path of conv2d ({@link UnfoldedConvolution}) against libnd4j's conv2d and conv2d_bp, the
 * plain path (itself checked against finite differences and PyTorch in float64), on the same float32 values: output
 * and the three gradients agree to float32 rounding.
 */
class Conv2dFastPathTest {

    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of("5×5 same, the benchmark CNN's", Shape.image(3, 12, 12), 4,
                        new Window(5, 5, 1, 1, 1, 1, Padding.SAME)),
                Arguments.of("3×3 valid", Shape.image(2, 7, 6), 3, new Window(3, 3, 1, 1, 1, 1, Padding.VALID)),
                Arguments.of("even kernel same, stride 2 (TensorFlow's padding)", Shape.image(2, 9, 8), 3,
                        new Window(4, 4, 2, 2, 1, 1, Padding.SAME)),
                Arguments.of("8×8 stride 2 same, the private CNN's", Shape.image(1, 28, 28), 2,
                        new Window(8, 8, 2, 2, 1, 1, Padding.SAME)),
                Arguments.of("dilated, unequal strides", Shape.image(2, 10, 9), 2,
                        new Window(3, 2, 2, 1, 2, 3, Padding.VALID)),
                Arguments.of("dilated same", Shape.image(1, 7, 7), 2, new Window(3, 3, 1, 1, 2, 2, Padding.SAME)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void agreesWithLibnd4jsConvolutionForwardAndBackward(String name, Shape input, int filters, Window window) {
        Nd4j.getRandom().setSeed(7);
        int rows = 3;
        int[] size = window.outputSize(input, "conv2d");
        Shape output = Shape.image(filters, size[0], size[1]);
        INDArray x = Nd4j.randn(DataType.FLOAT, rows, input.channels(), input.height(), input.width());
        INDArray w = Nd4j.randn(DataType.FLOAT, filters, input.channels(), window.kernelHeight(), window.kernelWidth());
        INDArray b = Nd4j.randn(DataType.FLOAT, 1, filters);
        INDArray g = Nd4j.randn(DataType.FLOAT, rows, filters, size[0], size[1]);
        int[] arguments = IntStream.concat(IntStream.of(window.arguments(input)), IntStream.of(0, 1)).toArray();

        INDArray z = Nd4j.create(DataType.FLOAT, rows, filters, size[0], size[1]);
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(z).addIntegerArguments(arguments)
                .build());
        INDArray[] plain = Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, g)
                .addIntegerArguments(arguments).build());

        UnfoldedConvolution fast = new UnfoldedConvolution(window, input, output, filters);
        UnfoldedConvolution.Forward forward = fast.forward(x, w, b);
        INDArray[] gradients = fast.backward(forward.unfolded(), w, g);

        assertClose(forward.output(), z);
        assertClose(gradients[0], plain[0]);
        assertClose(gradients[1], plain[1]);
        assertClose(gradients[2], plain[2].reshape(1, filters));
    }

    private static void assertClose(INDArray actual, INDArray expected) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        assertThat(actual.sub(expected).amaxNumber().doubleValue() / scale).isLessThan(1e-5);
    }
}
