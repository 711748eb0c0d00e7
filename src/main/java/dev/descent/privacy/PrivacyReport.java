package dev.descent.privacy;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What a private job is planned to spend and has spent, and what its guarantee rests on. */
@Schema(description = "A private job's privacy: its DP-SGD settings, the noise it trains with, and the ε spent so far")
public record PrivacyReport(
        @Schema(description = "C, the per-example gradient norm bound") double clipNorm,
        @Schema(description = "σ the job trains with") double noiseMultiplier,
        @Schema(description = "Whether σ was calibrated from targetEpsilon rather than given") boolean noiseCalibrated,
        @Schema(description = "poisson or shuffle") PrivacySpec.BatchSampling sampling,
        @Schema(description = "q = B/N over the private rows") double sampleRate,
        @Schema(description = "Private training rows N (public rows excluded)") int privateRows,
        @Schema(description = "Steps of the planned epochs") long plannedSteps,
        @Schema(description = "The most steps targetEpsilon allows when σ is given too; null otherwise") Long stepBudget,
        @Schema(description = "Steps taken so far") long steps,
        @Schema(description = "δ") double delta,
        @Schema(description = "The ε budget; null without one") Double targetEpsilon,
        @Schema(description = "ε spent so far (RDP accountant, improved conversion)") double epsilon,
        @Schema(description = "The RDP order attaining epsilon") double optimalOrder,
        @Schema(description = "ε by the classic conversion rdp − ln δ/(α−1), for comparison") double classicEpsilon,
        @Schema(description = "ε after the planned steps (or the budget)") double plannedEpsilon,
        @Schema(description = "The private PCA of the inputs and its share of what is spent; null without one")
        PcaShare pca,
        @Schema(description = "What the guarantee does not cover or rests on") List<String> warnings) {

    /** The private PCA, spent once before the first step, and how much of the total it accounts for. */
    @Schema(description = "The private PCA: a Gaussian mechanism without subsampling, RDP α/(2σ_p²), composed with "
            + "DP-SGD's steps by adding RDP at each order before converting to (ε, δ)")
    public record PcaShare(
            @Schema(description = "k, the principal components the inputs are projected onto") int components,
            @Schema(description = "σ_p, the noise on each covariance entry (sensitivity 1)") double noiseMultiplier,
            @Schema(description = "ε of the PCA alone at δ (improved conversion)") double epsilon,
            @Schema(description = "The PCA's fraction of the RDP spent so far at optimalOrder; the rest is DP-SGD's "
                    + "steps") double rdpShare) {
    }

    public static PrivacyReport of(PrivacySpec spec, int privateRows, int batchSize, int epochs, long steps) {
        PrivacyBudget budget = PrivacyBudget.of(spec, privateRows, batchSize, epochs);
        PrivacySpent spent = budget.spent(steps);
        long finalSteps = Math.min(budget.plannedSteps(), budget.stepBudget());
        List<String> warnings = new ArrayList<>();
        if (spec.sampling() == PrivacySpec.BatchSampling.SHUFFLE) {
            warnings.add("fixed-size shuffled batches: the accountant assumes Poisson sampling, so ε is the usual "
                    + "approximation for shuffled batches, not a proven bound");
        }
        if (spec.delta() >= 1.0 / privateRows) {
            warnings.add("δ = " + spec.delta() + " is not below 1/N = " + 1.0 / privateRows
                    + ": a mechanism that publishes a few rows outright would satisfy it");
        }
        if (spec.projection() != null) {
            warnings.add(spec.projection().publicRows() + " training rows are treated as public: they are not "
                    + "protected and not charged to the budget");
        }
        return new PrivacyReport(spec.clipNorm(), budget.noiseMultiplier(), spec.noiseMultiplier() == null,
                spec.sampling(), budget.sampleRate(), privateRows, budget.plannedSteps(),
                budget.stepBudget() == Long.MAX_VALUE ? null : budget.stepBudget(), steps, spec.delta(),
                spec.targetEpsilon(), spent.epsilon(), spent.optimalOrder(), spent.classicEpsilon(),
                budget.epsilon(finalSteps), spec.pca() != null ? pcaShare(spec, budget, steps, spent) : null,
                List.copyOf(warnings));
    }

    private static PcaShare pcaShare(PrivacySpec spec, PrivacyBudget budget, long steps, PrivacySpent spent) {
        int order = Arrays.binarySearch(budget.upFront().orders(), spent.optimalOrder());
        double pca = budget.upFront().rdp(order);
        double total = pca + budget.perStep().rdp(order) * steps;
        return new PcaShare(spec.pca().components(), spec.pca().noiseMultiplier(),
                budget.upFront().epsilon(spec.delta()), pca / total);
    }
}
