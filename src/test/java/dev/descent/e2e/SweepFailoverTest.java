package dev.descent.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sweep outlives a replica's death. Two replicas in their own JVMs on one PostgreSQL carry an ASHA sweep, each
 * training one of its trials; one is killed (SIGKILL) mid-trial. The other takes the dead one's trial over once its
 * lease lapses, from its checkpoint, and carries the sweep to its end: every decision is taken, and every trial's
 * history has each of its steps and epochs exactly once.
 */
class SweepFailoverTest {

    /** 3 × 3 configurations of the fault tests' digits job (an epoch takes a second or so), rungs after 1 and 3 epochs. */
    private static final String SWEEP = """
            {"name": "digits-9", "method": "asha", "reductionFactor": 3, "minEpochs": 1, "seed": 5,
             "maxConcurrentTrials": 2, "metric": "validation_loss", "base": %s,
             "parameters": {"optimizer.learningRate": {"values": [0.001, 0.003, 0.01]},
                            "model.hiddenLayers[0].units": {"values": [8, 16, 32]}}}"""
            .formatted(DigitsJobs.spec(3, 1));

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
    void aSweepOutlivesAKilledReplicaAndEveryTrialTrainsEachStepOnce(@TempDir Path dir) throws Exception {
        PostgresServers servers = new PostgresServers("sweep_failover", dir);
        String[] settings = {"--descent.executor.workers=1", "--descent.sweeps.advance-interval=200ms"};
        first = servers.launch(dir.resolve("first.log"), settings);
        second = servers.launch(dir.resolve("second.log"), settings);
        first.awaitReady();
        second.awaitReady();
        String id = first.http().post("/api/v1/sweeps", SWEEP).body().path("id").asString();

        // both replicas are training a trial (one worker each, two trials at once)
        first.http().await("/api/v1/jobs?sweep=" + id + "&status=RUNNING", Duration.ofMinutes(2),
                running -> running.path("totalItems").asInt() == 2 && first.metric("descent_jobs_claimed_total") >= 1
                        && second.metric("descent_jobs_claimed_total") >= 1);
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        JsonNode sweep = second.http().await("/api/v1/sweeps/" + id, Duration.ofMinutes(4),
                s -> !"RUNNING".equals(s.path("status").asString()));
        assertThat(sweep.path("status").asString()).as(second.tail()).isEqualTo("SUCCEEDED");
        assertThat(sweep.path("decisions").size()).isEqualTo(9);
        long promoted = 0;
        for (JsonNode decision : sweep.path("decisions")) {
            promoted += decision.path("decision").asString().equals("promote") ? 1 : 0;
        }
        assertThat(promoted).isBetween(3L, 8L);

        JsonNode trials = second.http().get("/api/v1/jobs?sweep=" + id + "&size=50").body().path("items");
        assertThat(trials.size()).isEqualTo(9);
        int lost = 0;
        long trainedEpochs = 0;
        for (JsonNode trial : trials) {
            String job = trial.path("id").asString();
            List<Long> epochs = servers.epochs(job);
            assertThat(epochs).as(job).isIn(List.of(1L), List.of(1L, 2L, 3L));
            trainedEpochs += epochs.size();
            assertThat(servers.steps(job)).as(job).isEqualTo(LongStream.rangeClosed(1,
                    (long) epochs.size() * DigitsJobs.STEPS_PER_EPOCH).boxed().toList());
            lost += trial.path("lostLeases").asInt();
        }
        // the killed replica's trial was taken over (a lost lease), and nothing else was lost
        assertThat(lost).isEqualTo(1);
        assertThat(trainedEpochs).isEqualTo(9 + 2 * promoted);
    }
}
