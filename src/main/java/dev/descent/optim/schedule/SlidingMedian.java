package dev.descent.optim.schedule;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The median of every window {@code [t − half, t + half]} of a series, cut to the series at its edges (so the first
 * and last windows are shorter, and may hold an even number of values: their median is the mean of the middle two).
 * The window's values are kept in two heaps, the smaller half in a max-heap and the larger half in a min-heap, both
 * indexed so that the value leaving the window is removed where it is: each step costs O(log W), the whole series
 * O(N log W), where sorting every window cost O(N · W log W). Ties are broken by position, so the order is total and
 * the medians equal the sorted windows' exactly.
 */
final class SlidingMedian {

    /** How many windows pass between two looks at the stop request. */
    private static final int STOP_CHECK_INTERVAL = 1 << 14;

    private final double[] values;
    private final IndexedHeap lower;
    private final IndexedHeap upper;

    private SlidingMedian(double[] values) {
        this.values = values;
        this.lower = new IndexedHeap(values, -1);
        this.upper = new IndexedHeap(values, 1);
    }

    /**
     * @param stop consulted every few thousand windows: once true, the filter gives up
     * @throws CancellationException when {@code stop} became true
     */
    static double[] of(double[] values, int half, BooleanSupplier stop) {
        return new SlidingMedian(values).filter(half, stop);
    }

    private double[] filter(int half, BooleanSupplier stop) {
        int n = values.length;
        double[] medians = new double[n];
        int from = 0;
        int to = 0;
        for (int t = 0; t < n; t++) {
            if (t % STOP_CHECK_INTERVAL == 0 && stop.getAsBoolean()) {
                throw new CancellationException("stopped while median-filtering " + n + " values");
            }
            for (int end = Math.min(n, t + half + 1); to < end; to++) {
                add(to);
            }
            for (int start = Math.max(0, t - half); from < start; from++) {
                remove(from);
            }
            medians[t] = median();
        }
        return medians;
    }

    private void add(int index) {
        if (lower.isEmpty() || lower.precedes(index, lower.top())) {
            lower.push(index);
        } else {
            upper.push(index);
        }
        rebalance();
    }

    private void remove(int index) {
        if (!lower.remove(index)) {
            upper.remove(index);
        }
        rebalance();
    }

    /** The lower half holds the middle value of an odd count: sizes equal, or the lower one larger by one. */
    private void rebalance() {
        if (lower.size() > upper.size() + 1) {
            upper.push(lower.pop());
        } else if (upper.size() > lower.size()) {
            lower.push(upper.pop());
        }
    }

    private double median() {
        return lower.size() > upper.size() ? values[lower.top()]
                : (values[lower.top()] + values[upper.top()]) / 2;
    }

    /**
     * A binary heap of positions into {@code values}, knowing where each position sits so that any of them can be
     * removed in O(log size). With {@code sign} 1 the smallest value is on top, with −1 the largest.
     */
    private static final class IndexedHeap {

        private final double[] values;
        private final int sign;
        private final int[] heap;
        /** Where each position of {@code values} sits in {@code heap}, −1 when it is not in this heap. */
        private final int[] slot;
        private int size;

        IndexedHeap(double[] values, int sign) {
            this.values = values;
            this.sign = sign;
            this.heap = new int[values.length];
            this.slot = new int[values.length];
            java.util.Arrays.fill(slot, -1);
        }

        boolean isEmpty() {
            return size == 0;
        }

        int size() {
            return size;
        }

        int top() {
            return heap[0];
        }

        /** Whether {@code a} sorts before {@code b} (by value, then by position). */
        boolean precedes(int a, int b) {
            int byValue = Double.compare(values[a], values[b]);
            return (byValue != 0 ? byValue : Integer.compare(a, b)) < 0;
        }

        /** Whether {@code a} belongs nearer the top than {@code b}. */
        private boolean above(int a, int b) {
            return sign > 0 ? precedes(a, b) : precedes(b, a);
        }

        void push(int index) {
            place(index, size++);
            siftUp(size - 1);
        }

        int pop() {
            int top = heap[0];
            remove(top);
            return top;
        }

        /** False when the position is not in this heap. */
        boolean remove(int index) {
            int at = slot[index];
            if (at < 0) {
                return false;
            }
            slot[index] = -1;
            size--;
            if (at < size) {
                place(heap[size], at);
                siftDown(at);
                siftUp(at);
            }
            return true;
        }

        private void siftUp(int at) {
            while (at > 0) {
                int parent = (at - 1) / 2;
                if (!above(heap[at], heap[parent])) {
                    return;
                }
                swap(at, parent);
                at = parent;
            }
        }

        private void siftDown(int at) {
            while (true) {
                int best = at;
                for (int child = 2 * at + 1; child <= 2 * at + 2 && child < size; child++) {
                    if (above(heap[child], heap[best])) {
                        best = child;
                    }
                }
                if (best == at) {
                    return;
                }
                swap(at, best);
                at = best;
            }
        }

        private void swap(int a, int b) {
            int index = heap[a];
            place(heap[b], a);
            place(index, b);
        }

        private void place(int index, int at) {
            heap[at] = index;
            slot[index] = at;
        }
    }
}
