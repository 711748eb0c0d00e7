package dev.descent.store;

import dev.descent.dataset.InputProjection;
import dev.descent.dataset.Standardization;
import dev.descent.dataset.Task;
import dev.descent.error.InvalidFieldException;
import dev.descent.model.Activation;
import dev.descent.model.ModelSpec;
import dev.descent.model.LayerValues;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.model.Precision;
import dev.descent.model.layer.DenseSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prediction on raw rows goes through the stored scaling, then the stored projection, then the layers. */
class ModelServiceTest {

    private static final ModelService SERVICE = new ModelService(null, null, new StoreProperties(null, 100, 100, null));

    @Test
    void predictionScalesThenProjectsRawRows() {
        // x' = ((3 − 1)/2, (4 − 2)/1, (4 − 3)/0.5) = (1, 2, 2); x'·P = (1 + 2, 2 + 2) = (3, 4);
        // y' = 3·1 + 4·2 + 0.5 = 11.5; y = 11.5·3 + 10 = 44.5
        ModelArtifact model = new ModelArtifact(ModelArtifact.FORMAT, UUID.randomUUID(), Task.REGRESSION, null,
                List.of("a", "b", "c"), new Standardization(List.of(1.0, 2.0, 3.0), List.of(2.0, 1.0, 0.5), 10, 3),
                new InputProjection(3, 2, new double[]{1, 0, 0, 1, 1, 1}),
                new ModelSpec(List.of(), null, Precision.FLOAT64),
                List.of(new LayerValues(new DenseSpec(1, Activation.IDENTITY, 0.0), Shape.features(2),
                        List.of(new double[]{1, 2}, new double[]{0.5}), List.of())));
        assertThat(SERVICE.predict(model, List.of(List.of(3.0, 4.0, 4.0))).predictions().get(0).value())
                .isEqualTo(44.5);

        // the projection is kept in the stored JSON
        JsonMapper json = JsonMapper.builder().build();
        ModelArtifact stored = json.readValue(json.writeValueAsString(model), ModelArtifact.class);
        assertThat(stored.projection().matrix()).containsExactly(1, 0, 0, 1, 1, 1);
        assertThat(SERVICE.predict(stored, List.of(List.of(3.0, 4.0, 4.0))).predictions().get(0).value())
                .isEqualTo(44.5);
    }

    @Test
    void aFloat32ModelRefusesValuesBeyondItsRangeNamingTheCell() {
        // y = 1e30·a + b in float32, scaled by std 0.5: 2e38 is within float32's range, twice it is not
        ModelArtifact model = new ModelArtifact(ModelArtifact.FORMAT, UUID.randomUUID(), Task.REGRESSION, null,
                List.of("a", "b"), new Standardization(List.of(0.0, 0.0), List.of(1.0, 0.5), 0, 1), null,
                new ModelSpec(List.of(), null, Precision.FLOAT32),
                List.of(new LayerValues(new DenseSpec(1, Activation.IDENTITY, 0.0), Shape.features(2),
                        List.of(new double[]{1e30, 1}, new double[]{0}), List.of())));
        assertThat(SERVICE.predict(model, List.of(List.of(1.0, 1.0))).predictions().get(0).value()).isEqualTo(1e30,
                org.assertj.core.data.Offset.offset(1e24));
        assertThatThrownBy(() -> SERVICE.predict(model, List.of(List.of(1.0, 1.0), List.of(0.0, 1e39))))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("rows[1][1]"))
                .hasMessageContaining("float32");
        assertThatThrownBy(() -> SERVICE.predict(model, List.of(List.of(0.0, 2e38))))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("rows[0][1]"))
                .hasMessageContaining("scaled");
        // within range, but 1e30·1e9 overflows float32: the row, not NaN
        assertThatThrownBy(() -> SERVICE.predict(model, List.of(List.of(1.0, 0.0), List.of(1e9, 0.0))))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("rows[1]"))
                .hasMessageContaining("not finite");
    }
}
