package dev.descent.dataset;

import dev.descent.model.Shape;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A client's upload, parsed and stored in its compact form ({@link EncodedDataset}), with what parsing found. */
@Entity
@Table(name = "uploaded_datasets")
class UploadedDataset {

    @Id
    private String id;
    private String name;
    @Enumerated(EnumType.STRING)
    private Task task;
    private String labelColumn;
    private int rowCount;
    private int featureCount;
    /** Class names, one per line. */
    private String classNames;
    /** An image's "channels,height,width"; null for rows of features. */
    private String inputShape;
    /** The parsed dataset ({@link EncodedDataset}); null for uploads stored before it was, which keep their CSV. */
    private byte[] encoded;
    /** The CSV of an upload stored before V8, parsed when loaded; null since. */
    private byte[] content;
    private Instant createdAt;
    private String createdBy;

    protected UploadedDataset() {
    }

    UploadedDataset(String id, String name, String labelColumn, EncodedDataset parsed, Shape inputShape,
                    Instant createdAt, String createdBy) {
        this.id = id;
        this.name = name;
        this.task = parsed.task();
        this.labelColumn = labelColumn;
        this.rowCount = parsed.rows();
        this.featureCount = parsed.features();
        this.classNames = String.join("\n", parsed.classNames());
        this.inputShape = inputShape.isImage() ? inputShape.dims().stream().map(String::valueOf)
                .collect(Collectors.joining(",")) : null;
        this.encoded = parsed.data();
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    String id() {
        return id;
    }

    Task task() {
        return task;
    }

    String labelColumn() {
        return labelColumn;
    }

    /** The stored dataset, or null for an upload stored as CSV ({@link #content()}). */
    byte[] encoded() {
        return encoded;
    }

    byte[] content() {
        return content;
    }

    /** How a model sees the rows: the stored image shape, else the features. */
    Shape shape() {
        return shape(inputShape, featureCount);
    }

    static Shape shape(String inputShape, int features) {
        return inputShape == null ? Shape.features(features)
                : Shape.of(Arrays.stream(inputShape.split(",")).mapToInt(Integer::parseInt).toArray());
    }

    static DatasetInfo info(String id, String name, Task task, String labelColumn, int rows, int features,
                            String classNames, String inputShape, Instant createdAt) {
        List<String> classes = classNames.isEmpty() ? List.of() : List.of(classNames.split("\n"));
        return new DatasetInfo(id, name, "upload of " + createdAt + ", label column '" + labelColumn + "'", task,
                rows, features, classes, false, shape(inputShape, features));
    }
}
