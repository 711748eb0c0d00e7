package dev.descent.error;

import java.time.Duration;

/** The server is too busy for this request now; the client should retry after {@link #retryAfter()}. */
public abstract class RetryLaterException extends RuntimeException {

    private final Duration retryAfter;

    protected RetryLaterException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
