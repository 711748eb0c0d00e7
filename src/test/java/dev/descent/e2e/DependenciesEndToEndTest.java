package dev.descent.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What used to be accepted and then fail with an internal message is refused when asked: a warm start between
 * different layers, early stopping on a validation split that rounds to no rows (422 at submission), and deleting a
 * job or an upload that jobs will still read (409 naming them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DependenciesEndToEndTest {

    private static final String IRIS_ROWS = "5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n"
            + "6.3,3.3,6.0,2.5,virginica\n4.9,3.0,1.4,0.2,setosa\n6.4,3.2,4.5,1.5,versicolor\n"
            + "5.8,2.7,5.1,1.9,virginica\n";

    @LocalServerPort
    private int port;
    private Http http;
    /** A succeeded iris job with the layers 4→2→3 (19 parameters). */
    private String source;

    @DynamicPropertySource
    static void oneWorker(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-dependencies").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        // one worker: while a long job holds it, the jobs submitted after it stay queued
        registry.add("descent.executor.workers", () -> "1");
    }

    private static String job(String dataset, String layers, String training) {
        return "{\"dataset\": " + dataset + ", \"model\": " + layers + ", \"optimizer\": {\"type\": \"sgd\", "
                + "\"learningRate\": 0.1}, \"training\": " + training + "}";
    }

    @BeforeAll
    void aSucceededSourceJob() {
        http = new Http(port);
        source = succeededSource();
    }

    private String succeededSource() {
        String id = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}", "{\"hiddenLayers\": [{\"units\": 2}]}",
                "{\"epochs\": 2}")).body().path("id").asString();
        assertThat(http.awaitJob(id, Duration.ofMinutes(1), "SUCCEEDED", "FAILED").path("status").asString())
                .isEqualTo("SUCCEEDED");
        return id;
    }

    @Test
    void aWarmStartBetweenDifferentLayersWithEqualParameterCountsIsRefused() {
        // 4→2→1→3 has 19 parameters too
        Http.Response refused = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}",
                "{\"hiddenLayers\": [{\"units\": 2}, {\"units\": 1}], \"initFrom\": \"" + source + "\"}",
                "{\"epochs\": 1}"));
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(422);
        assertThat(refused.body().path("field").asString()).isEqualTo("model.initFrom");
        // each layer's output shape and its parameter count
        assertThat(refused.body().path("detail").asString()).contains("[4] → [2] (10) → [3] (9)",
                "[4] → [2] (10) → [1] (3) → [3] (6)");
    }

    @Test
    void earlyStoppingOnAValidationSplitThatRoundsToNoRowsIsRefused() {
        // 150 rows × 0.003 = 0.45: no validation row
        Http.Response refused = http.post("/api/v1/jobs", job("{\"id\": \"iris\", \"validationSplit\": 0.003}",
                "{\"hiddenLayers\": []}", "{\"epochs\": 3, \"earlyStopping\": {\"metric\": \"validation_loss\"}}"));
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(422);
        assertThat(refused.body().path("field").asString()).isEqualTo("training.earlyStopping.metric");
        assertThat(refused.body().path("detail").asString()).contains("0.003", "150 rows", "none");
    }

    @Test
    void recordsThatJobsWillStillReadAreNotDeletedUntilTheyAreDone() {
        String source = succeededSource(); // its own: this test deletes it
        byte[] csv = ("sepal_length,sepal_width,petal_length,petal_width,species\n" + IRIS_ROWS.repeat(10))
                .getBytes(StandardCharsets.UTF_8);
        String upload = http.upload("/api/v1/datasets", "iris.csv", csv, Map.of("labelColumn", "species"))
                .body().path("id").asString();
        String training = http.post("/api/v1/jobs", job("{\"id\": \"" + upload + "\"}",
                "{\"hiddenLayers\": [{\"units\": 4}]}", "{\"epochs\": 10000, \"batchSize\": 4}")).body().path("id")
                .asString();
        http.awaitJob(training, Duration.ofMinutes(1), "RUNNING");
        String warmStart = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}", "{\"hiddenLayers\": [{\"units\": 2}], "
                + "\"initFrom\": \"" + source + "\"}", "{\"epochs\": 1}")).body().path("id").asString();
        String refined = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}", "{\"hiddenLayers\": []}",
                "{\"epochs\": 1, \"schedule\": {\"type\": \"warmup\", \"steps\": 2, \"then\": {\"type\": \"refined\", "
                        + "\"fromJob\": \"" + source + "\"}}}")).body().path("id").asString();
        assertThat(http.get("/api/v1/jobs/" + refined).body().path("status").asString()).isEqualTo("QUEUED");

        Http.Response sourceInUse = http.delete("/api/v1/jobs/" + source);
        assertThat(sourceInUse.status()).as(sourceInUse.body().toString()).isEqualTo(409);
        assertThat(sourceInUse.body().path("type").asString()).endsWith("/in-use");
        assertThat(sourceInUse.body().path("dependants").valueStream().map(id -> id.asString()))
                .containsExactlyInAnyOrder(warmStart, refined);
        assertThat(sourceInUse.body().path("detail").asString()).contains(warmStart, refined);
        Http.Response uploadInUse = http.delete("/api/v1/datasets/" + upload);
        assertThat(uploadInUse.status()).isEqualTo(409);
        assertThat(uploadInUse.body().path("dependants").valueStream().map(id -> id.asString()))
                .containsExactly(training);

        // cancelled while queued, they cannot resume: nothing reads the source any more
        http.post("/api/v1/jobs/" + warmStart + "/cancel", "");
        http.post("/api/v1/jobs/" + refined + "/cancel", "");
        assertThat(http.delete("/api/v1/jobs/" + source).status()).isEqualTo(204);
        // cancelled while running, the job keeps a checkpoint to resume from, and so its dataset
        http.post("/api/v1/jobs/" + training + "/cancel", "");
        http.awaitJob(training, Duration.ofMinutes(1), "CANCELLED");
        assertThat(http.delete("/api/v1/datasets/" + upload).status()).isEqualTo(409);
        assertThat(http.delete("/api/v1/jobs/" + training).status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/datasets/" + upload).status()).isEqualTo(204);
    }
}
