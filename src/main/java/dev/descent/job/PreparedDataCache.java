package dev.descent.job;

import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.Dataset;
import dev.descent.dataset.DatasetDeleted;
import dev.descent.dataset.DatasetRef;
import dev.descent.dataset.DatasetService;
import dev.descent.dataset.GeneratorOptions;
import dev.descent.dataset.PreparedData;
import dev.descent.model.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * A job's dataset, loaded and prepared (split, standardised, in its precision), kept when the job ends for the next
 * job on the same dataset and preparation: many small jobs on one dataset (a sweep's trials) then load and prepare it
 * once, not once each. A job takes its data out of the cache and gives it back when it ends, so no two jobs running
 * at once ever share arrays; two such jobs each prepare their own, and both copies are kept. What is kept is bounded
 * ({@code descent.prepared-data.max-bytes}, the least recently given back freed first) and freed once unused for
 * {@code idle-timeout}; an upload's deletion frees what was prepared from it, at once or when its job gives it back.
 */
@Component
class PreparedDataCache {

    /** What decides the prepared arrays: the dataset, its split, scaling and generator, and the precision. */
    private record Key(DatasetRef dataset, DataType dtype) {
    }

    /** Data no job holds, since {@code since}. */
    private record Idle(Key key, Lease lease, Instant since) {
    }

    private final BiFunction<String, GeneratorOptions, Dataset> load;
    private final PreparedDataProperties properties;
    private final Clock clock;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private final Set<Lease> lent = new HashSet<>();
    private long idleBytes;

    @Autowired
    PreparedDataCache(DatasetService datasets, PreparedDataProperties properties, Clock clock) {
        this(datasets::load, properties, clock);
    }

    /** @param load a dataset's rows by id and generator options */
    PreparedDataCache(BiFunction<String, GeneratorOptions, Dataset> load, PreparedDataProperties properties,
                      Clock clock) {
        this.load = load;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A job's data, which is the job's alone until it {@link Lease#close closes} the lease: kept data if there is,
     * otherwise loaded and prepared now.
     */
    Lease take(DatasetRef dataset, DataType dtype) {
        Key key = new Key(dataset, dtype);
        Lease kept = takeKept(key);
        if (kept != null) {
            return kept;
        }
        Dataset rows = load.apply(dataset.id(), dataset.generator());
        Lease fresh = new Lease(key, DataPreparation.prepare(rows, dataset.validationSplit(), dataset.splitSeed(),
                dataset.standardize(), dtype), rows.inputShape(), rows.featureNames());
        synchronized (this) {
            lent.add(fresh);
        }
        return fresh;
    }

    private synchronized Lease takeKept(Key key) {
        for (Iterator<Idle> newestFirst = idle.descendingIterator(); newestFirst.hasNext(); ) {
            Idle kept = newestFirst.next();
            if (kept.key().equals(key)) {
                newestFirst.remove();
                idleBytes -= kept.lease().bytes;
                lent.add(kept.lease());
                return kept.lease();
            }
        }
        return null;
    }

    private void giveBack(Lease lease) {
        List<Lease> freed = new ArrayList<>();
        synchronized (this) {
            lent.remove(lease);
            if (lease.stale || lease.bytes > properties.maxBytes().toBytes()) {
                freed.add(lease);
            } else {
                idle.addLast(new Idle(lease.key, lease, clock.instant()));
                idleBytes += lease.bytes;
                while (idleBytes > properties.maxBytes().toBytes()) {
                    freed.add(removeOldest());
                }
            }
        }
        freed.forEach(Lease::free);
    }

    private Lease removeOldest() {
        Idle oldest = idle.removeFirst();
        idleBytes -= oldest.lease().bytes;
        return oldest.lease();
    }

    /** Frees what no job has taken for the idle timeout. */
    @Scheduled(fixedDelayString = "${descent.prepared-data.idle-timeout:2m}")
    void freeUnused() {
        List<Lease> freed = new ArrayList<>();
        synchronized (this) {
            Instant before = clock.instant().minus(properties.idleTimeout());
            while (!idle.isEmpty() && !idle.peekFirst().since().isAfter(before)) {
                freed.add(removeOldest());
            }
        }
        freed.forEach(Lease::free);
    }

    /** Frees what was prepared from a deleted upload: kept data now, data a job holds when it is given back. */
    @EventListener
    void deleted(DatasetDeleted deleted) {
        List<Lease> freed = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Idle> kept = idle.iterator(); kept.hasNext(); ) {
                Idle entry = kept.next();
                if (entry.key().dataset().id().equals(deleted.id())) {
                    kept.remove();
                    idleBytes -= entry.lease().bytes;
                    freed.add(entry.lease());
                }
            }
            lent.stream().filter(lease -> lease.key.dataset().id().equals(deleted.id()))
                    .forEach(lease -> lease.stale = true);
        }
        freed.forEach(Lease::free);
    }

    /** Bytes of arrays kept for the next jobs (not those jobs hold now). */
    synchronized long keptBytes() {
        return idleBytes;
    }

    /** One job's hold on prepared data: its arrays are the job's alone until it closes the lease. */
    final class Lease implements AutoCloseable {

        private final Key key;
        private final PreparedData data;
        private final Shape inputShape;
        private final List<String> featureNames;
        private final long bytes;
        /** Set while lent when its dataset is deleted: freed when given back, not kept. */
        private boolean stale;

        private Lease(Key key, PreparedData data, Shape inputShape, List<String> featureNames) {
            this.key = key;
            this.data = data;
            this.inputShape = inputShape;
            this.featureNames = featureNames;
            this.bytes = Stream.of(data.trainX(), data.trainY(), data.valX(), data.valY()).filter(Objects::nonNull)
                    .mapToLong(array -> array.length() * array.dataType().width()).sum();
        }

        PreparedData data() {
            return data;
        }

        /** How a model sees a row of the dataset. */
        Shape inputShape() {
            return inputShape;
        }

        List<String> featureNames() {
            return featureNames;
        }

        /** Gives the data back, for the next job on the same dataset and preparation; the job must not use it after. */
        @Override
        public void close() {
            giveBack(this);
        }

        private void free() {
            data.release();
        }
    }
}
