package dev.descent.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static dev.descent.watch.SvgDocuments.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** Watching jobs over HTTP: the live event stream, comparisons, exports and plots. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WatchEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    private int port;
    private Http http;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-watch").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        registry.add("descent.executor.workers", () -> "2");
        registry.add("descent.watch.poll-interval", () -> "100ms");
        registry.add("descent.history.flush-interval", () -> "200ms");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private String submit(String name, double learningRate, int epochs) {
        Http.Response response = http.post("/api/v1/jobs", """
                {"name": %s, "dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 16}]},
                 "optimizer": {"type": "sgd", "learningRate": %s}, "training": {"epochs": %d, "batchSize": 8, "seed": 3}}
                """.formatted(JSON.writeValueAsString(name), learningRate, epochs));
        assertThat(response.status()).isEqualTo(202);
        return response.body().path("id").asString();
    }

    private static JsonNode data(EventStream.Event event) {
        return JSON.readTree(event.data());
    }

    @Test
    void streamsProgressWhileTrainingAndALateClientGetsOnlyWhatItMissed() throws Exception {
        String id = submit("watched", 0.05, 10);
        String url = "http://localhost:" + port + "/api/v1/jobs/" + id + "/events";
        List<EventStream.Event> events = EventStream.readAll(url, null, Duration.ofSeconds(60));

        assertThat(events.get(0).name()).isEqualTo("status");
        List<EventStream.Event> epochs = events.stream()
                .filter(e -> e.name().equals("progress") && data(e).path("kind").asString().equals("epoch")).toList();
        assertThat(epochs).extracting(e -> data(e).path("epoch").asInt())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 10).boxed().toList());
        JsonNode first = data(epochs.get(0));
        assertThat(first.path("loss").isNumber()).isTrue();
        assertThat(first.path("learningRate").asDouble()).isEqualTo(0.05);
        assertThat(first.path("samplesPerSecond").asDouble()).isPositive();
        assertThat(first.path("fraction").asDouble()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(data(epochs.get(9)).path("fraction").asDouble()).isEqualTo(1.0);
        // event ids are steps, and never go back
        List<Long> ids = events.stream().filter(e -> e.id() != null).map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isSorted();
        EventStream.Event end = events.get(events.size() - 1);
        assertThat(end.name()).isEqualTo("end");
        assertThat(data(end).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(events).filteredOn(e -> e.name().equals("status"))
                .extracting(e -> data(e).path("status").asString()).contains("SUCCEEDED");

        JsonNode job = http.get("/api/v1/jobs/" + id).body();
        assertThat(job.path("progress").path("fraction").asDouble()).isEqualTo(1.0);
        assertThat(job.path("progress").path("totalSteps").asLong()).isEqualTo(10 * 15);
        assertThat(job.path("progress").path("etaSeconds").isNull()).isTrue();

        String seen = epochs.get(6).id();
        List<EventStream.Event> late = EventStream.readAll(url, seen, Duration.ofSeconds(30));
        assertThat(late).filteredOn(e -> e.name().equals("progress"))
                .extracting(e -> data(e).path("epoch").asInt()).containsExactly(8, 9, 10);
        assertThat(late).filteredOn(e -> e.id() != null)
                .allSatisfy(e -> assertThat(Long.parseLong(e.id())).isGreaterThan(Long.parseLong(seen)));
        assertThat(late.get(late.size() - 1).name()).isEqualTo("end");

        // the same, for clients that cannot set the header
        List<EventStream.Event> byParameter = EventStream.readAll(url + "?lastEventId=" + epochs.get(8).id(), null,
                Duration.ofSeconds(30));
        assertThat(byParameter).filteredOn(e -> e.name().equals("progress"))
                .extracting(e -> data(e).path("epoch").asInt()).containsExactly(10);

        assertThat(http.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000/events").status()).isEqualTo(404);
    }

    @Test
    void comparesRunsExportsHistoryAndPlotsWellFormedSvg() throws Exception {
        String fast = submit("lr <0.1> & \"fast\"", 0.1, 4);
        String slow = submit("lr 0.01", 0.01, 4);
        http.awaitJob(fast, Duration.ofSeconds(60), "SUCCEEDED");
        http.awaitJob(slow, Duration.ofSeconds(60), "SUCCEEDED");

        JsonNode comparison = http.get("/api/v1/runs/compare?jobs=" + fast + "," + slow + "&metric=loss&by=epoch").body();
        assertThat(comparison.path("by").asString()).isEqualTo("epoch");
        assertThat(comparison.path("runs").size()).isEqualTo(2);
        assertThat(comparison.path("runs").get(0).path("points").size()).isEqualTo(4);
        assertThat(comparison.path("runs").get(1).path("points").get(3).path("x").asInt()).isEqualTo(4);
        assertThat(comparison.path("differences").size()).isEqualTo(1);
        JsonNode difference = comparison.path("differences").get(0);
        assertThat(difference.path("path").asString()).isEqualTo("optimizer.learningRate");
        assertThat(difference.path("values").path(fast).asDouble()).isEqualTo(0.1);
        assertThat(difference.path("values").path(slow).asDouble()).isEqualTo(0.01);

        JsonNode byStep = http.get("/api/v1/runs/compare?jobs=" + fast + "&metric=validation_loss&by=step").body();
        assertThat(byStep.path("runs").get(0).path("points").get(0).path("x").asInt()).isEqualTo(15);
        assertThat(http.get("/api/v1/runs/compare?jobs=" + fast + "&metric=nope").status()).isEqualTo(422);
        assertThat(http.get("/api/v1/runs/compare?jobs=nope").status()).isEqualTo(422);

        Http.Response csv = http.get("/api/v1/jobs/" + fast + "/history/export?format=csv&level=step");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw().headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        String[] lines = csv.raw().body().split("\n");
        assertThat(lines[0]).isEqualTo("step,epoch,loss,learning_rate,gradient_norm,gradient_l1_norm");
        assertThat(lines).hasSize(1 + 4 * 15);
        Http.Response json = http.get("/api/v1/jobs/" + fast + "/history/export?format=json&level=epoch");
        assertThat(json.body().size()).isEqualTo(4);
        assertThat(json.body().get(3).path("epoch").asInt()).isEqualTo(4);
        assertThat(http.get("/api/v1/jobs/" + fast + "/history/export?format=xml").status()).isEqualTo(422);

        Http.Response lttb = http.get("/api/v1/jobs/" + fast + "/curves?metric=loss&maxPoints=10&method=lttb&smoothing=0.5");
        assertThat(lttb.body().path("points").size()).isEqualTo(10);
        assertThat(http.get("/api/v1/jobs/" + fast + "/curves?method=cubic").status()).isEqualTo(422);

        Http.Response plot = http.get("/api/v1/jobs/" + fast + "/plot.svg?metrics=loss,validation_loss&log=true");
        assertThat(plot.status()).isEqualTo(200);
        assertThat(plot.raw().headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        Document svg = parse(plot.raw().body());
        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("path").getLength()).isEqualTo(2);
        assertThat(svg.getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("lr <0.1> & \"fast\": loss, validation_loss");

        Http.Response runs = http.get("/api/v1/runs/plot.svg?jobs=" + fast + "," + slow + "&metric=validation_accuracy");
        Document runsSvg = parse(runs.raw().body());
        assertThat(runsSvg.getElementsByTagName("path").getLength()).isEqualTo(2);
        assertThat(runs.raw().body()).contains("lr &lt;0.1&gt; &amp; &quot;fast&quot;");
        JsonNode paths = http.get("/v3/api-docs").body().path("paths");
        for (String path : List.of("/api/v1/jobs/{id}/events", "/api/v1/jobs/{id}/history/export",
                "/api/v1/jobs/{id}/plot.svg", "/api/v1/runs/compare", "/api/v1/runs/plot.svg")) {
            assertThat(paths.path(path).path("get").path("description").asString()).as(path).isNotBlank();
        }
    }
}
