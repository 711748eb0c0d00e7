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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs that can be found over HTTP: a job's project and tags, set at submission, changed by PATCH, filtered on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectsAndTagsEndToEndTest {

    @LocalServerPort
    private int port;
    private Http http;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-labels").toString();
        registry.add("descent.data-dir", () -> dir);
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private String submit(String name, String dataset, String optimizer, String labels) {
        Http.Response submitted = http.post("/api/v1/jobs", "{\"name\": \"" + name + "\", \"dataset\": {\"id\": \""
                + dataset + "\"}, \"model\": {\"hiddenLayers\": []}, \"optimizer\": {\"type\": \"" + optimizer
                + "\"}, \"training\": {\"epochs\": 1, \"batchSize\": 16}" + labels + "}");
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        return submitted.body().path("id").asString();
    }

    private List<String> names(String query) {
        List<String> names = new ArrayList<>();
        http.get("/api/v1/jobs?" + query).body().path("items").forEach(job -> names.add(job.path("name").asString()));
        return names;
    }

    @Test
    void jobsAreFoundByProjectTagsDatasetAndOptimizerAndRelabelledByPatch() {
        String a = submit("a", "iris", "adam", ", \"project\": \"study\", \"tags\": {\"team\": \"vision\", "
                + "\"stage\": \"baseline\"}");
        submit("b", "wine", "sgd", ", \"project\": \"study\", \"tags\": {\"team\": \"vision\"}");
        submit("c", "iris", "sgd", ", \"tags\": {\"team\": \"audio\"}");
        JsonNode job = http.get("/api/v1/jobs/" + a).body();
        assertThat(job.path("project").asString()).isEqualTo("study");
        assertThat(job.path("tags").toString()).isEqualTo("{\"stage\":\"baseline\",\"team\":\"vision\"}");
        // labels are not settings: the stored spec has none, so runs compare on what trained
        assertThat(job.path("spec").has("tags") && !job.path("spec").path("tags").isNull()).isFalse();

        assertThat(names("project=study")).containsExactly("b", "a");
        assertThat(names("tag=team:vision&tag=stage")).containsExactly("a");
        assertThat(names("tag=team&dataset=iris")).containsExactly("c", "a");
        assertThat(names("optimizer=sgd&project=study")).containsExactly("b");
        assertThat(names("createdAfter=2999-01-01T00:00:00Z")).isEmpty();

        JsonNode relabelled = http.patch("/api/v1/jobs/" + a, "{\"project\": \"final\", \"tags\": {\"stage\": "
                + "\"final\"}}").body();
        assertThat(relabelled.path("project").asString()).isEqualTo("final");
        assertThat(relabelled.path("tags").toString()).isEqualTo("{\"stage\":\"final\"}");
        assertThat(names("project=study")).containsExactly("b");
        assertThat(names("tag=stage:final")).containsExactly("a");
        // a field left out stays; an empty project clears it
        assertThat(http.patch("/api/v1/jobs/" + a, "{\"tags\": {}}").body().path("project").asString())
                .isEqualTo("final");
        JsonNode cleared = http.patch("/api/v1/jobs/" + a, "{\"project\": \"\"}").body();
        assertThat(cleared.path("project").isNull()).isTrue();
        assertThat(cleared.path("tags").toString()).isEqualTo("{}");
    }

    @Test
    void onlyProjectAndTagsChangeAndBadLabelsAreRefusedNamingTheField() {
        String id = submit("d", "iris", "sgd", ", \"project\": \"kept\"");
        Http.assertRefused(http.patch("/api/v1/jobs/" + id, "{\"name\": \"renamed\"}"), 400, "name",
                "unknown field 'name'");
        Http.assertRefused(http.patch("/api/v1/jobs/" + id, "{\"tags\": {\"bad key\": \"x\"}}"), 400,
                "tags[bad key]", "letters, digits");
        Http.assertRefused(http.patch("/api/v1/jobs/" + id, "{\"project\": \"" + "p".repeat(101) + "\"}"), 400,
                "project", "100");
        Http.Response refused = http.post("/api/v1/jobs", "{\"dataset\": {\"id\": \"iris\"}, \"model\": "
                + "{\"hiddenLayers\": []}, \"optimizer\": {\"type\": \"sgd\"}, \"training\": {\"epochs\": 1, "
                + "\"batchSize\": 16}, \"tags\": {\"team\": \"a\\u0000b\"}}");
        Http.assertRefused(refused, 400, "tags[team]", "control characters");
        assertThat(http.get("/api/v1/jobs/" + id).body().path("project").asString()).isEqualTo("kept");
        assertThat(http.patch("/api/v1/jobs/00000000-0000-0000-0000-000000000000", "{}").status()).isEqualTo(404);
    }

    @Test
    void theListCarriesEachJobsFinalAndBestMetricsAndFiltersOnThem() {
        // (> and < are written %3E and %3C in a URL)
        String id = submit("e", "iris", "adam", ", \"project\": \"metrics\"");
        http.awaitJob(id, java.time.Duration.ofMinutes(1), "SUCCEEDED");
        JsonNode listed = http.get("/api/v1/jobs?project=metrics&metric=train_loss%3E=0&metric=train_loss%3C1000000")
                .body().path("items");
        assertThat(listed).hasSize(1);
        JsonNode loss = listed.get(0).path("metrics").path("trainLoss");
        assertThat(listed.get(0).path("metrics").path("epochs").asInt()).isEqualTo(1);
        assertThat(loss.path("min").asDouble()).isEqualTo(loss.path("last").asDouble());
        assertThat(names("project=metrics&metric=train_loss%3C0")).isEmpty();
        Http.assertRefused(http.get("/api/v1/jobs?metric=accuracy%3E0.9"), 400, "metric", "unknown metric 'accuracy'");
        Http.assertRefused(http.get("/api/v1/jobs?metric=train_loss%3Ex"), 400, "metric", "not a finite number");
    }
}
