package dev.descent.math;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arrays for a training step's values, handed out in the order the step asks for them and, when {@linkplain #reused
 * reused}, the same ones again every step after {@link #rewind}. ND4J registers every new array with its own and
 * JavaCPP's deallocators, whose reference objects survive a young collection; at ~50 arrays a step their copying made
 * 35–90 ms GC pauses every few seconds (docs/performance.md). A step asks for the same shapes in the same order,
 * except the last short batch of an epoch, so each position keeps one array per shape it has seen (at most two).
 * Values taken must not outlive the step: the next step overwrites them, as the step workspace's reset would.
 */
public final class ScratchArrays implements AutoCloseable {

    private static final int SHAPES_PER_POSITION = 2;

    private final boolean reused;
    private final List<INDArray[]> positions = new ArrayList<>();
    private int next;

    private ScratchArrays(boolean reused) {
        this.reused = reused;
    }

    /** Arrays kept from one step to the next, outside any workspace; {@link #close} frees them. */
    public static ScratchArrays reused() {
        return new ScratchArrays(true);
    }

    /** A new array for every request, in the current workspace if one is open. */
    public static ScratchArrays fresh() {
        return new ScratchArrays(false);
    }

    /** Starts a step: positions are handed out again from the first. */
    public void rewind() {
        next = 0;
    }

    /** A row-major array of the given type and shape whose contents are undefined (the caller overwrites them). */
    public INDArray take(DataType type, long... shape) {
        if (!reused) {
            return Nd4j.createUninitialized(type, shape, 'c');
        }
        if (next == positions.size()) {
            positions.add(new INDArray[SHAPES_PER_POSITION]);
        }
        INDArray[] kept = positions.get(next++);
        for (INDArray array : kept) {
            if (array != null && array.dataType() == type && Arrays.equals(array.shape(), shape)) {
                return array;
            }
        }
        INDArray created;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            created = Nd4j.createUninitialized(type, shape, 'c');
        }
        // the most recent shape goes first; the older one is dropped when a third arrives
        if (kept[SHAPES_PER_POSITION - 1] != null) {
            kept[SHAPES_PER_POSITION - 1].close();
        }
        System.arraycopy(kept, 0, kept, 1, SHAPES_PER_POSITION - 1);
        kept[0] = created;
        return created;
    }

    /** Frees the kept arrays' memory now rather than when the collector finds them. */
    @Override
    public void close() {
        for (INDArray[] kept : positions) {
            for (INDArray array : kept) {
                if (array != null) {
                    array.close();
                }
            }
        }
        positions.clear();
    }
}
