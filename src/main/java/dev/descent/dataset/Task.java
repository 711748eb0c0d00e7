package dev.descent.dataset;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a dataset's label is: a class index or a real value. */
public enum Task {
    CLASSIFICATION,
    REGRESSION;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
