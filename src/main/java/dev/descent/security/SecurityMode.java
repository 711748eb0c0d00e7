package dev.descent.security;

/** Whether requests must carry an API key. */
public enum SecurityMode {
    /** No keys: every request acts as the local admin. For a server on one's own machine. */
    OPEN,
    /** Every API request needs a valid key; records belong to the key's user. What deployments use. */
    SECURED
}
