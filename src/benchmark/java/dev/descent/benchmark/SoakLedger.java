package dev.descent.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the soak's clients did, from all their threads: the jobs the server accepted (the ones that must not be
 * lost), those a client deleted or cancelled, the event streams and how they ended, and every answer a client did
 * not expect.
 */
final class SoakLedger {

    private static final int RECENT = 20;
    private static final int EXAMPLES_KEPT = 20;

    private final List<String> accepted = new ArrayList<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> actions = new ConcurrentHashMap<>();
    private final LongAdder unexpected = new LongAdder();
    private final Queue<String> unexpectedSeen = new ConcurrentLinkedQueue<>();
    final LongAdder streamsToTheEnd = new LongAdder();
    final LongAdder streamsReconnected = new LongAdder();
    final LongAdder streamsCutAtTheEnd = new LongAdder();
    final LongAdder streamsCutOtherwise = new LongAdder();
    final LongAdder events = new LongAdder();
    final LongAdder uploadsDeleted = new LongAdder();

    synchronized void accepted(String jobId) {
        accepted.add(jobId);
    }

    synchronized List<String> acceptedJobs() {
        return List.copyOf(accepted);
    }

    /** Any job accepted so far, or, {@code recent}, one of the last few (more likely queued or running). */
    synchronized Optional<String> anyJob(Random random, boolean recent) {
        if (accepted.isEmpty()) {
            return Optional.empty();
        }
        int from = recent ? Math.max(0, accepted.size() - RECENT) : 0;
        return Optional.of(accepted.get(from + random.nextInt(accepted.size() - from)));
    }

    void deleted(String jobId) {
        deleted.add(jobId);
        cancelled.remove(jobId);
    }

    boolean wasDeleted(String jobId) {
        return deleted.contains(jobId);
    }

    int deletedCount() {
        return deleted.size();
    }

    void cancelled(String jobId) {
        cancelled.add(jobId);
    }

    /** A job a client cancelled and nobody has resumed since, taken off that list. */
    Optional<String> takeCancelled(Random random) {
        List<String> candidates = new ArrayList<>(cancelled);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String id = candidates.get(random.nextInt(candidates.size()));
        return cancelled.remove(id) ? Optional.of(id) : Optional.empty();
    }

    void did(String action) {
        actions.computeIfAbsent(action, a -> new LongAdder()).increment();
    }

    Map<String, Long> actions() {
        Map<String, Long> counts = new TreeMap<>();
        actions.forEach((action, count) -> counts.put(action, count.sum()));
        return counts;
    }

    /** An answer the client did not expect (a 5xx is counted by {@link SoakHttp} instead). */
    void unexpected(String what) {
        unexpected.increment();
        if (unexpectedSeen.size() < EXAMPLES_KEPT) {
            unexpectedSeen.add(what);
        }
    }

    long unexpected() {
        return unexpected.sum();
    }

    List<String> unexpectedSeen() {
        return new ArrayList<>(unexpectedSeen);
    }
}
