package dev.descent.dataset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltInDatasetsTest {

    private final BuiltInDatasets builtIns = new BuiltInDatasets();

    @Test
    void everyShippedDatasetLoadsWithTheAdvertisedShape() {
        for (DatasetInfo info : builtIns.list()) {
            Dataset data = builtIns.load(info.id(), null).orElseThrow();
            assertThat(data.rows()).as(info.id()).isEqualTo(info.rows());
            assertThat(data.features()).as(info.id()).isEqualTo(info.features());
            assertThat(data.task()).as(info.id()).isEqualTo(info.task());
            assertThat(data.classNames()).as(info.id()).isEqualTo(info.classNames());
            for (float label : data.y()) {
                if (info.task() == Task.CLASSIFICATION) {
                    assertThat((int) label).as(info.id()).isBetween(0, info.classNames().size() - 1);
                }
            }
        }
    }

    @Test
    void mnistPixelsAreScaledAndLabelsMatchTheKnownFirstDigits() {
        Dataset train = builtIns.load("mnist", null).orElseThrow();
        // the first training labels of MNIST are 5, 0, 4, 1, 9
        assertThat(java.util.Arrays.copyOf(train.y(), 5)).containsExactly(5, 0, 4, 1, 9);
        float max = 0;
        for (float v : train.x()) {
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void syntheticDatasetsDependOnlyOnTheirOptions() {
        GeneratorOptions options = new GeneratorOptions(200, 0.05, 4, 3, 9L);
        Dataset a = builtIns.load("blobs", options).orElseThrow();
        Dataset b = builtIns.load("blobs", options).orElseThrow();
        assertThat(a.x()).isEqualTo(b.x());
        assertThat(a.rows()).isEqualTo(200);
        assertThat(a.features()).isEqualTo(3);
        assertThat(a.classes()).isEqualTo(4);
        Dataset other = builtIns.load("blobs", new GeneratorOptions(200, 0.05, 4, 3, 10L)).orElseThrow();
        assertThat(other.x()).isNotEqualTo(a.x());
        assertThat(builtIns.load("linear-regression", null).orElseThrow().task()).isEqualTo(Task.REGRESSION);
    }
}
