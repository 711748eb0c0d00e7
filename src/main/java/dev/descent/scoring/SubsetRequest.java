package dev.descent.scoring;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.descent.model.SpecIds;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** Which rows of a scored dataset a new dataset keeps. */
@Schema(description = "A new dataset of some of a dataset's rows, chosen by a succeeded scoring of it")
public record SubsetRequest(
        @Schema(description = "The scoring (of this dataset) whose scores choose the rows",
                example = "3fa85f64-5717-4562-b3fc-2c963f66afa6") @NotNull UUID scores,
        @Schema(description = "hardest: the highest scores; easiest: the lowest; random: a seeded random choice",
                example = "hardest", allowableValues = {"hardest", "easiest", "random"}) @NotNull Keep keep,
        @Schema(description = "Fraction of the rows kept (at least one row)", example = "0.5")
        @NotNull @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double fraction,
        @Schema(description = "Seed of the random choice", example = "0", defaultValue = "0") Long seed,
        @Schema(description = "A name for people, put before the provenance in the description",
                example = "digits, pruned") @Size(max = 60)
        @Pattern(regexp = "\\P{Cntrl}*", message = "must not contain control characters") String name) {

    public SubsetRequest {
        seed = seed != null ? seed : 0L;
    }

    public enum Keep {
        HARDEST("hardest"),
        EASIEST("easiest"),
        RANDOM("random");

        private final String id;

        Keep(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static Keep of(String id) {
            return SpecIds.byId(values(), Keep::id, id, "keep");
        }
    }
}
