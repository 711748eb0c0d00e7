package dev.descent.job;

import dev.descent.store.ModelStore;
import dev.descent.store.StoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * At start-up, before this server's workers claim a job, removes the store's files a killed server left behind:
 * temporary files of a model or checkpoint write it was killed in, and models and checkpoints whose rows were deleted
 * before it could remove them. Only files older than {@code descent.store.leftover-age} go: younger ones may be
 * another replica's, being written or about to be named by their row.
 */
@Component
class LeftoverFileSweep implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(LeftoverFileSweep.class);

    private final ModelStore models;
    private final JobRepository jobs;
    private final StoreProperties store;
    private final Clock clock;

    LeftoverFileSweep(ModelStore models, JobRepository jobs, StoreProperties store, Clock clock) {
        this.models = models;
        this.jobs = jobs;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Instant writtenBefore = clock.instant().minus(store.leftoverAge());
        Set<String> named = new HashSet<>(jobs.findModelPaths());
        named.addAll(jobs.findCheckpointPaths());
        List<String> removed = models.sweep(named::contains, writtenBefore);
        if (!removed.isEmpty()) {
            log.info("removed {} files of the model store left by an earlier run: {}", removed.size(), removed);
        }
    }
}
