package dev.descent.error;

/**
 * A request parameter that is missing or disagrees with another, beyond what Bean Validation expresses (answered
 * 400, like an out-of-range parameter).
 */
public class InvalidParameterException extends RuntimeException {

    private final String field;
    private final String reason;

    public InvalidParameterException(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
