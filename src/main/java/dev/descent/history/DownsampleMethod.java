package dev.descent.history;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How a curve longer than the requested number of points is thinned. */
public enum DownsampleMethod {
    /** Each bucket keeps its lowest and highest point: every spike and extreme survives. */
    MINMAX("minmax"),
    /** Largest-Triangle-Three-Buckets (Steinarsson 2013): one point per bucket, chosen to keep the visual shape. */
    LTTB("lttb");

    private final String id;

    DownsampleMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<DownsampleMethod> of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(DownsampleMethod::id).toList();
    }
}
