package dev.descent.dataset;

/** An uploaded dataset was deleted: whatever was derived from it (prepared data kept for the next job) goes too. */
public record DatasetDeleted(String id) {
}
