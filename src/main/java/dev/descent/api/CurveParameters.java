package dev.descent.api;

import dev.descent.error.InvalidFieldException;
import dev.descent.history.CurveAxis;
import dev.descent.history.CurveMetric;
import dev.descent.history.DownsampleMethod;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** Parses the curve query parameters the history endpoints share, refusing unknown values by name. */
final class CurveParameters {

    private CurveParameters() {
    }

    static CurveMetric metric(String field, String metric) {
        return CurveMetric.of(metric).orElseThrow(() -> new InvalidFieldException(field,
                "unknown metric '" + metric + "', allowed: " + CurveMetric.ids()));
    }

    static List<CurveMetric> metrics(String field, String metrics) {
        List<CurveMetric> parsed = Arrays.stream(metrics.split(",")).map(String::trim).filter(m -> !m.isEmpty())
                .map(m -> metric(field, m)).distinct().toList();
        if (parsed.isEmpty() || parsed.size() > 8) {
            throw new InvalidFieldException(field, "give 1 to 8 metrics, was " + parsed.size());
        }
        return parsed;
    }

    /**
     * The series of a curve: a per-layer metric's layer (required, one the job recorded), 0 for any other metric
     * (which takes no layer).
     */
    static int layer(CurveMetric metric, Integer layer, Supplier<List<Integer>> recorded) {
        if (!metric.perLayer()) {
            if (layer != null) {
                throw new InvalidFieldException("layer", metric.id() + " has no series per layer");
            }
            return 0;
        }
        if (layer == null) {
            throw new InvalidFieldException("layer", metric.id() + " has a series per layer: give layer, one of "
                    + recorded.get());
        }
        return layer;
    }

    static DownsampleMethod method(String method) {
        return DownsampleMethod.of(method).orElseThrow(() -> new InvalidFieldException("method",
                "unknown method '" + method + "', allowed: " + DownsampleMethod.ids()));
    }

    /** The axis asked for, or null for the metric's own. */
    static CurveAxis axis(String by) {
        if (by == null || by.isBlank()) {
            return null;
        }
        return CurveAxis.of(by).orElseThrow(() -> new InvalidFieldException("by",
                "unknown axis '" + by + "', allowed: " + CurveAxis.ids()));
    }

    static List<UUID> jobIds(String jobs) {
        return Arrays.stream(jobs.split(",")).map(String::trim).filter(id -> !id.isEmpty()).map(id -> {
            try {
                return UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("jobs", "'" + id + "' is not a job id");
            }
        }).toList();
    }
}
