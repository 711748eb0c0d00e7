package dev.descent.benchmark;

import dev.descent.dataset.PreparedData;
import dev.descent.model.Activation;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.ModelSpec;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.model.Precision;
import dev.descent.optim.SgdSpec;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference MLP (784-256-128-10, ReLU, softmax cross-entropy; SGD momentum 0.9, γ 0.05, batch 128, seed 1)
 * trained by the server's own Trainer in this process, with nothing listening but an epoch timer.
 */
final class TrainerRun {

    static final ModelSpec REFERENCE_MODEL = new ModelSpec(List.of(new DenseSpec(256, Activation.RELU, 0.0),
            new DenseSpec(128, Activation.RELU, 0.0)), null, Precision.FLOAT32);

    private TrainerRun() {
    }

    static EpochTimes train(PreparedData data, int epochs) {
        List<Double> millis = new ArrayList<>();
        Model network = Model.create(REFERENCE_MODEL, Shape.features(data.features()), data.outputs(), 1);
        new Trainer().train(network, new SgdSpec(0.05, 0.9, null, null, null), data,
                new TrainingSettings(epochs, 128, 1L), TrainingListener.ofEpochs(epoch -> {
                    millis.add((double) epoch.durationMillis());
                    System.out.printf("  Trainer epoch %d: %,d ms, %,.0f samples/s, train loss %.4f, accuracy %.4f%n",
                            epoch.epoch(), epoch.durationMillis(), epoch.samplesPerSecond(), epoch.trainLoss(),
                            epoch.trainAccuracy());
                }));
        return new EpochTimes(data.trainRows(), millis);
    }
}
