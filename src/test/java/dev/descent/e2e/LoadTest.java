package dev.descent.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 clients on the loopback interface for {@code -Ddescent.load.seconds} (60 by default): each submits a small job,
 * follows its event stream to the end, checks it, and submits the next. A full queue answers 429 with Retry-After,
 * which the clients honour: backpressure, not an error. No answer may be a 5xx, and no accepted job may be lost:
 * at the end every one exists, with a history as long as it trained. Prints the submit latency and the counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoadTest {

    private static final int CLIENTS = 50;
    private static final int EPOCHS = 3;
    private static final String JOB = """
            {"name": "load", "dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8}]},
             "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 3, "batchSize": 32}}""";

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-load").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        // fewer queued jobs than clients: the queue fills, and backpressure is part of the run
        registry.add("descent.jobs.max-queued-jobs", () -> "20");
    }

    /** What the clients saw, from all their threads. */
    private static final class Tally {
        final ConcurrentLinkedQueue<Long> submitNanos = new ConcurrentLinkedQueue<>();
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final AtomicInteger queueFull = new AtomicInteger();
        final AtomicInteger streamsToTheEnd = new AtomicInteger();
        final AtomicInteger events = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    }

    @Test
    void fiftyClientsSubmitFollowAndLoseNothing() throws Exception {
        Http http = new Http(port);
        Tally tally = new Tally();
        // one job first, so that the figures are not those of the first requests and the first training step
        String warmUp = http.post("/api/v1/jobs", JOB).body().path("id").asString();
        http.awaitJob(warmUp, Duration.ofMinutes(1), "SUCCEEDED");

        Duration length = Duration.ofSeconds(Long.getLong("descent.load.seconds", 60));
        long deadline = System.nanoTime() + length.toNanos();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor();
        for (int c = 0; c < CLIENTS; c++) {
            clients.execute(() -> {
                while (System.nanoTime() < deadline && tally.errors.isEmpty()) {
                    try {
                        submitAndFollow(client, http, tally, deadline, closer);
                    } catch (RuntimeException e) {
                        tally.errors.add(e.toString());
                    }
                }
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS)).as("clients stopped").isTrue();
        closer.shutdownNow();
        assertThat(tally.errors).as("errors").isEmpty();

        // the run is over: what is still waiting is cancelled, and every accepted job ends
        Set<String> jobs = new java.util.HashSet<>(tally.accepted);
        jobs.add(warmUp);
        for (String id : jobs) {
            String status = http.get("/api/v1/jobs/" + id).body().path("status").asString();
            if (status.equals("QUEUED") || status.equals("RUNNING")) {
                assertThat(http.post("/api/v1/jobs/" + id + "/cancel", "").status()).isIn(200, 409);
            }
        }
        Map<String, Integer> finalStatuses = new java.util.TreeMap<>();
        for (String id : jobs) {
            JsonNode job = http.awaitJob(id, Duration.ofMinutes(1), "SUCCEEDED", "CANCELLED", "FAILED");
            String status = job.path("status").asString();
            finalStatuses.merge(status, 1, Integer::sum);
            assertThat(status).as(job.toString()).isNotEqualTo("FAILED");
            JsonNode history = http.get("/api/v1/jobs/" + id + "/history").body();
            assertThat(history.size()).as(id).isEqualTo(job.path("progress").path("epoch").asInt());
            if (status.equals("SUCCEEDED")) {
                assertThat(history.size()).as(id).isEqualTo(EPOCHS);
            }
            assertThat(http.get("/api/v1/jobs/" + id + "/curves?metric=loss").body().path("totalPoints").asLong())
                    .as(id).isEqualTo(job.path("progress").path("steps").asLong());
        }
        assertThat(http.get("/api/v1/jobs?size=1").body().path("totalItems").asInt()).as("jobs on the server")
                .isEqualTo(jobs.size());
        assertThat(http.get("/actuator/health").body().path("status").asString()).isEqualTo("UP");
        assertThat(tally.accepted).isNotEmpty();

        List<Long> latencies = new ArrayList<>(tally.submitNanos);
        Collections.sort(latencies);
        System.out.printf("load: %d clients for %d s: %d submissions, %d accepted, %d answered 429 with Retry-After "
                        + "(honoured), 0 5xx; submit latency p50 %.1f ms, p99 %.1f ms; %d event streams read to their "
                        + "end (%d events); at the end (with the warm-up job) %s%n",
                CLIENTS, length.toSeconds(), latencies.size(), tally.accepted.size(), tally.queueFull.get(),
                percentile(latencies, 0.50), percentile(latencies, 0.99), tally.streamsToTheEnd.get(),
                tally.events.get(), finalStatuses);
    }

    /** One round of a client: submit (waiting out a full queue), then read the job's events until it ends. */
    private static void submitAndFollow(HttpClient client, Http http, Tally tally, long deadline,
                                        ScheduledExecutorService closer) {
        long start = System.nanoTime();
        HttpResponse<String> submitted = send(client, http.request("/api/v1/jobs")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JOB)),
                HttpResponse.BodyHandlers.ofString());
        tally.submitNanos.add(System.nanoTime() - start);
        if (submitted.statusCode() == 429) {
            tally.queueFull.incrementAndGet();
            waitRetryAfter(submitted, deadline);
            return;
        }
        if (submitted.statusCode() != 202) {
            throw new AssertionError("submit answered " + submitted.statusCode() + ": " + submitted.body());
        }
        String id = submitted.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1))
                .orElseThrow();
        tally.accepted.add(id);
        HttpResponse<InputStream> stream = send(client, http.request("/api/v1/jobs/" + id + "/events")
                .header("Accept", "text/event-stream"), HttpResponse.BodyHandlers.ofInputStream());
        if (stream.statusCode() != 200) {
            throw new AssertionError("events of " + id + " answered " + stream.statusCode());
        }
        // the end of the run cuts a stream that is still waiting for its job
        closer.schedule(() -> closeQuietly(stream.body()), Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        if (readToTheEnd(stream.body(), tally)) {
            tally.streamsToTheEnd.incrementAndGet();
            JsonNode job = http.get("/api/v1/jobs/" + id).body();
            assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        }
    }

    /** True when the stream delivered its {@code end} event; false when it was cut first. */
    private static boolean readToTheEnd(InputStream body, Tally tally) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event:")) {
                    tally.events.incrementAndGet();
                    if (line.equals("event:end")) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException cut) {
            return false;
        }
    }

    /** A 429 must say when to come back; the client waits that long (or until the run ends). */
    private static void waitRetryAfter(HttpResponse<?> response, long deadline) {
        long seconds = response.headers().firstValueAsLong("Retry-After").orElseThrow(() ->
                new AssertionError(response.statusCode() + " without Retry-After"));
        assertThat(seconds).isPositive();
        long nanos = Math.min(TimeUnit.SECONDS.toNanos(seconds), deadline - System.nanoTime());
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> HttpResponse<T> send(HttpClient client, HttpRequest.Builder request,
                                            HttpResponse.BodyHandler<T> handler) {
        try {
            HttpResponse<T> response = client.send(request.timeout(Duration.ofSeconds(30)).build(), handler);
            if (response.statusCode() >= 500) {
                throw new AssertionError(request.build().uri() + " answered " + response.statusCode());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static double percentile(List<Long> sortedNanos, double p) {
        return sortedNanos.isEmpty() ? 0 : sortedNanos.get((int) Math.min(sortedNanos.size() - 1,
                Math.ceil(p * sortedNanos.size()) - 1)) / 1e6;
    }
}
