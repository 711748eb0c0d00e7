package dev.descent.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real server on a random port with its H2 file database, driven over HTTP like a client would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndToEndTest {

    @LocalServerPort
    private int port;
    private Http http;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-e2e").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        registry.add("descent.executor.workers", () -> "2");
        registry.add("descent.datasets.max-upload-bytes", () -> "65536");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private static String job(String dataset, String model, String optimizer, String training) {
        return "{\"dataset\": " + dataset + ", \"model\": " + model + ", \"optimizer\": " + optimizer
                + ", \"training\": " + training + "}";
    }

    /** iris.csv as a client would have it: a header row and species names as labels. */
    private static byte[] irisCsvWithHeader() throws IOException {
        try (InputStream in = EndToEndTest.class.getResourceAsStream("/datasets/iris.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            String[] species = {"setosa", "versicolor", "virginica"};
            StringBuilder csv = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].trim();
                int cut = line.lastIndexOf(',');
                csv.append(line, 0, cut).append(',').append(species[Integer.parseInt(line.substring(cut + 1))]).append('\n');
            }
            return csv.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void listsTheBuiltInDatasets() {
        Http.Response response = http.get("/api/v1/datasets");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().findValuesAsString("id"))
                .contains("iris", "wine", "breast-cancer", "digits", "diabetes", "mnist", "mnist-test",
                        "two-spirals", "moons", "blobs", "linear-regression");
        JsonNode mnist = http.get("/api/v1/datasets/mnist").body();
        assertThat(mnist.path("rows").asInt()).isEqualTo(60000);
        assertThat(mnist.path("features").asInt()).isEqualTo(784);
        assertThat(http.get("/api/v1/datasets/iris/preview?rows=2").body().path("rows").size()).isEqualTo(2);
    }

    @Test
    void uploadsACsvAndTrainsItToOver90PercentValidationAccuracy() throws IOException {
        Http.Response upload = http.upload("/api/v1/datasets", "iris.csv", irisCsvWithHeader(),
                Map.of("labelColumn", "species", "name", "iris (uploaded)"));
        assertThat(upload.status()).isEqualTo(201);
        assertThat(upload.body().path("task").asString()).isEqualTo("classification");
        assertThat(upload.body().path("rows").asInt()).isEqualTo(150);
        String datasetId = upload.body().path("id").asString();

        Http.Response submitted = http.post("/api/v1/jobs", job(
                "{\"id\": \"" + datasetId + "\", \"validationSplit\": 0.3, \"splitSeed\": 1}",
                "{\"hiddenLayers\": [{\"units\": 16, \"activation\": \"tanh\"}]}",
                "{\"type\": \"adam\", \"learningRate\": 0.01}",
                "{\"epochs\": 60, \"batchSize\": 16, \"seed\": 3}"));
        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.raw().headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/api/v1/jobs/"));
        String id = submitted.body().path("id").asString();

        JsonNode done = http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("progress").path("fraction").asDouble()).isEqualTo(1.0);

        JsonNode history = http.get("/api/v1/jobs/" + id + "/history").body();
        assertThat(history.size()).isEqualTo(60);
        JsonNode last = history.get(59);
        assertThat(last.path("validationAccuracy").asDouble()).isGreaterThan(0.9);
        assertThat(last.path("trainLoss").asDouble()).isLessThan(history.get(0).path("trainLoss").asDouble());

        JsonNode curve = http.get("/api/v1/jobs/" + id + "/curves?metric=loss&maxPoints=50").body();
        assertThat(curve.path("totalPoints").asInt()).isEqualTo(60 * 7); // 105 training rows, batches of 16
        assertThat(curve.path("points").size()).isLessThanOrEqualTo(50);
        assertThat(http.get("/api/v1/jobs/" + id + "/curves?metric=validation_accuracy").body().path("points").size())
                .isEqualTo(60);
    }

    @Test
    void trainsDigitsToOver90PercentValidationAccuracy() {
        String id = http.post("/api/v1/jobs", job("{\"id\": \"digits\", \"validationSplit\": 0.2}",
                "{\"hiddenLayers\": [{\"units\": 64, \"activation\": \"relu\"}]}",
                "{\"type\": \"sgd\", \"learningRate\": 0.05, \"momentum\": 0.9}",
                "{\"epochs\": 15, \"batchSize\": 32, \"seed\": 1}")).body().path("id").asString();
        JsonNode done = http.awaitJob(id, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode history = http.get("/api/v1/jobs/" + id + "/history").body();
        assertThat(history.get(history.size() - 1).path("validationAccuracy").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void aRegressionJobReportsRmseAndR2() {
        String id = http.post("/api/v1/jobs", job("{\"id\": \"linear-regression\", \"generator\": {\"rows\": 400, \"seed\": 2}}",
                "{\"hiddenLayers\": [], \"dtype\": \"float64\"}",
                "{\"type\": \"sgd\", \"learningRate\": 0.05}",
                "{\"epochs\": 20, \"batchSize\": 32}")).body().path("id").asString();
        assertThat(http.awaitJob(id, Duration.ofMinutes(1), "SUCCEEDED", "FAILED").path("status").asString())
                .isEqualTo("SUCCEEDED");
        JsonNode last = http.get("/api/v1/jobs/" + id + "/history").body().get(19);
        assertThat(last.path("validationR2").asDouble()).isGreaterThan(0.95);
        assertThat(last.path("validationRmse").asDouble()).isPositive();
    }

    @Test
    void aCancelledJobStopsKeepsItsHistoryAndCanBeResumed() {
        String id = http.post("/api/v1/jobs", job("{\"id\": \"mnist\", \"standardize\": false}",
                "{\"hiddenLayers\": [{\"units\": 32}]}",
                "{\"type\": \"sgd\", \"learningRate\": 0.01}",
                "{\"epochs\": 50, \"batchSize\": 64}")).body().path("id").asString();
        // the recorder writes steps at least every second, so a running job's curve grows while it trains
        JsonNode running = http.await("/api/v1/jobs/" + id + "/curves?metric=loss", Duration.ofMinutes(1),
                curve -> curve.path("totalPoints").asInt() > 0);
        assertThat(http.get("/api/v1/jobs/" + id).body().path("progress").path("steps").asLong()).isPositive();
        Http.Response cancelled = http.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        JsonNode done = http.awaitJob(id, Duration.ofSeconds(30), "CANCELLED");
        assertThat(done.path("statusReason").asString()).contains("cancelled");
        assertThat(http.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(409);
        assertThat(http.get("/api/v1/jobs/" + id + "/curves?metric=loss").body().path("totalPoints").asInt())
                .isGreaterThanOrEqualTo(running.path("totalPoints").asInt());

        // cancelling wrote a checkpoint: the job resumes from it, and its curve goes on without a gap or a repeat
        long checkpoint = done.path("checkpointStep").asLong();
        assertThat(checkpoint).isEqualTo(done.path("progress").path("steps").asLong()).isPositive();
        assertThat(http.post("/api/v1/jobs/" + id + "/resume", "").status()).isEqualTo(200);
        assertThat(http.post("/api/v1/jobs/" + id + "/resume", "").status()).isEqualTo(409);
        http.await("/api/v1/jobs/" + id, Duration.ofMinutes(1),
                job -> job.path("progress").path("steps").asLong() > checkpoint + 10);
        http.post("/api/v1/jobs/" + id + "/cancel", "");
        JsonNode again = http.awaitJob(id, Duration.ofSeconds(30), "CANCELLED");
        assertThat(again.path("attempts").asInt()).isEqualTo(2);
        JsonNode curve = http.get("/api/v1/jobs/" + id + "/curves?metric=loss&maxPoints=100000").body();
        assertThat(curve.path("totalPoints").asLong()).isEqualTo(again.path("progress").path("steps").asLong());
        assertThat(curve.path("points").get(curve.path("points").size() - 1).path("x").asLong())
                .isEqualTo(again.path("progress").path("steps").asLong());

        assertThat(http.delete("/api/v1/jobs/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/jobs/" + id).status()).isEqualTo(404);
    }

    @Test
    void aDivergingJobFailsWithTheReasonAndKeepsItsHistory() {
        String id = http.post("/api/v1/jobs", job("{\"id\": \"diabetes\", \"standardize\": false}",
                "{\"hiddenLayers\": [{\"units\": 8}]}",
                "{\"type\": \"sgd\", \"learningRate\": 10}",
                "{\"epochs\": 20, \"batchSize\": 16}")).body().path("id").asString();
        JsonNode done = http.awaitJob(id, Duration.ofMinutes(1), "FAILED", "SUCCEEDED");
        assertThat(done.path("status").asString()).isEqualTo("FAILED");
        assertThat(done.path("statusReason").asString()).contains("diverged");
        assertThat(http.get("/api/v1/jobs/" + id + "/curves?metric=loss").body().path("totalPoints").asInt()).isPositive();
    }

    @Test
    void refusesBadCsvNamingLineAndColumn() {
        Http.Response ragged = http.upload("/api/v1/datasets", "bad.csv", "a,b,y\n1,2,0\n3,4\n".getBytes(StandardCharsets.UTF_8),
                Map.of("labelColumn", "y"));
        assertThat(ragged.status()).isEqualTo(422);
        assertThat(ragged.body().path("line").asInt()).isEqualTo(3);
        assertThat(ragged.body().path("detail").asString()).startsWith("line 3:");

        Http.Response nonNumeric = http.upload("/api/v1/datasets", "bad.csv",
                "a,b,y\n1,2,0\n3,abc,1\n".getBytes(StandardCharsets.UTF_8), Map.of("labelColumn", "y"));
        assertThat(nonNumeric.body().path("line").asInt()).isEqualTo(3);
        assertThat(nonNumeric.body().path("column").asInt()).isEqualTo(2);

        Http.Response unknownLabel = http.upload("/api/v1/datasets", "bad.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8),
                Map.of("labelColumn", "label"));
        assertThat(unknownLabel.status()).isEqualTo(422);
        assertThat(unknownLabel.body().path("detail").asString()).contains("'label' is not in the header");

        Http.Response empty = http.upload("/api/v1/datasets", "empty.csv", new byte[0], Map.of("labelColumn", "y"));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(http.delete("/api/v1/datasets/iris").status()).isEqualTo(409);

        byte[] tooLarge = ("a,y\n" + "1,0\n".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
        Http.Response large = http.upload("/api/v1/datasets", "large.csv", tooLarge, Map.of("labelColumn", "y"));
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.body().path("detail").asString()).contains("65536");
    }

    @Test
    void refusesJobsOnMissingDatasetsAndOverTheParameterLimit() {
        Http.Response missing = http.post("/api/v1/jobs", job("{\"id\": \"no-such-data\"}", "{\"hiddenLayers\": []}",
                "{\"type\": \"adam\"}", "{\"epochs\": 1}"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body().path("field").asString()).isEqualTo("dataset.id");

        Http.Response huge = http.post("/api/v1/jobs", job("{\"id\": \"mnist\"}",
                "{\"hiddenLayers\": [{\"units\": 65536}, {\"units\": 65536}]}", "{\"type\": \"adam\"}", "{\"epochs\": 1}"));
        assertThat(huge.status()).isEqualTo(422);
        assertThat(huge.body().path("field").asString()).isEqualTo("model.hiddenLayers");
        assertThat(huge.body().path("detail").asString()).contains("more than the limit");

        Http.Response generatorOnShipped = http.post("/api/v1/jobs", job("{\"id\": \"iris\", \"generator\": {\"rows\": 100}}",
                "{\"hiddenLayers\": []}", "{\"type\": \"adam\"}", "{\"epochs\": 1}"));
        assertThat(generatorOnShipped.body().path("field").asString()).isEqualTo("dataset.generator");
    }

    @Test
    void everyCatalogOptimizerExampleTrainsAJob() {
        JsonNode optimizers = http.get("/api/v1/catalog/optimizers").body();
        assertThat(optimizers.findValuesAsString("type")).contains("sgd", "adam", "adamw", "amsgrad", "adagrad",
                "adagrad-norm", "rmsprop", "adadelta", "signsgd", "signum", "sgld", "sam");
        JsonNode sgdRate = optimizers.get(0).path("parameters").get(0);
        assertThat(sgdRate.path("name").asString()).isEqualTo("learningRate");
        assertThat(sgdRate.path("minimum").asDouble()).isZero();
        assertThat(sgdRate.path("exclusiveMinimum").asBoolean()).isTrue();
        assertThat(sgdRate.path("defaultValue").asString()).isEqualTo("0.01");
        // softmax regression on standardised wine with each catalog example: it trains and the loss falls
        java.util.Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (JsonNode method : optimizers) {
            // L-BFGS runs 20 iterations on each batch: it is meant for full batches
            int batchSize = method.path("type").asString().equals("lbfgs") ? 1000 : 16;
            Http.Response submitted = http.post("/api/v1/jobs", job("{\"id\": \"wine\"}", "{\"hiddenLayers\": []}",
                    method.path("example").toString(), "{\"epochs\": 8, \"batchSize\": " + batchSize + "}"));
            assertThat(submitted.status()).as(method.path("example").toString()).isEqualTo(202);
            ids.put(method.path("example").toString(), submitted.body().path("id").asString());
        }
        ids.forEach((example, id) -> {
            assertThat(http.awaitJob(id, Duration.ofMinutes(1), "SUCCEEDED", "FAILED").path("status").asString())
                    .as(example).isEqualTo("SUCCEEDED");
            JsonNode history = http.get("/api/v1/jobs/" + id + "/history").body();
            assertThat(history.get(7).path("trainLoss").asDouble()).as(example)
                    .isLessThan(history.get(0).path("trainLoss").asDouble());
        });
        JsonNode schedules = http.get("/api/v1/catalog/schedules").body();
        for (JsonNode method : schedules) {
            String training = "{\"epochs\": 2, \"batchSize\": 32, \"schedule\": " + method.path("example") + "}";
            Http.Response response = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}", "{\"hiddenLayers\": []}",
                    "{\"type\": \"sgd\"}", training));
            if (method.path("type").asString().equals("refined")) {
                // the example names a job that does not exist here
                assertThat(response.status()).isEqualTo(422);
                assertThat(response.body().path("field").asString()).isEqualTo("training.schedule.fromJob");
            } else {
                assertThat(response.status()).as(training).isEqualTo(202);
            }
        }
        assertThat(http.get("/api/v1/catalog/activations").body().findValuesAsString("name")).contains("relu", "gelu");
        JsonNode losses = http.get("/api/v1/catalog/losses").body();
        assertThat(java.util.stream.StreamSupport.stream(losses.spliterator(), false).map(m -> m.path("type").asString()))
                .containsExactly("cross-entropy", "label-smoothing", "generalized-cross-entropy", "mae", "mse", "huber");

        Http.Response wrongTask = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}",
                "{\"hiddenLayers\": [], \"loss\": {\"type\": \"huber\"}}", "{\"type\": \"sgd\"}", "{\"epochs\": 1}"));
        assertThat(wrongTask.status()).isEqualTo(422);
        assertThat(wrongTask.body().path("field").asString()).isEqualTo("model.loss");
        String smoothed = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}",
                "{\"hiddenLayers\": [], \"loss\": {\"type\": \"label-smoothing\", \"smoothing\": 0.1}}",
                "{\"type\": \"adam\", \"learningRate\": 0.05}",
                "{\"epochs\": 20, \"sampling\": \"with-replacement\", \"gradientTransforms\": {\"clipNorm\": 1.0}}"))
                .body().path("id").asString();
        assertThat(http.awaitJob(smoothed, Duration.ofMinutes(1), "SUCCEEDED", "FAILED").path("status").asString())
                .isEqualTo("SUCCEEDED");
        JsonNode history = http.get("/api/v1/jobs/" + smoothed + "/history").body();
        assertThat(history.get(19).path("validationAccuracy").asDouble()).isGreaterThan(0.85);
    }

    @Test
    void aRefinedScheduleIsShapedByAFinishedJobsGradientNorms() {
        String first = http.post("/api/v1/jobs", job("{\"id\": \"wine\"}", "{\"hiddenLayers\": []}",
                "{\"type\": \"sgd\", \"learningRate\": 0.05}", "{\"epochs\": 5, \"batchSize\": 16}"))
                .body().path("id").asString();
        String refinedTraining = "{\"epochs\": 5, \"batchSize\": 16, \"schedule\": {\"type\": \"warmup\", "
                + "\"steps\": 5, \"then\": {\"type\": \"refined\", \"fromJob\": \"" + first + "\"}}}";
        String refinedJob = job("{\"id\": \"wine\"}", "{\"hiddenLayers\": []}",
                "{\"type\": \"sgd\", \"learningRate\": 0.05}", refinedTraining);
        if (!http.get("/api/v1/jobs/" + first).body().path("status").asString().equals("SUCCEEDED")) {
            // not finished yet, or finished with too few recorded norms: refused by name
            Http.Response early = http.post("/api/v1/jobs", refinedJob);
            if (early.status() == 422) {
                assertThat(early.body().path("field").asString()).isEqualTo("training.schedule.then.fromJob");
            }
        }
        http.awaitJob(first, Duration.ofMinutes(1), "SUCCEEDED");
        String second = http.post("/api/v1/jobs", refinedJob).body().path("id").asString();
        assertThat(http.awaitJob(second, Duration.ofMinutes(1), "SUCCEEDED", "FAILED").path("status").asString())
                .isEqualTo("SUCCEEDED");
        JsonNode rates = http.get("/api/v1/jobs/" + second + "/curves?metric=learning_rate&maxPoints=100000").body()
                .path("points");
        assertThat(rates.get(0).path("value").asDouble()).isCloseTo(0.05 / 3, org.assertj.core.data.Offset.offset(1e-9));
        // after the warm-up the refined shape: at most γ0, its maximum near γ0 (the past run is stretched onto 40 steps)
        double max = 0;
        for (int i = 5; i < rates.size(); i++) {
            max = Math.max(max, rates.get(i).path("value").asDouble());
        }
        assertThat(max).isBetween(0.04, 0.05 + 1e-12);
        assertThat(rates.get(rates.size() - 1).path("value").asDouble()).isZero();
        assertThat(http.get("/api/v1/jobs/" + second + "/curves?metric=gradient_l1_norm").body().path("totalPoints")
                .asInt()).isEqualTo(45);
    }

    @Test
    void aSucceededJobsModelPredictsEvaluatesAndWarmStartsAnother() {
        String iris = http.post("/api/v1/jobs", job("{\"id\": \"iris\", \"validationSplit\": 0.3, \"splitSeed\": 1}",
                "{\"hiddenLayers\": [{\"units\": 16, \"activation\": \"tanh\"}]}",
                "{\"type\": \"adam\", \"learningRate\": 0.01}", "{\"epochs\": 60, \"batchSize\": 16, \"seed\": 3}"))
                .body().path("id").asString();
        assertThat(http.post("/api/v1/jobs/" + iris + "/predict", "{\"rows\": [[5.1, 3.5, 1.4, 0.2]]}").status())
                .isIn(409, 200); // 409 while it trains
        http.awaitJob(iris, Duration.ofMinutes(1), "SUCCEEDED");

        JsonNode model = http.get("/api/v1/jobs/" + iris + "/model").body();
        assertThat(model.path("format").asString()).isEqualTo("descent-model/2");
        assertThat(model.path("classNames").size()).isEqualTo(3);
        assertThat(model.path("layers").get(0).path("spec").path("type").asString()).isEqualTo("dense");
        assertThat(model.path("layers").get(0).path("parameters").get(0).size()).isEqualTo(4 * 16);

        JsonNode predictions = http.post("/api/v1/jobs/" + iris + "/predict",
                "{\"rows\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}").body().path("predictions");
        assertThat(predictions.get(0).path("label").asString()).isEqualTo("setosa");
        assertThat(predictions.get(1).path("label").asString()).isEqualTo("virginica");
        double total = 0;
        for (JsonNode p : predictions.get(0).path("probabilities")) {
            total += p.asDouble();
        }
        assertThat(total).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));

        Http.Response short_ = http.post("/api/v1/jobs/" + iris + "/predict", "{\"rows\": [[5.1, 3.5, 1.4]]}");
        assertThat(short_.status()).isEqualTo(422);
        assertThat(short_.body().path("field").asString()).isEqualTo("rows[0]");
        Http.Response text = http.post("/api/v1/jobs/" + iris + "/predict", "{\"rows\": [[5.1, \"abc\", 1.4, 0.2]]}");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.body().path("field").asString()).isEqualTo("rows[0][1]");
        StringBuilder many = new StringBuilder("{\"rows\": [");
        for (int i = 0; i <= 10_000; i++) {
            many.append(i > 0 ? "," : "").append("[1,2,3,4]");
        }
        assertThat(http.post("/api/v1/jobs/" + iris + "/predict", many + "]}").body().path("field").asString())
                .isEqualTo("rows");

        JsonNode report = http.post("/api/v1/jobs/" + iris + "/evaluate", "{\"dataset\": \"iris\"}").body();
        assertThat(report.path("accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(report.path("rows").asInt()).isEqualTo(150);
        long counted = 0;
        for (JsonNode row : report.path("confusionMatrix")) {
            for (JsonNode cell : row) {
                counted += cell.asLong();
            }
        }
        assertThat(counted).isEqualTo(150);
        assertThat(report.path("perClass").get(0).path("f1").asDouble()).isGreaterThan(0.9);
        Http.Response wrongData = http.post("/api/v1/jobs/" + iris + "/evaluate", "{\"dataset\": \"wine\"}");
        assertThat(wrongData.status()).isEqualTo(422);
        assertThat(wrongData.body().path("field").asString()).isEqualTo("dataset");

        // a warm start continues from the trained weights: its first loss is the trained model's, not a fresh one's
        String warm = http.post("/api/v1/jobs", job("{\"id\": \"iris\", \"validationSplit\": 0.3, \"splitSeed\": 1}",
                "{\"hiddenLayers\": [{\"units\": 16, \"activation\": \"tanh\"}], \"initFrom\": \"" + iris + "\"}",
                "{\"type\": \"sgd\", \"learningRate\": 0.001}", "{\"epochs\": 1, \"batchSize\": 16}"))
                .body().path("id").asString();
        http.awaitJob(warm, Duration.ofMinutes(1), "SUCCEEDED");
        double firstWarmLoss = http.get("/api/v1/jobs/" + warm + "/curves?metric=loss").body().path("points").get(0)
                .path("value").asDouble();
        assertThat(firstWarmLoss).isLessThan(0.3);
        Http.Response mismatched = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}",
                "{\"hiddenLayers\": [{\"units\": 8}], \"initFrom\": \"" + iris + "\"}", "{\"type\": \"sgd\"}",
                "{\"epochs\": 1}"));
        assertThat(mismatched.status()).isEqualTo(422);
        assertThat(mismatched.body().path("field").asString()).isEqualTo("model.initFrom");
    }

    @Test
    void earlyStoppingEndsTheJobAndSaysWhy() {
        String id = http.post("/api/v1/jobs", job("{\"id\": \"diabetes\"}", "{\"hiddenLayers\": [{\"units\": 64}]}",
                "{\"type\": \"adam\", \"learningRate\": 0.01}", "{\"epochs\": 500, \"batchSize\": 32, "
                        + "\"earlyStopping\": {\"metric\": \"validation_loss\", \"patience\": 3}}"))
                .body().path("id").asString();
        JsonNode done = http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
        assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("statusReason").asString()).contains("early stopping", "validation_loss", "restored");
        assertThat(done.path("progress").path("epoch").asInt()).isLessThan(500);
        JsonNode regression = http.post("/api/v1/jobs/" + id + "/evaluate", "{\"dataset\": \"diabetes\"}").body();
        assertThat(regression.path("rmse").asDouble()).isBetween(30.0, 80.0);
        assertThat(regression.path("r2").asDouble()).isGreaterThan(0.3);

        Http.Response noValidation = http.post("/api/v1/jobs", job("{\"id\": \"diabetes\", \"validationSplit\": 0}",
                "{\"hiddenLayers\": []}", "{\"type\": \"sgd\"}",
                "{\"epochs\": 5, \"earlyStopping\": {\"metric\": \"validation_loss\"}}"));
        assertThat(noValidation.body().path("field").asString()).isEqualTo("training.earlyStopping.metric");
    }

    @Test
    void aPrivateJobSpendsItsBudgetAndReportsIt() {
        String id = http.post("/api/v1/jobs", job("{\"id\": \"digits\"}", "{\"hiddenLayers\": [{\"units\": 32}]}",
                "{\"type\": \"sgd\", \"learningRate\": 0.5, \"momentum\": 0.9}", "{\"epochs\": 30, "
                        + "\"batchSize\": 64, \"privacy\": {\"clipNorm\": 1.0, \"noiseMultiplier\": 1.0, "
                        + "\"delta\": 1e-5, \"targetEpsilon\": 2.0}}"))
                .body().path("id").asString();
        JsonNode done = http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
        assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("statusReason").asString()).startsWith("privacy budget reached");
        assertThat(done.path("progress").path("epoch").asInt()).isLessThan(30);
        JsonNode report = http.get("/api/v1/jobs/" + id + "/privacy").body();
        assertThat(report.path("epsilon").asDouble()).isLessThanOrEqualTo(2.0).isGreaterThan(1.9);
        assertThat(report.path("steps").asLong()).isEqualTo(report.path("stepBudget").asLong());
        assertThat(report.path("sampling").asString()).isEqualTo("poisson");
        assertThat(report.path("warnings").size()).isZero();
        JsonNode history = http.get("/api/v1/jobs/" + id + "/history").body();
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.path("epsilon").asDouble()).isEqualTo(report.path("epsilon").asDouble());
        assertThat(last.path("validationAccuracy").asDouble()).isGreaterThan(0.7);
        assertThat(http.get("/api/v1/jobs/" + id + "/curves?metric=epsilon").body().path("points").size())
                .isEqualTo(history.size());

        // calibrated noise, shuffled batches: allowed, and flagged
        String calibrated = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}", "{\"hiddenLayers\": []}",
                "{\"type\": \"adam\", \"learningRate\": 0.05}", "{\"epochs\": 3, \"batchSize\": 16, "
                        + "\"privacy\": {\"clipNorm\": 1.0, \"targetEpsilon\": 5, \"delta\": 1e-3, "
                        + "\"sampling\": \"shuffle\"}}")).body().path("id").asString();
        JsonNode plan = http.get("/api/v1/jobs/" + calibrated + "/privacy").body();
        assertThat(plan.path("noiseCalibrated").asBoolean()).isTrue();
        assertThat(plan.path("plannedEpsilon").asDouble()).isLessThanOrEqualTo(5.0).isGreaterThan(4.99);
        assertThat(plan.path("warnings").get(0).asString()).contains("Poisson");
        http.awaitJob(calibrated, Duration.ofMinutes(1), "SUCCEEDED");

        Http.Response sam = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}", "{\"hiddenLayers\": []}",
                "{\"type\": \"sam\", \"rho\": 0.05, \"base\": {\"type\": \"sgd\"}}",
                "{\"epochs\": 3, \"privacy\": {\"clipNorm\": 1.0, \"noiseMultiplier\": 1.0}}"));
        assertThat(sam.status()).isEqualTo(422);
        assertThat(sam.body().path("field").asString()).isEqualTo("optimizer.type");
        Http.Response noNoise = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}", "{\"hiddenLayers\": []}",
                "{\"type\": \"sgd\"}", "{\"epochs\": 3, \"privacy\": {\"clipNorm\": 1.0}}"));
        assertThat(noNoise.status()).isEqualTo(400);
        assertThat(noNoise.body().path("detail").asString()).contains("noiseMultiplier, targetEpsilon");
        String plain = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}", "{\"hiddenLayers\": []}",
                "{\"type\": \"sgd\"}", "{\"epochs\": 1}")).body().path("id").asString();
        assertThat(http.get("/api/v1/jobs/" + plain + "/privacy").status()).isEqualTo(404);
    }

    @Test
    void aJobTrainedOnAPrivatePcaReportsItsShareAndItsModelPredictsRawRows() {
        String id = http.post("/api/v1/jobs", job("{\"id\": \"digits\"}", "{\"hiddenLayers\": [{\"units\": 32}]}",
                "{\"type\": \"sgd\", \"learningRate\": 0.5, \"momentum\": 0.9}", "{\"epochs\": 8, "
                        + "\"batchSize\": 64, \"privacy\": {\"clipNorm\": 1.0, \"targetEpsilon\": 8, "
                        + "\"pca\": {\"components\": 20, \"noiseMultiplier\": 4}}}"))
                .body().path("id").asString();
        JsonNode done = http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
        assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode report = http.get("/api/v1/jobs/" + id + "/privacy").body();
        assertThat(report.path("epsilon").asDouble()).isLessThanOrEqualTo(8.0).isGreaterThan(7.99);
        assertThat(report.path("pca").path("components").asInt()).isEqualTo(20);
        assertThat(report.path("pca").path("epsilon").asDouble()).isBetween(0.1, 8.0);
        assertThat(report.path("pca").path("rdpShare").asDouble()).isBetween(0.0, 1.0);
        JsonNode history = http.get("/api/v1/jobs/" + id + "/history").body();
        assertThat(history.get(history.size() - 1).path("epsilon").asDouble()).isEqualTo(report.path("epsilon").asDouble());

        JsonNode model = http.get("/api/v1/jobs/" + id + "/model").body();
        assertThat(model.path("projection").path("inputs").asInt()).isEqualTo(64);
        assertThat(model.path("projection").path("components").asInt()).isEqualTo(20);
        assertThat(model.path("projection").path("matrix").size()).isEqualTo(64 * 20);
        assertThat(model.path("layers").get(0).path("input").toString()).isEqualTo("[20]");
        // raw rows of 64 pixels in, through the scaling and the projection
        JsonNode preview = http.get("/api/v1/datasets/digits/preview?rows=50").body().path("rows");
        StringBuilder rows = new StringBuilder("{\"rows\": [");
        for (int r = 0; r < preview.size(); r++) {
            JsonNode row = preview.get(r);
            rows.append(r > 0 ? ", [" : "[");
            for (int c = 0; c < 64; c++) {
                rows.append(c > 0 ? ", " : "").append(row.get(c).asDouble());
            }
            rows.append("]");
        }
        JsonNode predictions = http.post("/api/v1/jobs/" + id + "/predict", rows + "]}").body().path("predictions");
        int correct = 0;
        for (int r = 0; r < preview.size(); r++) {
            correct += predictions.get(r).path("label").asString().equals(preview.get(r).get(64).asString()) ? 1 : 0;
        }
        assertThat(correct).isGreaterThan(35); // of 50; chance is 5
        assertThat(http.post("/api/v1/jobs/" + id + "/evaluate", "{\"dataset\": \"digits\"}").body()
                .path("accuracy").asDouble()).isGreaterThan(0.7);

        Http.Response tooMany = http.post("/api/v1/jobs", job("{\"id\": \"iris\"}", "{\"hiddenLayers\": []}",
                "{\"type\": \"sgd\"}", "{\"epochs\": 1, \"privacy\": {\"clipNorm\": 1.0, \"noiseMultiplier\": 1.0, "
                        + "\"pca\": {\"components\": 5, \"noiseMultiplier\": 4}}}"));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.body().path("field").asString()).isEqualTo("training.privacy.pca.components");
        Http.Response tooCostly = http.post("/api/v1/jobs", job("{\"id\": \"digits\"}", "{\"hiddenLayers\": []}",
                "{\"type\": \"sgd\"}", "{\"epochs\": 1, \"privacy\": {\"clipNorm\": 1.0, \"targetEpsilon\": 1, "
                        + "\"pca\": {\"components\": 5, \"noiseMultiplier\": 0.5}}}"));
        assertThat(tooCostly.status()).isEqualTo(422);
        assertThat(tooCostly.body().path("field").asString()).isEqualTo("training.privacy.pca.noiseMultiplier");
    }

    @Test
    void aSchedulePreviewGivesTheRateOfEveryStepAsTheTrainerDoes() {
        Http.Response cosine = http.post("/api/v1/schedules/preview", """
                {"optimizer": {"type": "sgd", "learningRate": 0.1}, "schedule": {"type": "cosine"}, "units": 100}""");
        assertThat(cosine.status()).as(cosine.raw().body()).isEqualTo(200);
        JsonNode rates = cosine.body().path("rates");
        assertThat(rates.size()).isEqualTo(100);
        // CosineAnnealingLR's closed form, γ0(1 + cos(πt/T))/2 at t = 0 … T − 1
        for (int t : new int[]{0, 1, 50, 99}) {
            assertThat(rates.get(t).asDouble()).isCloseTo(0.1 * (1 + Math.cos(Math.PI * t / 100)) / 2,
                    org.assertj.core.data.Offset.offset(1e-15));
        }
        assertThat(cosine.body().path("unit").asString()).isEqualTo("step");
        // Adam-type: γ0 scales by √(B/B₀); a step decay counted in epochs
        Http.Response scaled = http.post("/api/v1/schedules/preview", """
                {"optimizer": {"type": "adam", "learningRate": 0.001}, "units": 30, "unit": "epoch",
                 "schedule": {"type": "step", "stepSize": 10, "gamma": 0.5}, "batchSize": 512, "referenceBatchSize": 128}""");
        assertThat(scaled.body().path("baseRate").asDouble()).isEqualTo(0.002);
        assertThat(scaled.body().path("rates").get(9).asDouble()).isEqualTo(0.002);
        assertThat(scaled.body().path("rates").get(10).asDouble()).isEqualTo(0.001);
        assertThat(scaled.body().path("rates").get(29).asDouble()).isEqualTo(0.0005);

        Http.Response tooLong = http.post("/api/v1/schedules/preview", """
                {"optimizer": {"type": "sgd"}, "units": 100001}""");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().path("field").asString()).isEqualTo("units");
        Http.Response refinedByEpoch = http.post("/api/v1/schedules/preview", """
                {"optimizer": {"type": "sgd"}, "units": 10, "unit": "epoch",
                 "schedule": {"type": "refined", "fromJob": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}}""");
        assertThat(refinedByEpoch.status()).isEqualTo(422);
        assertThat(refinedByEpoch.body().path("field").asString()).isEqualTo("unit");
        Http.Response unscaled = http.post("/api/v1/schedules/preview", """
                {"optimizer": {"type": "sgd"}, "units": 10, "referenceBatchSize": 128}""");
        assertThat(unscaled.status()).isEqualTo(422);
        assertThat(unscaled.body().path("field").asString()).isEqualTo("batchSize");
    }

    @Test
    void servesTheOpenApiDocumentAndSwaggerUi() {
        JsonNode api = http.get("/v3/api-docs").body();
        assertThat(api.path("paths").has("/api/v1/jobs")).isTrue();
        assertThat(api.path("paths").path("/api/v1/jobs").path("post").path("requestBody").toString()).contains("examples");
        assertThat(http.get("/swagger-ui/index.html").raw().statusCode()).isEqualTo(200);
        // every example a client can send from Swagger UI is a job the server takes
        JsonNode examples = api.path("paths").path("/api/v1/jobs").path("post").path("requestBody").path("content")
                .path("application/json").path("examples");
        assertThat(examples.size()).isGreaterThanOrEqualTo(7);
        for (JsonNode example : examples) {
            Http.Response submitted = http.post("/api/v1/jobs", example.path("value").toString());
            assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
            http.post("/api/v1/jobs/" + submitted.body().path("id").asString() + "/cancel", "");
        }
    }

    @Test
    void everySpecFamilyIsADiscriminatedOneOfInTheOpenApiDocument() {
        JsonNode schemas = http.get("/v3/api-docs").body().path("components").path("schemas");
        // the catalogs list the same types, read from the same sealed interfaces
        for (String family : List.of("optimizers", "schedules", "losses", "layers")) {
            List<String> types = http.get("/api/v1/catalog/" + family).body().valueStream()
                    .map(method -> method.path("type").asString()).toList();
            String schema = switch (family) {
                case "optimizers" -> "OptimizerSpec";
                case "schedules" -> "ScheduleSpec";
                case "losses" -> "Loss";
                default -> "LayerSpec";
            };
            JsonNode mapping = schemas.path(schema).path("discriminator").path("mapping");
            assertThat(mapping.propertyNames()).as(schema).containsExactlyElementsOf(types);
            assertThat(schemas.path(schema).path("oneOf").size()).as(schema).isEqualTo(types.size());
        }
        assertThat(schemas.path("OptimizerSpec").path("discriminator").path("mapping").path("adamw").asString())
                .isEqualTo("#/components/schemas/AdamWSpec");
        assertThat(schemas.path("JobSpec").path("properties").path("optimizer").path("$ref").asString())
                .isEqualTo("#/components/schemas/OptimizerSpec");
        assertThat(schemas.path("ModelSpec").path("properties").path("layers").path("items").path("$ref").asString())
                .isEqualTo("#/components/schemas/LayerSpec");
    }
}
