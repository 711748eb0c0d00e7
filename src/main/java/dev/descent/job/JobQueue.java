package dev.descent.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.sql.DatabaseMetaData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Hands the next queued job, in the fair order of {@link JobRepository#FAIR_ORDER}, to one claimer. On PostgreSQL a claim is {@code SELECT … FOR UPDATE SKIP LOCKED}
 * then the conditional UPDATE, in one transaction: N replicas polling at once each lock a different row and none
 * waits for another. On H2 (one process; its SKIP LOCKED applies LIMIT before skipping, so a second claimer would
 * see nothing) claimers try the first few rows with the conditional UPDATE alone, which also never lets two win.
 */
@Component
public class JobQueue {

    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

    private final JobRepository jobs;
    private final JdbcTemplate jdbc;
    private final boolean skipLocked;
    private final String serveUser;
    private final String serveSweep;

    JobQueue(JobRepository jobs, DataSource dataSource, JdbcTemplate jdbc) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.skipLocked = "PostgreSQL".equals(productName(dataSource));
        // an upsert: PostgreSQL's locks the row it updates, so claims of one user's jobs on two servers take turns
        this.serveUser = skipLocked ? "insert into served_users (user_name, served_at) values (?, ?) on conflict "
                + "(user_name) do update set served_at = excluded.served_at"
                : "merge into served_users (user_name, served_at) key (user_name) values (?, ?)";
        this.serveSweep = skipLocked ? "insert into served_sweeps (sweep_id, served_at) values (?, ?) on conflict "
                + "(sweep_id) do update set served_at = excluded.served_at"
                : "merge into served_sweeps (sweep_id, served_at) key (sweep_id) values (?, ?)";
        log.info("job claims by {}", skipLocked ? "SELECT … FOR UPDATE SKIP LOCKED" : "conditional UPDATE");
    }

    private static String productName(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    /** Records that the claimed job's user, and its sweep if it is a trial, were served {@code now}. */
    private void served(UUID id, Instant now) {
        Object[] userAndSweep = jobs.findUserAndSweep(id).get(0);
        Timestamp at = Timestamp.from(now);
        jdbc.update(serveUser, userAndSweep[0], at);
        if (userAndSweep[1] != null) {
            jdbc.update(serveSweep, UUID.fromString(userAndSweep[1].toString()), at);
        }
    }

    /** True when claims lock rows with SKIP LOCKED (PostgreSQL). */
    public boolean skipsLockedRows() {
        return skipLocked;
    }

    /**
     * Claims the next queued job (see {@link JobRepository#FAIR_ORDER}) for server {@code owner} with a lease until {@code lease}, under a token new to
     * this claim; empty when none is free.
     */
    @Transactional
    public Optional<Claim> claimNext(String owner, Instant lease, Instant now) {
        List<UUID> candidates = skipLocked ? jobs.lockNextQueued() : jobs.findNextQueued(8);
        UUID token = UUID.randomUUID();
        for (UUID id : candidates) {
            if (jobs.claim(id, owner, token, lease, now) == 1) {
                served(id, now);
                return Optional.of(new Claim(id, token, lease));
            }
        }
        return Optional.empty();
    }
}
