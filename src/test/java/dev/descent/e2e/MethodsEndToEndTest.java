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

    /** Submits the job and waits for it to succeed: the job as it ended. */
    private JsonNode succeeded(String spec) {
        Http.Response submitted = http.post("/api/v1/jobs", spec);
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        JsonNode done = http.awaitJob(submitted.body().path("id").asString(), Duration.ofMinutes(2), "SUCCEEDED",
                "FAILED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return done;
    }

    private void assertRefused(String spec, int status, String field, String reason) {
        Http.assertRefused(http.post("/api/v1/jobs", spec), status, field, reason);
    }

    @Test
    void theCatalogListsMixupAndMultiMixWithTheirParameters() {
        JsonNode catalog = http.get("/api/v1/catalog/methods").body();
        List<String> names = new ArrayList<>();
        catalog.forEach(m -> names.add(m.path("type").asString()));
        assertThat(names).containsExactly("mixup", "multi-mix", "adaptiveBatch", "boosting", "tract", "continual");
        JsonNode multiMix = catalog.get(1);
        assertThat(multiMix.path("description").asString()).contains("Mixup Augmentation with Multiple Interpolations");
        assertThat(multiMix.path("parameters").get(1).path("name").asString()).isEqualTo("interpolations");
        assertThat(multiMix.path("parameters").get(1).path("defaultValue").asString()).isEqualTo("4");
        assertThat(multiMix.path("example").toString()).isEqualTo("{\"type\":\"multi-mix\",\"alpha\":1.0,\"interpolations\":4}");
        assertThat(catalog.get(2).path("example").toString())
                .isEqualTo("{\"test\":\"norm\",\"theta\":0.5,\"maxBatchSize\":1024}");
        assertThat(catalog.get(3).path("description").asString()).contains("gradient boosting");
        assertThat(catalog.get(3).path("example").toString()).isEqualTo(
                "{\"stages\":10,\"unitsPerStage\":8,\"shrinkage\":0.5,\"epochsPerStage\":20,\"activation\":\"relu\"}");
        assertThat(catalog.get(4).path("example").toString()).isEqualTo("{\"lambda\":0.1}");
        assertThat(catalog.get(5).path("description").asString()).contains("Farajtabar");
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
        JsonNode done = succeeded(job("digits", "{\"hiddenLayers\": [{\"units\": 32}]}",
                "\"adaptiveBatch\": {\"test\": \"inner-product\", \"theta\": 0.5, \"maxBatchSize\": 512}")
                .replace("\"batchSize\": 32", "\"batchSize\": 8"));
        String id = done.path("id").asString();
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
        JsonNode done = succeeded(job("digits", """
                {"layers": [{"type": "conv2d", "filters": 4, "kernel": [3, 3], "padding": "same"},
                            {"type": "max-pool2d", "size": [2, 2]}, {"type": "flatten"}, {"type": "dense", "units": 16}]}""",
                "\"augmentation\": {\"type\": \"multi-mix\", \"alpha\": 0.5, \"interpolations\": 2}"));
        String id = done.path("id").asString();
        assertThat(done.path("spec").path("training").path("augmentation").toString())
                .isEqualTo("{\"type\":\"multi-mix\",\"alpha\":0.5,\"interpolations\":2}");
        JsonNode epochs = http.get("/api/v1/jobs/" + id + "/history").body();
        assertThat(epochs).hasSize(2);
        // held-out rows are not mixed: after two epochs the CNN is well above chance (10%) on them
        assertThat(epochs.get(1).path("validationAccuracy").asDouble()).isGreaterThan(0.5);
        assertThat(epochs.get(1).path("trainAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(http.get("/api/v1/jobs/" + id + "/model").status()).isEqualTo(200);
    }

    private static String boosted(String boosting, int epochs, String training) {
        return job("wine", "{\"boosting\": " + boosting + "}", training).replace("\"epochs\": 2", "\"epochs\": "
                + epochs);
    }

    @Test
    void aBoostedModelThatCannotHoldIsRefusedNamingTheField() {
        String three = "{\"stages\": 3, \"unitsPerStage\": 4, \"epochsPerStage\": 2}";
        long before = http.get("/api/v1/jobs").body().path("totalItems").asLong();
        assertRefused(boosted(three, 5, "\"sampling\": \"reshuffle\""), 422, "training.epochs", "3 × 2 = 6 epochs, was 5");
        assertRefused(job("wine", "{\"hiddenLayers\": [{\"units\": 8}], \"boosting\": " + three + "}", "\"sampling\": \"reshuffle\"")
                .replace("\"epochs\": 2", "\"epochs\": 6"), 422, "model.hiddenLayers", "made by its stages");
        assertRefused(boosted(three, 6, "\"privacy\": {\"clipNorm\": 1.0, \"noiseMultiplier\": 1.0}"), 422,
                "model.boosting", "training.privacy");
        assertRefused(boosted("{\"stages\": 3, \"unitsPerStage\": 4, \"epochsPerStage\": 2, \"shrinkage\": 1.5}", 6,
                "\"sampling\": \"reshuffle\""), 400, "model.boosting.shrinkage", "1.0");
        assertRefused(boosted("{\"stages\": 1000, \"unitsPerStage\": 100, \"epochsPerStage\": 1}", 1000,
                "\"sampling\": \"reshuffle\""), 422, "model.boosting.unitsPerStage", "100000 hidden units");
        assertThat(http.get("/api/v1/jobs").body().path("totalItems").asLong()).isEqualTo(before);
    }

    @Test
    void aBoostedModelTrainsStageByStageAndPredictsWithItsFirstStages() {
        JsonNode done = succeeded(boosted(
                "{\"stages\": 3, \"unitsPerStage\": 4, \"shrinkage\": 0.5, \"epochsPerStage\": 2}", 6,
                "\"sampling\": \"reshuffle\"").replace("\"type\": \"sgd\", \"learningRate\": 0.05, \"momentum\": 0.9",
                "\"type\": \"adam\", \"learningRate\": 0.01"));
        String id = done.path("id").asString();
        JsonNode epochs = http.get("/api/v1/jobs/" + id + "/history").body();
        assertThat(epochs).hasSize(6);
        // the training loss falls stage by stage: each stage's step descends the loss
        assertThat(epochs.get(5).path("trainLoss").asDouble()).isLessThan(epochs.get(1).path("trainLoss").asDouble());
        JsonNode steps = http.get("/api/v1/jobs/" + id + "/curves?metric=boosting_step").body();
        assertThat(steps.path("totalPoints").asLong()).isEqualTo(3);
        assertThat(steps.path("points").get(2).path("x").asLong()).isEqualTo(6);

        // one ordinary network of 3 × 4 hidden units
        JsonNode model = http.get("/api/v1/jobs/" + id + "/model").body();
        assertThat(model.path("layers").get(0).path("parameters").get(0).size()).isEqualTo(13 * 12);

        String rows = "{\"rows\": [[13.2, 1.78, 2.14, 11.2, 100, 2.65, 2.76, 0.26, 1.28, 4.38, 1.05, 3.4, 1050]]}";
        JsonNode all = http.post("/api/v1/jobs/" + id + "/predict", rows).body().path("predictions").get(0);
        JsonNode first = http.post("/api/v1/jobs/" + id + "/predict?stages=1", rows).body().path("predictions")
                .get(0);
        assertThat(http.post("/api/v1/jobs/" + id + "/predict?stages=3", rows).body().path("predictions").get(0))
                .isEqualTo(all);
        assertThat(first.path("probabilities")).isNotEqualTo(all.path("probabilities"));
        JsonNode report = http.post("/api/v1/jobs/" + id + "/evaluate?stages=2", "{\"dataset\": \"wine\"}").body();
        assertThat(report.path("accuracy").asDouble()).as(report.toString()).isGreaterThan(0.5);
        Http.assertRefused(http.post("/api/v1/jobs/" + id + "/predict?stages=4", rows), 400, "stages", "3 stages");
        Http.assertRefused(http.post("/api/v1/jobs/" + id + "/predict?stages=0", rows), 400, "stages", "1");
    }

    private static final String TRACT_CNN = """
            {"layers": [{"type": "conv2d", "filters": 4, "kernel": [3, 3], "padding": "same"},
                        {"type": "max-pool2d", "size": [2, 2]}, {"type": "flatten"}, {"type": "dense", "units": 16}],
             "firstLayer": {"tract": {"lambda": 0.1}}}""";

    @Test
    void trActThatCannotHoldIsRefusedNamingTheField() {
        long before = http.get("/api/v1/jobs").body().path("totalItems").asLong();
        assertRefused(job("digits", """
                {"layers": [{"type": "max-pool2d", "size": [2, 2]}, {"type": "flatten"}],
                 "firstLayer": {"tract": {}}}""", "\"sampling\": \"reshuffle\""), 422, "model.firstLayer.tract",
                "model.layers[0] must be dense or conv2d, was 'max-pool2d'");
        assertRefused(job("digits", TRACT_CNN, "\"privacy\": {\"clipNorm\": 1.0, \"noiseMultiplier\": 1.0}"), 422,
                "model.firstLayer.tract", "per-example clipping");
        assertRefused(job("digits", TRACT_CNN, "\"adaptiveBatch\": {\"theta\": 0.5, \"maxBatchSize\": 64}"), 422,
                "training.adaptiveBatch", "model.firstLayer.tract");
        assertRefused(job("digits", TRACT_CNN.replace("0.1", "0"), "\"sampling\": \"reshuffle\""), 400,
                "model.firstLayer.tract.lambda", "greater than 0");
        assertThat(http.get("/api/v1/jobs").body().path("totalItems").asLong()).isEqualTo(before);
    }

    @Test
    void aCnnWhoseFirstLayerTrainsByTrActLearnsDigits() {
        JsonNode done = succeeded(job("digits", TRACT_CNN, "\"sampling\": \"reshuffle\""));
        String id = done.path("id").asString();
        assertThat(done.path("spec").path("model").path("firstLayer").toString())
                .isEqualTo("{\"tract\":{\"lambda\":0.1}}");
        JsonNode epochs = http.get("/api/v1/jobs/" + id + "/history").body();
        assertThat(epochs.get(1).path("validationAccuracy").asDouble()).isGreaterThan(0.5);
    }

    private static final String TASKS = """
            "continual": {"method": "ogd", "memoryPerTask": 30, "tasks": [{"type": "permuted"},
                {"type": "permuted", "seed": 1}, {"type": "classes", "classes": ["0", "1", "2"]}]}""";

    @Test
    void continualRunsThatCannotHoldAreRefusedNamingTheField() {
        String mlp = "{\"hiddenLayers\": [{\"units\": 8}]}";
        long before = http.get("/api/v1/jobs").body().path("totalItems").asLong();
        assertRefused(job("diabetes", mlp, TASKS), 422, "training.continual", "classification");
        assertRefused(job("digits", mlp, TASKS.replace("\"2\"]", "\"twelve\"]")), 422,
                "training.continual.tasks[2].classes", "'twelve' is not a class of 'digits'");
        assertRefused(job("digits", mlp, TASKS + ", \"privacy\": {\"clipNorm\": 1.0, \"noiseMultiplier\": 1.0}"),
                422, "training.continual", "training.privacy");
        assertRefused(job("digits", "{\"layers\": [{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 8}, "
                + "{\"type\": \"batch-norm\"}]}", TASKS), 422, "training.continual.method", "batch-norm");
        assertRefused(job("digits", "{\"hiddenLayers\": [{\"units\": 1000}]}", TASKS.replace("30", "2000")),
                422, "training.continual.memoryPerTask", "more than the limit of 100000000");
        assertRefused(job("digits", mlp, "\"continual\": {\"tasks\": [{\"type\": \"permuted\"}]}"), 400,
                "training.continual.tasks", "between 2 and 50");
        assertRefused(job("digits", mlp, "\"continual\": {\"tasks\": [{\"type\": \"rotated\"}, "
                + "{\"type\": \"permuted\"}]}"), 400, "training.continual.tasks[0].type", "permuted");
        assertThat(http.get("/api/v1/jobs").body().path("totalItems").asLong()).isEqualTo(before);
    }

    @Test
    void aContinualJobTrainsTaskAfterTaskAndReportsItsTaskByTaskMatrix() {
        JsonNode done = succeeded(job("digits", "{\"hiddenLayers\": [{\"units\": 32}]}", TASKS));
        String id = done.path("id").asString();
        assertThat(done.path("progress").path("epochs").asInt()).isEqualTo(6);
        JsonNode epochs = http.get("/api/v1/jobs/" + id + "/history").body();
        assertThat(epochs).hasSize(6);
        JsonNode report = http.get("/api/v1/jobs/" + id + "/continual").body();
        assertThat(report.path("method").asString()).isEqualTo("ogd");
        assertThat(report.path("tasks").toString()).isEqualTo("[\"identity\",\"permuted 1\",\"classes 0, 1, 2\"]");
        assertThat(report.path("accuracy")).hasSize(3);
        assertThat(report.path("accuracy").get(2)).hasSize(3);
        assertThat(report.path("accuracy").get(0).get(0).asDouble()).isGreaterThan(0.5);
        assertThat(report.path("forgetting")).hasSize(2);
        // the matrix's entries are the curve task_accuracy, one series per task
        JsonNode first = http.get("/api/v1/jobs/" + id + "/curves?metric=task_accuracy&layer=1").body();
        assertThat(first.path("totalPoints").asLong()).isEqualTo(3);
        assertThat(first.path("points").get(1).path("value").asDouble())
                .isEqualTo(report.path("accuracy").get(1).get(0).asDouble());
        Http.Response plot = http.get("/api/v1/jobs/" + id + "/plot.svg?metrics=task_accuracy");
        assertThat(plot.status()).isEqualTo(200);
        assertThat(plot.raw().body()).contains("task_accuracy[3]");
        assertThat(http.get("/api/v1/jobs/" + id + "/model").status()).isEqualTo(200);
        // a job on one task has no such report
        String plain = succeeded(job("iris", "{\"hiddenLayers\": [{\"units\": 4}]}", "\"sampling\": \"reshuffle\""))
                .path("id").asString();
        assertThat(http.get("/api/v1/jobs/" + plain + "/continual").status()).isEqualTo(404);
    }
}
