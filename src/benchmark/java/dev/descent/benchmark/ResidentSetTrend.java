package dev.descent.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's resident set sampled over the soak, and its growth after warm-up: a least-squares slope in MB per
 * minute. A restart starts a new JVM, so each server lifetime gets its own intercept and the lifetimes share one
 * slope (the pooled within-lifetime estimate Σ(t − t̄ₗ)(r − r̄ₗ) / Σ(t − t̄ₗ)², t̄ₗ and r̄ₗ the means of lifetime l),
 * from the samples taken at least {@code warmupMinutes} after their lifetime began.
 */
final class ResidentSetTrend {

    private record Sample(int lifetime, double minutesIntoLifetime, double megabytes) {
    }

    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(int lifetime, double minutesIntoLifetime, double megabytes) {
        samples.add(new Sample(lifetime, minutesIntoLifetime, megabytes));
    }

    /** MB per minute; NaN when no lifetime has two samples after its warm-up. */
    synchronized double slope(double warmupMinutes) {
        double covariance = 0;
        double variance = 0;
        for (int lifetime : samples.stream().mapToInt(Sample::lifetime).distinct().toArray()) {
            List<Sample> warm = samples.stream().filter(s -> s.lifetime() == lifetime
                    && s.minutesIntoLifetime() >= warmupMinutes).toList();
            double meanT = warm.stream().mapToDouble(Sample::minutesIntoLifetime).average().orElse(0);
            double meanR = warm.stream().mapToDouble(Sample::megabytes).average().orElse(0);
            for (Sample s : warm) {
                covariance += (s.minutesIntoLifetime() - meanT) * (s.megabytes() - meanR);
                variance += (s.minutesIntoLifetime() - meanT) * (s.minutesIntoLifetime() - meanT);
            }
        }
        return variance > 0 ? covariance / variance : Double.NaN;
    }

    synchronized int count() {
        return samples.size();
    }

    synchronized double peakMegabytes() {
        return samples.stream().mapToDouble(Sample::megabytes).max().orElse(Double.NaN);
    }

    /** The last sample of each lifetime, in MB. */
    synchronized List<Double> lastOfEachLifetime() {
        List<Double> last = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if (i + 1 == samples.size() || samples.get(i + 1).lifetime() != samples.get(i).lifetime()) {
                last.add(samples.get(i).megabytes());
            }
        }
        return last;
    }
}
