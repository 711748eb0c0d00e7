package dev.descent.error;

/** The caller is known but may not do this (answered 403): only admins manage keys. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
