package dev.descent.job;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bound on one of a job's final metrics, its value at the last epoch recorded: {@code validation_accuracy>0.97}.
 * The operators are {@code >}, {@code >=}, {@code <} and {@code <=}.
 */
public record MetricThreshold(String metric, String operator, double value) {

    /** The metrics a threshold may bound (their curve ids), and the epoch record's fields that hold them. */
    static final Map<String, String> FIELDS = Map.of("train_loss", "trainLoss", "train_accuracy", "trainAccuracy",
            "validation_loss", "validationLoss", "validation_accuracy", "validationAccuracy",
            "validation_rmse", "validationRmse", "validation_r2", "validationR2");
    private static final List<String> OPERATORS = List.of(">=", "<=", ">", "<");
    private static final Pattern FORM = Pattern.compile("([a-z_0-9]+)(>=|<=|>|<)(.+)");

    /**
     * Reads {@code metric op value}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static MetricThreshold parse(String text) {
        Matcher form = FORM.matcher(text.strip());
        if (!form.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not metric>value (or >=, <, <=)");
        }
        if (!FIELDS.containsKey(form.group(1))) {
            throw new IllegalArgumentException("unknown metric '" + form.group(1) + "', allowed: "
                    + FIELDS.keySet().stream().sorted().toList());
        }
        try {
            double value = Double.parseDouble(form.group(3).strip());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return new MetricThreshold(form.group(1), form.group(2), value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + form.group(3) + "' is not a finite number");
        }
    }

    public MetricThreshold {
        if (!FIELDS.containsKey(metric) || !OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("not a threshold: " + metric + operator + value);
        }
    }

    String field() {
        return FIELDS.get(metric);
    }
}
