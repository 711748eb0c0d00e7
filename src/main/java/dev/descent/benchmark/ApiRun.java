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
 * The benchmark's job submitted over HTTP like a client would, history recorded as for any job: its epoch times
 * from the job's own history, and the job's training and history-writing time.
 */
record ApiRun(EpochTimes epochs, long trainingMillis, long recordingMillis) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Submits {@code jobs} identical reference jobs (MNIST, all its rows) at once and waits until each has ended. */
    static List<ApiRun> train(ServerProcess server, int epochs, int jobs, long rowsPerEpoch) throws InterruptedException {
        String base = server.baseUrl() + "/api/v1/jobs";
        String spec = """
                {"dataset": {"id": "mnist", "validationSplit": 0.0, "standardize": false},
                 "model": {"hiddenLayers": [{"units": 256, "activation": "relu"}, {"units": 128, "activation": "relu"}]},
                 "optimizer": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9},
                 "training": {"epochs": %d, "batchSize": 128, "seed": 1}}""".formatted(epochs);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(spec))).path("id").asString());
        }
        List<ApiRun> runs = new ArrayList<>();
        for (String id : ids) {
            JsonNode job = awaitEnd(base + "/" + id);
            JsonNode history = send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/history")).GET());
            List<Double> millis = new ArrayList<>();
            history.forEach(epoch -> millis.add(epoch.path("durationMillis").asDouble()));
            runs.add(new ApiRun(new EpochTimes(rowsPerEpoch, millis), job.path("timings").path("trainingMillis").asLong(),
                    job.path("timings").path("recordingMillis").asLong()));
        }
        return runs;
    }

    private static JsonNode awaitEnd(String job) throws InterruptedException {
        JsonNode state;
        do {
            Thread.sleep(1000); // a client that polls more often only takes CPU from the job
            state = send(HttpRequest.newBuilder(URI.create(job)).GET());
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
