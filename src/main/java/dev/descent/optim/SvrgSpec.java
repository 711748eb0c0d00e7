package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/** SVRG and loopless SVRG: variance-reduced SGD around a snapshot with its full-data gradient. */
@Schema(description = "SVRG: steps with ∇f_B(x) − ∇f_B(w̃) + μ around a snapshot w̃ whose full gradient μ is computed "
        + "over all training rows; refreshed every snapshotInterval steps, or (loopless) with probability p per step")
@JsonTypeName("svrg")
public record SvrgSpec(
        @Schema(description = "Learning rate γ", example = "0.05", defaultValue = "0.01") @Positive Double learningRate,
        @Schema(description = "Steps between snapshots (not loopless); one epoch when omitted", example = "100")
        @Min(1) Long snapshotInterval,
        @Schema(description = "Loopless SVRG: refresh the snapshot with probability p each step", example = "false",
                defaultValue = "false") Boolean loopless,
        @Schema(description = "p for loopless SVRG; batch size / training rows when omitted", example = "0.01")
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double probability) implements OptimizerSpec {

    public SvrgSpec {
        learningRate = learningRate != null ? learningRate : 0.01;
        loopless = loopless != null && loopless;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        long stepsPerEpoch = (context.trainingRows() + context.batchSize() - 1) / context.batchSize();
        return new Svrg(snapshotInterval != null ? snapshotInterval : stepsPerEpoch,
                probability != null ? probability : (double) context.batchSize() / context.trainingRows(),
                loopless, context.seed());
    }

    @Override
    public boolean usesOnlyTheBatchGradient() {
        return false;
    }
}
