package dev.descent.privacy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.descent.model.SpecIds;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** DP-SGD in front of the job's optimizer (docs/algorithms.md, "Differential privacy"). */
@Schema(description = "Differentially private training (DP-SGD): per-example clipping to clipNorm, Gaussian noise "
        + "of standard deviation noiseMultiplier·clipNorm on the clipped sum, an RDP accountant for ε at delta. Give "
        + "noiseMultiplier, targetEpsilon or both: with only targetEpsilon the noise is calibrated so the planned "
        + "epochs end at the target; with both the job stops before it would exceed the target.")
public record PrivacySpec(
        @Schema(description = "C: each example's gradient is scaled to at most this L2 norm", example = "1.0")
        @NotNull @Positive Double clipNorm,
        @Schema(description = "σ: noise standard deviation relative to clipNorm", example = "1.1")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000") Double noiseMultiplier,
        @Schema(description = "δ of (ε, δ)-differential privacy; should be well below 1/rows", example = "1e-5",
                defaultValue = "1e-5") @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1",
                inclusive = false) Double delta,
        @Schema(description = "poisson: each example joins each step's batch with probability batchSize/rows (what "
                + "the accountant assumes); shuffle: fixed-size shuffled batches, allowed but flagged in the privacy "
                + "report", example = "poisson", defaultValue = "poisson", allowableValues = {"poisson", "shuffle"})
        BatchSampling sampling,
        // bounded as the planning endpoint's: an infinite target cannot be calibrated to (it was a 500)
        @Schema(description = "ε budget", example = "3") @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1000000") Double targetEpsilon,
        @Schema(description = "How the clipped sum is computed: norm-identity (fast, for dense layers) or "
                + "per-example (one backward pass per example; the general reference)", example = "norm-identity",
                defaultValue = "norm-identity", allowableValues = {"norm-identity", "per-example"})
        ClippingMethod clipping,
        @Schema(description = "Projected DP-SGD: a public subset finds the gradient subspace the noisy gradient is "
                + "projected on") @Valid Projection projection,
        @Schema(description = "Private PCA of the inputs (Abadi et al. 2016): the network trains on, and predicts from, "
                + "the rows projected onto the top principal components of their noisy covariance; charged to the "
                + "budget once, before the first step") @Valid Pca pca) {

    public PrivacySpec {
        delta = delta != null ? delta : 1e-5;
        sampling = sampling != null ? sampling : BatchSampling.POISSON;
        clipping = clipping != null ? clipping : ClippingMethod.NORM_IDENTITY;
    }

    @AssertTrue(message = "give noiseMultiplier, targetEpsilon or both")
    @JsonIgnore
    public boolean isNoiseDetermined() {
        return noiseMultiplier != null || targetEpsilon != null;
    }

    /** How each step's batch is drawn under privacy. */
    public enum BatchSampling {
        POISSON("poisson"), SHUFFLE("shuffle");

        private final String id;

        BatchSampling(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static BatchSampling of(String id) {
            return SpecIds.byId(values(), BatchSampling::id, id, "sampling");
        }
    }

    @Schema(description = "Rows held out as public data (not trained on, not charged to the budget) and the rank of "
            + "the subspace")
    public record Projection(
            @Schema(description = "Public rows taken from the training split", example = "200")
            @NotNull @Min(1) @Max(10000) Integer publicRows,
            @Schema(description = "k: dimension of the subspace", example = "20") @NotNull @Min(1) @Max(500) Integer rank) {
    }

    @Schema(description = "Private PCA: each private training row scaled to unit L2 norm, their covariance AᵀA plus "
            + "symmetric Gaussian noise of standard deviation noiseMultiplier (the sensitivity is 1), its top "
            + "eigenvectors as the projection")
    public record Pca(
            @Schema(description = "k: principal components the rows are projected onto (at most the features)",
                    example = "60") @NotNull @Min(1) @Max(PrivatePca.MAX_FEATURES) Integer components,
            @Schema(description = "σ_p: the noise's standard deviation on each covariance entry; the PCA spends Rényi "
                    + "DP α/(2σ_p²)", example = "8") @NotNull @DecimalMin(value = "0", inclusive = false)
            @DecimalMax("1000000") Double noiseMultiplier) {
    }
}
