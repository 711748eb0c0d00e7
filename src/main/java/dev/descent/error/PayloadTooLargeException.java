package dev.descent.error;

/** A request body over a configured size limit (answered 413). */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
