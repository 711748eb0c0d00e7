package dev.descent.training;

import dev.descent.augmentation.AugmentationSpec;
import dev.descent.augmentation.MixupSpec;
import dev.descent.augmentation.MultiMixSpec;
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
import dev.descent.privacy.PrivacySpec;
import dev.descent.optim.AdadeltaSpec;
import dev.descent.optim.AdagradNormSpec;
import dev.descent.optim.AdagradSpec;
import dev.descent.optim.AdamSpec;
import dev.descent.optim.AmsGradSpec;
import dev.descent.optim.ExponentiatedGradientSpec;
import dev.descent.optim.FrankWolfeSpec;
import dev.descent.optim.LabelNoiseSgdSpec;
import dev.descent.optim.LbfgsSpec;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.RmsPropSpec;
import dev.descent.optim.SamSpec;
import dev.descent.optim.SgdSpec;
import dev.descent.optim.SgldSpec;
import dev.descent.optim.SignumSpec;
import dev.descent.optim.SsvrSpec;
import dev.descent.optim.SvrgSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run stopped mid-epoch and resumed from its checkpoint (written to JSON and read back, as the server stores it)
 * continues exactly as the uninterrupted run, bit for bit, in float64 — with dropout, early stopping's memory and
 * every optimizer's state.
 */
class ResumeTest {

    private static final PreparedData IRIS = DataPreparation.prepare(new BuiltInDatasets().load("iris", null)
            .orElseThrow(), 0.2, 0, true, Precision.FLOAT64.dataType());
    private static final ModelSpec MODEL = new ModelSpec(List.of(new DenseSpec(8, Activation.TANH, 0.2)), null,
            Precision.FLOAT64);
    private static final TrainingSettings SETTINGS = new TrainingSettings(3, 16, null, 5L, null, null, null, null,
            new EarlyStopping("validation_loss", 10, null, true), 1, null);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<OptimizerSpec> optimizers() {
        return Stream.of(new SgdSpec(0.1, 0.9, null, 1e-3, true), new AdamSpec(0.01, null, null, null, null),
                new AmsGradSpec(0.01, null, null, null, null), new AdagradSpec(0.1, 0.01, null, null),
                new AdagradNormSpec(1.0, null), new RmsPropSpec(0.01, null, null, 0.5, true),
                new AdadeltaSpec(null, null, null), new SignumSpec(0.01, null), new SgldSpec(1e-4, 1e-3, 1.0),
                new SamSpec(0.05, true, new AdamSpec(0.01, null, null, null, null)),
                new LbfgsSpec(null, null, 2, null, null, true), new SvrgSpec(0.05, null, true, null),
                new SsvrSpec(0.01, null), new LabelNoiseSgdSpec(0.1, null, 0.2),
                new ExponentiatedGradientSpec(0.5, 20.0, true), new FrankWolfeSpec(1.0, 20.0, "l1-ball"));
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void aResumedRunEqualsTheUninterruptedOne(OptimizerSpec optimizer) {
        assertResumesExactly(optimizer, SETTINGS);
    }

    static Stream<PrivacySpec> privacy() {
        return Stream.of(new PrivacySpec(1.0, 0.8, null, null, null, null, null, null),
                new PrivacySpec(1.0, null, 1e-3, PrivacySpec.BatchSampling.SHUFFLE, 20.0, null,
                        new PrivacySpec.Projection(16, 4), null),
                new PrivacySpec(1.0, 0.8, null, null, null, null, null, new PrivacySpec.Pca(2, 3.0)));
    }

    @ParameterizedTest
    @MethodSource("privacy")
    void aPrivateRunResumesExactlyWithItsPoissonBatchesNoiseAndProjections(PrivacySpec privacy) {
        assertResumesExactly(new AdamSpec(0.01, null, null, null, null), new TrainingSettings(3, 16, null, 5L, null,
                null, null, null, new EarlyStopping("validation_loss", 10, null, true), 1, privacy));
    }

    static Stream<AugmentationSpec> augmentations() {
        return Stream.of(new MixupSpec(0.4), new MultiMixSpec(1.0, 3));
    }

    @ParameterizedTest
    @MethodSource("augmentations")
    void aMixedRunResumesExactlyWithItsDrawsAndDiffersFromAPlainOne(AugmentationSpec augmentation) {
        for (OptimizerSpec optimizer : List.of(new SgdSpec(0.1, 0.9, null, null, null),
                new LbfgsSpec(null, null, 2, null, null, true), new SvrgSpec(0.05, null, true, null))) {
            assertResumesExactly(optimizer, SETTINGS.withAugmentation(augmentation));
        }
        List<StepMetrics> plain = new ArrayList<>();
        List<StepMetrics> mixed = new ArrayList<>();
        OptimizerSpec sgd = new SgdSpec(0.1, null, null, null, null);
        new Trainer().train(Model.create(MODEL, Shape.features(IRIS.features()), IRIS.outputs(), 5), sgd, IRIS,
                SETTINGS, recording(plain, -1));
        new Trainer().train(Model.create(MODEL, Shape.features(IRIS.features()), IRIS.outputs(), 5), sgd, IRIS,
                SETTINGS.withAugmentation(augmentation), recording(mixed, -1));
        assertThat(mixed.get(0).loss()).isNotEqualTo(plain.get(0).loss());
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void aRunWithGrowingBatchesResumesExactlyWhereItsOrderAndBatchSizeStood(OptimizerSpec optimizer) {
        assertResumesExactly(optimizer, new TrainingSettings(6, 16, null, 5L, null, null, null, null, null, 1, null)
                .withAdaptiveBatch(new AdaptiveBatchSpec(AdaptiveBatchSpec.Test.INNER_PRODUCT, 0.5, 48)));
    }

    private static void assertResumesExactly(OptimizerSpec optimizer, TrainingSettings settings) {
        List<StepMetrics> uninterrupted = new ArrayList<>();
        Model whole = Model.create(MODEL, settings.modelInput(Shape.features(IRIS.features())), IRIS.outputs(), 5);
        TrainingOutcome wholeOutcome = new Trainer().train(whole, new Loss.CrossEntropy(), optimizer, IRIS, settings,
                recording(uninterrupted, -1), null, CheckpointSink.NONE);

        List<StepMetrics> resumed = new ArrayList<>();
        List<TrainingState> checkpoints = new ArrayList<>();
        Model first = Model.create(MODEL, settings.modelInput(Shape.features(IRIS.features())), IRIS.outputs(), 5);
        // stops after 11 steps: in the middle of epoch 2, after the end-of-epoch-1 checkpoint
        TrainingOutcome stopped = new Trainer().train(first, new Loss.CrossEntropy(), optimizer, IRIS, settings,
                recording(resumed, 11), null, checkpoints::add);
        assertThat(stopped.cancelled()).isTrue();
        // an epoch's end checkpoint, then the one taken where it stopped, in the middle of a later epoch
        assertThat(checkpoints.size()).isGreaterThanOrEqualTo(2);
        TrainingState state = JSON.readValue(JSON.writeValueAsString(checkpoints.get(checkpoints.size() - 1)),
                TrainingState.class);
        assertThat(state.epoch()).isEqualTo(checkpoints.size());
        assertThat(state.step()).isEqualTo(11);
        if (settings.adaptiveBatch() == null) {
            assertThat(state.stepInEpoch()).isPositive(); // growing batches may stop on an epoch's boundary
        }

        Model second = Model.create(MODEL, settings.modelInput(Shape.features(IRIS.features())), IRIS.outputs(), 99);
        TrainingOutcome finished = new Trainer().train(second, new Loss.CrossEntropy(), optimizer, IRIS, settings,
                recording(resumed, -1), state, CheckpointSink.NONE);
        assertThat(resumed).isEqualTo(uninterrupted);
        if (wholeOutcome.inputProjection() != null) {
            // the private PCA is computed again on resuming, to the bit
            assertThat(finished.inputProjection().matrix()).isEqualTo(wholeOutcome.inputProjection().matrix());
        }
        assertThat(second.values().get(0).parameters().get(0)).isEqualTo(whole.values().get(0).parameters().get(0));
    }

    private static TrainingListener recording(List<StepMetrics> steps, int stopAfter) {
        return new TrainingListener() {
            @Override
            public void onStep(StepMetrics step) {
                steps.add(step);
            }

            @Override
            public void onEpoch(EpochMetrics epoch) {
            }

            @Override
            public boolean stopRequested() {
                return steps.size() == stopAfter;
            }
        };
    }
}
