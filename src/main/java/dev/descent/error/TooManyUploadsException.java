package dev.descent.error;

/** As many uploads are being received and parsed as this server allows at once (answered 429 with Retry-After). */
public class TooManyUploadsException extends RuntimeException {

    public TooManyUploadsException(String message) {
        super(message);
    }
}
