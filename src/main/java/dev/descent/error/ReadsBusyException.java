package dev.descent.error;

import java.time.Duration;

/** Every slot for heavy reads is taken (answered 429 with Retry-After). */
public class ReadsBusyException extends RetryLaterException {

    public ReadsBusyException(String message, Duration retryAfter) {
        super(message, retryAfter);
    }
}
