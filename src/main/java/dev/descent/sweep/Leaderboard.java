package dev.descent.sweep;

import dev.descent.training.EpochMetrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Configurations ranked: those trained furthest first (asha's higher rungs), then by the mean of their trials'
 * metric for the goal, then by configuration number, so that equal results rank the same on every server.
 */
final class Leaderboard {

    /** A trial's result: its metric after {@code epochs} epochs. */
    record Result(UUID jobId, int trialNumber, int configuration, int epochs, double metric) {
    }

    private Leaderboard() {
    }

    /** The sweep's metric in an epoch's record; null when the epoch has none (e.g. no validation rows). */
    static Double metric(String name, EpochMetrics epoch) {
        return switch (name) {
            case "train_loss" -> epoch.trainLoss();
            case "train_accuracy" -> epoch.trainAccuracy();
            case "validation_loss" -> epoch.validationLoss();
            case "validation_accuracy" -> epoch.validationAccuracy();
            case "validation_rmse" -> epoch.validationRmse();
            case "validation_r2" -> epoch.validationR2();
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }

    static List<SweepReport.Entry> rank(List<Result> results, SweepPlan plan) {
        Map<Integer, List<Result>> byConfiguration = new TreeMap<>();
        results.forEach(r -> byConfiguration.computeIfAbsent(r.configuration(), c -> new ArrayList<>()).add(r));
        boolean maximize = plan.spec().goal() == SweepSpec.Goal.MAX;
        record Row(int configuration, int epochs, Interval95 interval, List<Result> trials) {
        }
        List<Row> rows = new ArrayList<>();
        byConfiguration.forEach((configuration, trials) -> {
            int epochs = trials.stream().mapToInt(Result::epochs).max().orElseThrow();
            List<Result> furthest = trials.stream().filter(t -> t.epochs() == epochs)
                    .sorted(Comparator.comparingInt(Result::trialNumber)).toList();
            rows.add(new Row(configuration, epochs, Interval95.of(furthest.stream().map(Result::metric).toList()),
                    furthest));
        });
        Comparator<Row> byMean = Comparator.comparingDouble(row -> row.interval().mean());
        rows.sort(Comparator.comparingInt(Row::epochs).reversed().thenComparing(maximize ? byMean.reversed() : byMean)
                .thenComparingInt(Row::configuration));
        List<SweepReport.Entry> entries = new ArrayList<>();
        for (Row row : rows) {
            entries.add(new SweepReport.Entry(entries.size() + 1, row.configuration(),
                    plan.configuration(row.configuration()), row.epochs(), row.interval().mean(), row.interval().low(),
                    row.interval().high(), row.trials().stream().map(Result::metric).toList(),
                    row.trials().stream().map(Result::jobId).toList()));
        }
        return entries;
    }

    /** The best trial of the first configuration. */
    static SweepReport.Best best(List<SweepReport.Entry> leaderboard, List<Result> results, SweepPlan plan) {
        if (leaderboard.isEmpty()) {
            return null;
        }
        SweepReport.Entry first = leaderboard.get(0);
        Comparator<Result> byMetric = Comparator.comparingDouble(Result::metric);
        Result best = results.stream().filter(r -> first.trialIds().contains(r.jobId()))
                .min(plan.spec().goal() == SweepSpec.Goal.MAX ? byMetric.reversed() : byMetric).orElseThrow();
        return new SweepReport.Best(best.jobId(), best.trialNumber(), first.parameters(), best.epochs(), best.metric());
    }
}
