package dev.descent.scoring;

import dev.descent.history.CurvePoint;
import dev.descent.watch.PlotSeries;
import dev.descent.watch.SvgPlot;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Every row's score and rank: rank 1 is the highest score (the hardest row), ties ranked by row. Stored as one float64
 * a row, in row order.
 */
public final class RowScores {

    /** One row of a dataset: its index (from 0, in the dataset's order), its score and its rank. */
    public record RowScore(int row, double score, int rank) {
    }

    private final double[] scores;
    /** byRank[r] is the row ranked r + 1. */
    private final int[] byRank;
    private final int[] rank;

    RowScores(double[] scores) {
        this.scores = scores;
        this.byRank = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        this.rank = new int[scores.length];
        for (int r = 0; r < byRank.length; r++) {
            rank[byRank[r]] = r + 1;
        }
    }

    static byte[] encode(double[] scores) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * scores.length);
        bytes.asDoubleBuffer().put(scores);
        return bytes.array();
    }

    static RowScores decode(byte[] bytes) {
        double[] scores = new double[bytes.length / 8];
        ByteBuffer.wrap(bytes).asDoubleBuffer().get(scores);
        return new RowScores(scores);
    }

    public int rows() {
        return scores.length;
    }

    /** The rows from the {@code from}-th to before the {@code to}-th, by rank or by row. */
    public List<RowScore> slice(int from, int to, boolean byRow) {
        List<RowScore> rows = new ArrayList<>();
        for (int i = from; i < Math.min(to, scores.length); i++) {
            int row = byRow ? i : byRank[i];
            rows.add(new RowScore(row, scores[row], rank[row]));
        }
        return rows;
    }

    /** The rows ranked highest (hardest) first. */
    public int[] rowsByRank() {
        return byRank.clone();
    }

    public String csv() {
        StringBuilder csv = new StringBuilder(scores.length * 28).append("row,score,rank\n");
        for (int row = 0; row < scores.length; row++) {
            csv.append(row).append(',').append(String.format(Locale.ROOT, "%.17g", scores[row])).append(',')
                    .append(rank[row]).append('\n');
        }
        return csv.toString();
    }

    /** Rows per score interval: bins of equal width from the lowest score to the highest. */
    public Histogram histogram(int bins) {
        double min = java.util.Arrays.stream(scores).min().orElse(0);
        double max = java.util.Arrays.stream(scores).max().orElse(1);
        double width = max > min ? (max - min) / bins : 1.0 / bins;
        long[] counts = new long[bins];
        for (double score : scores) {
            counts[Math.min(bins - 1, (int) ((score - min) / width))]++;
        }
        return new Histogram(min, width, counts);
    }

    /**
     * The histogram drawn by {@link SvgPlot} as a staircase: its x axis counts whole units, so scores are plotted in
     * units of 10^−e, e the least that gives the score range a thousand of them.
     */
    public String histogramSvg(String title, int bins) {
        Histogram histogram = histogram(bins);
        int e = (int) Math.max(0, Math.ceil(Math.log10(1000 / (histogram.width() * bins))));
        double unit = Math.pow(10, e);
        List<CurvePoint> staircase = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            staircase.add(new CurvePoint(Math.round((histogram.min() + i * histogram.width()) * unit),
                    histogram.counts()[i]));
            staircase.add(new CurvePoint(Math.round((histogram.min() + (i + 1) * histogram.width()) * unit),
                    histogram.counts()[i]));
        }
        String axis = e == 0 ? "score" : "score (×10^-" + e + ")";
        return SvgPlot.render(title, axis, "rows", List.of(new PlotSeries("rows per bin", staircase)), false);
    }

    /** Counts of rows in bins [min + i·width, min + (i + 1)·width), the last one closed. */
    public record Histogram(double min, double width, long[] counts) {
    }
}
