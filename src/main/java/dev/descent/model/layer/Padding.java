package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.descent.model.SpecIds;

/** How a window meets the image's edges. */
public enum Padding {
    /** No padding: windows lie inside the image; the output shrinks by the window's extent. */
    VALID("valid"),
    /**
     * Zeros around the image so the output has ⌈size/stride⌉ positions: ⌊p/2⌋ before and the rest after, p the
     * padding needed (TensorFlow's rule, which differs from symmetric padding only for even windows).
     */
    SAME("same");

    private final String id;

    Padding(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Padding of(String id) {
        return SpecIds.byId(values(), Padding::id, id, "padding");
    }

    /** Output positions along one axis of {@code size} for a window of {@code extent} = d(k − 1) + 1. */
    int outputSize(int size, int extent, int stride) {
        return this == SAME ? (size + stride - 1) / stride : (size - extent) / stride + 1;
    }

    /** Zeros needed before the first position along one axis (the rest go after the last). */
    int before(int size, int extent, int stride) {
        if (this == VALID) {
            return 0;
        }
        int total = Math.max(0, (outputSize(size, extent, stride) - 1) * stride + extent - size);
        return total / 2;
    }
}
