package dev.descent.error;

/**
 * A request field that is well-formed but unacceptable: out of a configured limit, or referring to something
 * that does not exist (answered 422, naming the field by its JSON path).
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
