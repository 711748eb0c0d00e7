package dev.descent.benchmark;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.model.Activation;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.Loss;
import dev.descent.model.ModelSpec;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.model.Precision;
import dev.descent.optim.SgdSpec;
import dev.descent.optim.schedule.CosineSchedule;
import dev.descent.privacy.PrivacyReport;
import dev.descent.privacy.PrivacySpec;
import dev.descent.training.EpochMetrics;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingOutcome;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * DP-SGD through the server's Trainer: the cost of an epoch of the reference MLP at batch 256 against plain SGD,
 * and the MNIST test accuracy a private run on a private PCA of the pixels reaches within an ε budget.
 */
final class PrivacyBar {

    private static final ModelSpec REFERENCE = new ModelSpec(List.of(new DenseSpec(256, Activation.RELU, 0.0),
            new DenseSpec(128, Activation.RELU, 0.0)), null, Precision.FLOAT32);

    private PrivacyBar() {
    }

    static void run(PreparedData mnist, int epochs) {
        double plain = secondsPerEpoch(mnist, null, epochs);
        double dp = secondsPerEpoch(mnist, new PrivacySpec(1.0, 1.0, 1e-5, null, null, null, null, null), epochs);
        System.out.printf("%nprivacy: reference MLP, batch 256, epochs 2..%d: SGD %.2f s/epoch, DP-SGD (Poisson, "
                + "norm-identity clipping, noise) %.2f s/epoch: DP/SGD = %.2f%n", epochs, plain, dp, dp / plain);

        PreparedData test = DataPreparation.prepare(new BuiltInDatasets().load("mnist-test", null).orElseThrow(), 0,
                0, false, DataType.FLOAT);
        // Abadi et al. (2016): a private PCA to 60 inputs, one hidden layer of ReLUs, lots of 600, C = 4
        PrivacySpec privacy = new PrivacySpec(4.0, null, 1e-5, null, 3.0, null, null, new PrivacySpec.Pca(60, 7.0));
        int privateEpochs = 60;
        TrainingSettings settings = new TrainingSettings(privateEpochs, 600, null, 1L, new CosineSchedule(null, null),
                null, null, null, null, null, privacy);
        ModelSpec model = new ModelSpec(List.of(new DenseSpec(500, Activation.RELU, 0.0)), null, Precision.FLOAT32);
        Model network = Model.create(model, settings.modelInput(Shape.features(mnist.features())), mnist.outputs(), 1);
        TrainingOutcome outcome = new Trainer().train(network, new Loss.CrossEntropy(),
                new SgdSpec(0.05, 0.9, null, null, null), mnist, settings, TrainingListener.NONE);
        PrivacyReport report = PrivacyReport.of(privacy, mnist.trainRows(), 600, privateEpochs, outcome.steps());
        System.out.printf("privacy: private PCA to 60 components (σ_p 7, ε %.3f alone), MLP 60-500-10 ReLU, DP-SGD "
                + "momentum 0.9 (γ 0.05, cosine), C 4, Poisson q = 600/60000, %d epochs, σ %.4f calibrated to ε 3 at "
                + "δ 1e-5: ε spent %.3f, MNIST test accuracy %.2f%%%n", report.pca().epsilon(), privateEpochs,
                report.noiseMultiplier(), report.epsilon(), 100 * AccuracyBar.accuracy(network,
                        outcome.inputProjection().apply(test.trainX()), test.trainY()));
    }

    private static double secondsPerEpoch(PreparedData data, PrivacySpec privacy, int epochs) {
        List<EpochMetrics> metrics = new ArrayList<>();
        Model network = Model.create(REFERENCE, Shape.features(data.features()), data.outputs(), 1);
        new Trainer().train(network, new SgdSpec(0.05, 0.9, null, null, null), data,
                new TrainingSettings(epochs, 256, null, 1L, null, null, null, null, null, null, privacy),
                TrainingListener.ofEpochs(metrics::add));
        return metrics.subList(1, metrics.size()).stream().mapToLong(EpochMetrics::durationMillis).average()
                .orElseThrow() / 1000;
    }
}
