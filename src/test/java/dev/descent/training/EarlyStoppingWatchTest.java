package dev.descent.training;

import dev.descent.model.LayerValues;
import dev.descent.model.Activation;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.ModelSpec;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.model.Precision;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EarlyStoppingWatchTest {

    private static EpochMetrics epoch(int epoch, double validationLoss, double accuracy) {
        return new EpochMetrics(epoch, epoch, 1, 0.5, validationLoss, accuracy, null, null, 0.1, 1, 1, 1, null);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBestWeights() {
        Model network = Model.create(new ModelSpec(List.of(new DenseSpec(3, Activation.RELU, 0.0)), null,
                Precision.FLOAT64), Shape.features(2), 2, 1);
        EarlyStoppingWatch watch = new EarlyStoppingWatch(new EarlyStopping("validation_loss", 2, 0.01, true));
        assertThat(watch.afterEpoch(epoch(1, 1.0, 0), network)).isNull();
        assertThat(watch.afterEpoch(epoch(2, 0.8, 0), network)).isNull();
        List<LayerValues> best = network.values();
        network.parameters().forEach(p -> p.addi(1));
        assertThat(watch.afterEpoch(epoch(3, 0.795, 0), network)).isNull(); // within minDelta: no improvement
        String reason = watch.afterEpoch(epoch(4, 0.9, 0), network);
        assertThat(reason).contains("after epoch 4", "validation_loss", "best 0.8 at epoch 2", "restored");
        assertThat(network.values().get(0).parameters().get(0)).isEqualTo(best.get(0).parameters().get(0));
    }

    @Test
    void accuracyMustRise() {
        Model network = Model.create(new ModelSpec(List.of(), null, Precision.FLOAT64), Shape.features(2), 2, 1);
        EarlyStoppingWatch watch = new EarlyStoppingWatch(new EarlyStopping("validation_accuracy", 1, null, false));
        assertThat(watch.afterEpoch(epoch(1, 1, 0.5), network)).isNull();
        assertThat(watch.afterEpoch(epoch(2, 1, 0.6), network)).isNull();
        assertThat(watch.afterEpoch(epoch(3, 1, 0.6), network)).contains("validation_accuracy").doesNotContain("restored");
    }
}
