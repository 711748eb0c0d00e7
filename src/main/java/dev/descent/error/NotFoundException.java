package dev.descent.error;

/** A resource named in the URL does not exist (answered 404). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, Object id) {
        super(what + " '" + id + "' does not exist");
    }

    /** Something the URL names that this resource does not have. */
    public NotFoundException(String message) {
        super(message);
    }
}
