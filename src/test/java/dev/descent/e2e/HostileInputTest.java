package dev.descent.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and adversarial requests at every endpoint, over real HTTP: each is answered with a 4xx problem detail
 * naming what was wrong, never a 5xx or a hang. Afterwards the server is healthy, a canary job submitted before the
 * barrage has trained, a canary upload is unchanged, and the barrage left no job or dataset behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

    private static final String NO_JOB = "00000000-0000-0000-0000-000000000000";
    private static final String VALID = """
            {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8}]},
             "optimizer": {"type": "sgd", "learningRate": 0.1}, "training": {"epochs": 3}}""";
    private static final int CANARY_EPOCHS = 20;

    /** One hostile request and the answer it must get: a status, and the field named when there is one. */
    private record Attack(String name, Supplier<Http.Response> request, int status, String field) {
    }

    @LocalServerPort
    private int port;
    private Http http;
    private String canaryJob;
    private String canaryDataset;
    private JsonNode canaryDatasetBefore;
    private JsonNode canaryPreviewBefore;
    private int datasetsBefore;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-hostile").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        registry.add("descent.executor.workers", () -> "1");
        registry.add("descent.datasets.max-upload-bytes", () -> "2000000");
        registry.add("descent.datasets.max-upload-rows", () -> "50000");
    }

    @BeforeAll
    void canaries() {
        http = new Http(port);
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i % 17).append(',').append(i % 5).append(',').append(i % 17 > 8 ? "high" : "low").append('\n');
        }
        Http.Response upload = http.upload("/api/v1/datasets", "canary.csv", csv.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("labelColumn", "y", "name", "canary"));
        assertThat(upload.status()).isEqualTo(201);
        canaryDataset = upload.body().path("id").asString();
        canaryDatasetBefore = http.get("/api/v1/datasets/" + canaryDataset).body();
        canaryPreviewBefore = http.get("/api/v1/datasets/" + canaryDataset + "/preview?rows=1000").body();
        datasetsBefore = http.get("/api/v1/datasets").body().size();
        // a hostile-looking name is still just a name
        Http.Response job = http.post("/api/v1/jobs", "{\"name\": \"canary ../../etc/passwd \\u202e <script>\", "
                + "\"dataset\": {\"id\": \"" + canaryDataset + "\"}, \"model\": {\"hiddenLayers\": [{\"units\": 8}]}, "
                + "\"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.01}, "
                + "\"training\": {\"epochs\": " + CANARY_EPOCHS + ", \"batchSize\": 16}}");
        assertThat(job.status()).isEqualTo(202);
        canaryJob = job.body().path("id").asString();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyEndpointAnswersHostileInputWithAProblemDetail() {
        List<Attack> attacks = new ArrayList<>();
        attacks.addAll(pathVariables());
        attacks.addAll(queryParameters());
        attacks.addAll(jobSpecs());
        attacks.addAll(bodies());
        attacks.addAll(uploads());
        attacks.addAll(keys());
        return run(attacks);
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> urlsTheServletContainerRefusesAreBadRequests() {
        // Tomcat refuses these before the application sees them; its answer is a problem detail all the same
        return Stream.of("/api/v1/jobs/..%2f..%2fetc%2fpasswd", "/api/v1/jobs/%00", "/api/v1/datasets/iris%00",
                "/api/v1/datasets/%ff%fe", "/api/v1/datasets/%5c..%5c..%5cwindows", "/api/v1/catalog/%00")
                .map(path -> DynamicTest.dynamicTest(path, () -> {
                    Http.Response response = http.get(path);
                    assertThat(response.status()).isEqualTo(400);
                    assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                            assertThat(type).startsWith("application/problem+json"));
                    assertThat(response.body().path("status").asInt()).isEqualTo(400);
                    assertThat(response.body().path("detail").asString()).contains("malformed");
                }));
    }

    @Test
    @Order(3)
    void aDeclaredHugeBodyIsRefusedWithoutWaitingForIt() throws IOException {
        // 10 GB announced, none sent: the answer comes at once, so nothing was read
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10737418240\r\nConnection: close\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the answer, read as it arrives: the connection stays open while the server discards what follows
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            int n;
            while (!answer.toString().contains("descent.api.max-request-bytes")
                    && (n = socket.getInputStream().read(buffer)) > 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413 ").contains("Content-Type: application/problem+json")
                    .contains("Connection: close").contains("descent.api.max-request-bytes");
        }
    }

    @TestFactory
    @Order(4)
    Stream<DynamicTest> aTrainedModelRefusesHostilePredictionsAndEvaluations() {
        http.awaitJob(canaryJob, Duration.ofMinutes(2), "SUCCEEDED");
        String job = "/api/v1/jobs/" + canaryJob;
        String tooMany = IntStream.range(0, 10_001).mapToObj(i -> "[1,2]").collect(Collectors.joining(",", "{\"rows\": [", "]}"));
        return run(List.of(
                post(job + "/predict", tooMany, 422, "rows"),
                post(job + "/predict", "{\"rows\": [[1]]}", 422, "rows[0]"),
                post(job + "/predict", "{\"rows\": [[1, 2, 3]]}", 422, "rows[0]"),
                post(job + "/predict", "{\"rows\": [null]}", 422, "rows[0]"),
                post(job + "/predict", "{\"rows\": [[1, null]]}", 422, "rows[0][1]"),
                post(job + "/predict", "{\"rows\": [[1, 1e309]]}", 400, "rows[0][1]"),
                post(job + "/predict", "{\"rows\": [[1, \"Infinity\"]]}", 400, "rows[0][1]"),
                post(job + "/predict", "{\"rows\": [[1, \"NaN\"]]}", 400, "rows[0][1]"),
                post(job + "/predict", "{\"rows\": [[1, NaN]]}", 400, "rows[0][1]"),
                post(job + "/predict", "{\"rows\": [[1, \"two\"]]}", 400, "rows[0][1]"),
                post(job + "/predict", "{\"rows\": [[[1]]]}", 400, "rows[0][0]"),
                post(job + "/predict", "{\"rows\": []}", 400, "rows"),
                post(job + "/predict", "{\"rows\": \"x\"}", 400, "rows"),
                post(job + "/evaluate", "{\"dataset\": \"../../etc/passwd\"}", 422, "dataset"),
                post(job + "/evaluate", "{\"dataset\": \"iris\"}", 422, "dataset"),
                post(job + "/evaluate", "{\"dataset\": \"\\u0000\"}", 422, "dataset"),
                post(job + "/evaluate", "{\"dataset\": \"blobs\", \"generator\": {\"rows\": 1000000, \"features\": 1000}}",
                        422, "generator"),
                post(job + "/evaluate", "{\"dataset\": \"blobs\", \"generator\": {\"rows\": 2147483647}}", 422,
                        "generator.rows"),
                post(job + "/evaluate", "{\"dataset\": \"moons\", \"generator\": {\"noise\": 1e309}}", 400,
                        "generator.noise"),
                post(job + "/evaluate", "{\"dataset\": " + "[".repeat(10_000) + "}", 400, null)));
    }

    @Test
    @Order(5)
    void theServerStaysHealthyAndNothingElseWasTouched() {
        assertThat(http.get("/actuator/health").body().path("status").asString()).isEqualTo("UP");
        JsonNode canary = http.awaitJob(canaryJob, Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(canary.path("status").asString()).as(canary.toString()).isEqualTo("SUCCEEDED");
        assertThat(canary.path("name").asString()).isEqualTo("canary ../../etc/passwd \u202e <script>");
        assertThat(http.get("/api/v1/jobs/" + canaryJob + "/history").body().size()).isEqualTo(CANARY_EPOCHS);
        assertThat(http.get("/api/v1/jobs/" + canaryJob + "/events").raw().body()).contains("event:end");
        assertThat(http.get("/api/v1/datasets/" + canaryDataset).body()).isEqualTo(canaryDatasetBefore);
        assertThat(http.get("/api/v1/datasets/" + canaryDataset + "/preview?rows=1000").body()).isEqualTo(canaryPreviewBefore);
        // every hostile request was refused: the canaries are the only job and upload
        JsonNode jobs = http.get("/api/v1/jobs?size=200").body();
        assertThat(jobs.path("totalItems").asInt()).as(jobs.toString()).isEqualTo(1);
        assertThat(http.get("/api/v1/datasets").body().size()).isEqualTo(datasetsBefore);
    }

    /** Every {id} route with ids that are not ids, or name nothing. */
    private List<Attack> pathVariables() {
        List<Attack> attacks = new ArrayList<>();
        Map<String, Integer> jobIds = Map.of("not-a-uuid", 400, NO_JOB, 404, "%2e%2e", 400, "%E2%80%AE", 400,
                "%27%3B%20DROP%20TABLE%20jobs%3B--", 400, "x".repeat(2000), 400, "%0d%0aX-Injected:%201", 400);
        List<String> jobRoutes = List.of("GET ", "POST /cancel", "POST /resume", "DELETE ", "GET /privacy",
                "GET /history", "GET /curves", "GET /events", "GET /history/export", "GET /plot.svg", "GET /model",
                "POST /predict", "POST /evaluate");
        jobIds.forEach((id, status) -> jobRoutes.forEach(route -> {
            String method = route.substring(0, route.indexOf(' '));
            String path = "/api/v1/jobs/" + id + route.substring(route.indexOf(' ') + 1);
            String body = route.endsWith("predict") ? "{\"rows\": [[1, 2]]}" : route.endsWith("evaluate")
                    ? "{\"dataset\": \"iris\"}" : "";
            attacks.add(new Attack(method + " " + abbreviate(path), () -> http.send(http.request(path)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body))), status, status == 400 ? "id" : null));
        }));
        List<String> datasetIds = List.of("%2e%2e", "%E2%80%AE", "%27%3B%20DROP%20TABLE%20uploaded_datasets%3B--",
                "x".repeat(2000), "%0d%0aX-Injected:%201", "nul%01char");
        for (String id : datasetIds) {
            attacks.add(get("/api/v1/datasets/" + id, 404, null));
            attacks.add(get("/api/v1/datasets/" + id + "/preview", 404, null));
            attacks.add(new Attack("DELETE dataset " + abbreviate(id),
                    () -> http.delete("/api/v1/datasets/" + id), 404, null));
        }
        // Tomcat resolves the dots: the path leaves the API and names no resource
        attacks.add(get("/api/v1/datasets/../../etc/passwd", 404, null));
        attacks.add(get("/api/v1/jobs/" + NO_JOB + "/../../../../etc/passwd", 404, null));
        attacks.add(get("/api/v1/catalog/optimizers/../../../../etc/passwd", 404, null));
        attacks.add(get("/api/v1/catalog/nothing", 404, null));
        attacks.add(new Attack("PUT /jobs", () -> http.send(http.request("/api/v1/jobs")
                .PUT(HttpRequest.BodyPublishers.ofString(VALID))), 405, null));
        attacks.add(new Attack("DELETE /datasets", () -> http.delete("/api/v1/datasets"), 405, null));
        return attacks;
    }

    private List<Attack> queryParameters() {
        String job = "/api/v1/jobs/" + canaryJob;
        List<Attack> attacks = new ArrayList<>(List.of(
                get("/api/v1/datasets/iris/preview?rows=-1", 400, "rows"),
                get("/api/v1/datasets/iris/preview?rows=0", 400, "rows"),
                get("/api/v1/datasets/iris/preview?rows=1001", 400, "rows"),
                get("/api/v1/datasets/iris/preview?rows=1e309", 400, "rows"),
                get("/api/v1/datasets/iris/preview?rows=99999999999999999999", 400, "rows"),
                get("/api/v1/datasets/iris/preview?rows=NaN", 400, "rows"),
                get("/api/v1/jobs?page=-1", 400, "page"),
                get("/api/v1/jobs?page=2147483647&size=200", 400, "page"),
                get("/api/v1/jobs?page=9223372036854775808", 400, "page"),
                get("/api/v1/jobs?size=0", 400, "size"),
                get("/api/v1/jobs?size=-1", 400, "size"),
                get("/api/v1/jobs?size=1000000", 400, "size"),
                get("/api/v1/jobs?size=1e3", 400, "size"),
                get("/api/v1/jobs?status=..%2F..%2Fetc", 400, "status"),
                get("/api/v1/jobs?status=queued%00", 400, "status"),
                get(job + "/curves?maxPoints=0", 400, "maxPoints"),
                get(job + "/curves?maxPoints=100001", 400, "maxPoints"),
                get(job + "/curves?maxPoints=2147483648", 400, "maxPoints"),
                get(job + "/curves?smoothing=1", 400, "smoothing"),
                get(job + "/curves?smoothing=-0.1", 400, "smoothing"),
                get(job + "/curves?smoothing=NaN", 400, "smoothing"),
                get(job + "/curves?smoothing=Infinity", 400, "smoothing"),
                get(job + "/curves?smoothing=1e309", 400, "smoothing"),
                get(job + "/curves?metric=%00", 422, "metric"),
                get(job + "/curves?metric=..%2F..%2Fetc%2Fpasswd", 422, "metric"),
                get(job + "/curves?method=%E2%80%AE", 422, "method"),
                get(job + "/plot.svg?metrics=,,,", 422, "metrics"),
                get(job + "/plot.svg?metrics=loss,learning_rate,gradient_norm,gradient_l1_norm,train_loss,"
                        + "train_accuracy,validation_loss,validation_accuracy,epsilon", 422, "metrics"),
                get(job + "/plot.svg?metrics=loss,nope", 422, "metrics"),
                get(job + "/plot.svg?maxPoints=10001", 400, "maxPoints"),
                get(job + "/plot.svg?log=maybe", 400, "log"),
                get(job + "/plot.svg?smoothing=NaN", 400, "smoothing"),
                get(job + "/history/export?format=..%2F..%2Fetc%2Fpasswd", 422, "format"),
                get(job + "/history/export?level=%00", 422, "level"),
                get(job + "/events?lastEventId=-1", 400, "lastEventId"),
                get(job + "/events?lastEventId=1e309", 400, "lastEventId"),
                new Attack("events Last-Event-ID: abc", () -> http.send(http.request(job + "/events")
                        .header("Last-Event-ID", "abc")), 400, "Last-Event-ID"),
                get("/api/v1/runs/compare", 400, null),
                get("/api/v1/runs/compare?jobs=", 422, "jobs"),
                get("/api/v1/runs/compare?jobs=x", 422, "jobs"),
                get("/api/v1/runs/compare?jobs=" + IntStream.range(0, 21).mapToObj(i -> UUID.randomUUID().toString())
                        .collect(Collectors.joining(",")), 422, "jobs"),
                get("/api/v1/runs/compare?jobs=" + NO_JOB, 404, null),
                get("/api/v1/runs/compare?jobs=" + canaryJob + "&maxPoints=0", 400, "maxPoints"),
                get("/api/v1/runs/compare?jobs=" + canaryJob + "&metric=%00", 422, "metric"),
                get("/api/v1/runs/compare?jobs=" + canaryJob + "&by=diagonal", 422, "by"),
                get("/api/v1/runs/compare?jobs=" + canaryJob + "&method=x", 422, "method"),
                get("/api/v1/runs/compare?jobs=" + canaryJob + "&smoothing=2", 400, "smoothing"),
                get("/api/v1/runs/plot.svg?jobs=,,,", 422, "jobs"),
                get("/api/v1/runs/plot.svg?jobs=" + UUID.randomUUID(), 404, null),
                get("/api/v1/runs/plot.svg?jobs=" + canaryJob + "&log=1e309", 400, "log")));
        String epsilon = "/api/v1/privacy/epsilon?noiseMultiplier=1&steps=100&delta=1e-5&sampleRate=";
        for (String sampleRate : List.of("NaN", "Infinity", "-Infinity", "1e309", "-1", "0", "2", "%00")) {
            attacks.add(get(epsilon + sampleRate, 400, "sampleRate"));
        }
        String noise = "/api/v1/privacy/noise?sampleRate=0.01&steps=100&delta=1e-5";
        attacks.addAll(List.of(
                get("/api/v1/privacy/epsilon?sampleRate=0.5&steps=100&delta=1e-5&noiseMultiplier=0", 400, "noiseMultiplier"),
                get("/api/v1/privacy/epsilon?sampleRate=0.5&steps=100&delta=1e-5&noiseMultiplier=1e309", 400, "noiseMultiplier"),
                get("/api/v1/privacy/epsilon?sampleRate=0.5&noiseMultiplier=1&delta=1e-5&steps=0", 400, "steps"),
                get("/api/v1/privacy/epsilon?sampleRate=0.5&noiseMultiplier=1&delta=1e-5&steps=9223372036854775808", 400, "steps"),
                get("/api/v1/privacy/epsilon?sampleRate=0.5&noiseMultiplier=1&delta=1e-5&steps=1000000001", 400, "steps"),
                get("/api/v1/privacy/epsilon?sampleRate=0.5&noiseMultiplier=1&steps=100&delta=1", 400, "delta"),
                get("/api/v1/privacy/epsilon?sampleRate=0.5&noiseMultiplier=1&steps=100&delta=NaN", 400, "delta"),
                get("/api/v1/privacy/epsilon?noiseMultiplier=1&delta=1e-5&datasetSize=1000000000000&batchSize=1&epochs=1e6",
                        400, "epochs"),
                get("/api/v1/privacy/epsilon?noiseMultiplier=1&delta=1e-5&datasetSize=10&batchSize=11&epochs=1", 400, "batchSize"),
                get("/api/v1/privacy/epsilon?noiseMultiplier=1&delta=1e-5&datasetSize=10&epochs=1", 400, "batchSize"),
                get(noise + "&targetEpsilon=0", 400, "targetEpsilon"),
                get(noise + "&targetEpsilon=Infinity", 400, "targetEpsilon"),
                get("/api/v1/privacy/noise?sampleRate=1&steps=1000000000&delta=1e-300&targetEpsilon=1e-9", 422,
                        "targetEpsilon")));
        return attacks;
    }

    /** Job specs that are wrong, or would ask the server for terabytes or forever. */
    private List<Attack> jobSpecs() {
        List<Attack> attacks = new ArrayList<>();
        for (String epochs : List.of("1e309", "9223372036854775808", "1e400", "-1e309", "1.5", "\"three\"", "true",
                "[]", "{}", "NaN", "Infinity", "\"NaN\"", "\"Infinity\"", "-1", "0", "100001")) {
            attacks.add(spec("epochs " + epochs, VALID.replace("\"epochs\": 3", "\"epochs\": " + epochs), 400,
                    "training.epochs"));
        }
        attacks.add(spec("epochs over the server's limit", VALID.replace("\"epochs\": 3", "\"epochs\": 100000"),
                422, "training.epochs"));
        for (String units : List.of("1e400", "65537", "0", "-5", "\"many\"", "4294967296")) {
            attacks.add(spec("units " + units, VALID.replace("\"units\": 8", "\"units\": " + units), 400,
                    "model.hiddenLayers[0].units"));
        }
        for (String rate : List.of("\"NaN\"", "-1e309", "0", "-0.0", "1e-400", "1e309", "1e999")) {
            attacks.add(spec("learningRate " + rate, VALID.replace("0.1", rate), 400, "optimizer.learningRate"));
        }
        attacks.addAll(List.of(
                spec("an infinite clipping norm", VALID.replace("\"epochs\": 3",
                        "\"epochs\": 3, \"gradientTransforms\": {\"clipNorm\": 1e400}"), 400,
                        "training.gradientTransforms.clipNorm"),
                spec("65 hidden layers", VALID.replace("[{\"units\": 8}]",
                        IntStream.range(0, 65).mapToObj(i -> "{\"units\": 1}").collect(Collectors.joining(",", "[", "]"))),
                        400, "model.hiddenLayers"),
                spec("4 billion parameters", VALID.replace("\"iris\"", "\"mnist\"").replace("[{\"units\": 8}]",
                        "[{\"units\": 65536}, {\"units\": 65536}]"), 422, "model.hiddenLayers"),
                spec("batches of 4096 through a layer 30000 wide", VALID.replace("{\"id\": \"iris\"}",
                        "{\"id\": \"two-spirals\", \"generator\": {\"rows\": 10000}}")
                        .replace("\"units\": 8", "\"units\": 30000")
                        .replace("\"epochs\": 3", "\"epochs\": 3, \"batchSize\": 4096"), 422, "training.batchSize"),
                spec("a million-row batch through 60000 units", """
                        {"dataset": {"id": "two-spirals", "generator": {"rows": 1000000}},
                         "model": {"hiddenLayers": [{"units": 60000}]}, "optimizer": {"type": "sgd"},
                         "training": {"epochs": 1, "batchSize": 2147483647}}""", 422, "training.batchSize"),
                spec("two billion generated rows", VALID.replace("{\"id\": \"iris\"}",
                        "{\"id\": \"moons\", \"generator\": {\"rows\": 2147483647}}"), 422, "dataset.generator.rows"),
                spec("a billion generated values", VALID.replace("{\"id\": \"iris\"}",
                        "{\"id\": \"blobs\", \"generator\": {\"rows\": 1000000, \"features\": 1000}}"), 422,
                        "dataset.generator"),
                spec("generator rows 1e309", VALID.replace("{\"id\": \"iris\"}",
                        "{\"id\": \"moons\", \"generator\": {\"rows\": 1e309}}"), 400, "dataset.generator.rows"),
                spec("generator options on a shipped dataset", VALID.replace("{\"id\": \"iris\"}",
                        "{\"id\": \"iris\", \"generator\": {\"rows\": 100}}"), 422, "dataset.generator"),
                spec("epochs × rows over the limit", VALID.replace("{\"id\": \"iris\"}",
                        "{\"id\": \"moons\", \"generator\": {\"rows\": 1000000}}").replace("[{\"units\": 8}]", "[]")
                        .replace("\"epochs\": 3", "\"epochs\": 10000"), 422, "training.epochs"),
                spec("batchSize 0", VALID.replace("\"epochs\": 3", "\"epochs\": 3, \"batchSize\": 0"), 400,
                        "training.batchSize"),
                spec("batchSize 2^63", VALID.replace("\"epochs\": 3", "\"epochs\": 3, \"batchSize\": 9223372036854775808"),
                        400, "training.batchSize"),
                spec("dataset path traversal", VALID.replace("\"iris\"", "\"../../etc/passwd\""), 422, "dataset.id"),
                spec("dataset id NUL", VALID.replace("\"iris\"", "\"\\u0000\""), 422, "dataset.id"),
                spec("dataset id blank", VALID.replace("\"iris\"", "\" \""), 400, "dataset.id"),
                spec("name with NUL", VALID.replace("{\"dataset\"", "{\"name\": \"a\\u0000b\", \"dataset\""), 400, "name"),
                spec("name of 201 characters", VALID.replace("{\"dataset\"", "{\"name\": \"" + "n".repeat(201)
                        + "\", \"dataset\""), 400, "name"),
                spec("an infinite privacy target", VALID.replace("\"epochs\": 3",
                        "\"epochs\": 3, \"privacy\": {\"clipNorm\": 1, \"targetEpsilon\": \"Infinity\"}"), 400,
                        "training.privacy.targetEpsilon"),
                spec("a projection basis of 500 models", VALID.replace("\"iris\"", "\"mnist\"").replace("\"units\": 8",
                        "\"units\": 256").replace("\"epochs\": 3", "\"epochs\": 1, \"privacy\": {\"clipNorm\": 1, "
                        + "\"noiseMultiplier\": 1, \"projection\": {\"publicRows\": 100, \"rank\": 500}}"), 422,
                        "training.privacy.projection.rank"),
                spec("warm start from nothing", VALID.replace("[{\"units\": 8}]", "[{\"units\": 8}], \"initFrom\": \""
                        + NO_JOB + "\""), 422, "model.initFrom"),
                spec("a refined schedule from nothing", VALID.replace("\"epochs\": 3", "\"epochs\": 3, \"schedule\": "
                        + "{\"type\": \"refined\", \"fromJob\": \"" + NO_JOB + "\"}"), 422, "training.schedule.fromJob"),
                spec("an unknown optimizer", VALID.replace("\"sgd\"", "\"../../etc/passwd\""), 400, "optimizer.type"),
                spec("an unknown field", VALID.replace("\"epochs\": 3", "\"epochs\": 3, \"__proto__\": {}"), 400,
                        "training.__proto__"),
                spec("SAM around SAM 1000 deep", VALID.replace("{\"type\": \"sgd\", \"learningRate\": 0.1}",
                        "{\"type\": \"sam\", \"base\": ".repeat(1000) + "{\"type\": \"sgd\"}" + "}".repeat(1000)),
                        400, null),
                spec("warm-ups 1000 deep", VALID.replace("\"epochs\": 3", "\"epochs\": 3, \"schedule\": "
                        + "{\"type\": \"warmup\", \"steps\": 1, \"then\": ".repeat(1000) + "{\"type\": \"constant\"}"
                        + "}".repeat(1000)), 400, null)));
        return attacks;
    }

    /** Bodies that are not JSON, not a spec, or too large, at every endpoint that reads one. */
    private List<Attack> bodies() {
        String job = "/api/v1/jobs/" + NO_JOB;
        List<Attack> attacks = new ArrayList<>();
        for (String path : List.of("/api/v1/jobs", job + "/predict", job + "/evaluate")) {
            attacks.addAll(List.of(
                    post(path, "", 400, null),
                    post(path, "{", 400, null),
                    post(path, "null", 400, null),
                    post(path, "\"just a string\"", 400, null),
                    post(path, "[".repeat(100_000), 400, null),
                    post(path, "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000), 400, null),
                    post(path, "{\"x\": " + "9".repeat(5000) + "}", 400, null),
                    post(path, "{\"" + "k".repeat(60_000) + "\": 1}", 400, null),
                    new Attack(path + " bytes that are not UTF-8", () -> http.send(http.request(path)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{(byte) 0xff, (byte) 0xfe, 0, '{'}))),
                            400, null),
                    new Attack(path + " as text/plain", () -> http.send(http.request(path).header("Content-Type", "text/plain")
                            .POST(HttpRequest.BodyPublishers.ofString(VALID))), 415, null),
                    new Attack(path + " as XML", () -> http.send(http.request(path).header("Content-Type", "application/xml")
                            .POST(HttpRequest.BodyPublishers.ofString("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))),
                            415, null),
                    new Attack(path + " 2 MB by Content-Length", () -> http.post(path, jsonOfSize(2_000_000)), 413, null),
                    new Attack(path + " 2 MB chunked", () -> http.send(http.request(path).header("Content-Type", "application/json")
                            .POST(chunked(jsonOfSize(2_000_000)))), 413, null)));
        }
        attacks.add(new Attack("DELETE with a chunked 2 MB form", () -> http.send(http.request(job)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method("DELETE", chunked("a=" + "b".repeat(2_000_000)))), 413, null));
        attacks.add(new Attack("PUT with a chunked 2 MB form", () -> http.send(http.request("/api/v1/jobs")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(chunked("a=" + "b".repeat(2_000_000)))), 413, null));
        return attacks;
    }

    private List<Attack> uploads() {
        String ok = "a,y\n1,0\n2,1\n";
        StringBuilder binary = new StringBuilder();
        new java.util.Random(7).ints(300_000, 0, 256).forEach(b -> binary.append((char) b));
        StringBuilder manyClasses = new StringBuilder("a,y\n");
        IntStream.range(0, 5000).forEach(i -> manyClasses.append(i).append(",class-").append(i).append('\n'));
        List<Attack> attacks = new ArrayList<>(List.of(
                upload("600000 columns", "c,".repeat(600_000) + "y\n", "y", 422),
                upload("a 1.5 MB cell", "a,y\n" + "1".repeat(1_500_000) + ",0\n2,1\n", "y", 422),
                upload("binary data", new String(binary.toString().getBytes(StandardCharsets.ISO_8859_1),
                        StandardCharsets.ISO_8859_1), "y", 422),
                upload("a header only", "a,b,y\n", "y", 422),
                upload("an empty file", "", "y", 422),
                upload("a repetitive file within the size (more rows than allowed)", "a,b,y\n" + "1,2,0\n3,4,1\n".repeat(150_000),
                        "y", 422),
                upload("5000 classes", manyClasses.toString(), "y", 422),
                upload("a class name of 100 characters", "a,y\n1,0\n2," + "c".repeat(100) + "\n", "y", 422),
                upload("a NUL in the header", "a\u0000b,y\n1,0\n2,1\n", "y", 422),
                upload("an unterminated quote", "a,y\n\"1,0\n", "y", 422),
                upload("NaN and Infinity cells", "a,y\nNaN,0\nInfinity,1\n", "y", 422),
                upload("1e309", "a,y\n1e309,0\n2,1\n", "y", 422),
                upload("numbers only Java's parser takes", "a,y\n1d,0\n0x1p3,1\n", "y", 422),
                upload("a padded cell", "a,y\n1,0\n 2,1\n", "y", 422),
                upload("duplicate column names", "a,a,y\n1,2,0\n3,4,1\n", "y", 422),
                upload("an empty column name", "a,,y\n1,2,0\n3,4,1\n", "y", 422),
                upload("a numeric target with a NaN", "a,y\n1,0.5\n2,NaN\n3,1.5\n", "y", 422),
                upload("a quoted line break in a class name", "a,y\n1,\"x\ny\"\n2,z\n", "y", 422),
                upload("no label column", ok, "../../etc/passwd", 422),
                upload("one class", "a,y\n1,0\n2,0\n", "y", 422),
                upload("a single column", "y\n0\n1\n", "y", 422),
                new Attack("a label column of 300 characters", () -> http.upload("/api/v1/datasets", "d.csv",
                        ok.getBytes(StandardCharsets.UTF_8), Map.of("labelColumn", "y".repeat(300))), 400, "labelColumn"),
                new Attack("an unknown task", () -> http.upload("/api/v1/datasets", "d.csv", ok.getBytes(StandardCharsets.UTF_8),
                        Map.of("labelColumn", "y", "task", "../../etc")), 422, "task"),
                new Attack("no label column parameter", () -> http.upload("/api/v1/datasets", "d.csv",
                        ok.getBytes(StandardCharsets.UTF_8), Map.of()), 400, null),
                new Attack("over the upload limit", () -> http.upload("/api/v1/datasets", "big.csv",
                        ("a,y\n" + "1,0\n".repeat(600_000)).getBytes(StandardCharsets.UTF_8), Map.of("labelColumn", "y")),
                        413, null),
                new Attack("a multipart body without parts", () -> http.send(http.request("/api/v1/datasets")
                        .header("Content-Type", "multipart/form-data; boundary=x")
                        .POST(HttpRequest.BodyPublishers.ofString("garbage"))), 400, null),
                new Attack("a multipart body without a boundary", () -> http.send(http.request("/api/v1/datasets")
                        .header("Content-Type", "multipart/form-data")
                        .POST(HttpRequest.BodyPublishers.ofString("garbage"))), 400, "file"),
                new Attack("JSON instead of a file", () -> http.post("/api/v1/datasets", "{}"), 415, null)));
        return attacks;
    }

    /** The admin endpoint for API keys (open mode: every request is the admin). */
    private List<Attack> keys() {
        String keys = "/api/v1/admin/keys";
        return List.of(
                post(keys, "{}", 400, "user"),
                post(keys, "{\"user\": \"../../etc/passwd\"}", 400, "user"),
                post(keys, "{\"user\": \"nul\\u0000\"}", 400, "user"),
                post(keys, "{\"user\": \"" + "u".repeat(101) + "\"}", 400, "user"),
                post(keys, "{\"user\": [\"alice\"]}", 400, "user"),
                post(keys, "{\"user\": \"alice\", \"admin\": \"very\"}", 400, "admin"),
                post(keys, "{\"user\": \"alice\", \"role\": \"root\"}", 400, "role"),
                new Attack("DELETE key not-a-uuid", () -> http.delete(keys + "/not-a-uuid"), 400, "id"),
                new Attack("DELETE unknown key", () -> http.delete(keys + "/" + UUID.randomUUID()), 404, null));
    }

    private Attack get(String path, int status, String field) {
        return new Attack("GET " + abbreviate(path), () -> http.get(path), status, field);
    }

    private Attack post(String path, String body, int status, String field) {
        return new Attack("POST " + abbreviate(path) + " " + abbreviate(body), () -> http.post(path, body), status, field);
    }

    private Attack spec(String name, String spec, int status, String field) {
        return new Attack("job spec: " + name, () -> http.post("/api/v1/jobs", spec), status, field);
    }

    private Attack upload(String name, String csv, String labelColumn, int status) {
        return new Attack("upload: " + name, () -> http.upload("/api/v1/datasets", "hostile.csv",
                csv.getBytes(StandardCharsets.ISO_8859_1), Map.of("labelColumn", labelColumn)), status,
                status == 422 ? "file" : null);
    }

    private static String jsonOfSize(int bytes) {
        return "{\"name\": \"" + "x".repeat(bytes) + "\"}";
    }

    /** A body of unknown length: sent chunked, so only reading it tells its size. */
    private static HttpRequest.BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…(" + s.length() + ")";
    }

    private Stream<DynamicTest> run(List<Attack> attacks) {
        return attacks.stream().map(attack -> DynamicTest.dynamicTest(attack.name(), () -> {
            long start = System.nanoTime();
            Http.Response response = attack.request().get();
            assertProblem(attack, response);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(attack.name()).isLessThan(Duration.ofSeconds(10));
        }));
    }

    private void assertProblem(Attack attack, Http.Response response) {
        String what = attack.name() + " answered " + response.status() + ": " + response.raw().body();
        assertThat(response.status()).as(what).isEqualTo(attack.status());
        assertThat(response.raw().headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body().path("status").asInt()).as(what).isEqualTo(attack.status());
        assertThat(response.body().path("detail").asString()).as(what).isNotBlank();
        if (attack.field() != null) {
            assertThat(response.body().path("field").asString()).as(what).isEqualTo(attack.field());
        }
    }
}
