package dev.descent.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.descent.error.InvalidFieldException;
import dev.descent.error.InvalidParameterException;
import dev.descent.privacy.CalibratedNoise;
import dev.descent.privacy.NoiseCalibration;
import dev.descent.privacy.PrivacySpent;
import dev.descent.privacy.PrivatePca;
import dev.descent.privacy.RdpAccountant;
import dev.descent.privacy.UnreachableEpsilonException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Planning a DP-SGD run before submitting it: the ε a noise multiplier gives, or the noise multiplier a target ε
 * needs. The run is given as sample rate and steps, or as dataset size, batch size and epochs.
 */
@RestController
@RequestMapping("/api/v1/privacy")
@Tag(name = "Privacy", description = "Plan DP-SGD runs: the (ε, δ) a noise multiplier gives, or the smallest noise "
        + "multiplier for a target ε (Rényi DP accountant of the Poisson-subsampled Gaussian mechanism)")
public class PrivacyController {

    static final long MAX_STEPS = 1_000_000_000L;
    private static final String RUN = " The run is sampleRate and steps, or datasetSize, batchSize and epochs "
            + "(sampleRate = batchSize/datasetSize, steps = ⌈epochs·datasetSize/batchSize⌉, as TF Privacy). "
            + "Given values win over derived ones; when both forms are given they must agree. With pcaNoiseMultiplier "
            + "σ_p, a private PCA's Rényi DP α/(2σ_p²) is added to the steps' at every order before converting.";

    /** ε of a planned run, with the inputs it was computed from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EpsilonResponse(
            @Schema(description = "ε by the improved RDP conversion (Balle et al. 2020; TF Privacy's compute_epsilon)",
                    example = "0.7242234026105956") double epsilon,
            @Schema(description = "The Rényi order attaining epsilon", example = "19.0") double optimalOrder,
            @Schema(description = "ε by the classic conversion rdp − ln δ/(α−1); never smaller",
                    example = "0.9418705671678957") double classicEpsilon,
            @Schema(description = "The Rényi order attaining classicEpsilon", example = "19.0") double classicOptimalOrder,
            double sampleRate, double noiseMultiplier, long steps, double delta,
            @Schema(description = "Echoed when given") Long datasetSize,
            @Schema(description = "Echoed when given") Long batchSize,
            @Schema(description = "Echoed when given") Double epochs,
            @Schema(description = "Echoed when given") Double pcaNoiseMultiplier) {
    }

    /** The smallest noise multiplier for a target ε, and what it spends. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NoiseResponse(
            @Schema(description = "σ: the smallest found, within a relative 1e-6, whose ε is at most targetEpsilon",
                    example = "1.3000001907348633") double noiseMultiplier,
            @Schema(description = "ε at that σ (improved conversion), at most targetEpsilon",
                    example = "0.724223241163849") double epsilon,
            @Schema(description = "The Rényi order attaining epsilon", example = "19.0") double optimalOrder,
            @Schema(description = "ε at that σ by the classic conversion") double classicEpsilon,
            double targetEpsilon, double sampleRate, long steps, double delta,
            @Schema(description = "Echoed when given") Long datasetSize,
            @Schema(description = "Echoed when given") Long batchSize,
            @Schema(description = "Echoed when given") Double epochs,
            @Schema(description = "Echoed when given") Double pcaNoiseMultiplier) {
    }

    @GetMapping("/epsilon")
    @Operation(summary = "ε of a DP-SGD run", description = "The (ε, δ) that DP-SGD with Poisson sampling at the given "
            + "sample rate and noise multiplier reaches after the given steps, from Rényi DP at orders 1.1…10.9 and "
            + "12…63, by the improved conversion (and the classic one, for comparison)." + RUN)
    @ApiResponse(responseCode = "200", description = "ε and the optimal order")
    @ApiResponse(responseCode = "400", description = "A parameter missing, out of range, or inconsistent with another "
            + "(the problem's field names it)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public EpsilonResponse epsilon(
            @Parameter(description = "q in (0, 1]: the probability of each example joining a batch", example = "0.0025")
            @RequestParam(required = false) @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double sampleRate,
            @Parameter(description = "σ > 0: noise standard deviation over the clipping norm", required = true, example = "1.3")
            @RequestParam(required = false) @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") Double noiseMultiplier,
            @Parameter(description = "Optimizer steps, 1 to 1e9", example = "6000")
            @RequestParam(required = false) @Min(1) @Max(MAX_STEPS) Long steps,
            @Parameter(description = "δ in (0, 1), usually below 1/datasetSize", required = true, example = "1e-5")
            @RequestParam(required = false) @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double delta,
            @Parameter(description = "Training rows; with batchSize, instead of sampleRate", example = "60000")
            @RequestParam(required = false) @Min(1) @Max(1_000_000_000_000L) Long datasetSize,
            @Parameter(description = "Expected batch size; with datasetSize, instead of sampleRate", example = "150")
            @RequestParam(required = false) @Min(1) Long batchSize,
            @Parameter(description = "Epochs (may be fractional); with datasetSize and batchSize, instead of steps", example = "15")
            @RequestParam(required = false) @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") Double epochs,
            @Parameter(description = "σ_p of a private PCA of the inputs spent before the steps (training.privacy.pca."
                    + "noiseMultiplier); none when omitted", example = "8")
            @RequestParam(required = false) @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") Double pcaNoiseMultiplier) {
        double sigma = required("noiseMultiplier", noiseMultiplier);
        double d = required("delta", delta);
        Run run = Run.resolve(sampleRate, steps, datasetSize, batchSize, epochs);
        PrivacySpent spent = upFront(pcaNoiseMultiplier).plus(run.sampleRate(), sigma, run.steps()).spent(d);
        return new EpsilonResponse(spent.epsilon(), spent.optimalOrder(), spent.classicEpsilon(),
                spent.classicOptimalOrder(), run.sampleRate(), sigma, run.steps(), d, datasetSize, batchSize, epochs,
                pcaNoiseMultiplier);
    }

    @GetMapping("/noise")
    @Operation(summary = "Noise multiplier for a target ε", description = "The smallest noise multiplier σ (searched in "
            + "[0.001, 1e6] by bisection, to a relative 1e-6) for which DP-SGD with Poisson sampling stays within "
            + "targetEpsilon at delta (improved conversion), with the ε it reaches. A target reached already at "
            + "σ = 0.001 answers 0.001." + RUN)
    @ApiResponse(responseCode = "200", description = "σ and the ε it reaches")
    @ApiResponse(responseCode = "400", description = "A parameter missing, out of range, or inconsistent with another "
            + "(the problem's field names it)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "No σ up to 1e6 reaches targetEpsilon (field: targetEpsilon)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public NoiseResponse noise(
            @Parameter(description = "q in (0, 1]: the probability of each example joining a batch", example = "0.0025")
            @RequestParam(required = false) @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double sampleRate,
            @Parameter(description = "Optimizer steps, 1 to 1e9", example = "6000")
            @RequestParam(required = false) @Min(1) @Max(MAX_STEPS) Long steps,
            @Parameter(description = "δ in (0, 1), usually below 1/datasetSize", required = true, example = "1e-5")
            @RequestParam(required = false) @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double delta,
            @Parameter(description = "ε > 0 the run must stay within", required = true, example = "1.0")
            @RequestParam(required = false) @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") Double targetEpsilon,
            @Parameter(description = "Training rows; with batchSize, instead of sampleRate", example = "60000")
            @RequestParam(required = false) @Min(1) @Max(1_000_000_000_000L) Long datasetSize,
            @Parameter(description = "Expected batch size; with datasetSize, instead of sampleRate", example = "150")
            @RequestParam(required = false) @Min(1) Long batchSize,
            @Parameter(description = "Epochs (may be fractional); with datasetSize and batchSize, instead of steps", example = "15")
            @RequestParam(required = false) @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") Double epochs,
            @Parameter(description = "σ_p of a private PCA of the inputs spent before the steps (training.privacy.pca."
                    + "noiseMultiplier); none when omitted", example = "8")
            @RequestParam(required = false) @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") Double pcaNoiseMultiplier) {
        double d = required("delta", delta);
        double target = required("targetEpsilon", targetEpsilon);
        Run run = Run.resolve(sampleRate, steps, datasetSize, batchSize, epochs);
        CalibratedNoise noise;
        try {
            noise = NoiseCalibration.smallestNoiseMultiplier(upFront(pcaNoiseMultiplier), run.sampleRate(), run.steps(),
                    d, target);
        } catch (UnreachableEpsilonException e) {
            throw new InvalidFieldException("targetEpsilon", e.getMessage());
        }
        PrivacySpent spent = noise.spent();
        return new NoiseResponse(noise.noiseMultiplier(), spent.epsilon(), spent.optimalOrder(), spent.classicEpsilon(),
                target, run.sampleRate(), run.steps(), d, datasetSize, batchSize, epochs, pcaNoiseMultiplier);
    }

    /** What a private PCA with noise σ_p spends before the first step; nothing without one. */
    private static RdpAccountant upFront(Double pcaNoiseMultiplier) {
        return pcaNoiseMultiplier != null ? PrivatePca.cost(required("pcaNoiseMultiplier", pcaNoiseMultiplier))
                : RdpAccountant.empty();
    }

    /** A query parameter missing or inconsistent with another (answered 400, naming it). */
    private static double required(String name, Double value) {
        if (value == null) {
            throw new InvalidParameterException(name, "is required");
        }
        if (!Double.isFinite(value)) {
            throw new InvalidParameterException(name, "must be a finite number, was " + value);
        }
        return value;
    }

    /** Sample rate and steps of a run, given directly or derived from dataset size, batch size and epochs. */
    record Run(double sampleRate, long steps) {

        static Run resolve(Double sampleRate, Long steps, Long datasetSize, Long batchSize, Double epochs) {
            if ((datasetSize == null) != (batchSize == null)) {
                String missing = datasetSize == null ? "datasetSize" : "batchSize";
                throw new InvalidParameterException(missing, "is required with "
                        + (datasetSize == null ? "batchSize" : "datasetSize") + " (sampleRate = batchSize/datasetSize)");
            }
            boolean sizes = datasetSize != null;
            if (sizes && batchSize > datasetSize) {
                throw new InvalidParameterException("batchSize", "must be <= datasetSize (" + datasetSize + "), was "
                        + batchSize);
            }
            if (epochs != null && !sizes) {
                throw new InvalidParameterException("datasetSize", "and batchSize are required with epochs");
            }
            double q;
            if (sampleRate != null) {
                q = required("sampleRate", sampleRate);
                if (sizes && Math.abs(q - (double) batchSize / datasetSize) > 1e-9 * q) {
                    throw new InvalidParameterException("sampleRate", q + " disagrees with batchSize/datasetSize = "
                            + (double) batchSize / datasetSize + "; give one or the other");
                }
            } else if (sizes) {
                q = (double) batchSize / datasetSize;
            } else {
                throw new InvalidParameterException("sampleRate", "is required (or datasetSize and batchSize)");
            }
            Long fromEpochs = epochs == null ? null : stepsOf(required("epochs", epochs), datasetSize, batchSize);
            long n;
            if (steps != null) {
                n = steps;
                if (fromEpochs != null && fromEpochs != n) {
                    throw new InvalidParameterException("steps", n + " disagrees with ⌈epochs·datasetSize/batchSize⌉ = "
                            + fromEpochs + "; give one or the other");
                }
            } else if (fromEpochs != null) {
                if (fromEpochs > MAX_STEPS) {
                    throw new InvalidParameterException("epochs", "gives " + fromEpochs + " steps, more than " + MAX_STEPS);
                }
                n = fromEpochs;
            } else {
                throw new InvalidParameterException("steps", "is required (or epochs with datasetSize and batchSize)");
            }
            return new Run(q, n);
        }

        /** ⌈epochs·N/B⌉ in decimal arithmetic, so that 0.1 epochs of 60000 rows in batches of 150 is 40 steps. */
        private static long stepsOf(double epochs, long datasetSize, long batchSize) {
            BigDecimal exact = BigDecimal.valueOf(epochs).multiply(BigDecimal.valueOf(datasetSize))
                    .divide(BigDecimal.valueOf(batchSize), 0, RoundingMode.CEILING);
            return exact.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValueExact();
        }
    }
}
