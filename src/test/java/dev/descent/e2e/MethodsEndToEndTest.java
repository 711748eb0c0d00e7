package dev.descent.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The training methods over HTTP: the catalog, specs refused naming the field, and jobs trained with them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MethodsEndToEndTest {

    @LocalServerPort
    private int port;
    private Http http;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-methods").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private static String job(String dataset, String model, String training) {
        return "{\"dataset\": {\"id\": \"" + dataset + "\"}, \"model\": " + model + ", \"optimizer\": {\"type\": "
                + "\"sgd\", \"learningRate\": 0.05, \"momentum\": 0.9}, \"training\": {\"epochs\": 2, \"batchSize\": 32, "
                + "\"seed\": 1, " + training + "}}";
    }

    private void assertRefused(String spec, int status, String field, String reason) {
        Http.assertRefused(http.post("/api/v1/jobs", spec), status, field, reason);
    }

    @Test
    void theCatalogListsMixupAndMultiMixWithTheirParameters() {
        JsonNode catalog = http.get("/api/v1/catalog/methods").body();
        List<String> names = new ArrayList<>();
        catalog.forEach(m -> names.add(m.path("type").asString()));
        assertThat(names).containsExactly("mixup", "multi-mix", "adaptiveBatch");
        JsonNode multiMix = catalog.get(1);
        assertThat(multiMix.path("description").asString()).contains("Mixup Augmentation with Multiple Interpolations");
        assertThat(multiMix.path("parameters").get(1).path("name").asString()).isEqualTo("interpolations");
        assertThat(multiMix.path("parameters").get(1).path("defaultValue").asString()).isEqualTo("4");
        assertThat(multiMix.path("example").toString()).isEqualTo("{\"type\":\"multi-mix\",\"alpha\":1.0,\"interpolations\":4}");
        assertThat(catalog.get(2).path("example").toString())
                .isEqualTo("{\"test\":\"norm\",\"theta\":0.5,\"maxBatchSize\":1024}");
        // mixup and multi-mix are the types of training.augmentation in the OpenAPI document
        JsonNode mapping = http.get("/v3/api-docs").body().path("components").path("schemas")
                .path("AugmentationSpec").path("discriminator").path("mapping");
        assertThat(mapping.propertyNames()).containsExactly("mixup", "multi-mix");
    }

    @Test
    void mixingThatCannotHoldIsRefusedNamingTheField() {
        String mlp = "{\"hiddenLayers\": [{\"units\": 8}]}";
        long before = http.get("/api/v1/jobs").body().path("totalItems").asLong();
        assertRefused(job("iris", mlp, "\"augmentation\": {\"type\": \"mixup\"}, \"privacy\": {\"clipNorm\": 1.0, "
                + "\"noiseMultiplier\": 1.0}"), 422, "training.augmentation", "per-example bound");
        assertRefused(job("iris", "{\"hiddenLayers\": [{\"units\": 8}], \"loss\": {\"type\": \"mae\"}}",
                "\"augmentation\": {\"type\": \"mixup\"}"), 422, "training.augmentation", "'mae'");
        assertRefused(job("iris", mlp, "\"augmentation\": {\"type\": \"mixup\", \"alpha\": 0}"), 400,
                "training.augmentation.alpha", "greater than 0");
        assertRefused(job("iris", mlp, "\"augmentation\": {\"type\": \"multi-mix\", \"interpolations\": 17}"), 400,
                "training.augmentation.interpolations", "16");
        assertRefused(job("iris", mlp, "\"adaptiveBatch\": {\"theta\": 0.5, \"maxBatchSize\": 64}, "
                + "\"privacy\": {\"clipNorm\": 1.0, \"noiseMultiplier\": 1.0}"), 422, "training.adaptiveBatch",
                "accounted");
        assertRefused(job("iris", "{\"layers\": [{\"type\": \"dense\", \"units\": 8}, {\"type\": \"batch-norm\"}]}",
                "\"adaptiveBatch\": {\"theta\": 0.5, \"maxBatchSize\": 64}"), 422, "training.adaptiveBatch",
                "batch-norm");
        assertRefused(job("iris", mlp, "\"adaptiveBatch\": {\"theta\": 0.5, \"maxBatchSize\": 16}"), 422,
                "training.adaptiveBatch.maxBatchSize", "at least training.batchSize (32)");
        assertRefused(job("iris", mlp, "\"adaptiveBatch\": {\"maxBatchSize\": 64}"), 400,
                "training.adaptiveBatch.theta", "null");
        assertThat(http.get("/api/v1/jobs").body().path("totalItems").asLong()).isEqualTo(before);
    }

    @Test
    void aJobWithGrowingBatchesRecordsTheirSizesStepByStep() {
        Http.Response submitted = http.post("/api/v1/jobs", job("digits", "{\"hiddenLayers\": [{\"units\": 32}]}",
                "\"adaptiveBatch\": {\"test\": \"inner-product\", \"theta\": 0.5, \"maxBatchSize\": 512}")
                .replace("\"batchSize\": 32", "\"batchSize\": 8"));
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        String id = submitted.body().path("id").asString();
        JsonNode done = http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode sizes = http.get("/api/v1/jobs/" + id + "/curves?metric=batch_size&maxPoints=10000").body();
        long steps = done.path("progress").path("steps").asLong();
        assertThat(sizes.path("totalPoints").asLong()).isEqualTo(steps);
        assertThat(sizes.path("points").get(0).path("value").asDouble()).isEqualTo(8);
        double largest = 0;
        for (JsonNode point : sizes.path("points")) {
            largest = Math.max(largest, point.path("value").asDouble());
        }
        assertThat(largest).isGreaterThan(8).isLessThanOrEqualTo(512);
        assertThat(done.path("spec").path("training").path("adaptiveBatch").path("test").asString())
                .isEqualTo("inner-product");
    }

    @Test
    void aConvolutionalJobTrainsOnMultiMixedDigitsAndItsSpecKeepsTheMethod() {
        Http.Response submitted = http.post("/api/v1/jobs", job("digits", """
                {"layers": [{"type": "conv2d", "filters": 4, "kernel": [3, 3], "padding": "same"},
                            {"type": "max-pool2d", "size": [2, 2]}, {"type": "flatten"}, {"type": "dense", "units": 16}]}""",
                "\"augmentation\": {\"type\": \"multi-mix\", \"alpha\": 0.5, \"interpolations\": 2}"));
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        String id = submitted.body().path("id").asString();
        JsonNode done = http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("spec").path("training").path("augmentation").toString())
                .isEqualTo("{\"type\":\"multi-mix\",\"alpha\":0.5,\"interpolations\":2}");
        JsonNode epochs = http.get("/api/v1/jobs/" + id + "/history").body();
        assertThat(epochs).hasSize(2);
        // held-out rows are not mixed: after two epochs the CNN is well above chance (10%) on them
        assertThat(epochs.get(1).path("validationAccuracy").asDouble()).isGreaterThan(0.5);
        assertThat(epochs.get(1).path("trainAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(http.get("/api/v1/jobs/" + id + "/model").status()).isEqualTo(200);
    }
}
