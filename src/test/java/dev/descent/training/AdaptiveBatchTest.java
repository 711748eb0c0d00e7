package dev.descent.training;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.diagnostics.Diagnostic;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.model.Activation;
import dev.descent.model.ExampleGradientSums;
import dev.descent.model.Initialization;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.Conv2dSpec;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.layer.FlattenSpec;
import dev.descent.model.layer.LayerSpec;
import dev.descent.model.layer.Padding;
import dev.descent.optim.AdagradSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AdaptiveBatchTest {

    private static INDArray random(int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[rows * columns];
        Arrays.setAll(values, i -> random.nextDouble(-1, 1));
        return Nd4j.create(values, new long[]{rows, columns}, DataType.DOUBLE);
    }

    /** Each example's own gradient, from a pass over that row alone: the reference the norm identity must equal. */
    private static List<double[]> exampleGradients(Model model, INDArray x, INDArray y, Loss loss) {
        List<double[]> gradients = new ArrayList<>();
        for (int i = 0; i < x.rows(); i++) {
            INDArray row = x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()).dup();
            INDArray target = y.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()).dup();
            gradients.add(model.gradient(row, target, loss, null).gradients().stream()
                    .flatMapToDouble(g -> Arrays.stream(g.dup().data().asDouble())).toArray());
        }
        return gradients;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void assertRequiredSizes(Model model, INDArray x, INDArray y) {
        Loss loss = new Loss.CrossEntropy();
        List<double[]> g = exampleGradients(model, x, y, loss);
        int b = g.size();
        double[] mean = new double[g.get(0).length];
        g.forEach(gi -> Arrays.setAll(mean, j -> mean[j] + gi[j] / b));
        double meanSquared = dot(mean, mean);
        double normVariance = 0;
        double innerVariance = 0;
        for (double[] gi : g) {
            double[] d = new double[gi.length];
            Arrays.setAll(d, j -> gi[j] - mean[j]);
            normVariance += dot(d, d) / (b - 1);
            double u = dot(gi, mean) - meanSquared;
            innerVariance += u * u / (b - 1);
        }
        double theta = 0.3;
        Model.Signals signals = model.signals(x, y, loss, null);
        assertThat(AdaptiveBatchGradients.requiredSize(new AdaptiveBatchSpec(null, theta, 64),
                ExampleGradientSums.of(signals, false)))
                .isCloseTo(normVariance / (theta * theta * meanSquared), within(1e-9 * normVariance / meanSquared));
        double inner = innerVariance / (theta * theta * meanSquared * meanSquared);
        assertThat(AdaptiveBatchGradients.requiredSize(new AdaptiveBatchSpec(AdaptiveBatchSpec.Test.INNER_PRODUCT,
                theta, 64), ExampleGradientSums.of(signals, true))).isCloseTo(inner, within(1e-9 * inner));
    }

    private static INDArray oneHot(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (i * 5) % classes, 1.0);
        }
        return y;
    }

    @Test
    void bothTestsEqualTheirFormulasOnExplicitPerExampleGradientsOfAnMlpAndACnn() {
        Model mlp = Model.create(ModelSpec.ofLayers(List.of(new DenseSpec(5, Activation.TANH, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64), Shape.features(4), 3, 1);
        assertRequiredSizes(mlp, random(7, 4, 2), oneHot(7, 3));
        List<LayerSpec> layers = List.of(new Conv2dSpec(3, List.of(3, 3), null, null, Padding.SAME, Activation.TANH),
                new FlattenSpec(), new DenseSpec(4, Activation.TANH, 0.0));
        Model cnn = Model.create(ModelSpec.ofLayers(layers, Initialization.XAVIER, Precision.FLOAT64),
                Shape.image(1, 5, 5), 3, 4);
        assertRequiredSizes(cnn, random(6, 25, 3), oneHot(6, 3));
    }

    @Test
    void batchesGrowNeverShrinkStayBelowTheLargestAndEachEpochCoversEveryRowOnce() {
        PreparedData digits = DataPreparation.prepare(new BuiltInDatasets().load("digits", null).orElseThrow(), 0.2,
                0, true, DataType.DOUBLE);
        Model model = Model.create(new ModelSpec(List.of(new DenseSpec(32, Activation.RELU, 0.0)), null,
                Precision.FLOAT64), Shape.features(digits.features()), digits.outputs(), 1);
        List<DiagnosticPoint> sizes = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        TrainingSettings settings = new TrainingSettings(4, 8, 1L)
                .withAdaptiveBatch(new AdaptiveBatchSpec(null, 0.5, 256));
        new Trainer().train(model, new AdagradSpec(0.1, null, null, null), digits, settings, TrainingListener.of(epochs::add,
                points -> points.stream().filter(p -> p.metric() == Diagnostic.BATCH_SIZE).forEach(sizes::add)));
        assertThat(epochs).hasSize(4);
        assertThat(sizes.get(0).value()).isEqualTo(8);
        for (int i = 1; i < sizes.size(); i++) {
            DiagnosticPoint previous = sizes.get(i - 1);
            DiagnosticPoint point = sizes.get(i);
            // an epoch's last batch takes the rows that are left
            boolean lastOfEpoch = i + 1 == sizes.size() || sizes.get(i + 1).epoch() != point.epoch();
            if (!lastOfEpoch) {
                assertThat(point.value()).as("step %d", point.step()).isGreaterThanOrEqualTo(previous.value());
            }
            assertThat(point.value()).isLessThanOrEqualTo(256);
        }
        assertThat(sizes.get(sizes.size() - 2).value()).as("grown").isGreaterThan(8);
        for (int epoch = 1; epoch <= 4; epoch++) {
            int e = epoch;
            assertThat(sizes.stream().filter(p -> p.epoch() == e).mapToDouble(DiagnosticPoint::value).sum())
                    .isEqualTo(digits.trainRows());
        }
        // fewer steps than a fixed batch of 8 takes: 4 epochs of ⌈1438/8⌉ = 180
        assertThat(epochs.get(3).steps()).isLessThan(4 * 180);
    }
}
