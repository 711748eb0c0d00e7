package dev.descent.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secured server on a random port: keys issued by the bootstrap admin, every endpoint refusing another user's
 * records with 404, per-user limits, revocation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityEndToEndTest {

    private static final String ADMIN_KEY = "bootstrap-admin-key-for-tests-0123456789";
    private static final String IRIS_ROWS = "5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,6.0,2.5,virginica\n"
            + "4.9,3.0,1.4,0.2,setosa\n6.4,3.2,4.5,1.5,versicolor\n5.8,2.7,5.1,1.9,virginica\n";

    @LocalServerPort
    private int port;
    private Http anonymous;
    private Http admin;
    private Http alice;
    private Http bob;
    private String aliceDataset;
    private String aliceJob;
    private String aliceScoring;
    private String aliceSweep;

    @DynamicPropertySource
    static void secured(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-security").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        registry.add("descent.executor.workers", () -> "1");
        registry.add("descent.security.mode", () -> "secured");
        registry.add("descent.security.admin-key", () -> ADMIN_KEY);
        registry.add("descent.jobs.max-active-jobs-per-user", () -> "2");
        registry.add("descent.datasets.max-uploads-per-user", () -> "1");
    }

    @BeforeAll
    void aliceTrainsAPrivateModelOnHerOwnUpload() {
        anonymous = new Http(port);
        admin = anonymous.withKey(ADMIN_KEY);
        JsonNode aliceKey = admin.post("/api/v1/admin/keys", "{\"user\": \"alice\"}").body();
        alice = anonymous.withKey(aliceKey.path("key").asString());
        bob = anonymous.withKey(admin.post("/api/v1/admin/keys", "{\"user\": \"bob\"}").body().path("key").asString());

        Http.Response upload = alice.upload("/api/v1/datasets", "iris.csv", irisCsv(), Map.of("labelColumn", "species"));
        assertThat(upload.status()).isEqualTo(201);
        aliceDataset = upload.body().path("id").asString();
        Http.Response submitted = alice.post("/api/v1/jobs", job("{\"id\": \"" + aliceDataset + "\", \"validationSplit\": 0}",
                "\"training\": {\"epochs\": 3, \"batchSize\": 4, \"seed\": 1, "
                        + "\"privacy\": {\"clipNorm\": 1.0, \"noiseMultiplier\": 1.0, \"sampling\": \"shuffle\"}}"));
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(202);
        aliceJob = submitted.body().path("id").asString();
        alice.awaitJob(aliceJob, Duration.ofSeconds(60), "SUCCEEDED");
        Http.Response scoring = alice.post("/api/v1/datasets/" + aliceDataset + "/scores", SCORING);
        assertThat(scoring.status()).as(scoring.body().toString()).isEqualTo(202);
        aliceScoring = scoring.body().path("id").asString();
        alice.await("/api/v1/scores/" + aliceScoring, Duration.ofSeconds(60),
                body -> "SUCCEEDED".equals(body.path("status").asString()));
        Http.Response sweep = alice.post("/api/v1/sweeps", """
                {"base": {"dataset": {"id": "iris"}, "model": {"hiddenLayers": []},
                          "optimizer": {"type": "sgd", "learningRate": 0.1}, "training": {"epochs": 1}},
                 "parameters": {"optimizer.learningRate": {"values": [0.1]}}, "maxConcurrentTrials": 1}""");
        assertThat(sweep.status()).as(sweep.body().toString()).isEqualTo(202);
        aliceSweep = sweep.body().path("id").asString();
    }

    private static final String SCORING = "{\"method\": \"el2n\", \"model\": {\"hiddenLayers\": []}, "
            + "\"optimizer\": {\"type\": \"sgd\"}, \"epochs\": 1}";

    private static String job(String dataset, String training) {
        return "{\"dataset\": " + dataset + ", \"model\": {\"hiddenLayers\": [{\"units\": 4}]}, "
                + "\"optimizer\": {\"type\": \"sgd\", \"learningRate\": 0.1}, " + training + "}";
    }

    private static byte[] irisCsv() {
        return ("sepal_length,sepal_width,petal_length,petal_width,species\n" + IRIS_ROWS.repeat(5))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void withoutAValidKeyTheApiAnswers401AndPublicPagesStayOpen() {
        for (Http client : List.of(anonymous, anonymous.withKey("dsk_not-a-key"), anonymous.with("X-API-Key", " "))) {
            Http.Response response = client.get("/api/v1/jobs");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"descent\"");
            assertThat(response.raw().headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.body().path("detail").asString()).contains("API key");
        }
        // a path that matches nothing is not public either, nor one that climbs out of a public prefix
        assertThat(anonymous.get("/api/v2/anything").status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/../api/v1/jobs").status()).isIn(400, 401);
        assertThat(anonymous.get("/").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.with("X-API-Key", ADMIN_KEY).get("/api/v1/jobs").status()).isEqualTo(200);
    }

    @Test
    void onlyAdminsManageKeysAndSecretsAreShownOnce() {
        assertThat(alice.get("/api/v1/admin/keys").status()).isEqualTo(403);
        assertThat(alice.post("/api/v1/admin/keys", "{\"user\": \"mallory\", \"admin\": true}").status()).isEqualTo(403);
        assertThat(admin.post("/api/v1/admin/keys", "{\"user\": \"../etc\"}").body().path("field").asString())
                .isEqualTo("user");
        JsonNode keys = admin.get("/api/v1/admin/keys").body();
        assertThat(keys.findValuesAsString("user")).contains("alice", "bob");
        assertThat(keys.toString()).doesNotContain("\"key\"");
        assertThat(keys.findValuesAsString("prefix")).allMatch(prefix -> prefix.startsWith("dsk_") && prefix.length() == 8);
    }

    /** Records belong to user names: no key may be issued for the bootstrap key's or open mode's. */
    @Test
    void reservedUserNamesAreRefusedSoNoKeyActsForTheBootstrapAdmin() {
        for (String reserved : List.of("admin", "local", "Admin", "LOCAL")) {
            Http.Response refused = admin.post("/api/v1/admin/keys", "{\"user\": \"" + reserved + "\"}");
            assertThat(refused.status()).as(reserved).isEqualTo(422);
            assertThat(refused.body().path("field").asString()).isEqualTo("user");
            assertThat(refused.body().path("detail").asString()).contains("reserved");
        }
        Http.Response padded = admin.post("/api/v1/admin/keys", "{\"user\": \" admin\"}");
        assertThat(padded.status()).isEqualTo(400);
        assertThat(padded.body().toString()).contains("\"field\":\"user\"");
        assertThat(admin.get("/api/v1/admin/keys").body().findValuesAsString("user"))
                .noneMatch(user -> user.strip().equalsIgnoreCase("admin") || user.strip().equalsIgnoreCase("local"));
    }

    /** Every endpoint that names a record: alice gets hers, bob gets 404 as if it did not exist. */
    @Test
    void anotherUsersRecordsAre404OnEveryEndpoint() {
        List<Call> calls = List.of(
                new Call("get", "/api/v1/jobs/{id}", null),
                new Call("patch", "/api/v1/jobs/{id}", "{\"project\": \"relabelled\"}"),
                new Call("get", "/api/v1/jobs/{id}/history", null),
                new Call("get", "/api/v1/jobs/{id}/curves", "?metric=loss"),
                new Call("get", "/api/v1/jobs/{id}/privacy", null),
                new Call("get", "/api/v1/jobs/{id}/continual", null),
                new Call("get", "/api/v1/jobs/{id}/events", null),
                new Call("get", "/api/v1/jobs/{id}/history/export", null),
                new Call("get", "/api/v1/jobs/{id}/plot.svg", null),
                new Call("get", "/api/v1/jobs/{id}/model", null),
                new Call("post", "/api/v1/jobs/{id}/predict", "{\"rows\": [[5.1, 3.5, 1.4, 0.2]]}"),
                new Call("post", "/api/v1/jobs/{id}/evaluate", "{\"dataset\": \"" + aliceDataset + "\"}"),
                new Call("post", "/api/v1/jobs/{id}/explain", "{\"rows\": [[5.1, 3.5, 1.4, 0.2]]}"),
                new Call("post", "/api/v1/jobs/{id}/explain.svg", "{\"rows\": [[5.1, 3.5, 1.4, 0.2]]}"),
                new Call("post", "/api/v1/datasets/{id}/scores", SCORING),
                new Call("post", "/api/v1/datasets/{id}/subsets", "{\"scores\": \"" + aliceScoring
                        + "\", \"keep\": \"hardest\", \"fraction\": 0.5}"),
                new Call("get", "/api/v1/scores/{id}", null),
                new Call("get", "/api/v1/scores/{id}/rows", null),
                new Call("get", "/api/v1/scores/{id}/scores.csv", null),
                new Call("get", "/api/v1/scores/{id}/histogram.svg", null),
                new Call("post", "/api/v1/scores/{id}/cancel", ""),
                new Call("delete", "/api/v1/scores/{id}", null),
                new Call("get", "/api/v1/sweeps/{id}", null),
                new Call("get", "/api/v1/sweeps/{id}/plot.svg", null),
                new Call("post", "/api/v1/sweeps/{id}/cancel", ""),
                new Call("delete", "/api/v1/sweeps/{id}", null),
                new Call("post", "/api/v1/jobs/{id}/cancel", ""),
                new Call("post", "/api/v1/jobs/{id}/resume", ""),
                new Call("delete", "/api/v1/jobs/{id}", null),
                new Call("get", "/api/v1/datasets/{id}", null),
                new Call("get", "/api/v1/datasets/{id}/preview", null),
                new Call("delete", "/api/v1/datasets/{id}", null),
                new Call("get", "/api/v1/runs/compare", "?jobs={job}"),
                new Call("get", "/api/v1/runs/plot.svg", "?jobs={job}"));

        Set<String> covered = new HashSet<>();
        for (Call call : calls) {
            covered.add(call.method() + " " + call.template());
            Http.Response asBob = call.send(bob, aliceJob, aliceDataset, aliceScoring, aliceSweep);
            assertThat(asBob.status()).as("bob: " + call).isEqualTo(404);
            assertThat(asBob.body().path("detail").asString()).as("bob: " + call).contains("does not exist");
            if (call.template().endsWith("/continual")) {
                // alice's private job trains on one task: hers is the 404 of a report it has not
                Http.Response asAlice = call.send(alice, aliceJob, aliceDataset, aliceScoring, aliceSweep);
                assertThat(asAlice.body().path("detail").asString()).as("alice: " + call).contains("one task");
            } else if (!call.method().equals("delete")) {
                // 422: a subset of alice's is over her one-upload quota
                assertThat(call.send(alice, aliceJob, aliceDataset, aliceScoring, aliceSweep).status()).as("alice: " + call)
                        .isIn(200, 201, 202, 409, 422);
            }
        }
        // bob's deletes changed nothing
        assertThat(alice.get("/api/v1/jobs/" + aliceJob).status()).isEqualTo(200);
        assertThat(alice.get("/api/v1/datasets/" + aliceDataset).status()).isEqualTo(200);

        // every endpoint of the API that takes a job or dataset id is in the list above
        JsonNode paths = anonymous.get("/v3/api-docs").body().path("paths");
        Set<String> withIds = new HashSet<>();
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                if ((path.contains("{id}") && !path.startsWith("/api/v1/admin")) || path.startsWith("/api/v1/runs")) {
                    withIds.add(method + " " + path);
                }
            }
        }
        assertThat(withIds).hasSizeGreaterThan(15);
        assertThat(covered).containsAll(withIds);
    }

    @Test
    void listsHoldOnlyTheCallersRecordsAndAdminsSeeAll() {
        assertThat(bob.get("/api/v1/jobs").body().path("items").findValuesAsString("id")).doesNotContain(aliceJob);
        assertThat(alice.get("/api/v1/jobs").body().path("items").findValuesAsString("id")).contains(aliceJob);
        assertThat(admin.get("/api/v1/jobs").body().path("items").findValuesAsString("id")).contains(aliceJob);
        assertThat(bob.get("/api/v1/datasets").body().findValuesAsString("id")).contains("iris").doesNotContain(aliceDataset);
        assertThat(admin.get("/api/v1/datasets").body().findValuesAsString("id")).contains(aliceDataset);
        assertThat(admin.get("/api/v1/jobs/" + aliceJob).body().path("createdBy").asString()).isEqualTo("alice");
    }

    @Test
    void anotherUsersDatasetOrJobCannotBeUsedInASpec() {
        Http.Response onHerData = bob.post("/api/v1/jobs", job("{\"id\": \"" + aliceDataset + "\"}",
                "\"training\": {\"epochs\": 1}"));
        assertThat(onHerData.status()).isEqualTo(422);
        assertThat(onHerData.body().path("field").asString()).isEqualTo("dataset.id");
        Http.Response fromHerModel = bob.post("/api/v1/jobs", job("{\"id\": \"iris\"}", "\"training\": {\"epochs\": 1}")
                .replace("\"units\": 4}]", "\"units\": 4}], \"initFrom\": \"" + aliceJob + "\""));
        assertThat(fromHerModel.status()).isEqualTo(422);
        assertThat(fromHerModel.body().path("field").asString()).isEqualTo("model.initFrom");
        assertThat(fromHerModel.body().path("detail").asString()).contains("does not exist");
        Http.Response fromHerRun = bob.post("/api/v1/schedules/preview", "{\"optimizer\": {\"type\": \"sgd\"}, "
                + "\"schedule\": {\"type\": \"refined\", \"fromJob\": \"" + aliceJob + "\"}, \"units\": 10}");
        assertThat(fromHerRun.status()).isEqualTo(422);
        assertThat(fromHerRun.body().path("field").asString()).isEqualTo("schedule.fromJob");
        assertThat(fromHerRun.body().path("detail").asString()).contains("does not exist");
    }

    @Test
    void aUserHasAtMostTheirShareOfTheQueueAndOfTheUploads() {
        String slow = job("{\"id\": \"iris\"}", "\"training\": {\"epochs\": 5000, \"batchSize\": 1}");
        String first = bob.post("/api/v1/jobs", slow).body().path("id").asString();
        String second = bob.post("/api/v1/jobs", slow).body().path("id").asString();
        Http.Response third = bob.post("/api/v1/jobs", slow);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(third.body().path("detail").asString()).contains("bob has 2 queued or running jobs");
        // admins are bounded by the global queue only
        String adminJob = admin.post("/api/v1/jobs", slow).body().path("id").asString();
        for (String id : List.of(first, second, adminJob)) {
            admin.post("/api/v1/jobs/" + id + "/cancel", "");
            admin.awaitJob(id, Duration.ofSeconds(30), "CANCELLED");
        }
        assertThat(bob.post("/api/v1/jobs", slow.replace("5000", "1")).status()).isEqualTo(202);

        Http.Response secondUpload = alice.upload("/api/v1/datasets", "more.csv", irisCsv(), Map.of("labelColumn", "species"));
        assertThat(secondUpload.status()).isEqualTo(422);
        assertThat(secondUpload.body().path("detail").asString()).contains("the limit per user is 1");
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        JsonNode carol = admin.post("/api/v1/admin/keys", "{\"user\": \"carol\"}").body();
        Http asCarol = anonymous.withKey(carol.path("key").asString());
        assertThat(asCarol.get("/api/v1/jobs").status()).isEqualTo(200);
        JsonNode revoked = admin.delete("/api/v1/admin/keys/" + carol.path("info").path("id").asString()).body();
        assertThat(revoked.path("revokedAt").isNull()).isFalse();
        assertThat(asCarol.get("/api/v1/jobs").status()).isEqualTo(401);
    }

    /** One request of the list; {id} is the job's or dataset's id, {job} the job's. */
    private record Call(String method, String template, String extra) {

        Http.Response send(Http client, String job, String dataset, String scoring, String sweep) {
            String path = template.replace("{id}", template.contains("/datasets/") ? dataset
                    : template.contains("/scores/") ? scoring : template.contains("/sweeps/") ? sweep : job);
            return switch (method) {
                case "get" -> client.get(path + (extra == null ? "" : extra.replace("{job}", job)));
                case "post" -> client.post(path, extra);
                case "patch" -> client.patch(path, extra);
                default -> client.delete(path);
            };
        }
    }
}
