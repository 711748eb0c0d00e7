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
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models made of layers over HTTP: the layer catalog, the summary, impossible models refused naming the layer, and
 * a CNN that trains, predicts on raw rows, is downloaded as descent-model/2 and warm-starts another; an upload that
 * declares its image shape, which a CNN then trains on; DP-SGD on a CNN, and batch-norm refused under it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LayersEndToEndTest {

    private static final String CNN = """
            [{"type": "conv2d", "filters": 4, "kernel": [3, 3], "padding": "same"},
             {"type": "max-pool2d", "size": [2, 2]},
             {"type": "residual", "layers": [{"type": "conv2d", "filters": 4, "kernel": [3, 3], "padding": "same"}]},
             {"type": "layer-norm"},
             {"type": "flatten"},
             {"type": "dense", "units": 16},
             {"type": "dropout", "rate": 0.1}]""";

    @LocalServerPort
    private int port;
    private Http http;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-layers").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void theCatalogListsEveryLayerWithItsParameters() {
        JsonNode layers = http.get("/api/v1/catalog/layers").body();
        List<String> types = new ArrayList<>();
        layers.forEach(layer -> types.add(layer.path("type").asString()));
        assertThat(types).containsExactly("dense", "conv2d", "max-pool2d", "avg-pool2d", "global-avg-pool", "flatten",
                "dropout", "layer-norm", "batch-norm", "residual");
        JsonNode conv = layers.get(1);
        JsonNode kernel = parameter(conv, "kernel");
        assertThat(kernel.path("type").asString()).isEqualTo("array of integers");
        assertThat(kernel.path("required").asBoolean()).isTrue();
        assertThat(kernel.path("minimum").asDouble()).isEqualTo(1);
        assertThat(conv.path("example").path("kernel").toString()).isEqualTo("[5,5]");
        assertThat(parameter(conv, "padding").path("allowedValues").toString()).isEqualTo("[\"valid\",\"same\"]");
        assertThat(layers.get(9).path("example").path("layers").get(0).path("type").asString()).isEqualTo("dense");
    }

    private static JsonNode parameter(JsonNode method, String name) {
        for (JsonNode parameter : method.path("parameters")) {
            if (parameter.path("name").asString().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError(name + " not in " + method);
    }

    @Test
    void theSummaryGivesEachLayersShapeParametersAndFlops() {
        Http.Response response = http.post("/api/v1/models/summary", """
                {"dataset": {"id": "mnist"}, "model": {"layers": [
                  {"type": "conv2d", "filters": 32, "kernel": [5, 5], "padding": "same"},
                  {"type": "max-pool2d", "size": [2, 2]},
                  {"type": "conv2d", "filters": 64, "kernel": [5, 5], "padding": "same"},
                  {"type": "max-pool2d", "size": [2, 2]},
                  {"type": "flatten"}, {"type": "dense", "units": 128}, {"type": "dropout", "rate": 0.25}]}}""");
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        JsonNode layers = response.body().path("layers");
        assertThat(response.body().path("input").toString()).isEqualTo("[1,28,28]");
        assertThat(layers.get(0).path("output").toString()).isEqualTo("[32,28,28]");
        assertThat(layers.get(0).path("parameters").asLong()).isEqualTo(32 * 25 + 32);
        assertThat(layers.get(0).path("flopsPerExample").asLong()).isEqualTo(2L * 32 * 28 * 28 * 25);
        assertThat(layers.get(3).path("output").toString()).isEqualTo("[64,7,7]");
        assertThat(layers.get(4).path("output").toString()).isEqualTo("[3136]");
        assertThat(layers.get(7).path("field").asString()).isEqualTo("output");
        assertThat(layers.get(7).path("output").toString()).isEqualTo("[10]");
        // Keras counts 3,274,634 parameters for this model
        assertThat(response.body().path("parameterCount").asLong()).isEqualTo(832 + 51264 + 401536 + 1290);
    }

    @Test
    void theDocumentedMnistCnnIsAcceptedItsEvaluationTakingFewerRowsAtOnce() {
        String cnn = """
                [{"type": "conv2d", "filters": 32, "kernel": [5, 5], "padding": "same"}, {"type": "max-pool2d", "size": [2, 2]},
                 {"type": "conv2d", "filters": 64, "kernel": [5, 5], "padding": "same"}, {"type": "max-pool2d", "size": [2, 2]},
                 {"type": "flatten"}, {"type": "dense", "units": 128}, {"type": "dropout", "rate": 0.25}]""";
        JsonNode summary = http.post("/api/v1/models/summary", "{\"dataset\": {\"id\": \"mnist\"}, \"model\": "
                + "{\"layers\": " + cnn + "}}").body();
        // 1·28·28 + 32·28·28 + 32·14·14 + 64·14·14 + 64·7·7 + 3136 + 128 + 128 + 10: 4096 rows of it would pass the
        // activation limit, the few hundred evaluation takes at once do not
        assertThat(summary.path("valuesPerExample").asLong()).isEqualTo(51_226);
        Http.Response submitted = http.post("/api/v1/jobs", "{\"dataset\": {\"id\": \"mnist\"}, \"model\": "
                + "{\"layers\": " + cnn + "}, \"optimizer\": {\"type\": \"sgd\"}, \"training\": {\"epochs\": 1}}");
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        String id = submitted.body().path("id").asString();
        assertThat(http.post("/api/v1/jobs/" + id + "/cancel", "").status()).isLessThan(300);
    }

    @Test
    void anImpossibleModelIsRefusedNamingTheLayer() {
        assertRefused("{\"id\": \"iris\"}", "[{\"type\": \"conv2d\", \"filters\": 2, \"kernel\": [3, 3]}]",
                "model.layers[0]", "takes an image");
        assertRefused("{\"id\": \"digits\"}", "[{\"type\": \"conv2d\", \"filters\": 2, \"kernel\": [9, 9]}]",
                "model.layers[0]", "larger than its input 8×8");
        assertRefused("{\"id\": \"digits\"}", "[{\"type\": \"dense\", \"units\": 8}]", "model.layers[0]",
                "put a flatten");
        assertRefused("{\"id\": \"digits\"}", "[{\"type\": \"max-pool2d\", \"size\": [2, 2]}]", "model",
                "the output layer");
        assertRefused("{\"id\": \"digits\"}", "[{\"type\": \"residual\", \"layers\": [{\"type\": \"flatten\"}]}]",
                "model.layers[0]", "keep an image an image");
    }

    private void assertRefused(String dataset, String layers, String field, String reason) {
        String model = "{\"dataset\": " + dataset + ", \"model\": {\"layers\": " + layers + "}";
        for (String request : List.of(model + "}", model + ", \"optimizer\": {\"type\": \"sgd\"}, "
                + "\"training\": {\"epochs\": 1}}")) {
            String path = request.contains("optimizer") ? "/api/v1/jobs" : "/api/v1/models/summary";
            Http.assertRefused(http.post(path, request), 422, field, reason);
        }
    }

    @Test
    void aCnnTrainsPredictsDownloadsAndWarmStartsAnother() {
        String spec = "{\"dataset\": {\"id\": \"digits\"}, \"model\": {\"layers\": " + CNN + "}, "
                + "\"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.003}, "
                + "\"training\": {\"epochs\": 4, \"batchSize\": 32, \"checkpointEvery\": 1}}";
        Http.Response submitted = http.post("/api/v1/jobs", spec);
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        String id = submitted.body().path("id").asString();
        JsonNode job = http.awaitJob(id, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode history = http.get("/api/v1/jobs/" + id + "/history").body();
        assertThat(history.get(history.size() - 1).path("validationAccuracy").asDouble()).isGreaterThan(0.85);

        JsonNode model = http.get("/api/v1/jobs/" + id + "/model").body();
        assertThat(model.path("format").asString()).isEqualTo("descent-model/2");
        assertThat(model.path("layers").get(0).path("spec").path("type").asString()).isEqualTo("conv2d");
        assertThat(model.path("layers").get(0).path("input").toString()).isEqualTo("[1,8,8]");

        StringBuilder row = new StringBuilder("[");
        for (int i = 0; i < 64; i++) {
            row.append(i == 0 ? "" : ", ").append(i % 8 == 3 || i % 8 == 4 ? 16 : 0); // a vertical bar: a one
        }
        Http.Response prediction = http.post("/api/v1/jobs/" + id + "/predict", "{\"rows\": [" + row + "]]}");
        assertThat(prediction.status()).as(prediction.raw().body()).isEqualTo(200);
        assertThat(prediction.body().path("predictions").get(0).path("probabilities").size()).isEqualTo(10);

        Http.Response warm = http.post("/api/v1/jobs", spec.replaceFirst("\"layers\": ", "\"initFrom\": \"" + id
                + "\", \"layers\": ").replace("\"epochs\": 4", "\"epochs\": 1"));
        assertThat(warm.status()).as(warm.raw().body()).isEqualTo(202);
        JsonNode warmJob = http.awaitJob(warm.body().path("id").asString(), Duration.ofMinutes(2), "SUCCEEDED",
                "FAILED");
        assertThat(warmJob.path("status").asString()).as(warmJob.toString()).isEqualTo("SUCCEEDED");
        JsonNode warmHistory = http.get("/api/v1/jobs/" + warmJob.path("id").asString() + "/history").body();
        // it starts where the first ended, not from scratch
        assertThat(warmHistory.get(0).path("validationAccuracy").asDouble()).isGreaterThan(0.85);
    }

    @Test
    void anUploadDeclaresItsImageShapeAndACnnTrainsOnIt() {
        byte[] bars = barsCsv();
        for (String[] refusal : new String[][]{{"1,4,5", "holds 20 values, but the file's rows hold 16 features"},
                {"1,x,4", "three positive integers"}, {"4,4", "three positive integers"}, {"0,4,4", "positive"}}) {
            Http.Response refused = http.upload("/api/v1/datasets", "bars.csv", bars,
                    Map.of("labelColumn", "label", "inputShape", refusal[0]));
            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(422);
            assertThat(refused.body().path("field").asString()).isEqualTo("inputShape");
            assertThat(refused.body().path("detail").asString()).contains(refusal[1]);
        }
        String conv = "[{\"type\": \"conv2d\", \"filters\": 2, \"kernel\": [3, 3], \"padding\": \"same\"}, "
                + "{\"type\": \"flatten\"}]";
        String tabular = http.upload("/api/v1/datasets", "bars.csv", bars, Map.of("labelColumn", "label")).body()
                .path("id").asString();
        assertRefused("{\"id\": \"" + tabular + "\"}", conv, "model.layers[0]", "takes an image");

        Http.Response upload = http.upload("/api/v1/datasets", "bars.csv", bars,
                Map.of("labelColumn", "label", "inputShape", "1,4,4"));
        assertThat(upload.status()).as(upload.raw().body()).isEqualTo(201);
        String id = upload.body().path("id").asString();
        assertThat(upload.body().path("inputShape").toString()).isEqualTo("[1,4,4]");
        assertThat(http.get("/api/v1/datasets/" + id).body().path("inputShape").toString()).isEqualTo("[1,4,4]");
        Http.Response submitted = http.post("/api/v1/jobs", "{\"dataset\": {\"id\": \"" + id + "\"}, \"model\": "
                + "{\"layers\": " + conv + "}, \"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.05}, "
                + "\"training\": {\"epochs\": 20, \"batchSize\": 16}}");
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        JsonNode job = http.awaitJob(submitted.body().path("id").asString(), Duration.ofMinutes(2), "SUCCEEDED",
                "FAILED");
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode history = http.get("/api/v1/jobs/" + job.path("id").asString() + "/history").body();
        assertThat(history.get(history.size() - 1).path("validationAccuracy").asDouble()).isGreaterThan(0.9);
    }

    /** 4×4 images, row by row: a vertical bar (class vertical) or a horizontal one, at a random place, with noise. */
    private static byte[] barsCsv() {
        StringBuilder csv = new StringBuilder();
        for (int p = 0; p < 16; p++) {
            csv.append("p").append(p).append(',');
        }
        csv.append("label\n");
        Random random = new Random(7);
        for (int row = 0; row < 200; row++) {
            boolean vertical = row % 2 == 0;
            int at = random.nextInt(4);
            for (int p = 0; p < 16; p++) {
                boolean on = vertical ? p % 4 == at : p / 4 == at;
                csv.append(String.format(java.util.Locale.ROOT, "%.3f,", (on ? 1.0 : 0.0) + 0.2 * random.nextGaussian()));
            }
            csv.append(vertical ? "vertical" : "horizontal").append('\n');
        }
        return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void dpSgdTrainsACnnAndRefusesBatchNorm() {
        String privacy = "\"privacy\": {\"clipNorm\": 1.0, \"noiseMultiplier\": 1.0, \"sampling\": \"poisson\"}";
        Http.Response refused = http.post("/api/v1/jobs", "{\"dataset\": {\"id\": \"digits\"}, \"model\": {\"layers\": "
                + "[{\"type\": \"conv2d\", \"filters\": 2, \"kernel\": [3, 3]}, {\"type\": \"residual\", \"layers\": "
                + "[{\"type\": \"batch-norm\"}]}, {\"type\": \"flatten\"}]}, \"optimizer\": {\"type\": \"sgd\"}, "
                + "\"training\": {\"epochs\": 1, " + privacy + "}}");
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(422);
        assertThat(refused.body().path("field").asString()).isEqualTo("model.layers[1].layers[0]");
        assertThat(refused.body().path("detail").asString()).contains("batch-norm", "layer-norm");

        Http.Response submitted = http.post("/api/v1/jobs", "{\"dataset\": {\"id\": \"digits\"}, \"model\": "
                + "{\"layers\": " + CNN + "}, \"optimizer\": {\"type\": \"sgd\", \"learningRate\": 0.5, \"momentum\": "
                + "0.9}, \"training\": {\"epochs\": 3, \"batchSize\": 64, " + privacy + "}}");
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        JsonNode job = http.awaitJob(submitted.body().path("id").asString(), Duration.ofMinutes(3), "SUCCEEDED",
                "FAILED");
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode history = http.get("/api/v1/jobs/" + job.path("id").asString() + "/history").body();
        assertThat(history.get(history.size() - 1).path("epsilon").asDouble()).isPositive();
        assertThat(history.get(history.size() - 1).path("validationAccuracy").asDouble()).isGreaterThan(0.5);
    }
}
