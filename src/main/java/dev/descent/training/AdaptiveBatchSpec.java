package dev.descent.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** Batches that grow when a step's gradient is too noisy for its size (docs/methods.md). */
@Schema(description = "Adaptive batch sizes (Byrd et al. 2012, Bollapragada et al. 2018, as AdAdaGrad uses them): "
        + "each step tests its batch's per-example gradients, and when the test fails the next batch grows to the "
        + "size that would pass, up to maxBatchSize; training.batchSize is the first batch's size")
public record AdaptiveBatchSpec(
        @Schema(description = "norm: the batch gradient's variance against θ²‖ḡ‖²; inner-product: the variance of "
                + "g_iᵀḡ against θ²‖ḡ‖⁴", example = "norm", defaultValue = "norm", allowableValues = {"norm", "inner-product"})
        Test test,
        @Schema(description = "θ: the smaller, the sooner batches grow", example = "0.5") @NotNull @Positive
        @DecimalMax("1000") Double theta,
        @Schema(description = "The largest batch a step may take", example = "1024") @NotNull @Min(1)
        @Max(65536) Integer maxBatchSize) {

    public enum Test {
        @JsonProperty("norm") NORM,
        @JsonProperty("inner-product") INNER_PRODUCT
    }

    public AdaptiveBatchSpec {
        test = test != null ? test : Test.NORM;
    }
}
