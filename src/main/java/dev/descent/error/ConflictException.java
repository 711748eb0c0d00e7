package dev.descent.error;

/** The request is valid but the resource's state forbids it (answered 409). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
