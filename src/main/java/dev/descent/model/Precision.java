package dev.descent.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.nd4j.linalg.api.buffer.DataType;

/** The floating-point type a job computes in. */
public enum Precision {
    FLOAT32("float32", DataType.FLOAT),
    FLOAT64("float64", DataType.DOUBLE);

    private final String id;
    private final DataType dataType;

    Precision(String id, DataType dataType) {
        this.id = id;
        this.dataType = dataType;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public DataType dataType() {
        return dataType;
    }

    @JsonCreator
    public static Precision of(String id) {
        return SpecIds.byId(values(), Precision::id, id, "dtype");
    }
}
