package dev.descent.sweep;

import dev.descent.watch.Svg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one quantity of a sweep plot is laid along an axis, as a position from 0 (the axis's start) to 1: evenly
 * spaced categories (a grid's values, or values that are not numbers), or a linear or log scale padded by 5% so
 * that no mark sits on the frame. {@code categories} holds the categories, or a log scale's distinct values.
 */
record PlotAxis(String label, Scale scale, List<Object> categories, double min, double max) {

    enum Scale { CATEGORY, LINEAR, LOG }

    /** A tick: where it sits and what it reads. */
    record Tick(double position, String label) {
    }

    private static final double PADDING = 0.05;
    /** A log scale with at most this many distinct values is ticked at them. */
    private static final int MARKED_VALUES = 8;

    /**
     * A parameter's axis: categories when a value is not a number or when {@code discreteAsCategories} and the
     * domain is discrete (values, intRange); otherwise log for a logUniform domain or for positive values spanning
     * two decades or more, linear for the rest.
     */
    static PlotAxis of(String path, ParameterDomain domain, List<Object> values, boolean discreteAsCategories) {
        boolean discrete = domain.values() != null || domain.intRange() != null;
        if (!values.stream().allMatch(v -> v instanceof Number) || discreteAsCategories && discrete) {
            return categories(path, values);
        }
        List<Double> numbers = values.stream().map(v -> ((Number) v).doubleValue()).toList();
        double low = numbers.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double high = numbers.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        return domain.logUniform() != null || low > 0 && high / low >= 100 ? log(path, numbers)
                : linear(path, low, high);
    }

    /** Each distinct value once: numbers ascending, anything else in the order first seen. */
    static PlotAxis categories(String label, List<Object> values) {
        Map<String, Object> distinct = new LinkedHashMap<>();
        values.forEach(v -> distinct.putIfAbsent(key(v), v));
        List<Object> ordered = new ArrayList<>(distinct.values());
        if (ordered.stream().allMatch(v -> v instanceof Number)) {
            ordered.sort(Comparator.comparingDouble(v -> ((Number) v).doubleValue()));
        }
        return new PlotAxis(label, Scale.CATEGORY, List.copyOf(ordered), 0, 1);
    }

    static PlotAxis linear(String label, double low, double high) {
        double span = high > low ? high - low : Math.max(Math.abs(low), 1);
        return new PlotAxis(label, Scale.LINEAR, List.of(), low - PADDING * span, high + PADDING * span);
    }

    /** A log scale over positive numbers, its range in decades (log10); it keeps the distinct values for ticks. */
    static PlotAxis log(String label, List<Double> values) {
        double low = Math.log10(values.stream().mapToDouble(Double::doubleValue).min().orElse(1));
        double high = Math.log10(values.stream().mapToDouble(Double::doubleValue).max().orElse(10));
        double span = high > low ? high - low : 1;
        return new PlotAxis(label, Scale.LOG, List.copyOf(values.stream().distinct().sorted().toList()),
                low - PADDING * span, high + PADDING * span);
    }

    double position(Object value) {
        return switch (scale) {
            case CATEGORY -> (categories.stream().map(PlotAxis::key).toList().indexOf(key(value)) + 0.5)
                    / categories.size();
            case LINEAR -> (((Number) value).doubleValue() - min) / (max - min);
            case LOG -> (Math.log10(((Number) value).doubleValue()) - min) / (max - min);
        };
    }

    /** The axis's share of one category (1 for a scale). */
    double cell() {
        return scale == Scale.CATEGORY ? 1.0 / categories.size() : 1;
    }

    /**
     * Categories at their centres, a linear scale at round values, a log scale at its values when there are few (a
     * grid's batch sizes), otherwise at powers of ten (and 2 and 5 × 10^k when it spans less than two decades).
     */
    List<Tick> ticks() {
        List<Tick> ticks = new ArrayList<>();
        switch (scale) {
            case CATEGORY -> categories.forEach(c -> ticks.add(new Tick(position(c), label(c))));
            case LINEAR -> Svg.ticks(min, max).stream().filter(t -> t >= min && t <= max)
                    .forEach(t -> ticks.add(new Tick(position(t), Svg.format(t))));
            case LOG -> {
                if (categories.size() <= MARKED_VALUES) {
                    categories.forEach(v -> ticks.add(new Tick(position(v), label(v))));
                    return ticks;
                }
                double[] mantissas = max - min < 2 ? new double[]{1, 2, 5} : new double[]{1};
                for (int decade = (int) Math.floor(min); decade <= Math.ceil(max); decade++) {
                    for (double m : mantissas) {
                        double t = m * Math.pow(10, decade);
                        double exponent = Math.log10(t);
                        if (exponent >= min && exponent <= max) {
                            ticks.add(new Tick(position(t), Svg.format(t)));
                        }
                    }
                }
            }
        }
        return ticks;
    }

    static String label(Object value) {
        return value instanceof Number n ? Svg.format(n.doubleValue()) : String.valueOf(value);
    }

    /** Values equal as JSON (1 and 1.0 alike). */
    private static String key(Object value) {
        return value instanceof Number n ? Double.toString(n.doubleValue()) : String.valueOf(value);
    }
}
