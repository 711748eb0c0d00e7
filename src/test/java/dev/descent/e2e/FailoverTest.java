package dev.descent.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas die and stop under a running job, and nothing is lost or repeated. Two replicas run in their own JVMs
 * on one PostgreSQL; the one training the job is killed (SIGKILL), the other takes the job over once its lease
 * lapses and resumes from the last checkpoint; that one is then stopped (SIGTERM), checkpoints and releases the job
 * within its grace; a third replica finishes it. The job's history has every step and every epoch exactly once.
 */
class FailoverTest {

    private static final int EPOCHS = 10;

    private Replica first;
    private Replica second;

    @AfterEach
    void stopReplicas() {
        for (Replica replica : new Replica[] {first, second}) {
            if (replica != null) {
                replica.process().destroyForcibly();
            }
        }
    }

    @Test
    void aJobOutlivesAKilledAndAStoppedReplicaAndItsHistoryHasEveryStepOnce(@TempDir Path dir) throws Exception {
        PostgresServers servers = new PostgresServers("failover", dir);
        first = servers.launch(dir.resolve("first.log"), "--descent.executor.workers=1");
        second = servers.launch(dir.resolve("second.log"), "--descent.executor.workers=1");
        first.awaitReady();
        second.awaitReady();
        String id = first.http().post("/api/v1/jobs", DigitsJobs.spec(EPOCHS, 2)).body().path("id").asString();
        String job = "/api/v1/jobs/" + id;
        first.http().await(job, Duration.ofMinutes(2), running -> "RUNNING".equals(running.path("status").asString())
                && !running.path("checkpointStep").isNull() && running.path("progress").path("epoch").asInt() >= 3);

        // whichever replica claimed the job dies without a word
        boolean firstHasIt = first.metric("descent_jobs_claimed_total") == 1;
        Replica victim = firstHasIt ? first : second;
        Replica heir = firstHasIt ? second : first;
        victim.process().destroyForcibly();
        assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = heir.http().get(job).body().path("checkpointStep").asLong();

        // the other takes it over once the lease lapses, from the checkpoint, and trains past a new checkpoint
        heir.http().await(job, Duration.ofMinutes(2), taken -> taken.path("attempts").asInt() == 2
                && "RUNNING".equals(taken.path("status").asString())
                && taken.path("checkpointStep").asLong() > killedAt);
        assertThat(PostgresServers.tail(heir.log())).contains("resuming at epoch", "step " + killedAt + " (attempt 2)");

        // then it is told to stop: it checkpoints, returns the job to the queue and exits within its grace
        long stopping = System.nanoTime();
        heir.process().destroy(); // SIGTERM
        assertThat(heir.process().waitFor(30, TimeUnit.SECONDS)).as(PostgresServers.tail(heir.log())).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(25));
        assertThat(PostgresServers.tail(heir.log())).contains("returned to the queue: this server is shutting down");
        assertThat(servers.statusAndOwner(id)).isEqualTo("QUEUED null");

        try (ConfigurableApplicationContext last = servers.start("--descent.executor.workers=1")) {
            Http http = PostgresServers.client(last);
            long releasedAt = http.get(job).body().path("checkpointStep").asLong();
            assertThat(releasedAt).isGreaterThan(killedAt);
            JsonNode done = http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
            assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(done.path("attempts").asInt()).isEqualTo(3);
            assertThat(done.path("lostLeases").asInt()).as("the kill, not the graceful stop").isEqualTo(1);
            long total = (long) EPOCHS * DigitsJobs.STEPS_PER_EPOCH;
            assertThat(servers.steps(id)).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(servers.epochs(id)).containsExactlyElementsOf(LongStream.rangeClosed(1, EPOCHS).boxed().toList());
            assertThat(http.get(job + "/history").body().size()).isEqualTo(EPOCHS);
            // the last replica trained only what came after the released checkpoint
            double trained = last.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .get("descent.training.steps").counter().count();
            assertThat(trained).isEqualTo(total - releasedAt);
        }
    }
}
