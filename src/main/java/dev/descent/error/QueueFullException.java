package dev.descent.error;

import java.time.Duration;

/** Too much work is waiting; the client should retry later (answered 429 with Retry-After). */
public class QueueFullException extends RetryLaterException {

    public QueueFullException(String message, Duration retryAfter) {
        super(message, retryAfter);
    }
}
