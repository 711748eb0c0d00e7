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
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input gradients over HTTP: POST /jobs/{id}/explain against finite differences of what POST /predict answers on
 * nudged raw rows (log p_k − log p_0 = logit_k − logit_0, so the difference of two classes' gradients is checked
 * through an independent path), rows refused naming the field, and explain.svg for an image model only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExplainEndToEndTest {

    private static final double[][] IRIS_ROWS = {{5.1, 3.5, 1.4, 0.2}, {6.3, 2.8, 5.1, 1.5}};

    @LocalServerPort
    private int port;
    private Http http;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-explain").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        registry.add("descent.store.max-explain-rows", () -> "5");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private String trained(String spec) {
        Http.Response submitted = http.post("/api/v1/jobs", spec);
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        String id = submitted.body().path("id").asString();
        http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
        assertThat(http.get("/api/v1/jobs/" + id).body().path("status").asString()).isEqualTo("SUCCEEDED");
        return id;
    }

    @Test
    void gradientsInRawUnitsMatchFiniteDifferencesOfThePredictions() {
        String job = trained("""
                {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8, "activation": "tanh"}],
                 "dtype": "float64"}, "optimizer": {"type": "adam", "learningRate": 0.05},
                 "training": {"epochs": 20, "batchSize": 16}}""");
        List<String> classes = new ArrayList<>();
        http.get("/api/v1/datasets/iris").body().path("classNames").forEach(c -> classes.add(c.asString()));
        JsonNode base = explain(job, IRIS_ROWS, classes.get(0));
        JsonNode predictions = http.post("/api/v1/jobs/" + job + "/predict", rows(IRIS_ROWS)).body().path("predictions");
        assertThat(base.path("featureNames").size()).isEqualTo(4);
        for (int k = 1; k < classes.size(); k++) {
            JsonNode explained = explain(job, IRIS_ROWS, classes.get(k));
            for (int r = 0; r < IRIS_ROWS.length; r++) {
                JsonNode row = explained.path("explanations").get(r);
                assertThat(row.path("label").asString()).isEqualTo(predictions.get(r).path("label").asString());
                assertThat(row.path("explained").asString()).isEqualTo(classes.get(k));
                for (int j = 0; j < 4; j++) {
                    double analytic = row.path("gradient").get(j).asDouble()
                            - base.path("explanations").get(r).path("gradient").get(j).asDouble();
                    double h = 1e-4;
                    double numeric = (logitGap(job, r, j, h, classes, k) - logitGap(job, r, j, -h, classes, k)) / (2 * h);
                    assertThat(analytic).as("row %d, class %s, feature %d", r, classes.get(k), j)
                            .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(numeric))));
                }
            }
        }
        JsonNode predicted = http.post("/api/v1/jobs/" + job + "/explain", rows(IRIS_ROWS)).body();
        for (int r = 0; r < IRIS_ROWS.length; r++) {
            JsonNode row = predicted.path("explanations").get(r);
            assertThat(row.path("explained").asString()).isEqualTo(row.path("label").asString());
        }
    }

    /** log p_k − log p_0 of row r with raw feature j moved by h, from the predict endpoint. */
    private double logitGap(String job, int r, int j, double h, List<String> classes, int k) {
        double[][] nudged = {IRIS_ROWS[r].clone()};
        nudged[0][j] += h;
        JsonNode p = http.post("/api/v1/jobs/" + job + "/predict", rows(nudged)).body().path("predictions").get(0)
                .path("probabilities");
        return Math.log(p.path(classes.get(k)).asDouble()) - Math.log(p.path(classes.get(0)).asDouble());
    }

    private JsonNode explain(String job, double[][] values, String label) {
        String body = rows(values);
        Http.Response response = http.post("/api/v1/jobs/" + job + "/explain",
                body.substring(0, body.length() - 1) + ", \"label\": \"" + label + "\"}");
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        return response.body();
    }

    private static String rows(double[][] values) {
        List<String> rows = new ArrayList<>();
        for (double[] row : values) {
            List<String> cells = new ArrayList<>();
            for (double v : row) {
                cells.add(String.format(Locale.ROOT, "%.17g", v));
            }
            rows.add("[" + String.join(", ", cells) + "]");
        }
        return "{\"rows\": [" + String.join(", ", rows) + "]}";
    }

    @Test
    void badRowsAndLabelsAreRefusedNamingTheField() {
        String job = trained("""
                {"dataset": {"id": "iris"}, "model": {"hiddenLayers": []}, "optimizer": {"type": "sgd"},
                 "training": {"epochs": 1}}""");
        assertField(http.post("/api/v1/jobs/" + job + "/explain", "{\"rows\": [[1, 2, 3]]}"), "rows[0]");
        assertField(http.post("/api/v1/jobs/" + job + "/explain", "{\"rows\": [[1, 2, 3, 4]], \"label\": \"rose\"}"),
                "label");
        assertField(http.post("/api/v1/jobs/" + job + "/explain", rows(new double[6][4])), "rows");
        Http.Response notAnImage = http.post("/api/v1/jobs/" + job + "/explain.svg", "{\"rows\": [[1, 2, 3, 4]]}");
        assertThat(notAnImage.status()).isEqualTo(409);
        assertThat(notAnImage.body().path("detail").asString()).contains("not images");
    }

    private static void assertField(Http.Response response, String field) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(422);
        assertThat(response.raw().body()).contains("\"" + field + "\"");
    }

    @Test
    void anImageModelsRowAndGradientAreDrawnSideBySide() {
        String job = trained("""
                {"name": "digits <cnn>", "dataset": {"id": "digits"}, "model": {"layers": [
                 {"type": "conv2d", "filters": 2, "kernel": [3, 3], "padding": "same"}, {"type": "flatten"}]},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 1}}""");
        double[][] row = new double[1][64];
        for (int j = 0; j < 64; j++) {
            row[0][j] = (j % 8) * 2;
        }
        Http.Response svg = http.post("/api/v1/jobs/" + job + "/explain.svg", rows(row));
        assertThat(svg.status()).as(svg.raw().body()).isEqualTo(200);
        assertThat(svg.raw().headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        String document = svg.raw().body();
        assertThat(document).startsWith("<?xml").contains("digits &lt;cnn&gt;: input gradients")
                .contains("<g class=\"image\"").contains("<g class=\"gradient\"").endsWith("</svg>\n");
        assertThat(document.split("<rect ", -1).length - 1).isEqualTo(1 + 2 * 64);
    }
}
