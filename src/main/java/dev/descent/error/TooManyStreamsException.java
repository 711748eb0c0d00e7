package dev.descent.error;

/**
 * No event stream slot is free: this server holds as many open streams as it is configured for (answered 503: another
 * replica may have room), or the caller holds their share of them (answered 429: their own streams are in the way).
 * Both with Retry-After.
 */
public class TooManyStreamsException extends RuntimeException {

    private final boolean userShare;

    private TooManyStreamsException(String message, boolean userShare) {
        super(message);
        this.userShare = userShare;
    }

    /** This server has no slot free for anyone. */
    public static TooManyStreamsException onServer(String message) {
        return new TooManyStreamsException(message, false);
    }

    /** The caller holds their share of this server's slots. */
    public static TooManyStreamsException forUser(String message) {
        return new TooManyStreamsException(message, true);
    }

    public boolean userShare() {
        return userShare;
    }
}
