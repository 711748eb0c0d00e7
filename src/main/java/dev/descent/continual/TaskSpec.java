package dev.descent.continual;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.descent.dataset.PreparedData;
import io.swagger.v3.oas.annotations.media.Schema;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * One task of a continual run, selected by {@code type}: a view of the job's dataset, its features permuted
 * ({@link PermutedTask}) or its rows of some classes ({@link ClassesTask}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@Schema(description = "A task of a continual run: a view of the job's dataset, chosen by type",
        discriminatorProperty = "type")
public sealed interface TaskSpec permits PermutedTask, ClassesTask {

    /** Rows of a dataset: features x and targets y. */
    record Rows(INDArray x, INDArray y) {
    }

    /**
     * The task's part of these rows (the dataset's training or validation rows, whose one-hot columns are
     * {@code classNames}); null when it has none.
     */
    Rows of(INDArray x, INDArray y, List<String> classNames);

    /** How many of the dataset's training rows are the task's. */
    int trainRows(PreparedData data);

    /** How the task is named in its report. */
    String label();

    /** The task's training and validation rows. */
    default PreparedData view(PreparedData data) {
        Rows train = of(data.trainX(), data.trainY(), data.classNames());
        if (train == null) {
            throw new IllegalArgumentException("the training rows hold no row of the task '" + label() + "'");
        }
        Rows validation = data.hasValidation() ? of(data.valX(), data.valY(), data.classNames()) : null;
        return new PreparedData(data.task(), data.classNames(), train.x(), train.y(),
                validation != null ? validation.x() : null, validation != null ? validation.y() : null,
                data.standardization());
    }

    /** The rows the task's accuracy is measured on: its validation rows, or its training rows without them. */
    default Rows heldOut(PreparedData data) {
        Rows validation = data.hasValidation() ? of(data.valX(), data.valY(), data.classNames()) : null;
        return validation != null ? validation : of(data.trainX(), data.trainY(), data.classNames());
    }
}
