package dev.descent.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;

/**
 * The shape of one example as a layer sees it: {@code [features]} for a row of a table, {@code [channels, height,
 * width]} for an image (PyTorch's NCHW without the batch). A batch adds the rows in front.
 */
public record Shape(List<Integer> dims) {

    public Shape {
        dims = List.copyOf(dims);
        if (dims.size() != 1 && dims.size() != 3 || dims.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("a shape is [features] or [channels, height, width] of positive sizes, "
                    + "was " + dims);
        }
    }

    /** As JSON: the list of sizes. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Shape fromJson(List<Integer> dims) {
        return new Shape(dims);
    }

    public static Shape of(int... dims) {
        return new Shape(Arrays.stream(dims).boxed().toList());
    }

    public static Shape features(int features) {
        return of(features);
    }

    public static Shape image(int channels, int height, int width) {
        return of(channels, height, width);
    }

    @JsonValue
    public List<Integer> dims() {
        return dims;
    }

    public boolean isImage() {
        return dims.size() == 3;
    }

    /** Values in one example: features, or channels × height × width. */
    public int size() {
        return dims.stream().reduce(1, Math::multiplyExact);
    }

    public int channels() {
        return image().get(0);
    }

    public int height() {
        return image().get(1);
    }

    public int width() {
        return image().get(2);
    }

    /** The shape of a batch of {@code rows} such examples. */
    public long[] batch(long rows) {
        long[] shape = new long[dims.size() + 1];
        shape[0] = rows;
        for (int i = 0; i < dims.size(); i++) {
            shape[i + 1] = dims.get(i);
        }
        return shape;
    }

    private List<Integer> image() {
        if (!isImage()) {
            throw new IllegalStateException(this + " is not an image");
        }
        return dims;
    }

    @Override
    public String toString() {
        return dims.toString();
    }
}
