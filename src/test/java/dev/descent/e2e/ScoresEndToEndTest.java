package dev.descent.e2e;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.Dataset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-example scores over HTTP. The bar: in a copy of digits with 10% of its labels flipped (seeded), EL2N after
 * three epochs ranks the flipped rows highest, AUROC ≥ 0.9 (Paul, Ganguli, Dziugaite 2021 report noisy labels among
 * the highest-scoring examples). Then GraNd, subsets with their provenance, refusals naming the field, the running
 * limit, cancel and delete.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScoresEndToEndTest {

    private static final String MLP = """
            "model": {"hiddenLayers": [{"units": 32}]}, "optimizer": {"type": "adam", "learningRate": 0.003}""";

    @LocalServerPort
    private int port;
    private Http http;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-scores").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        registry.add("descent.scores.poll-interval", () -> "100ms");
        registry.add("descent.scores.max-initializations", () -> "3");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void el2nRanksFlippedLabelsHighestAndSubsetsKeepTheirProvenance() {
        Set<Integer> flipped = new HashSet<>();
        String upload = http.upload("/api/v1/datasets", "noisy-digits.csv", noisyDigits(flipped),
                Map.of("labelColumn", "label")).body().path("id").asString();
        JsonNode scoring = scored(upload, "{\"method\": \"el2n\", " + MLP + ", \"epochs\": 3, \"initializations\": 2}");
        assertThat(scoring.path("rows").asInt()).isEqualTo(1797);
        assertThat(scoring.path("jobs").size()).isEqualTo(2);
        String id = scoring.path("id").asString();

        List<String> lines = http.get("/api/v1/scores/" + id + "/scores.csv").raw().body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("row,score,rank");
        double[] scores = lines.stream().skip(1).mapToDouble(line -> Double.parseDouble(line.split(",")[1])).toArray();
        assertThat(scores).hasSize(1797);
        assertThat(auroc(scores, flipped)).isGreaterThanOrEqualTo(0.9);

        JsonNode hardest = http.get("/api/v1/scores/" + id + "/rows?size=10").body();
        assertThat(hardest.path("totalItems").asLong()).isEqualTo(1797);
        assertThat(hardest.path("items").get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(hardest.path("items").get(0).path("score").asDouble())
                .isEqualTo(java.util.Arrays.stream(scores).max().orElseThrow());
        JsonNode byRow = http.get("/api/v1/scores/" + id + "/rows?order=row&page=1&size=5").body();
        assertThat(byRow.path("items").get(0).path("row").asInt()).isEqualTo(5);
        String svg = http.get("/api/v1/scores/" + id + "/histogram.svg?bins=20").raw().body();
        assertThat(svg).startsWith("<?xml").contains("el2n scores of " + upload).contains("<path");

        Http.Response subset = http.post("/api/v1/datasets/" + upload + "/subsets",
                "{\"scores\": \"" + id + "\", \"keep\": \"hardest\", \"fraction\": 0.1, \"name\": \"suspects\"}");
        assertThat(subset.status()).as(subset.raw().body()).isEqualTo(201);
        assertThat(subset.body().path("rows").asInt()).isEqualTo(180);
        assertThat(subset.body().path("description").asString()).isEqualTo("suspects: hardest 180 of 1797 rows of "
                + upload + " by el2n scoring " + id + " (3 epochs, 2 initializations)");
        Http.Response random = http.post("/api/v1/datasets/" + upload + "/subsets",
                "{\"scores\": \"" + id + "\", \"keep\": \"random\", \"fraction\": 0.5, \"seed\": 3}");
        assertThat(random.body().path("rows").asInt()).isEqualTo(899);
        assertThat(random.body().path("description").asString()).startsWith("random 899 of 1797 rows (seed 3)");
        Http.Response job = http.post("/api/v1/jobs", "{\"dataset\": {\"id\": \"" + subset.body().path("id").asString()
                + "\"}, " + MLP + ", \"training\": {\"epochs\": 1}}");
        assertThat(job.status()).as("a subset trains as any dataset").isEqualTo(202);
        assertThat(http.post("/api/v1/datasets/digits/subsets", "{\"scores\": \"" + id
                + "\", \"keep\": \"easiest\", \"fraction\": 0.5}").raw().body()).contains("\"scores\"");
    }

    @Test
    void grandScoresEveryRowWithItsGradientNorm() {
        JsonNode scoring = scored("iris", "{\"method\": \"grand\", " + MLP + ", \"epochs\": 1}");
        assertThat(scoring.path("rows").asInt()).isEqualTo(150);
        assertThat(scoring.path("request").path("initializations").asInt()).isEqualTo(1);
        JsonNode rows = http.get("/api/v1/scores/" + scoring.path("id").asString() + "/rows?size=150").body();
        rows.path("items").forEach(row -> assertThat(row.path("score").asDouble()).isPositive());
    }

    private JsonNode scored(String dataset, String request) {
        Http.Response submitted = http.post("/api/v1/datasets/" + dataset + "/scores", request);
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        String location = submitted.raw().headers().firstValue("Location").orElseThrow();
        assertThat(location).endsWith("/api/v1/scores/" + submitted.body().path("id").asString());
        JsonNode done = http.await(location.substring(location.indexOf("/api/")), Duration.ofMinutes(3),
                body -> !"RUNNING".equals(body.path("status").asString()));
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
        return done;
    }

    @Test
    void requestsAreValidatedAsJobsAreNamingTheField() {
        assertField(http.post("/api/v1/datasets/digits/scores", "{\"method\": \"el2n\", " + MLP
                + ", \"epochs\": 1, \"initializations\": 4}"), "initializations");
        assertField(http.post("/api/v1/datasets/digits/scores", "{\"method\": \"el2n\", " + MLP
                + ", \"epochs\": 20000}"), "epochs");
        assertField(http.post("/api/v1/datasets/diabetes/scores", "{\"method\": \"el2n\", " + MLP
                + ", \"epochs\": 1}"), "method");
        assertField(http.post("/api/v1/datasets/digits/scores", """
                {"method": "grand", "model": {"layers": [{"type": "batch-norm"}, {"type": "flatten"}]},
                 "optimizer": {"type": "sgd"}, "epochs": 1}"""), "model.layers[0]");
        assertField(http.post("/api/v1/datasets/digits/scores", """
                {"method": "grand", "model": {"layers": [{"type": "conv2d", "filters": 2, "kernel": [9, 9]}]},
                 "optimizer": {"type": "sgd"}, "epochs": 1}"""), "model.layers[0]");
        assertThat(http.post("/api/v1/datasets/no-such/scores", "{\"method\": \"el2n\", " + MLP
                + ", \"epochs\": 1}").status()).isEqualTo(404);
        assertThat(http.post("/api/v1/datasets/digits/scores", "{\"method\": \"el3n\", " + MLP
                + ", \"epochs\": 1}").status()).isEqualTo(400);
    }

    private static void assertField(Http.Response response, String field) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(422);
        assertThat(response.raw().body()).contains("\"" + field + "\"");
    }

    @Test
    void runningScoringsAreBoundedCancelledAndDeletedWithTheirJobs() {
        String slow = "{\"method\": \"el2n\", " + MLP + ", \"epochs\": 500, \"batchSize\": 1}";
        String first = http.post("/api/v1/datasets/digits/scores", slow).body().path("id").asString();
        String second = http.post("/api/v1/datasets/digits/scores", slow).body().path("id").asString();
        Http.Response third = http.post("/api/v1/datasets/digits/scores", slow);
        assertThat(third.status()).as(third.raw().body()).isEqualTo(429);
        assertThat(third.raw().body()).contains("running scorings");
        for (String id : List.of(first, second)) {
            assertThat(http.delete("/api/v1/scores/" + id).status()).isEqualTo(409);
            JsonNode cancelled = http.post("/api/v1/scores/" + id + "/cancel", "").body();
            assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
            String job = cancelled.path("jobs").get(0).asString();
            http.awaitJob(job, Duration.ofMinutes(1), "CANCELLED");
            assertThat(http.get("/api/v1/scores/" + id + "/rows").status()).isEqualTo(409);
            assertThat(http.delete("/api/v1/scores/" + id).status()).isEqualTo(204);
            assertThat(http.get("/api/v1/scores/" + id).status()).isEqualTo(404);
            assertThat(http.get("/api/v1/jobs/" + job).status()).isEqualTo(404);
        }
    }

    /** Digits as CSV with 10% of the rows' labels moved to another class, chosen with a fixed seed. */
    private static byte[] noisyDigits(Set<Integer> flipped) {
        Dataset digits = new BuiltInDatasets().load("digits", null).orElseThrow();
        SplittableRandom rng = new SplittableRandom(17);
        int[] labels = new int[digits.rows()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) digits.y()[i];
        }
        while (flipped.size() < digits.rows() / 10) {
            int row = rng.nextInt(digits.rows());
            if (flipped.add(row)) {
                labels[row] = (labels[row] + 1 + rng.nextInt(9)) % 10;
            }
        }
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < digits.features(); j++) {
            csv.append('p').append(j).append(',');
        }
        csv.append("label\n");
        for (int i = 0; i < digits.rows(); i++) {
            for (int j = 0; j < digits.features(); j++) {
                csv.append((int) digits.x()[i * digits.features() + j]).append(',');
            }
            csv.append(labels[i]).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The probability that a flipped row scores above a clean one (ties count half): the Mann–Whitney U / (n₊n₋). */
    private static double auroc(double[] scores, Set<Integer> positives) {
        double wins = 0;
        for (int p : positives) {
            for (int n = 0; n < scores.length; n++) {
                if (!positives.contains(n)) {
                    wins += scores[p] > scores[n] ? 1 : scores[p] == scores[n] ? 0.5 : 0;
                }
            }
        }
        return wins / ((double) positives.size() * (scores.length - positives.size()));
    }
}
