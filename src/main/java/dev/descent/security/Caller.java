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

    /** Whether this caller may read or change a record created by {@code owner}. */
    public boolean mayAccess(String owner) {
        return admin || user.equals(owner);
    }
}
