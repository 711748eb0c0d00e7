package dev.descent.dataset;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A growing list of floats in fixed chunks: no boxing, and no doubling copies as it grows, so a column of n values
 * takes 4n bytes (and one chunk) however it was filled.
 */
final class FloatChunks {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final List<float[]> chunks = new ArrayList<>();
    private long size;

    void add(float value) {
        int at = (int) (size & (CHUNK - 1));
        if (at == 0) {
            chunks.add(new float[CHUNK]);
        }
        chunks.get(chunks.size() - 1)[at] = value;
        size++;
    }

    float get(long index) {
        return chunks.get((int) (index >>> CHUNK_BITS))[(int) (index & (CHUNK - 1))];
    }

    /** Puts every value into {@code target} in order, letting go of each chunk once it is copied. */
    void drainInto(FloatBuffer target) {
        for (int c = 0; c < chunks.size(); c++) {
            target.put(chunks.get(c), 0, (int) Math.min(CHUNK, size - ((long) c << CHUNK_BITS)));
            chunks.set(c, null);
        }
        chunks.clear();
        size = 0;
    }
}
