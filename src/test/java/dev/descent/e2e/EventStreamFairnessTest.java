package dev.descent.e2e;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event streams are fair over real sockets: a client that stops reading (a small receive buffer, many events) delays
 * only itself and is closed, while another user's stream keeps receiving its events on time; a user beyond their
 * share of streams, and anyone beyond the server's, is refused, exactly at the limit under concurrent opens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStreamFairnessTest {

    private static final String ADMIN_KEY = "bootstrap-admin-key-for-tests-0123456789";
    private static final int MAX_STREAMS = 12;
    private static final int PER_USER = 2;
    /** Longer than any gap a healthy stream may see here: a poller stuck on a full socket shows as this gap. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** One step per epoch (120 training rows, one batch), so every step is an epoch event to replay. */
    private static final String MANY_EPOCHS = """
            {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 4}]},
             "optimizer": {"type": "sgd", "learningRate": 0.01}, "training": {"epochs": 300, "batchSize": 150}}""";
    /** Trains until cancelled, as far as these tests go. */
    private static final String LONG_RUNNING = """
            {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 4}]},
             "optimizer": {"type": "sgd", "learningRate": 0.01}, "training": {"epochs": 10000, "batchSize": 4}}""";

    @LocalServerPort
    private int port;
    @Autowired
    private MeterRegistry meters;
    private Http admin;
    private String aliceKey;
    private String bobKey;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-fairness").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        registry.add("descent.executor.workers", () -> "2");
        registry.add("descent.executor.threads-per-job", () -> "1");
        registry.add("descent.security.mode", () -> "secured");
        registry.add("descent.security.admin-key", () -> ADMIN_KEY);
        registry.add("descent.watch.poll-interval", () -> "50ms");
        registry.add("descent.watch.progress-interval", () -> "50ms");
        registry.add("descent.watch.max-streams", () -> Integer.toString(MAX_STREAMS));
        registry.add("descent.watch.max-streams-per-user", () -> Integer.toString(PER_USER));
        registry.add("descent.watch.stream-buffer-events", () -> "16");
        registry.add("descent.watch.stream-stall-timeout", () -> "1s");
        // how long a write to a client that reads nothing blocks before it fails
        registry.add("server.tomcat.connection-timeout", () -> WRITE_TIMEOUT.toMillis() + "ms");
    }

    /** Small server-side socket buffers, so that a client that stops reading blocks the server's writes soon. */
    @TestConfiguration
    static class SmallSocketBuffers {
        @Bean
        TomcatConnectorCustomizer smallSendBuffer() {
            return connector -> connector.setProperty("socket.txBufSize", "8192");
        }
    }

    @BeforeAll
    void keys() {
        admin = new Http(port).withKey(ADMIN_KEY);
        aliceKey = admin.post("/api/v1/admin/keys", "{\"user\": \"alice\"}").body().path("key").asString();
        bobKey = admin.post("/api/v1/admin/keys", "{\"user\": \"bob\"}").body().path("key").asString();
    }

    @Test
    void aClientThatStopsReadingDelaysOnlyItselfAndIsClosed() throws Exception {
        Http alice = new Http(port).withKey(aliceKey);
        Http bob = new Http(port).withKey(bobKey);
        String replayed = alice.post("/api/v1/jobs", MANY_EPOCHS).body().path("id").asString();
        alice.awaitJob(replayed, Duration.ofMinutes(2), "SUCCEEDED");
        String live = bob.post("/api/v1/jobs", LONG_RUNNING).body().path("id").asString();
        bob.awaitJob(live, Duration.ofSeconds(60), "RUNNING");

        List<RawEventStream> bobs = new ArrayList<>();
        for (int i = 0; i < PER_USER; i++) {
            RawEventStream stream = RawEventStream.request(port, "/api/v1/jobs/" + live + "/events", bobKey, 65536);
            assertThat(stream.status()).isEqualTo(200);
            bobs.add(stream.readInBackground());
        }
        Http.Response beyondShare = bob.send(bob.request("/api/v1/jobs/" + live + "/events")
                .header("Accept", "text/event-stream, application/problem+json").GET());
        assertThat(beyondShare.status()).isEqualTo(429);
        assertThat(beyondShare.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(beyondShare.body().path("type").asString()).endsWith("too-many-streams");
        awaitUntil(() -> bobs.get(0).events().size() > 5, "bob's stream receives events");

        // alice asks for 300 epochs' events and reads none of them
        long stalledAt = System.nanoTime();
        List<RawEventStream> stalled = new ArrayList<>();
        for (int i = 0; i < PER_USER; i++) {
            stalled.add(RawEventStream.request(port, "/api/v1/jobs/" + replayed + "/events", aliceKey, 2048));
        }
        for (RawEventStream stream : stalled) {
            // answered with events (more than a refusal's few hundred bytes), which she leaves unread
            awaitUntil(() -> waiting(stream) > 1024, "alice's stream answered");
        }
        awaitUntil(() -> openStreams() == PER_USER, "alice's stalled streams closed by the server");
        // her slots are free again: a stream she reads gets the whole replay, in order, and its end
        try (RawEventStream reading = RawEventStream.request(port, "/api/v1/jobs/" + replayed + "/events", aliceKey,
                65536)) {
            assertThat(reading.status()).isEqualTo(200);
            reading.readToTheEnd();
            List<RawEventStream.Event> replay = reading.events();
            assertThat(replay.get(0).name()).isEqualTo("status");
            assertThat(replay.stream().filter(e -> "progress".equals(e.name())).map(e -> Long.parseLong(e.id())))
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 300).boxed().toList());
            assertThat(replay.get(replay.size() - 1).name()).isEqualTo("end");
        }
        // the stalled connections end once the server's blocked write gives up: what they hold stops short of the end
        for (RawEventStream stream : stalled) {
            try (stream) {
                assertThat(stream.drain()).doesNotContain("event:end");
            }
        }
        long stalledUntil = System.nanoTime();

        // meanwhile bob's stream went on receiving its events on time
        List<Long> times = bobs.get(0).events().stream().map(RawEventStream.Event::readNanos)
                .filter(t -> t >= stalledAt && t <= stalledUntil).toList();
        assertThat(times).as("bob's events while alice stalled").hasSizeGreaterThan(10);
        long longestGap = 0;
        long previous = stalledAt;
        for (long t : times) {
            longestGap = Math.max(longestGap, t - previous);
            previous = t;
        }
        longestGap = Math.max(longestGap, stalledUntil - previous);
        assertThat(Duration.ofNanos(longestGap)).as("longest wait for bob's next event")
                .isLessThan(WRITE_TIMEOUT.dividedBy(2));

        bob.post("/api/v1/jobs/" + live + "/cancel", "");
        for (RawEventStream stream : bobs) {
            awaitUntil(stream::ended, "bob's stream ends with his job");
            assertThat(stream.events().get(stream.events().size() - 1).name()).isEqualTo("end");
            stream.close();
        }
        awaitUntil(() -> openStreams() == 0, "no stream open");
    }

    @Test
    void concurrentOpensTakeExactlyTheServersSlots() throws Exception {
        String job = admin.post("/api/v1/jobs", LONG_RUNNING).body().path("id").asString();
        admin.awaitJob(job, Duration.ofSeconds(60), "RUNNING");
        awaitUntil(() -> openStreams() == 0, "no stream open before");
        int clients = MAX_STREAMS + 10;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<RawEventStream> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    RawEventStream stream = RawEventStream.request(port, "/api/v1/jobs/" + job + "/events",
                            ADMIN_KEY, 65536);
                    opened.add(stream);
                    return stream.status();
                }));
            }
            start.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get());
            }
            assertThat(answered).filteredOn(s -> s == 200).hasSize(MAX_STREAMS);
            assertThat(answered).filteredOn(s -> s != 200).containsOnly(503);
        } finally {
            pool.shutdownNow();
            for (RawEventStream stream : opened) {
                stream.close();
            }
            admin.post("/api/v1/jobs/" + job + "/cancel", "");
        }
        awaitUntil(() -> openStreams() == 0, "the closed streams forgotten");
    }

    private static int waiting(RawEventStream stream) {
        try {
            return stream.waiting();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The server's gauge of open event streams, as an operator reads it. */
    private int openStreams() {
        return (int) meters.get("descent.events.streams").gauge().value();
    }
}
