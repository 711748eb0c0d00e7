package dev.descent.model.layer;

/** A layer that cannot take the input it would get; the message says why, for the client. */
public class InvalidLayerException extends IllegalArgumentException {

    private final String field;

    public InvalidLayerException(String reason) {
        this(null, reason);
    }

    /** @param field where the layer stands in the spec, such as {@code model.layers[2]}; null where not known */
    public InvalidLayerException(String field, String reason) {
        super(field != null ? field + ": " + reason : reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** What is wrong, without the field. */
    public String reason() {
        return field != null ? getMessage().substring(field.length() + 2) : getMessage();
    }
}
