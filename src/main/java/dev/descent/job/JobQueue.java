package dev.descent.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.sql.DatabaseMetaData;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Hands the oldest queued job to one claimer. On PostgreSQL a claim is {@code SELECT … FOR UPDATE SKIP LOCKED}
 * then the conditional UPDATE, in one transaction: N replicas polling at once each lock a different row and none
 * waits for another. On H2 (one process; its SKIP LOCKED applies LIMIT before skipping, so a second claimer would
 * see nothing) claimers try the oldest few rows with the conditional UPDATE alone, which also never lets two win.
 */
@Component
public class JobQueue {

    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

    private final JobRepository jobs;
    private final boolean skipLocked;

    JobQueue(JobRepository jobs, DataSource dataSource) {
        this.jobs = jobs;
        this.skipLocked = "PostgreSQL".equals(productName(dataSource));
        log.info("job claims by {}", skipLocked ? "SELECT … FOR UPDATE SKIP LOCKED" : "conditional UPDATE");
    }

    private static String productName(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    /** True when claims lock rows with SKIP LOCKED (PostgreSQL). */
    public boolean skipsLockedRows() {
        return skipLocked;
    }

    /** Claims the oldest queued job for {@code owner} with a lease until {@code lease}; empty when none is free. */
    @Transactional
    public Optional<UUID> claimNext(String owner, Instant lease, Instant now) {
        List<UUID> candidates = skipLocked ? jobs.lockOldestQueued() : jobs.findQueuedIds(PageRequest.of(0, 8));
        for (UUID id : candidates) {
            if (jobs.claim(id, owner, lease, now) == 1) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }
}
