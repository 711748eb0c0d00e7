package dev.descent.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 27-trial ASHA sweep on one PostgreSQL: run by one server, and by two, one of which is stopped half-way and
 * started again. Every epoch of every trial is trained once, and both runs make the same decisions and rank the
 * same leaderboard: asha's decisions depend only on the recorded metrics, in a fixed order.
 */
class SweepReplicasTest {

    /** 3 × 3 × 3 configurations of iris, rungs after 1 and 3 epochs. */
    private static final String SWEEP = """
            {"name": "iris-27", "method": "asha", "reductionFactor": 3, "minEpochs": 1, "seed": 11,
             "maxConcurrentTrials": 4, "metric": "validation_loss",
             "base": {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8}]},
                      "optimizer": {"type": "sgd", "learningRate": 0.1, "momentum": 0.5},
                      "training": {"epochs": 3, "batchSize": 16}},
             "parameters": {"optimizer.learningRate": {"values": [0.003, 0.03, 0.3]},
                            "training.batchSize": {"values": [8, 16, 32]},
                            "model.hiddenLayers[0].units": {"values": [4, 8, 16]}}}""";
    private static final String[] SWEEPS_FAST = {"--descent.sweeps.advance-interval=100ms"};

    private record Run(JsonNode sweep, List<String> trials, int promoted) {
    }

    @Test
    void twoServersOneOfThemRestartedRankTheSameLeaderboardAsOneAndTrainEveryEpochOnce(@TempDir Path dir) {
        PostgresServers one = new PostgresServers("sweep_one", dir.resolve("one"));
        Run alone;
        try (ConfigurableApplicationContext server = one.start(SWEEPS_FAST)) {
            Http http = PostgresServers.client(server);
            String id = http.post("/api/v1/sweeps", SWEEP).body().path("id").asString();
            alone = finish(http, id);
        }
        assertEveryEpochOnce(one, alone);

        PostgresServers two = new PostgresServers("sweep_two", dir.resolve("two"));
        Run pair;
        try (ConfigurableApplicationContext first = two.start(SWEEPS_FAST)) {
            Http http = PostgresServers.client(first);
            String id;
            try (ConfigurableApplicationContext second = two.start(SWEEPS_FAST)) {
                id = http.post("/api/v1/sweeps", SWEEP).body().path("id").asString();
                http.await("/api/v1/sweeps/" + id, Duration.ofMinutes(3),
                        s -> s.path("trials").path("created").asInt() >= 12);
            }
            // the second stops half-way (its running trials go back to the queue) and another takes its place
            try (ConfigurableApplicationContext third = two.start(SWEEPS_FAST)) {
                pair = finish(PostgresServers.client(third), id);
            }
        }
        assertEveryEpochOnce(two, pair);
        assertThat(pair.sweep().path("decisions")).isEqualTo(alone.sweep().path("decisions"));
        assertThat(ranking(pair.sweep())).isEqualTo(ranking(alone.sweep()));
        assertThat(pair.sweep().path("best").path("metric")).isEqualTo(alone.sweep().path("best").path("metric"));
    }

    private static Run finish(Http http, String id) {
        JsonNode sweep = http.await("/api/v1/sweeps/" + id, Duration.ofMinutes(5),
                s -> s.path("status").asString().equals("SUCCEEDED"));
        // rung 0 promotes at least 27 / 3 = 9 to the top rung (3 epochs, the last): asha promotes a trial while it
        // is among the best third of the results so far, and some later fall out of it
        int promoted = 0;
        for (JsonNode decision : sweep.path("decisions")) {
            promoted += decision.path("decision").asString().equals("promote") ? 1 : 0;
        }
        assertThat(promoted).isBetween(9, 26);
        assertThat(sweep.path("decisions").size()).isEqualTo(27);
        assertThat(sweep.path("trials").path("byStatus").path("SUCCEEDED").asInt()).as(sweep.toString())
                .isEqualTo(promoted);
        assertThat(sweep.path("trials").path("byStatus").path("CANCELLED").asInt()).isEqualTo(27 - promoted);
        List<String> trials = new ArrayList<>();
        http.get("/api/v1/jobs?sweep=" + id + "&size=50").body().path("items")
                .forEach(trial -> trials.add(trial.path("id").asString()));
        assertThat(trials).hasSize(27);
        return new Run(sweep, trials, promoted);
    }

    /** Each configuration's parameters, epochs and metric, best first. */
    private static List<String> ranking(JsonNode sweep) {
        List<String> rows = new ArrayList<>();
        sweep.path("leaderboard").forEach(entry -> rows.add(entry.path("parameters") + " " + entry.path("epochs")
                + " " + entry.path("mean")));
        return rows;
    }

    private static void assertEveryEpochOnce(PostgresServers servers, Run run) {
        int trainedEpochs = 0;
        for (String trial : run.trials()) {
            List<Long> epochs = servers.epochs(trial);
            assertThat(epochs).as(trial).isIn(List.of(1L), List.of(1L, 2L, 3L));
            trainedEpochs += epochs.size();
            List<Long> steps = servers.steps(trial);
            assertThat(steps).isEqualTo(LongStream.rangeClosed(1, steps.size()).boxed().toList());
        }
        // 27 trials to rung 0, the promoted ones on to 3 epochs
        assertThat(trainedEpochs).isEqualTo(27 + run.promoted() * 2);
    }
}
