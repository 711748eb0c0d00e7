package dev.descent.dataset;

import dev.descent.model.Shape;

import java.util.List;

/**
 * A table of numeric features and one label per row, held as float32 (the storage precision of every
 * source we read). {@code x} is row-major {@code rows × features}; {@code y} holds a class index
 * (classification) or the target value (regression). {@code inputShape} is how a model sees a row: its features, or
 * an image [channels, height, width] whose pixels the row holds in that order.
 */
public record Dataset(String id, Task task, int rows, int features, float[] x, float[] y,
                      List<String> featureNames, List<String> classNames, Shape inputShape) {

    public Dataset {
        if (inputShape.size() != features) {
            throw new IllegalArgumentException("input shape " + inputShape + " holds " + inputShape.size()
                    + " values, the rows " + features);
        }
        if (x.length != (long) rows * features) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected " + rows + " × " + features);
        }
        if (y.length != rows) {
            throw new IllegalArgumentException("y has " + y.length + " values, expected " + rows);
        }
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
    }

    /** Rows of features, seen as they are. */
    public Dataset(String id, Task task, int rows, int features, float[] x, float[] y, List<String> featureNames,
                   List<String> classNames) {
        this(id, task, rows, features, x, y, featureNames, classNames, Shape.features(features));
    }

    /** The same rows, seen as {@code shape}. */
    public Dataset withInputShape(Shape shape) {
        return new Dataset(id, task, rows, features, x, y, featureNames, classNames, shape);
    }

    public int classes() {
        return classNames.size();
    }

    /** Feature names f0, f1, … for sources that name none. */
    public static List<String> numberedFeatures(int features) {
        return java.util.stream.IntStream.range(0, features).mapToObj(i -> "f" + i).toList();
    }
}
