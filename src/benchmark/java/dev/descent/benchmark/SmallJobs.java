package dev.descent.benchmark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * How many small jobs a server runs per second: rounds of {@code --jobs} (200) one-epoch iris jobs, the trials of a
 * sweep, submitted at once over HTTP (four clients) to a server in its own JVM with two workers. A round's rate is
 * its jobs over the time from the first submission to the last end, both as the server recorded them; also the
 * median wait in the queue and time in training. The server first runs {@code --warmup-jobs} (300) uncounted.
 * Run: {@code ./mvnw -q test-compile exec:java@benchmark -Dexec.args="--small-jobs"}.
 */
final class SmallJobs {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CLIENTS = 4;
    private static final String TRIAL = """
            {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8}]},
             "optimizer": {"type": "sgd", "learningRate": 0.05}, "training": {"epochs": 1, "batchSize": 16}}""";

    private SmallJobs() {
    }

    static void run(CommandLine options) throws InterruptedException {
        int jobs = options.intValue("--jobs", 200);
        int rounds = options.intValue("--rounds", 3);
        int warmup = options.intValue("--warmup-jobs", 300);
        System.out.printf("descent small-jobs benchmark: one-epoch iris jobs (4-8-3 MLP, batch 16), %d per round × %d "
                        + "rounds, %d clients; server with 2 workers; %d cores; load average %s%n", jobs, rounds,
                CLIENTS, Runtime.getRuntime().availableProcessors(), Benchmark.loadAverage());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (ServerProcess server = ServerProcess.start(List.of("--descent.executor.workers=2",
                "--descent.jobs.max-queued-jobs=" + Math.max(jobs, warmup),
                "--descent.jobs.max-active-jobs-per-user=" + Math.max(jobs, warmup), "--logging.level.root=WARN"))) {
            System.out.printf("%nwarm-up, not counted: %d jobs%n", warmup);
            round(server, clients, warmup);
            List<Double> rates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Round measured = round(server, clients, jobs);
                rates.add(measured.jobsPerSecond());
                System.out.printf("round %d: %d jobs in %.2f s = %.1f jobs/s; median queue wait %d ms, training %d ms; "
                                + "load average %s%n", round, jobs, measured.seconds(), measured.jobsPerSecond(),
                        measured.medianWaitMillis(), measured.medianTrainingMillis(), Benchmark.loadAverage());
            }
            System.out.printf("%nsummary: best %.1f, median %.1f one-epoch iris jobs/s (bar: 25); load average now %s%n",
                    rates.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    rates.stream().sorted().toList().get(rates.size() / 2), Benchmark.loadAverage());
        } finally {
            clients.shutdownNow();
        }
    }

    /** One round's figures, from the jobs as the server recorded them. */
    private record Round(int jobs, double seconds, long medianWaitMillis, long medianTrainingMillis) {

        double jobsPerSecond() {
            return jobs / seconds;
        }
    }

    private static Round round(ServerProcess server, ExecutorService clients, int jobs) throws InterruptedException {
        String base = server.baseUrl() + "/api/v1/jobs";
        List<Future<String>> submitted = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            submitted.add(clients.submit(() -> send(HttpRequest.newBuilder(URI.create(base))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(TRIAL)))
                    .path("id").asString()));
        }
        List<JsonNode> ended = new ArrayList<>();
        for (Future<String> id : submitted) {
            ended.add(awaitEnd(base + "/" + get(id)));
        }
        Instant first = ended.stream().map(job -> Instant.parse(job.path("createdAt").asString()))
                .min(Instant::compareTo).orElseThrow();
        Instant last = ended.stream().map(job -> Instant.parse(job.path("finishedAt").asString()))
                .max(Instant::compareTo).orElseThrow();
        List<Long> waits = ended.stream().map(job -> Duration.between(Instant.parse(job.path("createdAt").asString()),
                Instant.parse(job.path("startedAt").asString())).toMillis()).sorted().toList();
        List<Long> training = ended.stream().map(job -> job.path("timings").path("trainingMillis").asLong())
                .sorted().toList();
        return new Round(jobs, Duration.between(first, last).toNanos() / 1e9, waits.get(jobs / 2),
                training.get(jobs / 2));
    }

    private static String get(Future<String> id) throws InterruptedException {
        try {
            return id.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a submission failed", e.getCause());
        }
    }

    /** The job once it has ended; a job still running is asked again after a while, not to take the server's CPU. */
    private static JsonNode awaitEnd(String job) throws InterruptedException {
        while (true) {
            JsonNode state = send(HttpRequest.newBuilder(URI.create(job)).GET());
            if (state.path("finishedAt").isString()) {
                if (!"SUCCEEDED".equals(state.path("status").asString())) {
                    throw new IllegalStateException("small job ended " + state);
                }
                return state;
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode send(HttpRequest.Builder request) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
