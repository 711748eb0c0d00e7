package dev.descent.benchmark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark job submitted over HTTP like a client would, history recorded as for any job: its id, its epoch times
 * from the job's own history, and the job's training and history-writing time.
 */
record ApiRun(String jobId, EpochTimes epochs, long trainingMillis, long recordingMillis) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Submits {@code jobs} identical reference jobs (MNIST, all its rows) at once and waits until each has ended. */
    static List<ApiRun> train(ServerProcess server, int epochs, int jobs, long rowsPerEpoch) throws InterruptedException {
        return train(server, epochs, jobs, rowsPerEpoch, null);
    }

    /** As {@link #train(ServerProcess, int, int, long)}, with {@code diagnostics} (JSON) as training.diagnostics. */
    static List<ApiRun> train(ServerProcess server, int epochs, int jobs, long rowsPerEpoch, String diagnostics)
            throws InterruptedException {
        String spec = """
                {"dataset": {"id": "mnist", "validationSplit": 0.0, "standardize": false},
                 "model": {"hiddenLayers": [{"units": 256, "activation": "relu"}, {"units": 128, "activation": "relu"}]},
                 "optimizer": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9},
                 "training": {"epochs": %d, "batchSize": 128, "seed": 1, "diagnostics": %s}}"""
                .formatted(epochs, diagnostics != null ? diagnostics : "null");
        return run(server, spec, jobs, rowsPerEpoch);
    }

    /** Submits {@code jobs} jobs of {@code spec} at once and waits until each has succeeded. */
    static List<ApiRun> run(ServerProcess server, String spec, int jobs, long rowsPerEpoch) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            JsonNode submitted = post(server, "/api/v1/jobs", spec);
            if (!submitted.path("id").isString()) {
                throw new IllegalStateException("the benchmark's job was refused: " + submitted);
            }
            ids.add(submitted.path("id").asString());
        }
        List<ApiRun> runs = new ArrayList<>();
        for (String id : ids) {
            JsonNode job = awaitEnd(server, id);
            List<Double> millis = new ArrayList<>();
            get(server, "/api/v1/jobs/" + id + "/history").forEach(epoch -> millis.add(epoch.path("durationMillis")
                    .asDouble()));
            runs.add(new ApiRun(id, new EpochTimes(rowsPerEpoch, millis),
                    job.path("timings").path("trainingMillis").asLong(),
                    job.path("timings").path("recordingMillis").asLong()));
        }
        return runs;
    }

    /** The job's accuracy on a dataset, from {@code POST /jobs/{id}/evaluate}. */
    double accuracyOn(ServerProcess server, String dataset) throws InterruptedException {
        return post(server, "/api/v1/jobs/" + jobId + "/evaluate", "{\"dataset\": \"" + dataset + "\"}")
                .path("accuracy").asDouble();
    }

    static JsonNode get(ServerProcess server, String path) throws InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET());
    }

    static JsonNode post(ServerProcess server, String path, String json) throws InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static JsonNode awaitEnd(ServerProcess server, String id) throws InterruptedException {
        JsonNode state;
        do {
            Thread.sleep(1000); // a client that polls more often only takes CPU from the job
            state = get(server, "/api/v1/jobs/" + id);
        } while (!state.path("finishedAt").isString());
        if (!"SUCCEEDED".equals(state.path("status").asString())) {
            throw new IllegalStateException("benchmark job ended " + state);
        }
        return state;
    }

    private static JsonNode send(HttpRequest.Builder request) throws InterruptedException {
        try {
            return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
