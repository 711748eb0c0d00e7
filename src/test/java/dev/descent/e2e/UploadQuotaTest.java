package dev.descent.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's share of uploads holds under concurrent uploads: of ten at once from a user allowed three, exactly three
 * are stored and the others refused with 422 naming the file (the share is counted and the upload inserted under one
 * row lock, as jobs are admitted).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UploadQuotaTest {

    private static final String ADMIN_KEY = "bootstrap-admin-key-for-upload-quota-0123";
    private static final int SHARE = 3;
    private static final int UPLOADS = 10;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void secured(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-upload-quota").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.security.mode", () -> "secured");
        registry.add("descent.security.admin-key", () -> ADMIN_KEY);
        registry.add("descent.datasets.max-uploads-per-user", () -> String.valueOf(SHARE));
        registry.add("descent.datasets.max-concurrent-uploads", () -> String.valueOf(UPLOADS));
    }

    @Test
    void concurrentUploadsOfOneUserStoreExactlyItsShare() {
        Http anonymous = new Http(port);
        Http carol = anonymous.withKey(anonymous.withKey(ADMIN_KEY).post("/api/v1/admin/keys", "{\"user\": \"carol\"}")
                .body().path("key").asString());
        byte[] csv = "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n".getBytes(StandardCharsets.UTF_8);
        ExecutorService clients = Executors.newFixedThreadPool(UPLOADS);
        try {
            List<Http.Response> answers = IntStream.range(0, UPLOADS).mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> carol.upload("/api/v1/datasets", "part" + i + ".csv", csv, Map.of("labelColumn", "label")),
                            clients)).toList().stream().map(CompletableFuture::join).toList();
            assertThat(answers.stream().filter(answer -> answer.status() == 201)).hasSize(SHARE);
            assertThat(answers.stream().filter(answer -> answer.status() == 422)).hasSize(UPLOADS - SHARE)
                    .allSatisfy(answer -> assertThat(answer.body().path("field").asString()).isEqualTo("file"));
        } finally {
            clients.shutdownNow();
        }
        long stored = java.util.stream.StreamSupport.stream(carol.get("/api/v1/datasets").body().spliterator(), false)
                .filter(dataset -> !dataset.path("builtIn").asBoolean()).count();
        assertThat(stored).isEqualTo(SHARE);
    }
}
