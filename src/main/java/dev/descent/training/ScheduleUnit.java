package dev.descent.training;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a learning-rate schedule's t counts. */
public enum ScheduleUnit {
    STEP,
    EPOCH;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
