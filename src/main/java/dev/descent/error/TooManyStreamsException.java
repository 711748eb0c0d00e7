package dev.descent.error;

/** This server holds as many open event streams as it is configured for (answered 503 with Retry-After). */
public class TooManyStreamsException extends RuntimeException {

    public TooManyStreamsException(String message) {
        super(message);
    }
}
