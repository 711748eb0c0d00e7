package dev.descent.model.layer;

import dev.descent.model.Activation;
import dev.descent.model.FirstLayerSpec;
import dev.descent.model.Initialization;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.TrActSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * TrAct against what the paper's update is (docs/algorithms.md): the first layer's weight gradient G_T solves
 * (XᵀX/N + λI)·G_T = G for the plain gradient G, over the batch's rows (a dense layer) or patches built here by hand
 * (a convolution, in both its float64 and float32 paths); everything else the backward pass gives is unchanged; and
 * with λ → 0 and fewer rows than inputs a step moves each row's pre-activations by the step on them alone.
 */
class TrActTest {

    private static final double LAMBDA = 0.3;

    private static ModelSpec spec(List<LayerSpec> layers, Precision precision, Double lambda) {
        return new ModelSpec(null, layers, Initialization.XAVIER, precision, null, null, null,
                lambda == null ? null : new FirstLayerSpec(new TrActSpec(lambda)));
    }

    private static INDArray random(DataType type, long seed, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        double[] values = new double[(int) length];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextGaussian() + 0.5;
        }
        return Nd4j.create(values, shape, DataType.DOUBLE).castTo(type);
    }

    private static INDArray oneHot(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, i % classes, 1.0);
        }
        return y;
    }

    private static List<INDArray> gradients(ModelSpec spec, Shape input, INDArray x, INDArray y) {
        Model model = Model.create(spec, input, (int) y.columns(), 7);
        return model.gradient(x, y.castTo(x.dataType()), new Loss.CrossEntropy(), new SplittableRandom(1))
                .gradients().stream().map(g -> g.castTo(DataType.DOUBLE)).toList();
    }

    /** (rows·columnsᵀ/N + λI), the columns the N rows the weights multiply. */
    private static INDArray regularisedMoment(INDArray columns) {
        INDArray m = columns.mmul(columns.transpose()).divi(columns.columns());
        return m.addi(Nd4j.eye(m.rows()).castTo(DataType.DOUBLE).muli(LAMBDA));
    }

    @Test
    void aDenseFirstLayersGradientIsThePlainOneThroughTheRegularisedInverse() {
        INDArray x = random(DataType.DOUBLE, 3, 9, 5);
        INDArray y = oneHot(9, 3);
        List<LayerSpec> layers = List.of(new DenseSpec(4, Activation.TANH, 0.0));
        List<INDArray> plain = gradients(spec(layers, Precision.FLOAT64, null), Shape.features(5), x, y);
        List<INDArray> tract = gradients(spec(layers, Precision.FLOAT64, LAMBDA), Shape.features(5), x, y);
        // W [5, 4]: (xᵀx/n + λI)·G_T = G
        INDArray restored = regularisedMoment(x.transpose()).mmul(tract.get(0));
        assertThat(maxDifference(restored, plain.get(0))).isLessThan(1e-12);
        assertThat(maxDifference(tract.get(0), plain.get(0))).isGreaterThan(1e-3);
        for (int i = 1; i < plain.size(); i++) {
            assertThat(maxDifference(tract.get(i), plain.get(i))).as("parameter " + i).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class)
    void aConvolutionsGradientIsThePlainOneThroughThePatchesRegularisedInverse(Precision precision) {
        DataType type = precision.dataType();
        INDArray x = random(type, 4, 3, 2, 5, 6);
        INDArray y = oneHot(3, 2);
        List<LayerSpec> layers = List.of(new Conv2dSpec(3, List.of(2, 3), null, null, Padding.VALID,
                Activation.TANH), new FlattenSpec());
        Shape image = Shape.image(2, 5, 6);
        List<INDArray> plain = gradients(spec(layers, precision, null), image, x, y);
        List<INDArray> tract = gradients(spec(layers, precision, LAMBDA), image, x, y);
        INDArray patches = patches(x.castTo(DataType.DOUBLE), 2, 3);
        INDArray restored = tract.get(0).reshape('c', 3, 2 * 2 * 3).mmul(regularisedMoment(patches));
        double tolerance = precision == Precision.FLOAT64 ? 1e-12 : 1e-5;
        assertThat(maxDifference(restored, plain.get(0).reshape('c', 3, 12))).isLessThan(tolerance);
        for (int i = 1; i < plain.size(); i++) {
            assertThat(maxDifference(tract.get(i), plain.get(i))).as("parameter " + i).isLessThan(tolerance);
        }
    }

    /** Every kh × kw window of x [n, C, H, W] (stride 1, no padding) as a column, its values in W's order. */
    private static INDArray patches(INDArray x, int kh, int kw) {
        int n = (int) x.size(0);
        int channels = (int) x.size(1);
        int oh = (int) x.size(2) - kh + 1;
        int ow = (int) x.size(3) - kw + 1;
        INDArray columns = Nd4j.zeros(DataType.DOUBLE, channels * kh * kw, (long) n * oh * ow);
        int column = 0;
        for (int e = 0; e < n; e++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int row = 0;
                    for (int c = 0; c < channels; c++) {
                        for (int a = 0; a < kh; a++) {
                            for (int b = 0; b < kw; b++) {
                                columns.putScalar(row++, column, x.getDouble(e, c, i + a, j + b));
                            }
                        }
                    }
                    column++;
                }
            }
        }
        return columns;
    }

    @Test
    void withATinyRidgeAStepMovesEachRowsPreActivationsByTheStepOnThemAlone() {
        // 4 rows of 6 inputs: x has full row rank, so a weight step can move each row's pre-activations freely
        INDArray x = random(DataType.DOUBLE, 5, 4, 6);
        INDArray y = oneHot(4, 3);
        double lambda = 1e-7;
        double rate = 0.1;
        ModelSpec linear = new ModelSpec(null, List.of(), Initialization.XAVIER, Precision.FLOAT64, null, null, null,
                new FirstLayerSpec(new TrActSpec(lambda)));
        Model model = Model.create(linear, Shape.features(6), 3, 7);
        INDArray before = model.predict(x).dup();
        INDArray w = model.parameters().get(0);
        w.subi(model.gradient(x, y, new Loss.CrossEntropy(), new SplittableRandom(1)).gradients().get(0).mul(rate));
        INDArray moved = model.predict(x).sub(before);
        // the per-row loss's gradient at the logits is softmax − y; the mean loss's is that over n
        INDArray probabilities = org.nd4j.linalg.ops.transforms.Transforms.softmax(before, true);
        INDArray expected = probabilities.sub(y).muli(-rate);
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 3; k++) {
                assertThat(moved.getDouble(i, k)).isCloseTo(expected.getDouble(i, k), within(1e-6));
            }
        }
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return org.nd4j.linalg.ops.transforms.Transforms.abs(a.sub(b)).maxNumber().doubleValue();
    }
}
