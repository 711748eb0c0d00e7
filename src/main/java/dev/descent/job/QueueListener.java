package dev.descent.job;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * On PostgreSQL, listens on one connection of its own for the {@code NOTIFY} another server (or this one) sends when
 * it queues a job, and wakes this server's workers. A lost connection (the database restarted) is opened again after
 * a pause; the workers are woken once it listens again, for what was queued while it did not. On H2 it does nothing:
 * there is one server, whose workers are woken in process.
 */
@Component
class QueueListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueListener.class);
    /** How long one wait for notifications lasts: how soon the listener notices it is to stop. */
    private static final int WAIT_MILLIS = 1000;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final QueueWakeups wakeups;
    private final boolean postgres;
    private volatile boolean running;
    private Thread thread;

    QueueListener(DataSource dataSource, QueueWakeups wakeups, JobQueue queue) {
        this.dataSource = dataSource;
        this.wakeups = wakeups;
        this.postgres = queue.skipsLockedRows();
    }

    @Override
    public synchronized void start() {
        running = true;
        if (postgres) {
            thread = new Thread(this::listen, "descent-queue-listener");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                PGConnection notifications = connection.unwrap(PGConnection.class);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + QueueWakeups.CHANNEL);
                }
                wakeups.wakeWorkers();
                while (running) {
                    var received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        wakeups.wakeWorkers();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("not listening for queued jobs ({}); polling until the connection is back in {}",
                            e.getMessage(), RECONNECT_PAUSE);
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2L * WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
