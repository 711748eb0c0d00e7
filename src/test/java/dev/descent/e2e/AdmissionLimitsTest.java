package dev.descent.e2e;

import dev.descent.DescentApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's bounds hold under concurrent submissions: many clients at once over HTTP, exactly the limit let in, the
 * rest answered 429 with Retry-After. On H2 (one server) and on PostgreSQL (two replicas sharing the database, the
 * clients split between them, so the bound is the database's, not a server's).
 */
class AdmissionLimitsTest {

    private static final String ADMIN_KEY = "bootstrap-admin-key-for-tests-0123456789";
    private static final int PER_USER = 10;
    private static final int QUEUE = 30;
    /** Each server's one worker trains this for the whole test, so the queue is not drained while it is counted. */
    private static final String BLOCKER = """
            {"name": "blocker", "dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 4}]},
             "optimizer": {"type": "sgd", "learningRate": 0.01}, "training": {"epochs": 5000, "batchSize": 4}}""";
    private static final String JOB = """
            {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 4}]},
             "optimizer": {"type": "sgd", "learningRate": 0.01}, "training": {"epochs": 1, "batchSize": 16}}""";
    private static final String[] SETTINGS = {"--descent.executor.workers=1", "--descent.security.mode=secured",
            "--descent.security.admin-key=" + ADMIN_KEY, "--descent.jobs.max-active-jobs-per-user=" + PER_USER,
            "--descent.jobs.max-queued-jobs=" + QUEUE};

    @Test
    void h2AdmitsExactlyTheLimits(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--descent.data-dir=" + dir,
                "--descent.executor.poll-interval=100ms"));
        args.addAll(List.of(SETTINGS));
        try (ConfigurableApplicationContext server = SpringApplication.run(DescentApplication.class,
                args.toArray(String[]::new))) {
            exactlyTheLimitsAreAdmitted(List.of(PostgresServers.client(server)));
        }
    }

    @Test
    void postgresReplicasAdmitExactlyTheLimits(@TempDir Path dir) throws Exception {
        PostgresServers servers = new PostgresServers("admission", dir);
        try (ConfigurableApplicationContext a = servers.start(SETTINGS);
             ConfigurableApplicationContext b = servers.start(SETTINGS)) {
            exactlyTheLimitsAreAdmitted(List.of(PostgresServers.client(a), PostgresServers.client(b)));
        }
    }

    /** 40 submissions of a user limited to 10 jobs, then 60 of an admin into the 20 places left of a queue of 30. */
    private static void exactlyTheLimitsAreAdmitted(List<Http> servers) throws Exception {
        List<Http> admins = servers.stream().map(s -> s.withKey(ADMIN_KEY)).toList();
        String aliceKey = admins.get(0).post("/api/v1/admin/keys", "{\"user\": \"alice\"}").body().path("key").asString();
        List<Http> alices = servers.stream().map(s -> s.withKey(aliceKey)).toList();
        List<String> blockers = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            blockers.add(admins.get(0).post("/api/v1/jobs", BLOCKER).body().path("id").asString());
        }
        for (String blocker : blockers) {
            admins.get(0).awaitJob(blocker, java.time.Duration.ofSeconds(60), "RUNNING");
        }

        List<Http.Response> byAlice = submitAtOnce(alices, 40);
        assertThat(accepted(byAlice)).as("alice's jobs admitted").isEqualTo(PER_USER);
        List<Http.Response> byAdmin = submitAtOnce(admins, 60);
        assertThat(accepted(byAdmin)).as("the admin's jobs admitted").isEqualTo(QUEUE - PER_USER);
        for (Http.Response refused : byAlice.stream().filter(r -> r.status() != 202).toList()) {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body().path("type").asString()).endsWith("queue-full");
        }
        assertThat(byAdmin).allMatch(r -> r.status() == 202 || r.status() == 429);
        assertThat(admins.get(0).get("/api/v1/jobs?status=QUEUED&size=1").body().path("totalItems").asInt())
                .isEqualTo(QUEUE);
        for (String blocker : blockers) {
            admins.get(0).post("/api/v1/jobs/" + blocker + "/cancel", "");
        }
    }

    /** {@code count} submissions released at the same moment, spread over the servers. */
    private static List<Http.Response> submitAtOnce(List<Http> servers, int count) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Http server = servers.get(i % servers.size());
                answers.add(clients.submit(() -> {
                    start.await();
                    return server.post("/api/v1/jobs", JOB);
                }));
            }
            start.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> answer : answers) {
                responses.add(answer.get());
            }
            return responses;
        } finally {
            clients.shutdownNow();
        }
    }

    private static long accepted(List<Http.Response> responses) {
        return responses.stream().filter(r -> r.status() == 202).count();
    }
}
