package dev.descent.job;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.data.domain.PageRequest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue's state changes against the real schema (Flyway migrations on H2). */
@DataJpaTest(properties = "spring.datasource.url=jdbc:h2:mem:jobs;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JobRepositoryTest {

    @Autowired
    private JobRepository jobs;

    private UUID queue(Instant createdAt) {
        return jobs.save(new Job(UUID.randomUUID(), "t", "iris", "{}", 10, 1, createdAt, "local")).getId();
    }

    @Test
    void aQueuedJobIsClaimedOnceAndInSubmissionOrder() {
        Instant now = Instant.now();
        UUID second = queue(now);
        UUID first = queue(now.minusSeconds(5));
        assertThat(jobs.findQueuedIds(PageRequest.of(0, 10))).containsExactly(first, second);
        assertThat(jobs.claim(first, "a", now.plusSeconds(60), now)).isEqualTo(1);
        assertThat(jobs.claim(first, "b", now.plusSeconds(60), now)).isZero();
        Job claimed = jobs.findById(first).orElseThrow();
        assertThat(claimed.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(claimed.getAttempts()).isEqualTo(1);
        assertThat(jobs.findQueuedIds(PageRequest.of(0, 10))).containsExactly(second);
    }

    @Test
    void onlyTheLeaseHolderFinishesAJob() {
        Instant now = Instant.now();
        UUID id = queue(now);
        jobs.claim(id, "a", now.plusSeconds(60), now);
        assertThat(jobs.finish(id, "b", JobStatus.SUCCEEDED, null, now)).isZero();
        assertThat(jobs.finish(id, "a", JobStatus.FAILED, "diverged", now)).isEqualTo(1);
        Job done = jobs.findById(id).orElseThrow();
        assertThat(done.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(done.getError()).isEqualTo("diverged");
        assertThat(done.getFinishedAt()).isNotNull();
    }

    @Test
    void anExpiredLeaseReturnsTheJobToTheQueueAndARenewedOneDoesNot() {
        Instant now = Instant.now();
        UUID expired = queue(now);
        UUID renewed = queue(now);
        jobs.claim(expired, "dead", now.minusSeconds(1), now);
        jobs.claim(renewed, "alive", now.minusSeconds(1), now);
        jobs.renewLeases("alive", List.of(renewed), now.plusSeconds(60));
        assertThat(jobs.requeueExpired(now)).isEqualTo(1);
        assertThat(jobs.findById(expired).orElseThrow().getStatus()).isEqualTo(JobStatus.QUEUED);
        assertThat(jobs.findById(renewed).orElseThrow().getStatus()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aJobWhoseLeaseLapsesForTheLastAllowedTimeFailsInsteadOfQueueingAgain() {
        Instant now = Instant.now();
        UUID id = queue(now);
        for (int lapse = 1; lapse <= 2; lapse++) {
            jobs.claim(id, "crashing", now.minusSeconds(1), now);
            assertThat(jobs.failExpired(3, "crashes its servers", now)).isZero();
            assertThat(jobs.requeueExpired(now)).isEqualTo(1);
            assertThat(jobs.findById(id).orElseThrow().getLostLeases()).isEqualTo(lapse);
        }
        UUID other = queue(now);
        jobs.claim(other, "crashing", now.minusSeconds(1), now);
        jobs.claim(id, "crashing", now.minusSeconds(1), now);
        assertThat(jobs.failExpired(3, "crashes its servers", now)).isEqualTo(1);
        assertThat(jobs.requeueExpired(now)).as("the other job's first lapse").isEqualTo(1);
        Job failed = jobs.findById(id).orElseThrow();
        assertThat(failed.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.getError()).isEqualTo("crashes its servers");
        assertThat(failed.getLostLeases()).isEqualTo(3);
        assertThat(failed.getAttempts()).isEqualTo(3);
        assertThat(failed.getFinishedAt()).isNotNull();
        assertThat(jobs.findById(other).orElseThrow().getStatus()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void aJobReturnedAtShutdownHasNotLostItsLease() {
        Instant now = Instant.now();
        UUID id = queue(now);
        jobs.claim(id, "stopping", now.plusSeconds(60), now);
        assertThat(jobs.release(id, "stopping")).isEqualTo(1);
        assertThat(jobs.findById(id).orElseThrow().getLostLeases()).isZero();
    }

    @Test
    void cancellingAQueuedJobIsImmediateAndARunningOneIsFlagged() {
        Instant now = Instant.now();
        UUID queued = queue(now);
        UUID running = queue(now);
        jobs.claim(running, "a", now.plusSeconds(60), now);
        assertThat(jobs.cancelQueued(queued, now)).isEqualTo(1);
        assertThat(jobs.findById(queued).orElseThrow().getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(jobs.cancelQueued(running, now)).isZero();
        assertThat(jobs.requestCancel(running)).isEqualTo(1);
        assertThat(jobs.findCancelRequested(List.of(queued, running))).containsExactly(running);
    }
}
