package dev.descent.e2e;

import dev.descent.DescentApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Sweeps driven over HTTP as a client would: validation, a grid with seeds, trials as jobs, cancel and delete. */
class SweepEndToEndTest {

    @TempDir
    static Path dataDir;
    private static ConfigurableApplicationContext server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = SpringApplication.run(DescentApplication.class, "--server.port=0", "--descent.data-dir=" + dataDir,
                "--descent.executor.poll-interval=100ms", "--descent.sweeps.advance-interval=100ms",
                "--descent.sweeps.max-grid-size=50");
        http = new Http(Integer.parseInt(server.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String sweep(String parameters, String extra) {
        return """
                {"name": "iris", %s
                 "base": {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8}]},
                          "optimizer": {"type": "sgd", "learningRate": 0.1, "momentum": 0.5},
                          "training": {"epochs": 2, "batchSize": 16}},
                 "parameters": %s}""".formatted(extra, parameters);
    }

    private static void assertRefused(String body, String field) {
        Http.Response response = http.post("/api/v1/sweeps", body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(422);
        assertThat(response.body().path("field").asString()).isEqualTo(field);
    }

    @Test
    void aSweepThatWouldQueueAnInvalidTrialIsRefusedNamingTheParameter() {
        long jobsBefore = http.get("/api/v1/jobs").body().path("totalItems").asLong();
        assertRefused(sweep("{\"optimizer.nope\": {\"values\": [1]}}", ""), "parameters.optimizer.nope");
        assertRefused(sweep("{\"model.hiddenLayers[3].units\": {\"values\": [4]}}", ""),
                "parameters.model.hiddenLayers[3].units");
        // a batch size is an integer
        assertRefused(sweep("{\"training.batchSize\": {\"uniform\": [8, 32]}}", "\"method\": \"random\", "
                + "\"maxTrials\": 3,"), "parameters.training.batchSize");
        // Bean Validation of the trial's spec: a learning rate must be > 0
        assertRefused(sweep("{\"optimizer.learningRate\": {\"values\": [0.1, -1]}}", ""),
                "parameters.optimizer.learningRate");
        // a grid point refused by the optimizer's own rules: Nesterov needs dampening 0
        assertRefused(sweep("{\"optimizer.nesterov\": {\"values\": [false, true]}, "
                + "\"optimizer.dampening\": {\"values\": [0.0, 0.5]}}", ""), "parameters.optimizer.nesterov");
        assertRefused(sweep("{\"optimizer.learningRate\": {\"logUniform\": [0, 1]}}", "\"method\": \"random\", "
                + "\"maxTrials\": 3,"), "parameters.optimizer.learningRate.logUniform");
        assertRefused(sweep("{\"training.batchSize\": {\"intRange\": [1, 100, 1]}}", ""), "parameters");
        assertRefused(sweep("{\"optimizer.learningRate\": {\"uniform\": [0.01, 0.1]}}", ""),
                "parameters.optimizer.learningRate");
        assertThat(http.get("/api/v1/jobs").body().path("totalItems").asLong()).isEqualTo(jobsBefore);
    }

    @Test
    void aGridWithSeedsRunsItsTrialsAsJobsAtMostMaxConcurrentAtOnceAndRanksItsConfigurations() {
        Http.Response created = http.post("/api/v1/sweeps", sweep("""
                {"optimizer.learningRate": {"values": [0.01, 0.2]}, "training.batchSize": {"intRange": [8, 16, 8]}}""",
                "\"seeds\": 2, \"maxConcurrentTrials\": 3,"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
        assertThat(created.raw().headers().firstValue("Location").orElseThrow())
                .endsWith("/api/v1/sweeps/" + created.body().path("id").asString());
        String id = created.body().path("id").asString();
        int mostActive = 0;
        JsonNode sweep;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        do {
            sweep = http.get("/api/v1/sweeps/" + id).body();
            JsonNode byStatus = sweep.path("trials").path("byStatus");
            mostActive = Math.max(mostActive, byStatus.path("QUEUED").asInt() + byStatus.path("RUNNING").asInt());
            assertThat(System.nanoTime()).as(sweep.toString()).isLessThan(deadline);
        } while (!sweep.path("status").asString().equals("SUCCEEDED"));
        assertThat(mostActive).isBetween(1, 3);
        assertThat(sweep.path("trials").path("planned").asInt()).isEqualTo(8);
        assertThat(sweep.path("trials").path("byStatus").path("SUCCEEDED").asInt()).isEqualTo(8);
        JsonNode leaderboard = sweep.path("leaderboard");
        assertThat(leaderboard.size()).isEqualTo(4);
        for (int i = 0; i < leaderboard.size(); i++) {
            JsonNode entry = leaderboard.get(i);
            assertThat(entry.path("values").size()).isEqualTo(2);
            double mean = (entry.path("values").get(0).asDouble() + entry.path("values").get(1).asDouble()) / 2;
            assertThat(entry.path("mean").asDouble()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(entry.path("low").asDouble()).isLessThanOrEqualTo(mean);
            assertThat(entry.path("high").asDouble()).isGreaterThanOrEqualTo(mean);
            if (i > 0) {
                assertThat(entry.path("mean").asDouble()).isGreaterThanOrEqualTo(leaderboard.get(i - 1).path("mean")
                        .asDouble());
            }
        }
        assertThat(sweep.path("best").path("jobId").asString()).isIn(
                leaderboard.get(0).path("trialIds").get(0).asString(), leaderboard.get(0).path("trialIds").get(1)
                        .asString());
        // the trials are jobs: listed by sweep, each with its number and assignment, with everything a job has
        JsonNode trials = http.get("/api/v1/jobs?sweep=" + id + "&size=50").body().path("items");
        assertThat(trials.size()).isEqualTo(8);
        Set<String> assignments = new HashSet<>();
        List<Integer> numbers = new ArrayList<>();
        for (JsonNode trial : trials) {
            numbers.add(trial.path("trial").path("number").asInt());
            JsonNode assignment = trial.path("trial").path("assignment");
            assignments.add(assignment.toString());
            assertThat(trial.path("spec").path("optimizer").path("learningRate").asDouble())
                    .isEqualTo(assignment.path("optimizer.learningRate").asDouble());
            assertThat(trial.path("spec").path("training").path("batchSize").asInt())
                    .isEqualTo(assignment.path("training.batchSize").asInt());
        }
        assertThat(numbers).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(assignments).hasSize(4);
        String trial = trials.get(0).path("id").asString();
        assertThat(http.get("/api/v1/jobs/" + trial + "/history").body().size()).isEqualTo(2);
        assertThat(http.get("/api/v1/jobs/" + trial + "/model").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/sweeps").body().path("items").toString()).contains(id);
        // a rate × batch-size sweep is drawn with the best rate per batch size on the fitted power law
        Http.Response plot = http.get("/api/v1/sweeps/" + id + "/plot.svg");
        assertThat(plot.status()).isEqualTo(200);
        assertThat(plot.raw().headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(plot.raw().body()).contains("<title>iris: validation_loss</title>", "class=\"power-law\"",
                "training.batchSize (log scale)");
        assertThat(plot.raw().body().split("<circle cx=").length - 1).isEqualTo(4 + 2 + 2);
        assertThat(http.get("/api/v1/sweeps/" + java.util.UUID.randomUUID() + "/plot.svg").status()).isEqualTo(404);

        assertThat(http.delete("/api/v1/sweeps/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/sweeps/" + id).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/jobs/" + trial).status()).isEqualTo(404);
    }

    @Test
    void everyExampleOfTheOpenApiDocumentStartsASweep() {
        JsonNode examples = http.get("/v3/api-docs").body().path("paths").path("/api/v1/sweeps").path("post")
                .path("requestBody").path("content").path("application/json").path("examples");
        assertThat(examples.size()).isEqualTo(2);
        for (JsonNode example : examples) {
            Http.Response created = http.post("/api/v1/sweeps", example.path("value").toString());
            assertThat(created.status()).as(created.raw().body()).isEqualTo(202);
            http.post("/api/v1/sweeps/" + created.body().path("id").asString() + "/cancel", "");
        }
    }

    @Test
    void aCancelledSweepQueuesNoMoreTrialsAndCancelsThoseItHas() {
        String id = http.post("/api/v1/sweeps", sweep("{\"optimizer.learningRate\": {\"logUniform\": [0.001, 0.1]}}",
                "\"method\": \"random\", \"maxTrials\": 20, \"maxConcurrentTrials\": 2,")).body().path("id").asString();
        Http.Response running = http.post("/api/v1/sweeps/" + id, "{}");
        assertThat(running.status()).isEqualTo(405);
        assertThat(http.delete("/api/v1/sweeps/" + id).status()).isEqualTo(409);
        JsonNode cancelled = http.post("/api/v1/sweeps/" + id + "/cancel", "").body();
        assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("trials").path("created").asInt()).isLessThan(20);
        JsonNode sweep = http.await("/api/v1/sweeps/" + id, Duration.ofMinutes(1), s -> {
            JsonNode byStatus = s.path("trials").path("byStatus");
            return byStatus.path("QUEUED").isMissingNode() && byStatus.path("RUNNING").isMissingNode();
        });
        assertThat(sweep.path("trials").path("created").asInt()).isEqualTo(cancelled.path("trials").path("created")
                .asInt());
        assertThat(http.post("/api/v1/sweeps/" + id + "/cancel", "").status()).isEqualTo(409);
        assertThat(http.delete("/api/v1/sweeps/" + id).status()).isEqualTo(204);
    }

    /** Nine configurations of iris, rungs after 1 and 3 epochs: the best third is promoted and resumed. */
    static final String ASHA = """
            {"name": "iris-asha", "method": "asha", "reductionFactor": 3, "minEpochs": 1, "seed": 5,
             "maxConcurrentTrials": 3, "metric": "validation_loss",
             "base": {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8}]},
                      "optimizer": {"type": "sgd", "learningRate": 0.1, "momentum": 0.5},
                      "training": {"epochs": 3, "batchSize": 16}},
             "parameters": {"optimizer.learningRate": {"values": [0.003, 0.03, 0.3]},
                            "training.batchSize": {"values": [8, 16, 32]}}}""";

    @Test
    void ashaPausesEveryTrialAtItsRungAndResumesTheBestThirdFromItsCheckpointTrainingNoEpochTwice() {
        String id = http.post("/api/v1/sweeps", ASHA).body().path("id").asString();
        JsonNode sweep = http.await("/api/v1/sweeps/" + id, Duration.ofMinutes(3),
                s -> s.path("status").asString().equals("SUCCEEDED"));
        assertThat(sweep.path("trials").path("byStatus").path("SUCCEEDED").asInt()).isEqualTo(3);
        assertThat(sweep.path("trials").path("byStatus").path("CANCELLED").asInt()).isEqualTo(6);
        JsonNode decisions = sweep.path("decisions");
        assertThat(decisions.size()).isEqualTo(9);
        int promoted = 0;
        for (JsonNode decision : decisions) {
            assertThat(decision.path("rung").asInt()).isZero();
            assertThat(decision.path("epoch").asInt()).isEqualTo(1);
            promoted += decision.path("decision").asString().equals("promote") ? 1 : 0;
        }
        // at least the best third; here exactly, none of the three fell out of the best third later
        assertThat(promoted).isEqualTo(3);
        JsonNode leaderboard = sweep.path("leaderboard");
        assertThat(leaderboard.size()).isEqualTo(9);
        for (int i = 0; i < 9; i++) {
            assertThat(leaderboard.get(i).path("epochs").asInt()).isEqualTo(i < 3 ? 3 : 1);
        }
        for (JsonNode trial : http.get("/api/v1/jobs?sweep=" + id + "&size=50").body().path("items")) {
            String job = trial.path("id").asString();
            boolean finished = trial.path("status").asString().equals("SUCCEEDED");
            int epochs = finished ? 3 : 1;
            List<Integer> recorded = new ArrayList<>();
            http.get("/api/v1/jobs/" + job + "/history").body().forEach(e -> recorded.add(e.path("epoch").asInt()));
            assertThat(recorded).isEqualTo(finished ? List.of(1, 2, 3) : List.of(1));
            // 120 training rows: each step once, in order
            int batch = trial.path("spec").path("training").path("batchSize").asInt();
            long steps = (long) epochs * ((120 + batch - 1) / batch);
            assertThat(http.recordedSteps(job)).isEqualTo(java.util.stream.LongStream.rangeClosed(1, steps).boxed()
                    .toList());
            // a promoted trial was paused once and resumed from its checkpoint
            assertThat(trial.path("attempts").asInt()).isEqualTo(finished ? 2 : 1);
        }
        // resumed from its checkpoint, the best trial ends bit for bit as an uninterrupted run of its spec
        String best = sweep.path("best").path("jobId").asString();
        JsonNode spec = http.get("/api/v1/jobs/" + best).body().path("spec");
        String alone = http.post("/api/v1/jobs", spec.toString()).body().path("id").asString();
        http.awaitJob(alone, Duration.ofMinutes(1), "SUCCEEDED");
        assertThat(http.get("/api/v1/jobs/" + alone + "/history").body().get(2).path("validationLoss").asDouble())
                .isEqualTo(http.get("/api/v1/jobs/" + best + "/history").body().get(2).path("validationLoss")
                        .asDouble());
        assertThat(sweep.path("best").path("metric").asDouble()).isEqualTo(leaderboard.get(0).path("mean").asDouble());
    }
}
