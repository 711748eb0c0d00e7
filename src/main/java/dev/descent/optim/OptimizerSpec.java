package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;

/** An optimizer's hyperparameters, selected by {@code type}; {@link #create()} gives a fresh optimizer. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SgdSpec.class, name = "sgd"),
        @JsonSubTypes.Type(value = AdamSpec.class, name = "adam")
})
@Schema(description = "The optimizer, chosen by type", oneOf = {SgdSpec.class, AdamSpec.class},
        discriminatorProperty = "type", discriminatorMapping = {
        @DiscriminatorMapping(value = "sgd", schema = SgdSpec.class),
        @DiscriminatorMapping(value = "adam", schema = AdamSpec.class)})
public sealed interface OptimizerSpec permits SgdSpec, AdamSpec {

    /** The base learning rate γ. */
    Double learningRate();

    Optimizer create();
}
