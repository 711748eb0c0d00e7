package dev.descent.history;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.descent.error.ReadsBusyException;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admission and a connection pool for the reads that scan a whole history (curves, comparisons, plots, exports).
 * Such reads once took every connection of the application's pool, and a training job that could not open a
 * transaction failed. Now they are admitted a bounded number at a time (beyond it: 429) and read through a pool of
 * their own, sized to the number admitted, so they neither wait for a connection nor take one from training, and the
 * memory they hold is bounded by the number admitted. See docs/load.md.
 */
@Component
public class HeavyReads implements DisposableBean {

    /** The pool's name in the hikaricp_* metrics. */
    public static final String POOL = "descent-reads";

    private final ReadProperties properties;
    private final Semaphore curves;
    private final Semaphore exports;
    private final HikariDataSource pool;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public HeavyReads(ReadProperties properties, DataSourceProperties dataSource, ObjectProvider<MeterRegistry> meters) {
        this.properties = properties;
        this.curves = new Semaphore(properties.maxConcurrent(), true);
        this.exports = new Semaphore(properties.maxConcurrentExports(), true);
        this.pool = dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName(POOL);
        pool.setMaximumPoolSize(properties.maxConcurrent() + properties.maxConcurrentExports());
        // idle, the pool keeps no connection open on a shared PostgreSQL server
        pool.setMinimumIdle(0);
        pool.setReadOnly(true);
        meters.ifAvailable(registry -> pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry)));
        this.jdbc = new JdbcTemplate(pool);
        jdbc.setFetchSize(properties.fetchRows());
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(pool));
        readOnly.setReadOnly(true);
    }

    /** A slot for a curve, comparison or plot, held until closed. */
    public Permit admit() {
        return admit(curves, "curve, comparison or plot", "descent.reads.max-concurrent", properties.maxConcurrent());
    }

    /** A slot for a history export, held until its last row is written (or the client is gone). */
    public Permit admitExport() {
        return admit(exports, "history export", "descent.reads.max-concurrent-exports",
                properties.maxConcurrentExports());
    }

    private Permit admit(Semaphore slots, String what, String setting, int limit) {
        try {
            if (slots.tryAcquire(properties.admissionWait().toNanos(), TimeUnit.NANOSECONDS)) {
                return new Permit(slots);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ReadsBusyException("this server is answering " + limit + " requests of this kind (" + what
                + ") already (" + setting + "); retry after " + properties.retryAfter().toSeconds() + " s",
                properties.retryAfter());
    }

    /**
     * Runs {@code work} in a read-only transaction on the reads' pool: PostgreSQL streams a result by the fetch size
     * only inside a transaction, otherwise it reads every row before returning the first.
     */
    <T> T inTransaction(TransactionCallback<T> work) {
        return readOnly.execute(work);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    int fetchRows() {
        return properties.fetchRows();
    }

    @Override
    public void destroy() {
        pool.close();
    }

    /** An admitted heavy read; closing it (more than once is harmless) lets the next one in. */
    public static final class Permit implements AutoCloseable {
        private final Semaphore slots;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore slots) {
            this.slots = slots;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }
}
