package dev.descent.continual;

import dev.descent.model.LayerValues;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a continual run stands: the tasks it finished, the epochs and steps they took, and (orthogonal gradient
 * descent) the weights each ended with, from which its kept directions are computed again on resume rather than
 * stored: a task's weights are far fewer values than its directions.
 */
public record ContinualProgress(int tasksDone, int epochsDone, long stepsDone, List<List<LayerValues>> taskEnds) {

    public static final ContinualProgress START = new ContinualProgress(0, 0, 0, List.of());

    public ContinualProgress {
        taskEnds = taskEnds != null ? List.copyOf(taskEnds) : List.of();
    }

    /** The progress after one more task of these epochs and steps, which ended with {@code weights} (null: unkept). */
    ContinualProgress after(int epochs, long steps, List<LayerValues> weights) {
        List<List<LayerValues>> ends = new ArrayList<>(taskEnds);
        if (weights != null) {
            ends.add(weights);
        }
        return new ContinualProgress(tasksDone + 1, epochsDone + epochs, stepsDone + steps, ends);
    }
}
