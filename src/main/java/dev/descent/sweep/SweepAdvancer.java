package dev.descent.sweep;

import dev.descent.error.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import java.util.UUID;

/**
 * Carries the running sweeps on, on every server: each sweep in its own transaction with its row locked, so servers
 * take turns with a sweep and nothing is lost when one stops (the next round, here or elsewhere, sees the database).
 */
@Component
class SweepAdvancer {

    private static final Logger log = LoggerFactory.getLogger(SweepAdvancer.class);

    private final SweepService sweeps;

    SweepAdvancer(SweepService sweeps) {
        this.sweeps = sweeps;
    }

    @Scheduled(fixedDelayString = "${descent.sweeps.advance-interval:1s}")
    void advanceAll() {
        try {
            for (UUID id : sweeps.running()) {
                try {
                    sweeps.advance(id);
                } catch (InvalidFieldException invalid) {
                    sweeps.fail(id, "a trial could not be queued: " + invalid.getMessage());
                }
            }
        } catch (DataAccessException | TransactionException unreachable) {
            log.warn("cannot carry the sweeps on: {}", unreachable.getMessage());
        }
    }
}
