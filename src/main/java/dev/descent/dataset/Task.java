package dev.descent.dataset;

/** What a dataset's label is: a class index or a real value. */
public enum Task {
    CLASSIFICATION,
    REGRESSION
}
