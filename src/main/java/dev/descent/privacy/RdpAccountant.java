package dev.descent.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * Privacy spent by DP-SGD with Poisson sampling, as Rényi DP over a fixed list of orders, converted to (ε, δ) on
 * demand. Immutable: {@link #plus} returns a new accountant, so a trainer can keep one per job, add each epoch's
 * steps, and ask "what if" questions without touching it.
 * <p>
 * Cost: the per-step curve of a (q, σ) pair is computed once (about a millisecond at the 150 default orders) and
 * reused by every later {@code plus} with the same pair; adding steps and {@link #epsilon} are one pass over the
 * orders.
 * <pre>{@code
 * RdpAccountant spent = RdpAccountant.poissonGaussian(q, sigma, stepsPerEpoch);   // after epoch 1
 * spent = spent.plus(q, sigma, stepsPerEpoch);                                    // after epoch 2
 * double eps = spent.epsilon(1e-5);
 * long more = spent.stepsWithin(q, sigma, 1e-5, budget);   // steps left before ε would pass the budget
 * }</pre>
 */
public final class RdpAccountant {

    /**
     * Steps of the subsampled Gaussian mechanism with one sampling rate and noise multiplier.
     *
     * @param sampleRate      q, the probability of each example joining a batch (expected batch / dataset size)
     * @param noiseMultiplier σ, noise standard deviation over the clipping norm
     */
    public record Phase(double sampleRate, double noiseMultiplier, long steps) {
        public Phase {
            SubsampledGaussianRdp.check(sampleRate, noiseMultiplier);
            if (steps < 0) {
                throw new IllegalArgumentException("steps must be >= 0, was " + steps);
            }
        }
    }

    private final List<Phase> phases;
    /** The per-step curve of each phase, in the same order. */
    private final List<RdpCurve> perStep;
    private final RdpCurve total;

    private RdpAccountant(List<Phase> phases, List<RdpCurve> perStep, RdpCurve total) {
        this.phases = phases;
        this.perStep = perStep;
        this.total = total;
    }

    /** Nothing spent, at the default orders ({@link RdpCurve#defaultOrders()}). */
    public static RdpAccountant empty() {
        return new RdpAccountant(List.of(), List.of(), RdpCurve.zero());
    }

    /** Nothing spent, at the given orders (each > 1). */
    public static RdpAccountant empty(double... orders) {
        return new RdpAccountant(List.of(), List.of(), RdpCurve.zero(orders));
    }

    /** {@code steps} steps of DP-SGD with sampling rate q and noise multiplier σ, at the default orders. */
    public static RdpAccountant poissonGaussian(double sampleRate, double noiseMultiplier, long steps) {
        return empty().plus(sampleRate, noiseMultiplier, steps);
    }

    /**
     * This accountant followed by {@code steps} more steps at (q, σ). Continuing the last phase with the same
     * (q, σ) extends it rather than adding a phase.
     */
    public RdpAccountant plus(double sampleRate, double noiseMultiplier, long steps) {
        Phase phase = new Phase(sampleRate, noiseMultiplier, steps);
        RdpCurve curve = perStep(sampleRate, noiseMultiplier);
        List<Phase> nextPhases = new ArrayList<>(phases);
        List<RdpCurve> nextCurves = new ArrayList<>(perStep);
        int last = phases.size() - 1;
        if (last >= 0 && samePair(phases.get(last), sampleRate, noiseMultiplier)) {
            nextPhases.set(last, new Phase(sampleRate, noiseMultiplier, Math.addExact(phases.get(last).steps(), steps)));
        } else {
            nextPhases.add(phase);
            nextCurves.add(curve);
        }
        return new RdpAccountant(List.copyOf(nextPhases), List.copyOf(nextCurves), total.plus(curve, steps));
    }

    /** {@code steps} more steps of the last phase. */
    public RdpAccountant plusSteps(long steps) {
        if (phases.isEmpty()) {
            throw new IllegalStateException("no phase to continue: add one with plus(sampleRate, noiseMultiplier, steps)");
        }
        Phase last = phases.get(phases.size() - 1);
        return plus(last.sampleRate(), last.noiseMultiplier(), steps);
    }

    /** The RDP of one step at (q, σ) over this accountant's orders; reused from a phase when it has that pair. */
    public RdpCurve perStep(double sampleRate, double noiseMultiplier) {
        for (int i = phases.size() - 1; i >= 0; i--) {
            if (samePair(phases.get(i), sampleRate, noiseMultiplier)) {
                return perStep.get(i);
            }
        }
        return RdpCurve.poissonGaussian(sampleRate, noiseMultiplier, total.orders());
    }

    private static boolean samePair(Phase phase, double sampleRate, double noiseMultiplier) {
        return Double.compare(phase.sampleRate(), sampleRate) == 0
                && Double.compare(phase.noiseMultiplier(), noiseMultiplier) == 0;
    }

    /** ε at δ so far, by the improved conversion (the optimal order and the classic value are in {@link #spent}). */
    public double epsilon(double delta) {
        return total.epsilon(delta);
    }

    /** ε at δ so far by both conversions, with their optimal orders. */
    public PrivacySpent spent(double delta) {
        return total.spent(delta);
    }

    /**
     * The largest k ≥ 0 such that k more steps at (q, σ) keep ε(δ) ≤ {@code epsilonBudget}: 0 when the budget is
     * already spent, {@link Long#MAX_VALUE} when steps at (q, σ) cost nothing (q = 0). A trainer checks this before
     * each epoch to stop before it would exceed its budget.
     */
    public long stepsWithin(double sampleRate, double noiseMultiplier, double delta, double epsilonBudget) {
        PrivacySpent.checkDelta(delta);
        if (!(epsilonBudget >= 0)) {
            throw new IllegalArgumentException("epsilonBudget must be >= 0, was " + epsilonBudget);
        }
        RdpCurve curve = perStep(sampleRate, noiseMultiplier);
        if (total.epsilon(delta) > epsilonBudget) {
            return 0;
        }
        // ε grows with k at every order, so search: double until over budget, then bisect
        long within = 0;
        long over = 1;
        while (total.plus(curve, over).epsilon(delta) <= epsilonBudget) {
            within = over;
            if (over > Long.MAX_VALUE / 2) {
                return Long.MAX_VALUE;
            }
            over *= 2;
        }
        while (over - within > 1) {
            long mid = within + (over - within) / 2;
            if (total.plus(curve, mid).epsilon(delta) <= epsilonBudget) {
                within = mid;
            } else {
                over = mid;
            }
        }
        return within;
    }

    /** Total RDP over all phases. */
    public RdpCurve rdp() {
        return total;
    }

    public double[] orders() {
        return total.orders();
    }

    public List<Phase> phases() {
        return phases;
    }

    /** Steps over all phases. */
    public long steps() {
        return phases.stream().mapToLong(Phase::steps).sum();
    }
}
