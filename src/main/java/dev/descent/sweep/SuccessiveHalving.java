package dev.descent.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ASHA's promotions (Li et al. 2020, "A System for Massively Parallel Hyperparameter Tuning", Algorithm 2; see
 * docs/algorithms.md), as a pure function of the recorded metrics.
 * <p>
 * ASHA promotes a trial from rung k as soon as it is among the best ⌊n/η⌋ of the n results rung k has so far. Which
 * results those are depends on the order trials report in, which on a busy server (or two) is a matter of timing.
 * Here each rung takes its results in a fixed order instead: rung 0 in trial number order, rung k + 1 in the order
 * of the promotions into it; a result waits until the results before it in that order are in. The decisions are
 * then those of ASHA had the trials reported in that order, whichever server trained them and when, so one server
 * and two produce the same promotions and the same leaderboard. A trial that ended without reaching a rung (it
 * failed or was cancelled) is passed over there.
 */
final class SuccessiveHalving {

    enum Verdict { PROMOTE, STOP }

    /** A decision about {@code trial} at rung {@code rung} (after {@code epoch} epochs), the {@code position}-th there. */
    record Decision(int trial, int rung, int epoch, Double metric, Verdict verdict, int position) {
    }

    /** What a trial has recorded: its metric after each epoch, and whether it will train no further. */
    record TrialResults(Map<Integer, Double> metricByEpoch, boolean ended) {
    }

    /**
     * @param decisions every decision so far: promotions as they are made, a rung's stops once no more results can
     *                  come to it
     * @param rungOf    the highest rung each trial has been promoted to (0 for every trial not promoted)
     */
    record Outcome(List<Decision> decisions, Map<Integer, Integer> rungOf) {
    }

    private final int[] rungs;
    private final int reductionFactor;
    private final Comparator<Double> better;

    SuccessiveHalving(int[] rungs, int reductionFactor, boolean maximize) {
        this.rungs = rungs.clone();
        this.reductionFactor = reductionFactor;
        this.better = maximize ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder();
    }

    /** @param results by trial number, for the trials created so far (of {@code trials} planned) */
    Outcome replay(int trials, Map<Integer, TrialResults> results) {
        List<Decision> decisions = new ArrayList<>();
        Map<Integer, Integer> rungOf = new TreeMap<>();
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            order.add(t);
            rungOf.put(t, 0);
        }
        boolean earlierRungsComplete = true;
        for (int k = 0; k < rungs.length; k++) {
            int epoch = rungs[k];
            List<Integer> next = new ArrayList<>();
            List<double[]> seen = new ArrayList<>(); // {metric, trial}
            Set<Integer> promoted = new HashSet<>();
            boolean blocked = false;
            for (int position = 0; position < order.size(); position++) {
                int trial = order.get(position);
                TrialResults result = results.get(trial);
                Double metric = result != null ? result.metricByEpoch().get(epoch) : null;
                if (metric == null || metric.isNaN()) {
                    if (result != null && result.ended()) {
                        continue;
                    }
                    blocked = true;
                    break;
                }
                seen.add(new double[]{metric, trial});
                if (k == rungs.length - 1) {
                    continue;
                }
                int quota = seen.size() / reductionFactor;
                List<double[]> ranked = new ArrayList<>(seen);
                ranked.sort(Comparator.<double[], Double>comparing(r -> r[0], better).thenComparingDouble(r -> r[1]));
                for (double[] best : ranked.subList(0, quota)) {
                    int candidate = (int) best[1];
                    if (promoted.add(candidate)) {
                        next.add(candidate);
                        rungOf.put(candidate, k + 1);
                        decisions.add(new Decision(candidate, k, epoch, best[0], Verdict.PROMOTE, position));
                    }
                }
            }
            earlierRungsComplete &= !blocked;
            if (earlierRungsComplete && k < rungs.length - 1) {
                // no result can still come to this rung: whoever was not promoted stops here
                for (double[] r : seen) {
                    if (!promoted.contains((int) r[1])) {
                        decisions.add(new Decision((int) r[1], k, epoch, r[0], Verdict.STOP, order.size()));
                    }
                }
            }
            order = next;
        }
        return new Outcome(decisions, rungOf);
    }
}
