package dev.descent.model;

import java.util.Arrays;
import java.util.function.Function;

/** Looks up an enum constant by the lower-case id clients write in a spec. */
public final class SpecIds {

    private SpecIds() {
    }

    public static <E extends Enum<E>> E byId(E[] values, Function<E, String> id, String value, String what) {
        return Arrays.stream(values).filter(e -> id.apply(e).equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + value + "', allowed: "
                        + Arrays.stream(values).map(id).toList()));
    }
}
