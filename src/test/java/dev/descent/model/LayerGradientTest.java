package dev.descent.model;

import dev.descent.model.layer.AvgPool2dSpec;
import dev.descent.model.layer.BatchNormSpec;
import dev.descent.model.layer.Conv2dSpec;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.layer.DropoutSpec;
import dev.descent.model.layer.FlattenSpec;
import dev.descent.model.layer.GlobalAvgPoolSpec;
import dev.descent.model.layer.LayerNormSpec;
import dev.descent.model.layer.LayerSpec;
import dev.descent.model.layer.MaxPool2dSpec;
import dev.descent.model.layer.Padding;
import dev.descent.model.layer.ResidualSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.stream.Stream;

import static dev.descent.model.ModelGradientTest.assertGradientsMatch;
import static dev.descent.model.ModelGradientTest.random;

/**
 * Every layer type's gradients, of its parameters and (through a parametric layer before it) of its input, against
 * central finite differences in float64. Images [2, 6, 6] arrive as rows of 72 values, as datasets hold them.
 */
class LayerGradientTest {

    private static final Shape IMAGE = Shape.image(2, 6, 6);
    private static final Shape ROWS = Shape.features(5);

    private static Conv2dSpec conv(int filters, int kernel, int stride, int dilation, Padding padding) {
        return new Conv2dSpec(filters, List.of(kernel, kernel), List.of(stride, stride), List.of(dilation, dilation),
                padding, Activation.TANH);
    }

    private static DenseSpec dense(int units) {
        return new DenseSpec(units, Activation.TANH, 0.0);
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("conv2d valid", IMAGE, List.of(conv(3, 3, 1, 1, Padding.VALID), new FlattenSpec())),
                Arguments.of("conv2d same, even kernel, stride 2", IMAGE,
                        List.of(conv(3, 4, 2, 1, Padding.SAME), new FlattenSpec())),
                Arguments.of("conv2d dilated", IMAGE, List.of(conv(2, 2, 1, 2, Padding.VALID), new FlattenSpec())),
                Arguments.of("two conv2d", IMAGE, List.of(conv(3, 3, 1, 1, Padding.SAME),
                        conv(2, 3, 1, 1, Padding.VALID), new FlattenSpec())),
                Arguments.of("max-pool2d", IMAGE, List.of(conv(3, 3, 1, 1, Padding.SAME),
                        new MaxPool2dSpec(List.of(2, 2), null), new FlattenSpec())),
                Arguments.of("avg-pool2d, overlapping", IMAGE, List.of(conv(3, 3, 1, 1, Padding.VALID),
                        new AvgPool2dSpec(List.of(2, 2), List.of(1, 1)), new FlattenSpec())),
                Arguments.of("global-avg-pool", IMAGE, List.of(conv(4, 3, 1, 1, Padding.SAME),
                        new GlobalAvgPoolSpec())),
                Arguments.of("layer-norm on an image", IMAGE, List.of(conv(2, 3, 1, 1, Padding.VALID),
                        new LayerNormSpec(), new FlattenSpec())),
                Arguments.of("batch-norm on an image", IMAGE, List.of(conv(2, 3, 1, 1, Padding.VALID),
                        new BatchNormSpec(null), new FlattenSpec())),
                Arguments.of("residual block", IMAGE, List.of(conv(2, 3, 1, 1, Padding.SAME),
                        new ResidualSpec(List.of(conv(2, 3, 1, 1, Padding.SAME), conv(2, 3, 1, 1, Padding.SAME))),
                        new FlattenSpec())),
                Arguments.of("residual block with a strided projection", IMAGE, List.of(
                        new ResidualSpec(List.of(conv(3, 3, 2, 1, Padding.SAME))), new FlattenSpec())),
                Arguments.of("layer-norm on rows", ROWS, List.of(dense(4), new LayerNormSpec())),
                Arguments.of("batch-norm on rows", ROWS, List.of(dense(4), new BatchNormSpec(0.3))),
                Arguments.of("dropout", ROWS, List.of(dense(6), new DropoutSpec(0.4), dense(3))),
                Arguments.of("residual dense block with a projection", ROWS, List.of(dense(4),
                        new ResidualSpec(List.of(dense(3))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void gradientsMatchFiniteDifferences(String name, Shape input, List<LayerSpec> layers) {
        Model model = Model.create(ModelSpec.ofLayers(layers, Initialization.XAVIER, Precision.FLOAT64), input, 3, 7);
        int rows = 4;
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, 3);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        assertGradientsMatch(model, random(rows, input.size(), 3), y, new Loss.CrossEntropy(), 17L);
    }
}
