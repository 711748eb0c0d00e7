package dev.descent.sweep;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The best learning rate as a function of the batch size: for each batch size the rate of its best configuration,
 * and the least-squares line through (log B, log γ*), γ* = c·B^α. Linear scaling predicts α = 1 for SGD, square-root
 * scaling α = ½ for Adam (see docs/sweeps.md).
 */
final class BatchSizeScaling {

    @Schema(description = "The best learning rate per batch size and the power law fitted to them")
    public record Report(
            @Schema(description = "The swept learning rate's path") String learningRate,
            @Schema(description = "The swept batch size's path") String batchSize,
            List<Point> best,
            @Schema(description = "α of γ* = c·B^α, least squares in log–log; null with fewer than two batch sizes")
            Double alpha,
            @Schema(description = "c of γ* = c·B^α") Double coefficient) {
    }

    @Schema(description = "A batch size, its best learning rate and that configuration's metric")
    public record Point(double batchSize, double learningRate, double metric) {
    }

    private BatchSizeScaling() {
    }

    /**
     * Null unless the sweep varies a learning rate and a batch size (paths ending in learningRate and batchSize).
     * Only the configurations trained as far as the leaderboard's first are compared.
     */
    static Report of(List<String> paths, List<SweepReport.Entry> leaderboard) {
        String rate = paths.stream().filter(p -> p.endsWith("learningRate")).findFirst().orElse(null);
        String batch = paths.stream().filter(p -> p.endsWith("batchSize")).findFirst().orElse(null);
        if (rate == null || batch == null || leaderboard.isEmpty()) {
            return null;
        }
        int epochs = leaderboard.get(0).epochs();
        // the leaderboard is best first: the first entry of each batch size is its best
        Map<Double, Point> best = new TreeMap<>();
        for (SweepReport.Entry entry : leaderboard) {
            if (entry.epochs() == epochs && entry.parameters().get(batch) instanceof Number b
                    && entry.parameters().get(rate) instanceof Number r) {
                best.putIfAbsent(b.doubleValue(), new Point(b.doubleValue(), r.doubleValue(), entry.mean()));
            }
        }
        List<Point> points = new ArrayList<>(best.values());
        points.sort(Comparator.comparingDouble(Point::batchSize));
        double[] fit = fit(points);
        return new Report(rate, batch, points, fit != null ? fit[0] : null, fit != null ? fit[1] : null);
    }

    /** {α, c} of log γ = log c + α log B by least squares; null without two distinct batch sizes. */
    static double[] fit(List<Point> points) {
        int n = points.size();
        if (n < 2) {
            return null;
        }
        double mx = points.stream().mapToDouble(p -> Math.log(p.batchSize())).sum() / n;
        double my = points.stream().mapToDouble(p -> Math.log(p.learningRate())).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (Point p : points) {
            double dx = Math.log(p.batchSize()) - mx;
            sxy += dx * (Math.log(p.learningRate()) - my);
            sxx += dx * dx;
        }
        double alpha = sxy / sxx;
        return new double[]{alpha, Math.exp(my - alpha * mx)};
    }
}
