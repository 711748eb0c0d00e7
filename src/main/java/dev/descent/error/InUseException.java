package dev.descent.error;

import java.util.List;
import java.util.UUID;

/**
 * A record cannot be deleted while jobs that will still read it exist (answered 409, listing them): a queued job, a
 * running one, or a cancelled one that can resume. Deleting it anyway would fail them later with an internal error.
 */
public class InUseException extends ConflictException {

    /** How many dependants a problem lists; the count says how many there are. */
    public static final int LISTED = 20;

    private final List<UUID> dependants;
    private final int count;

    /** @param what the record, as the message names it ("dataset 'x'", "job …") */
    public InUseException(String what, String how, List<UUID> dependants) {
        super(what + " is " + how + " by " + dependants.size() + (dependants.size() == 1 ? " job" : " jobs")
                + " that will still read it (queued, running, or cancelled with a checkpoint to resume from): "
                + String.join(", ", dependants.stream().limit(LISTED).map(UUID::toString).toList())
                + (dependants.size() > LISTED ? ", …" : "") + "; wait for them to finish, or cancel and delete them, "
                + "then delete it");
        this.dependants = List.copyOf(dependants.subList(0, Math.min(LISTED, dependants.size())));
        this.count = dependants.size();
    }

    /** The first {@link #LISTED} dependants. */
    public List<UUID> dependants() {
        return dependants;
    }

    public int count() {
        return count;
    }
}
