package dev.descent.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells idle workers that a job is waiting, so they take it at once instead of at their next poll (which caps a
 * server at a few jobs a second). In this server its workers are woken once the transaction that queued the job has
 * committed; on PostgreSQL a {@code NOTIFY} on {@value #CHANNEL} also wakes every other server sharing the database
 * ({@link QueueListener}). PostgreSQL delivers a NOTIFY only when its transaction commits, and never one whose
 * transaction rolled back, so a woken worker always finds the job committed. The poll stays, as the fallback for a
 * wake-up lost with a listener's connection.
 */
@Component
class QueueWakeups {

    private static final Logger log = LoggerFactory.getLogger(QueueWakeups.class);

    static final String CHANNEL = "descent_jobs_queued";

    private final JdbcTemplate jdbc;
    private final boolean notifiesReplicas;
    private final List<Runnable> workers = new CopyOnWriteArrayList<>();

    QueueWakeups(JdbcTemplate jdbc, JobQueue queue) {
        this.jdbc = jdbc;
        this.notifiesReplicas = queue.skipsLockedRows();
    }

    /** What wakes this server's idle workers. */
    void onQueued(Runnable wake) {
        workers.add(wake);
    }

    /** A job was queued, or returned to the queue, by the current transaction (or just now, outside one). */
    void queued() {
        boolean inTransaction = TransactionSynchronizationManager.isSynchronizationActive();
        if (notifiesReplicas) {
            try {
                jdbc.execute("NOTIFY " + CHANNEL);
            } catch (DataAccessException unreachable) {
                if (inTransaction) {
                    throw unreachable;
                }
                // the job is queued already; the other servers find it at their next poll
                log.warn("could not tell the other servers a job is queued: {}", unreachable.getMessage());
            }
        }
        if (inTransaction) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeWorkers();
                }
            });
        } else {
            wakeWorkers();
        }
    }

    /** Wakes this server's workers (a job may be waiting; they check). */
    void wakeWorkers() {
        workers.forEach(Runnable::run);
    }
}
