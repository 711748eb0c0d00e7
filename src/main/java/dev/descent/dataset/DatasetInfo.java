package dev.descent.dataset;

import dev.descent.model.Shape;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** What a client sees of a dataset before using it. */
public record DatasetInfo(String id, String description, String source, Task task, int rows, int features,
                          List<String> classNames, boolean builtIn,
                          @ArraySchema(schema = @Schema(example = "1"), arraySchema = @Schema(description = "How a "
                                  + "model sees a row: [features], or an image [channels, height, width] whose "
                                  + "pixels the row holds in that order (convolutions need one)"))
                          Shape inputShape) {

    /** A dataset of rows of features. */
    public DatasetInfo(String id, String description, String source, Task task, int rows, int features,
                       List<String> classNames, boolean builtIn) {
        this(id, description, source, task, rows, features, classNames, builtIn, Shape.features(features));
    }
}
