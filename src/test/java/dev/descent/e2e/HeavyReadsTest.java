package dev.descent.e2e;

import dev.descent.history.HeavyReads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faults of issue 23's second finding, over real HTTP on a real database: 48 clients reading a 200,000-step
 * history's curves, plots, comparisons and exports while a job trains, a client that stops reading an export, and
 * errors no handler expected. The large history is inserted in one SQL statement, not trained.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HeavyReadsTest {

    private static final int STEPS = 200_000;
    private static final int READERS = 48;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final int EPOCHS = 200; // thousands of steps: still training when the flood starts
    private static final String JOB = """
            {"name": "trains meanwhile", "dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8}]},
             "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": %d, "batchSize": 8}}"""
            .formatted(EPOCHS);

    private static final Map<Class<?>, UUID> LARGE = new ConcurrentHashMap<>();

    @LocalServerPort
    private int port;
    @Autowired
    private JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-reads").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        registry.add("descent.reads.max-concurrent", () -> "3");
        registry.add("descent.reads.max-concurrent-exports", () -> "1");
        registry.add("descent.reads.admission-wait", () -> "200ms");
        registry.add("descent.reads.retry-after", () -> "1s");
        registry.add("server.tomcat.connection-timeout", () -> WRITE_TIMEOUT.toMillis() + "ms");
    }

    /** A finished job with {@value #STEPS} steps, made once for the class (its server's database). */
    private UUID largeHistory() {
        return LARGE.computeIfAbsent(getClass(), c -> {
            UUID id = UUID.randomUUID();
            jdbc.update("insert into jobs (id, status, dataset_id, spec, parameter_count, epochs, created_at) "
                    + "values (?, 'SUCCEEDED', 'iris', '{}', 1, 200, current_timestamp)", id);
            long t0 = System.nanoTime();
            // in slices that commit one by one: one statement of a million rows keeps them all in its undo log
            for (int from = 1; from <= STEPS; from += 100_000) {
                jdbc.update("insert into step_metrics (job_id, step, epoch, loss, learning_rate, gradient_norm, "
                        + "gradient_l1_norm) select ?, n, 1 + (n - 1) / 1000, 2.0 / sqrt(n) + mod(n, 13) * 0.001, "
                        + "0.1, 1.0, 2.0 from " + numbers(), id, from, Math.min(STEPS, from + 99_999));
            }
            System.out.printf("heavy reads: %d steps inserted in %d ms%n", STEPS, (System.nanoTime() - t0) / 1_000_000);
            return id;
        });
    }

    /** A table of the integers n from the first parameter to the second. */
    String numbers() {
        return "(select \"X\" as n from system_range(?, ?))";
    }

    @Test
    void aFloodOfHeavyReadsNeitherFailsATrainingJobNorAnswers5xx() throws Exception {
        Http http = new Http(port);
        UUID history = largeHistory();
        String training = http.post("/api/v1/jobs", JOB).body().path("id").asString();
        http.awaitJob(training, Duration.ofMinutes(1), "RUNNING");

        List<String> reads = List.of(
                "/api/v1/jobs/" + history + "/curves?metric=loss",
                "/api/v1/jobs/" + history + "/curves?metric=gradient_norm&method=lttb&smoothing=0.6&maxPoints=2000",
                "/api/v1/jobs/" + history + "/plot.svg?metrics=loss,learning_rate",
                "/api/v1/runs/compare?jobs=" + history + "," + training + "&metric=loss&by=step",
                "/api/v1/runs/plot.svg?jobs=" + history + "," + training,
                "/api/v1/jobs/" + history + "/history/export?format=csv");
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicBoolean trained = new AtomicBoolean();
        AtomicLong peakHeap = new AtomicLong();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService readers = Executors.newFixedThreadPool(READERS + 1);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (int r = 0; r < READERS; r++) {
            String path = reads.get(r % reads.size());
            readers.execute(() -> {
                // at least 15 s of reading, and on until the job has ended
                while (!trained.get() || System.nanoTime() < until) {
                    read(client, http, path, statuses, wrong);
                }
            });
        }
        readers.execute(() -> {
            while (!trained.get()) {
                peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                pause(Duration.ofMillis(50));
            }
        });
        JsonNode job = http.awaitJob(training, Duration.ofMinutes(4), "SUCCEEDED", "FAILED", "CANCELLED");
        trained.set(true);
        readers.shutdown();
        assertThat(readers.awaitTermination(2, TimeUnit.MINUTES)).as("readers stopped").isTrue();
        System.out.printf("heavy reads: %d readers while a job trained %d steps: %s; peak heap used %d MB%n", READERS,
                job.path("progress").path("steps").asLong(), statuses, peakHeap.get() >> 20);

        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        long steps = job.path("progress").path("steps").asLong();
        assertThat(http.get("/api/v1/jobs/" + training + "/curves?metric=loss").body().path("totalPoints").asLong())
                .isEqualTo(steps);
        assertThat(http.get("/api/v1/jobs/" + training + "/history").body().size()).isEqualTo(EPOCHS);
        assertThat(wrong).as("answers other than 200 and 429 with Retry-After").isEmpty();
        assertThat(statuses.keySet()).as("statuses").containsOnly(200, 429);
        assertThat(statuses.get(200).get()).isPositive();

        JsonNode curve = http.get("/api/v1/jobs/" + history + "/curves?metric=loss").body();
        assertThat(curve.path("totalPoints").asLong()).isEqualTo(STEPS);
        assertThat(curve.path("points").size()).isLessThanOrEqualTo(1000);
        assertThat(curve.path("points").get(0).path("x").asLong()).isEqualTo(1);
    }

    /** One request; anything but 200, or 429 as a problem detail with Retry-After, is recorded as wrong. */
    private static void read(HttpClient client, Http http, String path, Map<Integer, AtomicInteger> statuses,
                             ConcurrentLinkedQueue<String> wrong) {
        try {
            HttpResponse<InputStream> response = client.send(http.request(path).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            byte[] start;
            try (InputStream body = response.body()) {
                start = body.readNBytes(512);
                body.transferTo(java.io.OutputStream.nullOutputStream());
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() == 429) {
                if (response.headers().firstValueAsLong("Retry-After").orElse(0) < 1
                        || !type.startsWith("application/problem+json")) {
                    wrong.add("429 without Retry-After or problem detail: " + response.headers().map());
                }
                pause(Duration.ofMillis(200));
            } else if (response.statusCode() != 200) {
                wrong.add(response.statusCode() + " " + path + ": " + new String(start, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            wrong.add(path + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aClientThatStopsReadingAnExportHoldsNoConnectionAndIsDroppedAfterTheWriteTimeout() throws Exception {
        Http http = new Http(port);
        UUID history = largeHistory();
        String exportPath = "/api/v1/jobs/" + history + "/history/export";
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", port));
            stalled.getOutputStream().write(("GET " + exportPath + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            // the server writes until the socket's buffers are full, then waits on the client holding no connection
            long pages = awaitStalled(http, Duration.ofSeconds(60));
            assertThat(pages).as("pages read before the writes blocked").isPositive().isLessThan(STEPS / 1000);

            // its slot is taken meanwhile, curves are not
            Http.Response busy = http.get(exportPath + "?level=epoch");
            assertThat(busy.status()).isEqualTo(429);
            assertThat(busy.raw().headers().firstValue("Retry-After")).contains("1");
            assertThat(busy.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(busy.body().path("detail").asString()).contains("descent.reads.max-concurrent-exports");
            assertThat(http.get("/api/v1/jobs/" + history + "/curves?metric=loss").status()).isEqualTo(200);

            // past the write timeout the server gives up on it, and the slot is free again
            long stalledAt = System.nanoTime();
            while (http.get(exportPath + "?level=epoch").status() != 200) {
                assertThat(System.nanoTime() - stalledAt).as("slot freed").isLessThan(TimeUnit.SECONDS.toNanos(60));
                pause(Duration.ofMillis(200));
            }
            System.out.printf("heavy reads: a stalled export (%d pages written) gave its slot back %d ms after it "
                    + "was seen stalled (write timeout %d s)%n", pages, (System.nanoTime() - stalledAt) / 1_000_000,
                    WRITE_TIMEOUT.toSeconds());
        }
    }

    @Test
    void errorsNoHandlerExpectedAreProblemDetails() {
        Http http = new Http(port);
        Http.Response direct = http.get("/error");
        assertThat(direct.status()).isEqualTo(404);
        assertThat(direct.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        // a fault in the database: a table gone
        jdbc.execute("alter table uploaded_datasets rename to uploaded_datasets_away");
        try {
            Http.Response failed = http.get("/api/v1/datasets");
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.raw().headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/problem+json");
            assertThat(failed.body().path("type").asString()).endsWith("/internal-error");
            assertThat(failed.body().path("detail").asString()).doesNotContain("uploaded_datasets");
        } finally {
            jdbc.execute("alter table uploaded_datasets_away rename to uploaded_datasets");
        }
    }

    /**
     * Waits until the read pool has no connection out and has lent none for a second; returns how many it lent
     * (one a page, after the export's first query).
     */
    private static long awaitStalled(Http http, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long uses = (long) metric(http, "hikaricp_connections_usage_seconds_count", HeavyReads.POOL);
            if (uses == last && uses > 1 && metric(http, "hikaricp_connections_active", HeavyReads.POOL) == 0) {
                return uses - 1;
            }
            last = uses;
            pause(Duration.ofSeconds(1));
        }
        throw new AssertionError("the export never stopped on its client with no connection out");
    }

    /** A value of the Prometheus endpoint for one connection pool. */
    private static double metric(Http http, String name, String pool) {
        String text = http.get("/actuator/prometheus").raw().body();
        Matcher value = Pattern.compile("(?m)^" + name + "\\{[^}]*pool=\"" + pool + "\"[^}]*} (\\S+)$").matcher(text);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
