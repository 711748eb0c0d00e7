package dev.descent.job;

import dev.descent.security.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue's state changes and its fair order against the real schema (Flyway migrations on H2). */
@DataJpaTest(properties = "spring.datasource.url=jdbc:h2:mem:jobs;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(JobQueue.class)
class JobRepositoryTest {

    @Autowired
    private JobRepository jobs;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private JobQueue queue;

    private UUID queue(Instant createdAt) {
        return queue(createdAt, "local");
    }

    private UUID queue(Instant createdAt, String user) {
        return jobs.saveAndFlush(new Job(UUID.randomUUID(), "t", "iris", "sgd", "{}", 10, 1, createdAt, user)).getId();
    }

    /** A trial of a sweep, as the sweeps queue them: a job with the sweep's id. */
    private UUID queueTrial(Instant createdAt, String user, UUID sweep) {
        UUID id = queue(createdAt, user);
        jdbc.update("update jobs set sweep_id = ? where id = ?", sweep, id);
        return id;
    }

    /** Claims the next job at {@code now}, as a worker would. */
    private UUID claimNext(Instant now) {
        return queue.claimNext("server", now.plusSeconds(60), now).orElseThrow().jobId();
    }

    /**
     * One user's sweep, queued first, does not starve another user's single job submitted later, nor that user's own
     * single job: users take turns by when they were last served, and within a user so do the sweep and the job.
     */
    @Test
    void theListFiltersByProjectTagsDatasetOptimizerAndTimeTogether() {
        jdbc.update("delete from jobs");
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        Job a = new Job(UUID.randomUUID(), "a", "iris", "adam", "{}", 10, 1, now, "local")
                .label(new JobLabels("study", Map.of("team", "vision", "stage", "baseline")));
        Job b = new Job(UUID.randomUUID(), "b", "wine", "sgd", "{}", 10, 1, now.plusSeconds(60), "local")
                .label(new JobLabels("study", Map.of("team", "vision")));
        Job c = new Job(UUID.randomUUID(), "c", "iris", "sgd", "{}", 10, 1, now.plusSeconds(120), "local")
                .label(new JobLabels("other", Map.of("team", "audio")));
        Job theirs = new Job(UUID.randomUUID(), "d", "iris", "adam", "{}", 10, 1, now, "bob")
                .label(new JobLabels("study", Map.of("team", "vision")));
        jobs.saveAllAndFlush(List.of(a, b, c, theirs));
        Caller local = new Caller("local", false);
        assertThat(names(new JobFilter(null, null, "study", null, null, null, null, null, null), local))
                .containsExactly("b", "a");
        assertThat(names(new JobFilter(null, null, null, List.of("team:vision"), null, null, null, null, null), local))
                .containsExactly("b", "a");
        // every tag given: key:value and key alone (any value)
        assertThat(names(new JobFilter(null, null, null, List.of("team:vision", "stage"), null, null, null, null, null),
                local)).containsExactly("a");
        assertThat(names(new JobFilter(null, null, null, List.of("team"), "iris", null, null, null, null), local))
                .containsExactly("c", "a");
        assertThat(names(new JobFilter(null, null, "study", null, null, "adam", null, null, null), local))
                .containsExactly("a");
        assertThat(names(new JobFilter(JobStatus.QUEUED, null, null, null, null, null, now.plusSeconds(60),
                now.plusSeconds(120), null), local)).containsExactly("b");
        // final metrics: a's last epoch is 0.9, b's 0.97 (its first was higher), c has none
        epoch(a, 1, 0.8);
        epoch(a, 2, 0.9);
        epoch(b, 1, 0.99);
        epoch(b, 2, 0.97);
        assertThat(names(metrics("validation_accuracy>0.95"), local)).containsExactly("b");
        assertThat(names(metrics("validation_accuracy>=0.9"), local)).containsExactly("b", "a");
        assertThat(names(metrics("validation_accuracy>0.85", "validation_accuracy<0.95"), local))
                .containsExactly("a");
        assertThat(names(metrics("train_loss<=1"), local)).containsExactly("b", "a");
        assertThat(names(new JobFilter(null, null, "study", List.of("team:vision"), null, "adam", null, null, null),
                new Caller("root", true))).containsExactlyInAnyOrder("a", "d");
        assertThat(jobs.findById(a.getId()).orElseThrow().getTags()).containsExactly(Map.entry("stage", "baseline"),
                Map.entry("team", "vision"));
        // deleting a job deletes its tags
        jdbc.update("delete from jobs where id = ?", a.getId());
        assertThat(jdbc.queryForObject("select count(*) from job_tags where job_id = ?", Long.class, a.getId()))
                .isZero();
    }

    private void epoch(Job job, int epoch, double validationAccuracy) {
        jdbc.update("insert into epoch_metrics (job_id, epoch, steps, train_loss, validation_accuracy, learning_rate, "
                + "gradient_norm, duration_millis, samples_per_second, recorded_at) values (?, ?, 1, 0.5, ?, 0.1, 1, "
                + "1, 1, current_timestamp)", job.getId(), epoch, validationAccuracy);
    }

    private static JobFilter metrics(String... thresholds) {
        return new JobFilter(null, null, null, null, null, null, null, null,
                java.util.Arrays.stream(thresholds).map(MetricThreshold::parse).toList());
    }

    private List<String> names(JobFilter filter, Caller caller) {
        return jobs.findAll(filter.specification(caller), PageRequest.of(0, 10, Sort.by(Sort.Direction.DESC,
                "createdAt"))).map(Job::getName).toList();
    }

    @Test
    void claimsTakeTurnsBetweenUsersAndWithinAUserBetweenItsSweepAndItsSingleJobs() {
        jdbc.update("delete from jobs");
        jdbc.update("delete from served_users");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        UUID sweep = UUID.randomUUID();
        List<UUID> trials = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            trials.add(queueTrial(t.plusSeconds(i), "alice", sweep));
        }
        UUID alicesJob = queue(t.plusSeconds(10), "alice");
        UUID bobsFirst = queue(t.plusSeconds(11), "bob");

        assertThat(claimNext(t.plusSeconds(100))).as("no one served yet: the oldest").isEqualTo(trials.get(0));
        assertThat(claimNext(t.plusSeconds(101))).as("bob was never served").isEqualTo(bobsFirst);
        assertThat(claimNext(t.plusSeconds(102))).as("alice's single job, never served, before her sweep")
                .isEqualTo(alicesJob);
        UUID bobsSecond = queue(t.plusSeconds(103), "bob");
        assertThat(claimNext(t.plusSeconds(104))).as("bob was served before alice").isEqualTo(bobsSecond);
        assertThat(claimNext(t.plusSeconds(105))).isEqualTo(trials.get(1));
        assertThat(claimNext(t.plusSeconds(106))).isEqualTo(trials.get(2));
    }

    @Test
    void aQueuedJobIsClaimedOnceAndInSubmissionOrder() {
        Instant now = Instant.now();
        UUID second = queue(now);
        UUID first = queue(now.minusSeconds(5));
        assertThat(jobs.findNextQueued(10)).containsExactly(first, second);
        assertThat(jobs.claim(first, "a", UUID.randomUUID(), now.plusSeconds(60), now)).isEqualTo(1);
        assertThat(jobs.claim(first, "b", UUID.randomUUID(), now.plusSeconds(60), now)).isZero();
        Job claimed = jobs.findById(first).orElseThrow();
        assertThat(claimed.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(claimed.getAttempts()).isEqualTo(1);
        assertThat(jobs.findNextQueued(10)).containsExactly(second);
    }

    @Test
    void onlyTheClaimHolderFinishesAJob() {
        Instant now = Instant.now();
        UUID id = queue(now);
        UUID token = UUID.randomUUID();
        jobs.claim(id, "server", token, now.plusSeconds(60), now);
        assertThat(jobs.finish(id, UUID.randomUUID(), JobStatus.SUCCEEDED, null, now)).isZero();
        assertThat(jobs.finish(id, token, JobStatus.FAILED, "diverged", now)).isEqualTo(1);
        Job done = jobs.findById(id).orElseThrow();
        assertThat(done.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(done.getError()).isEqualTo("diverged");
        assertThat(done.getFinishedAt()).isNotNull();
    }

    /**
     * The same server claims its own job again after its lease lapsed (it was paused): the first claim, with the same
     * owner, can renew nothing, record nothing and end nothing; the second can.
     */
    @Test
    void aClaimWhoseJobWasClaimedAgainWritesNothingEvenFromTheSameServer() {
        Instant now = Instant.now();
        UUID id = queue(now);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        jobs.claim(id, "server", first, now.minusSeconds(1), now.minusSeconds(61));
        assertThat(jobs.requeueExpired(now)).isEqualTo(1);
        jobs.claim(id, "server", second, now.plusSeconds(60), now);

        assertThat(jobs.renewLease(id, first, now.plusSeconds(60), now)).isZero();
        assertThat(jobs.recordProgress(id, first, 9, 900, 1, 1)).isZero();
        assertThat(jobs.recordTotalSteps(id, first, 1000)).isZero();
        assertThat(jobs.findCheckpointPath(id, first)).isEmpty();
        assertThat(jobs.attachCheckpoint(id, first, "stale.checkpoint.json", 900)).isZero();
        assertThat(jobs.succeed(id, first, "stale.json", null, now)).isZero();
        assertThat(jobs.finish(id, first, JobStatus.CANCELLED, null, now)).isZero();
        assertThat(jobs.release(id, first)).isZero();

        assertThat(jobs.renewLease(id, second, now.plusSeconds(90), now)).isEqualTo(1);
        assertThat(jobs.recordProgress(id, second, 1, 100, 1, 1)).isEqualTo(1);
        assertThat(jobs.findCheckpointPath(id, second)).contains("");
        assertThat(jobs.attachCheckpoint(id, second, "fresh.checkpoint.json", 100)).isEqualTo(1);
        assertThat(jobs.findCheckpointPath(id, second)).contains("fresh.checkpoint.json");
        assertThat(jobs.succeed(id, second, "fresh.json", null, now)).isEqualTo(1);
        Job done = jobs.findById(id).orElseThrow();
        assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.getModelPath()).isEqualTo("fresh.json");
        assertThat(done.getCheckpointPath()).as("superseded by the model").isNull();
        assertThat(done.getSteps()).isEqualTo(100);
        assertThat(done.getAttempts()).isEqualTo(2);
    }

    @Test
    void aLapsedLeaseIsNotRenewedEvenBeforeAnotherServerQueuesTheJobAgain() {
        Instant now = Instant.now();
        UUID id = queue(now);
        UUID token = UUID.randomUUID();
        jobs.claim(id, "paused", token, now.minusSeconds(1), now.minusSeconds(61));
        assertThat(jobs.renewLease(id, token, now.plusSeconds(60), now)).isZero();
        assertThat(jobs.requeueExpired(now)).isEqualTo(1);
    }

    @Test
    void anExpiredLeaseReturnsTheJobToTheQueueAndARenewedOneDoesNot() {
        Instant now = Instant.now();
        UUID expired = queue(now);
        UUID renewed = queue(now);
        UUID token = UUID.randomUUID();
        jobs.claim(expired, "dead", UUID.randomUUID(), now.minusSeconds(1), now);
        jobs.claim(renewed, "alive", token, now.plusSeconds(1), now);
        assertThat(jobs.renewLease(renewed, token, now.plusSeconds(60), now)).isEqualTo(1);
        assertThat(jobs.requeueExpired(now.plusSeconds(2))).isEqualTo(1);
        assertThat(jobs.findById(expired).orElseThrow().getStatus()).isEqualTo(JobStatus.QUEUED);
        assertThat(jobs.findById(renewed).orElseThrow().getStatus()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aJobWhoseLeaseLapsesAfterACancelWasRequestedEndsCancelled() {
        Instant now = Instant.now();
        UUID id = queue(now);
        jobs.claim(id, "paused", UUID.randomUUID(), now.minusSeconds(1), now);
        jobs.requestCancel(id);
        assertThat(jobs.cancelExpired(now)).isEqualTo(1);
        assertThat(jobs.requeueExpired(now)).isZero();
        Job cancelled = jobs.findById(id).orElseThrow();
        assertThat(cancelled.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.getLostLeases()).isEqualTo(1);
        assertThat(cancelled.getFinishedAt()).isNotNull();
    }

    @Test
    void aJobWhoseLeaseLapsesForTheLastAllowedTimeFailsInsteadOfQueueingAgain() {
        Instant now = Instant.now();
        UUID id = queue(now);
        for (int lapse = 1; lapse <= 2; lapse++) {
            jobs.claim(id, "crashing", UUID.randomUUID(), now.minusSeconds(1), now);
            assertThat(jobs.failExpired(3, "crashes its servers", now)).isZero();
            assertThat(jobs.requeueExpired(now)).isEqualTo(1);
            assertThat(jobs.findById(id).orElseThrow().getLostLeases()).isEqualTo(lapse);
        }
        UUID other = queue(now);
        jobs.claim(other, "crashing", UUID.randomUUID(), now.minusSeconds(1), now);
        jobs.claim(id, "crashing", UUID.randomUUID(), now.minusSeconds(1), now);
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
        UUID token = UUID.randomUUID();
        jobs.claim(id, "stopping", token, now.plusSeconds(60), now);
        assertThat(jobs.release(id, token)).isEqualTo(1);
        assertThat(jobs.findById(id).orElseThrow().getLostLeases()).isZero();
    }

    @Test
    void cancellingAQueuedJobIsImmediateAndARunningOneIsFlagged() {
        Instant now = Instant.now();
        UUID queued = queue(now);
        UUID running = queue(now);
        jobs.claim(running, "a", UUID.randomUUID(), now.plusSeconds(60), now);
        assertThat(jobs.cancelQueued(queued, now)).isEqualTo(1);
        assertThat(jobs.findById(queued).orElseThrow().getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(jobs.cancelQueued(running, now)).isZero();
        assertThat(jobs.requestCancel(running)).isEqualTo(1);
        assertThat(jobs.findCancelRequested(List.of(queued, running))).containsExactly(running);
    }

    /** What a deletion asks first: the jobs that will still run on a dataset or from a source job (JobDependants). */
    @Test
    void jobsThatWillStillRunAreFoundByTheirDatasetAndTheirSpecAndRowsLockedOneByOne() {
        Instant now = Instant.now();
        UUID source = UUID.randomUUID();
        String spec = "{\"model\": {\"initFrom\": \"" + source + "\"}}";
        UUID queued = jobs.save(new Job(UUID.randomUUID(), "t", "upload", "sgd", spec, 10, 1, now, "local")).getId();
        UUID cancelledQueued = jobs.save(new Job(UUID.randomUUID(), "t", "upload", "sgd", spec, 10, 1, now, "local")).getId();
        jobs.cancelQueued(cancelledQueued, now);
        UUID resumable = jobs.save(new Job(UUID.randomUUID(), "t", "upload", "sgd", spec, 10, 1, now, "local")).getId();
        // cancelled while it ran, after a checkpoint
        UUID token = UUID.randomUUID();
        assertThat(jobs.claim(resumable, "server", token, now.plusSeconds(60), now)).isEqualTo(1);
        assertThat(jobs.attachCheckpoint(resumable, token, resumable + ".checkpoint.json", 5L)).isEqualTo(1);
        assertThat(jobs.finish(resumable, token, JobStatus.CANCELLED, null, now)).isEqualTo(1);
        queue(now); // on iris, from nothing

        assertThat(jobs.findMayRunOnDataset("upload")).containsExactlyInAnyOrder(queued, resumable);
        assertThat(jobs.findMayRunWithSpecLike("%" + source + "%")).extracting(Job::getId)
                .containsExactlyInAnyOrder(queued, resumable);
        assertThat(jobs.findCheckpointPaths()).contains(resumable + ".checkpoint.json");
        assertThat(jobs.lockById(queued)).containsExactly("QUEUED");
        assertThat(jobs.lockById(UUID.randomUUID())).isEmpty();
    }
}
