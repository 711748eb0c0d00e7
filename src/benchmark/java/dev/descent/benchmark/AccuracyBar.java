package dev.descent.benchmark;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.model.Activation;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.ModelSpec;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.model.Precision;
import dev.descent.optim.AdamSpec;
import dev.descent.optim.SgdSpec;
import dev.descent.optim.schedule.CosineSchedule;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Test accuracies through the server's Trainer: the reference MLP on MNIST after 10 epochs, measured on the MNIST
 * test set; and a default small MLP on digits, iris and breast cancer, measured on a held-out 20% of each.
 */
final class AccuracyBar {

    private static final BuiltInDatasets DATASETS = new BuiltInDatasets();

    private AccuracyBar() {
    }

    static void run() {
        ModelSpec reference = new ModelSpec(List.of(new DenseSpec(256, Activation.RELU, 0.0),
                new DenseSpec(128, Activation.RELU, 0.0)), null, Precision.FLOAT32);
        PreparedData train = DataPreparation.prepare(DATASETS.load("mnist", null).orElseThrow(), 0, 0, false,
                DataType.FLOAT);
        PreparedData test = DataPreparation.prepare(DATASETS.load("mnist-test", null).orElseThrow(), 0, 0, false,
                DataType.FLOAT);
        Model network = Model.create(reference, Shape.features(train.features()), train.outputs(), 1);
        new Trainer().train(network, new SgdSpec(0.05, 0.9, null, null, null), train,
                new TrainingSettings(10, 128, null, 1L, new CosineSchedule(null, null), null, null, null, null, null, null),
                TrainingListener.NONE);
        System.out.printf("%naccuracy: reference MLP 784-256-128-10, SGD momentum 0.9 (γ 0.05, cosine), batch 128, 10 epochs: "
                + "MNIST test accuracy %.2f%%%n", 100 * accuracy(network, test.trainX(), test.trainY()));

        ModelSpec small = new ModelSpec(List.of(new DenseSpec(64, Activation.RELU, 0.0)), null, Precision.FLOAT32);
        for (String dataset : List.of("digits", "iris", "breast-cancer")) {
            PreparedData data = DataPreparation.prepare(DATASETS.load(dataset, null).orElseThrow(), 0.2, 0, true,
                    DataType.FLOAT);
            Model mlp = Model.create(small, Shape.features(data.features()), data.outputs(), 1);
            double[] last = new double[1];
            new Trainer().train(mlp, new AdamSpec(0.005, null, null, null, null), data,
                    new TrainingSettings(50, 32, 1L), TrainingListener.ofEpochs(epoch -> last[0] = epoch.validationAccuracy()));
            System.out.printf("accuracy: small MLP (64 ReLU), Adam (γ 0.005), batch 32, 50 epochs, standardised: "
                    + "%s held-out 20%% (%d rows) %.2f%%%n", dataset, data.valX().rows(), 100 * last[0]);
        }
    }

    static double accuracy(Model network, INDArray x, INDArray oneHot) {
        INDArray predicted = network.predict(x).argMax(1);
        return predicted.eq(oneHot.argMax(1)).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }
}
