package dev.descent.benchmark;

import dev.descent.augmentation.AugmentationSpec;
import dev.descent.augmentation.GradientVariance;
import dev.descent.augmentation.Mixup;
import dev.descent.augmentation.MixupSpec;
import dev.descent.augmentation.MultiMixSpec;
import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.math.ScratchArrays;
import dev.descent.model.Activation;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.DenseSpec;
import dev.descent.optim.SgdSpec;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Multi-mix against mixup on digits through the server's Trainer (docs/methods.md): held-out accuracy after
 * {@code --mixup-epochs} (60) epochs over {@code --mixup-seeds} (5) seeds, without mixing, with mixup (α 1) and with
 * multi-mix (α 1, K 4); and the variance of a step's gradient, E‖g − E g‖², at the parameters after 5 plain epochs,
 * over the mixing draws on one batch and over whole steps (batch and mixing drawn). The bar: multi-mix reaches at
 * least mixup's accuracy with a lower gradient variance. Run:
 * {@code ./mvnw -q test-compile exec:java@benchmark -Dexec.args="--mixup"}.
 */
final class MixupBar {

    private static final ModelSpec MLP = new ModelSpec(List.of(new DenseSpec(64, Activation.RELU, 0.0)), null,
            Precision.FLOAT64);
    private static final int BATCH = 32;
    private static final int DRAWS = 400;

    private MixupBar() {
    }

    static void run(CommandLine options) {
        int epochs = options.intValue("--mixup-epochs", 60);
        int seeds = options.intValue("--mixup-seeds", 5);
        PreparedData digits = DataPreparation.prepare(new BuiltInDatasets().load("digits", null).orElseThrow(), 0.2,
                0, true, Precision.FLOAT64.dataType());
        System.out.printf("descent benchmark --mixup: digits (%d training rows, %d held out), MLP 64-64-10 (ReLU), "
                + "SGD γ 0.05 momentum 0.9, batch %d, %d epochs, seeds 1–%d; load average %s%n", digits.trainRows(),
                digits.valX().rows(), BATCH, epochs, seeds, Benchmark.loadAverage());
        List<AugmentationSpec> methods = Arrays.asList(null, new MixupSpec(1.0), new MultiMixSpec(1.0, 4));
        double[] meanAccuracy = new double[methods.size()];
        for (int m = 0; m < methods.size(); m++) {
            double[] accuracies = new double[seeds];
            long started = System.nanoTime();
            for (int seed = 1; seed <= seeds; seed++) {
                accuracies[seed - 1] = train(digits, methods.get(m), epochs, seed);
            }
            meanAccuracy[m] = Arrays.stream(accuracies).average().orElseThrow();
            System.out.printf("  %-28s held-out accuracy %.2f%% (per seed %s), %.1f s%n", name(methods.get(m)),
                    100 * meanAccuracy[m], Arrays.stream(accuracies).mapToObj(a -> String.format("%.2f", 100 * a))
                            .toList(), (System.nanoTime() - started) / 1e9);
        }

        Model model = Model.create(MLP, Shape.features(digits.features()), digits.outputs(), 1);
        new Trainer().train(model, new SgdSpec(0.05, 0.9, null, null, null), digits,
                new TrainingSettings(5, BATCH, 1L), TrainingListener.NONE);
        System.out.printf("%ngradient variance E‖g − E g‖² at the parameters after 5 plain epochs, %d draws:%n", DRAWS);
        double[][] variances = new double[2][];
        for (int m = 1; m < methods.size(); m++) {
            variances[m - 1] = new double[]{variance(model, digits, methods.get(m), true),
                    variance(model, digits, methods.get(m), false)};
            System.out.printf("  %-28s over the mixing draws on one batch %.5f, over whole steps %.5f%n",
                    name(methods.get(m)), variances[m - 1][0], variances[m - 1][1]);
        }
        boolean met = meanAccuracy[2] >= meanAccuracy[1] && variances[1][0] < variances[0][0]
                && variances[1][1] < variances[0][1];
        System.out.printf("%nmulti-mix (K 4) against mixup: accuracy %.2f%% vs %.2f%%, step variance %.2f× mixup's "
                + "(bar: at least mixup's accuracy with a lower variance: %s)%n", 100 * meanAccuracy[2],
                100 * meanAccuracy[1], variances[1][1] / variances[0][1], met ? "met" : "NOT met");
    }

    private static String name(AugmentationSpec method) {
        return method == null ? "no mixing" : method instanceof MixupSpec ? "mixup α 1"
                : "multi-mix α 1, K " + method.interpolations();
    }

    private static double train(PreparedData data, AugmentationSpec method, int epochs, long seed) {
        Model model = Model.create(MLP, Shape.features(data.features()), data.outputs(), seed);
        double[] last = new double[1];
        new Trainer().train(model, new SgdSpec(0.05, 0.9, null, null, null), data,
                new TrainingSettings(epochs, BATCH, seed).withAugmentation(method),
                TrainingListener.ofEpochs(epoch -> last[0] = epoch.validationAccuracy()));
        return last[0];
    }

    /** E‖g − E g‖² of the mixed gradient: on the first batch of rows, or with each draw's batch drawn too. */
    private static double variance(Model model, PreparedData data, AugmentationSpec method, boolean oneBatch) {
        Loss loss = new Loss.CrossEntropy();
        SplittableRandom random = new SplittableRandom(7);
        GradientVariance variance = new GradientVariance();
        for (int draw = 0; draw < DRAWS; draw++) {
            int[] rows = oneBatch ? firstRows(BATCH) : random.ints(BATCH, 0, data.trainRows()).toArray();
            INDArray x = Nd4j.pullRows(data.trainX(), 1, rows);
            INDArray y = Nd4j.pullRows(data.trainY(), 1, rows);
            Mixup.Batch mixed = Mixup.mix(method, x, y, random.nextLong(), false, ScratchArrays.fresh());
            variance.add(model.gradient(mixed.x(), mixed.y(), loss, null).gradients());
        }
        return variance.value();
    }

    private static int[] firstRows(int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return rows;
    }
}
