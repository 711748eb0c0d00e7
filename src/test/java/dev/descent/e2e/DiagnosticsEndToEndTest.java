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

/**
 * training.diagnostics over HTTP: the catalog, specs refused naming the field, and jobs whose diagnostics come back
 * as curves (per layer too), in the plot with 2/η, in the export and in the event stream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiagnosticsEndToEndTest {

    private static final String ALL = """
            {"coherence": {"every": 5, "examples": 32}, "sharpness": {"examples": 64, "maxIterations": 10},
             "layerStatistics": {}}""";

    @LocalServerPort
    private int port;
    private Http http;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-diagnostics").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private static String job(String model, String diagnostics, String more) {
        return "{\"dataset\": {\"id\": \"iris\"}, \"model\": " + model + ", \"optimizer\": {\"type\": \"sgd\", "
                + "\"learningRate\": 0.1}, \"training\": {\"epochs\": 3, \"batchSize\": 16, \"seed\": 1" + more
                + ", \"diagnostics\": " + diagnostics + "}}";
    }

    @Test
    void theCatalogListsEveryDiagnosticWithItsParameters() {
        JsonNode catalog = http.get("/api/v1/catalog/diagnostics").body();
        List<String> names = new ArrayList<>();
        catalog.forEach(d -> names.add(d.path("type").asString()));
        assertThat(names).containsExactly("coherence", "sharpness", "layerStatistics", "clipping", "suboptimality");
        JsonNode coherence = catalog.get(0);
        assertThat(coherence.path("description").asString()).contains("α = m·‖mean g_i‖²");
        assertThat(coherence.path("parameters").get(0).path("name").asString()).isEqualTo("every");
        assertThat(coherence.path("parameters").get(0).path("defaultValue").asString()).isEqualTo("100");
        assertThat(coherence.path("parameters").get(1).path("minimum").asDouble()).isEqualTo(2);
        assertThat(coherence.path("example").toString()).isEqualTo("{\"every\":100,\"examples\":128}");
    }

    @Test
    void specsThatCannotBeMeasuredAreRefusedNamingTheField() {
        assertRefused(job("{\"hiddenLayers\": [{\"units\": 8}]}", "{\"clipping\": {}}", ""), 422,
                "training.diagnostics.clipping", "training.privacy");
        assertRefused(job("{\"hiddenLayers\": [{\"units\": 8}]}", "{\"suboptimality\": {}}", ""), 422,
                "training.diagnostics.suboptimality", "hidden layers");
        assertRefused(job("{\"layers\": [], \"loss\": {\"type\": \"mae\"}}", "{\"suboptimality\": {}}", ""), 422,
                "training.diagnostics.suboptimality", "not convex");
        assertRefused(job("{\"layers\": [{\"type\": \"dense\", \"units\": 8}, {\"type\": \"batch-norm\"}]}",
                "{\"coherence\": {}}", ""), 422, "training.diagnostics.coherence", "batch-norm");
        assertRefused(job("{\"layers\": []}", "{\"coherence\": {\"examples\": 1}}", ""), 400,
                "training.diagnostics.coherence.examples", "2");
    }

    private void assertRefused(String spec, int status, String field, String reason) {
        Http.assertRefused(http.post("/api/v1/jobs", spec), status, field, reason);
    }

    @Test
    void aJobsDiagnosticsAreCurvesPlotsExportsAndEvents() throws Exception {
        Http.Response submitted = http.post("/api/v1/jobs", job("{\"hiddenLayers\": [{\"units\": 8}]}", ALL, ""));
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        String id = submitted.body().path("id").asString();
        JsonNode done = http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        long steps = done.path("progress").path("steps").asLong();

        JsonNode coherence = http.get("/api/v1/jobs/" + id + "/curves?metric=coherence").body();
        assertThat(coherence.path("totalPoints").asLong()).isEqualTo(steps / 5);
        JsonNode sharpness = http.get("/api/v1/jobs/" + id + "/curves?metric=sharpness").body();
        assertThat(sharpness.path("points")).hasSize(3);
        assertThat(sharpness.path("points").get(0).path("value").asDouble()).isPositive();

        Http.Response noLayer = http.get("/api/v1/jobs/" + id + "/curves?metric=layer_update_ratio");
        assertThat(noLayer.status()).isEqualTo(422);
        assertThat(noLayer.body().path("field").asString()).isEqualTo("layer");
        assertThat(noLayer.raw().body()).contains("[1, 2]");
        JsonNode layer2 = http.get("/api/v1/jobs/" + id + "/curves?metric=layer_weight_norm&layer=2").body();
        assertThat(layer2.path("totalPoints").asLong()).isEqualTo(steps);
        assertThat(http.get("/api/v1/jobs/" + id + "/curves?metric=loss&layer=1").status()).isEqualTo(422);

        String svg = http.get("/api/v1/jobs/" + id + "/plot.svg?metrics=sharpness,layer_gradient_norm").raw().body();
        assertThat(svg).contains("2/η").contains("layer_gradient_norm[1]").contains("layer_gradient_norm[2]");

        String csv = http.get("/api/v1/jobs/" + id + "/history/export?level=diagnostic").raw().body();
        assertThat(csv).startsWith("step,metric,layer,epoch,metric_value\n").contains(",sharpness,0,3,");
        assertThat(csv.lines().count()).isEqualTo(1 + steps / 5 + 3 + steps * 2 * 3);

        List<EventStream.Event> events = EventStream.readAll("http://localhost:" + port + "/api/v1/jobs/" + id
                + "/events", null, Duration.ofSeconds(30));
        assertThat(events).anyMatch(e -> e.name().equals("progress") && e.data().contains("\"sharpness\":")
                && e.data().contains("\"layer_gradient_norm[2]\":"));
    }

    @Test
    void aConvexJobRecordsItsSuboptimalityPerEpoch() {
        Http.Response submitted = http.post("/api/v1/jobs", job("{\"layers\": []}", "{\"suboptimality\": {}}",
                ", \"gradientTransforms\": {\"weightDecay\": 0.01}"));
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        String id = submitted.body().path("id").asString();
        JsonNode done = http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode gap = http.get("/api/v1/jobs/" + id + "/curves?metric=suboptimality").body();
        assertThat(gap.path("x").asString()).isEqualTo("epoch");
        assertThat(gap.path("points")).hasSize(3);
        assertThat(gap.path("points").get(2).path("value").asDouble()).isPositive()
                .isLessThan(gap.path("points").get(0).path("value").asDouble());
    }
}
