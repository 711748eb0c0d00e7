package dev.descent.dataset;

import java.util.List;

/**
 * A table of numeric features and one label per row, held as float32 (the storage precision of every
 * source we read). {@code x} is row-major {@code rows × features}; {@code y} holds a class index
 * (classification) or the target value (regression).
 */
public record Dataset(String id, Task task, int rows, int features, float[] x, float[] y,
                      List<String> featureNames, List<String> classNames) {

    public Dataset {
        if (x.length != (long) rows * features) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected " + rows + " × " + features);
        }
        if (y.length != rows) {
            throw new IllegalArgumentException("y has " + y.length + " values, expected " + rows);
        }
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
    }

    public int classes() {
        return classNames.size();
    }

    /** Feature names f0, f1, … for sources that name none. */
    public static List<String> numberedFeatures(int features) {
        return java.util.stream.IntStream.range(0, features).mapToObj(i -> "f" + i).toList();
    }
}
