package dev.descent.history;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a curve's x counts: optimizer steps or epochs. */
public enum CurveAxis {
    STEP("step"),
    EPOCH("epoch");

    private final String id;

    CurveAxis(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<CurveAxis> of(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(CurveAxis::id).toList();
    }
}
