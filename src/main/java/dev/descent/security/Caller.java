package dev.descent.security;

/**
 * Who a request acts for. Datasets and jobs belong to the user who created them; an admin may access everyone's.
 *
 * @param user  the key's user name (in open mode, {@link #LOCAL})
 * @param admin whether the caller administers the server: sees every record and issues keys
 */
public record Caller(String user, boolean admin) {

    /** Every request in open mode: the one local user, who administers their own server. */
    public static final Caller LOCAL = new Caller("local", true);
    /** Requests with the bootstrap key from configuration. */
    public static final Caller BOOTSTRAP = new Caller("admin", true);

    /**
     * Whether a key may not be issued for this user name: records belong to names, so a key for "admin" or "local"
     * would act for the bootstrap key's or open mode's records. Compared without case and surrounding spaces, so
     * "Admin" cannot be mistaken for it by a person or by a database that compares names without case.
     */
    public static boolean isReserved(String user) {
        String name = user.strip();
        return name.equalsIgnoreCase(LOCAL.user) || name.equalsIgnoreCase(BOOTSTRAP.user);
    }

    /** Whether this caller may read or change a record created by {@code owner}. */
    public boolean mayAccess(String owner) {
        return admin || user.equals(owner);
    }
}
