package dev.descent.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A client's CSV as uploaded, with what parsing it found; re-parsed when a job trains on it. */
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
    @Column(nullable = false)
    private byte[] content;
    private Instant createdAt;
    private String createdBy;

    protected UploadedDataset() {
    }

    UploadedDataset(String id, String name, Task task, String labelColumn, int rowCount, int featureCount,
                    List<String> classNames, byte[] content, Instant createdAt, String createdBy) {
        this.id = id;
        this.name = name;
        this.task = task;
        this.labelColumn = labelColumn;
        this.rowCount = rowCount;
        this.featureCount = featureCount;
        this.classNames = String.join("\n", classNames);
        this.content = content;
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

    byte[] content() {
        return content;
    }

    static DatasetInfo info(String id, String name, Task task, String labelColumn, int rows, int features,
                            String classNames, Instant createdAt) {
        List<String> classes = classNames.isEmpty() ? List.of() : List.of(classNames.split("\n"));
        return new DatasetInfo(id, name, "upload of " + createdAt + ", label column '" + labelColumn + "'", task,
                rows, features, classes, false);
    }
}
