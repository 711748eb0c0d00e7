package dev.descent.benchmark;

import dev.descent.DescentApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark's job submitted like a client would, to a server started in this process. */
record ApiRun(double samplesPerSecond, long trainingMillis, long recordingMillis) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ApiRun train(int epochs, int threads) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("descent-benchmark");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (ConfigurableApplicationContext server = SpringApplication.run(DescentApplication.class,
                "--server.port=0", "--descent.data-dir=" + dataDir, "--descent.executor.workers=1",
                "--descent.executor.threads-per-job=" + threads,
                "--descent.executor.poll-interval=100ms", "--logging.level.root=WARN")) {
            String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port") + "/api/v1/jobs";
            HttpClient http = HttpClient.newHttpClient();
            String spec = """
                    {"dataset": {"id": "mnist", "validationSplit": 0.0, "standardize": false},
                     "model": {"hiddenLayers": [{"units": 256, "activation": "relu"}, {"units": 128, "activation": "relu"}]},
                     "optimizer": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9},
                     "training": {"epochs": %d, "batchSize": 128, "seed": 1}}""".formatted(epochs);
            String id = send(http, HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(spec))).path("id").asString();
            JsonNode job;
            do {
                Thread.sleep(250);
                job = send(http, HttpRequest.newBuilder(URI.create(base + "/" + id)).GET());
            } while (!job.path("finishedAt").isString());
            if (!"SUCCEEDED".equals(job.path("status").asString())) {
                throw new IllegalStateException("benchmark job ended " + job);
            }
            JsonNode history = send(http, HttpRequest.newBuilder(URI.create(base + "/" + id + "/history")).GET());
            int first = history.size() > 1 ? 1 : 0;
            double rows = 0;
            double millis = 0;
            for (int i = first; i < history.size(); i++) {
                millis += history.get(i).path("durationMillis").asDouble();
                rows += history.get(i).path("samplesPerSecond").asDouble() * history.get(i).path("durationMillis").asDouble() / 1000;
            }
            return new ApiRun(rows * 1000 / millis, job.path("timings").path("trainingMillis").asLong(),
                    job.path("timings").path("recordingMillis").asLong());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode send(HttpClient http, HttpRequest.Builder request) throws InterruptedException {
        try {
            return JSON.readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
