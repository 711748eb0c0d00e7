package dev.descent.watch;

import dev.descent.error.TooManyStreamsException;
import dev.descent.security.Caller;

import java.util.HashMap;
import java.util.Map;

/**
 * The event-stream slots of this server: {@code max} in all, of which one non-admin user may hold {@code perUser}
 * (admins are bounded by the server's only, as for jobs). Checked and taken under one lock, so concurrent opens
 * never take more than there are. Streams are held in this server's memory, so its slots are this server's alone.
 */
final class StreamSlots {

    private final int max;
    private final int perUser;
    private final Map<String, Integer> byUser = new HashMap<>();
    private int taken;

    StreamSlots(int max, int perUser) {
        this.max = max;
        this.perUser = perUser;
    }

    /** @throws TooManyStreamsException no slot is free on this server, or the caller holds their share */
    synchronized void take(Caller caller) {
        if (taken >= max) {
            throw TooManyStreamsException.onServer("this server has " + max
                    + " event streams open (descent.watch.max-streams); retry later");
        }
        if (!caller.admin() && byUser.getOrDefault(caller.user(), 0) >= perUser) {
            throw TooManyStreamsException.forUser(caller.user() + " has " + perUser + " event streams open on this "
                    + "server, the limit per user (descent.watch.max-streams-per-user); close one or retry later");
        }
        taken++;
        if (!caller.admin()) {
            byUser.merge(caller.user(), 1, Integer::sum);
        }
    }

    /** Gives back a slot {@link #take} gave the caller; once per slot. */
    synchronized void giveBack(Caller caller) {
        taken--;
        if (!caller.admin()) {
            byUser.computeIfPresent(caller.user(), (user, held) -> held == 1 ? null : held - 1);
        }
    }
}
