package dev.descent.e2e;

import dev.descent.DescentApplication;
import dev.descent.job.JobService;
import dev.descent.security.Caller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Files of the model store and the upload spool against kills: a deletion removes files only once it has committed,
 * and a server starting again removes what a killed one left (interrupted writes, files no row names, upload parts),
 * but nothing a row names, nothing young enough to be another replica's and nothing that is not its own.
 */
class LeftoverFilesTest {

    private static final String SPEC = """
            {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 4}]},
             "optimizer": {"type": "sgd", "learningRate": 0.1}, "training": {"epochs": %d, "batchSize": 4}}""";
    /** Older than the default leftover age of an hour. */
    private static final FileTime LONG_AGO = FileTime.from(Instant.now().minus(Duration.ofHours(2)));

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(DescentApplication.class, "--server.port=0", "--descent.data-dir=" + dataDir,
                "--descent.executor.poll-interval=100ms", "--descent.executor.workers=1");
    }

    private static Http client(ConfigurableApplicationContext context) {
        return new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    private static String succeededJob(Http http) {
        String id = http.post("/api/v1/jobs", SPEC.formatted(2)).body().path("id").asString();
        assertThat(http.awaitJob(id, Duration.ofMinutes(1), "SUCCEEDED", "FAILED").path("status").asString())
                .isEqualTo("SUCCEEDED");
        return id;
    }

    /** The job's file of this kind, named by the job and the claim that wrote it. */
    private static Path storedFile(Path store, String jobId, String suffix) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(store)) {
            return files.filter(file -> file.getFileName().toString().matches(
                    java.util.regex.Pattern.quote(jobId) + "\\.[0-9a-f-]{36}" + java.util.regex.Pattern.quote(suffix)))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + suffix + " file of job " + jobId));
        }
    }

    @Test
    void aServerStartingAgainRemovesWhatAKillLeftAndKeepsWhatRowsName(@TempDir Path dataDir) throws IOException {
        String succeeded;
        String cancelled;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            Http http = client(first);
            succeeded = succeededJob(http);
            cancelled = http.post("/api/v1/jobs", SPEC.formatted(5000)).body().path("id").asString();
            http.await("/api/v1/jobs/" + cancelled, Duration.ofMinutes(1), job -> job.path("progress").path("steps")
                    .asLong() > 0);
            http.post("/api/v1/jobs/" + cancelled + "/cancel", "");
            http.awaitJob(cancelled, Duration.ofMinutes(1), "CANCELLED");
        }
        Path store = dataDir.resolve("models");
        Path spool = dataDir.resolve("multipart");
        List<Path> named = List.of(storedFile(store, succeeded, ".json"), storedFile(store, cancelled, ".checkpoint.json"));
        List<Path> leftovers = List.of(
                store.resolve(cancelled + ".checkpoint.json8141976324.tmp"), // killed while writing a checkpoint
                store.resolve(UUID.randomUUID() + ".json5502.tmp"), // killed while writing a model
                store.resolve(UUID.randomUUID() + ".json"), // its job's row deleted, then killed
                store.resolve(UUID.randomUUID() + ".checkpoint.json"),
                store.resolve(UUID.randomUUID() + "." + UUID.randomUUID() + ".json"), // written by a claim, never attached
                spool.resolve("upload_7f3c1a9e_00000004.tmp")); // killed while receiving an upload
        List<Path> othersFiles = List.of(store.resolve("README.txt"), spool.resolve("notes.csv"));
        Path young = store.resolve(UUID.randomUUID() + ".json"); // another replica's, not yet named by its row
        for (Path file : concat(leftovers, othersFiles, List.of(young))) {
            Files.writeString(file, "{}");
        }
        for (Path file : concat(named, leftovers, othersFiles)) {
            Files.setLastModifiedTime(file, LONG_AGO);
        }

        try (ConfigurableApplicationContext second = start(dataDir)) {
            Http http = client(second);
            assertThat(leftovers).noneMatch(Files::exists);
            assertThat(concat(named, othersFiles, List.of(young))).allMatch(Files::exists);
            assertThat(http.get("/api/v1/jobs/" + succeeded + "/model").status()).isEqualTo(200);
            // the cancelled job's checkpoint is still there to resume from
            assertThat(http.post("/api/v1/jobs/" + cancelled + "/resume", "").status()).isEqualTo(200);
            http.post("/api/v1/jobs/" + cancelled + "/cancel", "");
            http.awaitJob(cancelled, Duration.ofMinutes(1), "CANCELLED");
        }
    }

    @Test
    void aDeletionRemovesTheFilesOnlyOnceItHasCommitted(@TempDir Path dataDir) throws IOException {
        try (ConfigurableApplicationContext context = start(dataDir)) {
            Http http = client(context);
            String id = succeededJob(http);
            Path model = storedFile(dataDir.resolve("models"), id, ".json");
            assertThat(model).exists();

            // the deletion's transaction fails after the row was deleted: it rolls back, and the file stays with it
            JobService jobs = context.getBean(JobService.class);
            TransactionTemplate transaction =
                    new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                jobs.delete(UUID.fromString(id), Caller.LOCAL);
                throw new IllegalStateException("the database went away before the commit");
            })).hasMessageContaining("went away");
            assertThat(model).exists();
            assertThat(http.get("/api/v1/jobs/" + id).status()).isEqualTo(200);
            assertThat(http.get("/api/v1/jobs/" + id + "/model").status()).isEqualTo(200);

            assertThat(http.delete("/api/v1/jobs/" + id).status()).isEqualTo(204);
            assertThat(model).doesNotExist();
            assertThat(http.get("/api/v1/jobs/" + id).status()).isEqualTo(404);
        }
    }

    @SafeVarargs
    private static List<Path> concat(List<Path>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
