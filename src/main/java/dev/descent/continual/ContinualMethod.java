package dev.descent.continual;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a continual run protects what earlier tasks learned: not at all, or by orthogonal gradient descent. */
public enum ContinualMethod {
    /** Each task trained with the job's optimizer as it is: the baseline that forgets. */
    SGD,
    /** Farajtabar et al. 2020: every later gradient has the span of earlier tasks' output gradients removed. */
    OGD;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
