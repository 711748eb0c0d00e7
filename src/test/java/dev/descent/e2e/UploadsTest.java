package dev.descent.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads over real HTTP: at most {@code descent.datasets.max-concurrent-uploads} are received at once and the
 * next is answered 429 at once; multipart temporary files are gone once a request is answered, however it ended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadsTest {

    private static final Path MULTIPART_DIR = temporaryDirectory("descent-multipart");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("descent.data-dir", () -> temporaryDirectory("descent-uploads").toString());
        registry.add("descent.datasets.max-concurrent-uploads", () -> "2");
        registry.add("descent.datasets.max-upload-bytes", () -> "3000000");
        registry.add("spring.servlet.multipart.location", MULTIPART_DIR::toString);
    }

    @Test
    void uploadsBeyondTheBoundAreAnswered429WhileTheAdmittedOnesSucceed() throws Exception {
        Http http = new Http(port);
        CountDownLatch release = new CountDownLatch(1);
        // two uploads that stall halfway through their file, holding both slots
        List<CompletableFuture<Http.Response>> stalled = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            stalled.add(CompletableFuture.supplyAsync(() -> http.send(http.upload("/api/v1/datasets", "slow.csv",
                    () -> stallingHalfway(csv(20_000), release), Map.of("labelColumn", "y")))));
        }
        // admitted, they are being written to temporary files: two each, as every part goes to disk (its
        // labelColumn field, and its file)
        awaitTemporaryFiles(4);

        List<CompletableFuture<Http.Response>> refused = Stream.generate(() -> CompletableFuture.supplyAsync(() ->
                http.upload("/api/v1/datasets", "d.csv", csv(10), Map.of("labelColumn", "y")))).limit(4).toList();
        for (CompletableFuture<Http.Response> request : refused) {
            Http.Response response = request.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.status()).as(response.raw().body()).isEqualTo(429);
            assertThat(response.raw().headers().firstValue("Retry-After")).hasValue("5");
            assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body().path("type").asString()).endsWith("/too-many-uploads");
            assertThat(response.body().path("detail").asString()).contains("descent.datasets.max-concurrent-uploads");
        }

        release.countDown();
        for (CompletableFuture<Http.Response> request : stalled) {
            Http.Response response = request.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
            assertThat(response.body().path("rows").asInt()).isEqualTo(20_000);
        }
        // the slots are free again
        assertThat(http.upload("/api/v1/datasets", "d.csv", csv(10), Map.of("labelColumn", "y")).status())
                .isEqualTo(201);
        awaitTemporaryFiles(0);
    }

    @Test
    void temporaryFilesAreDeletedWhenAnUploadFails() throws Exception {
        Http http = new Http(port);
        // refused by its content, by its size while it is read (chunked: no Content-Length to refuse it by), and a
        // client that goes away halfway
        assertThat(http.upload("/api/v1/datasets", "bad.csv", "a,y\n1,0\n 2,1\n".getBytes(StandardCharsets.UTF_8),
                Map.of("labelColumn", "y")).status()).isEqualTo(422);
        Http.Response tooLarge = http.send(http.upload("/api/v1/datasets", "big.csv",
                () -> new ByteArrayInputStream(csv(400_000)), Map.of("labelColumn", "y")));
        assertThat(tooLarge.status()).isEqualTo(413);
        CompletableFuture<Http.Response> abandoned = CompletableFuture.supplyAsync(() -> http.send(http.upload(
                "/api/v1/datasets", "gone.csv", () -> failingHalfway(csv(20_000)), Map.of("labelColumn", "y"))));
        assertThat(abandoned).failsWithin(PATIENCE);
        awaitTemporaryFiles(0);
        // and the server still takes uploads
        assertThat(http.upload("/api/v1/datasets", "d.csv", csv(10), Map.of("labelColumn", "y")).status())
                .isEqualTo(201);
        awaitTemporaryFiles(0);
    }

    private static byte[] csv(int rows) {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i % 13).append('.').append(i % 7).append(',').append(i % 5).append(',')
                    .append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes, its second half held back until {@code release}. */
    private static InputStream stallingHalfway(byte[] bytes, CountDownLatch release) {
        return new HalfwayStream(bytes) {
            @Override
            void halfway() throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        };
    }

    /** The bytes' first half, then a failure: the client aborts the request. */
    private static InputStream failingHalfway(byte[] bytes) {
        return new HalfwayStream(bytes) {
            @Override
            void halfway() throws IOException {
                throw new IOException("the client went away");
            }
        };
    }

    private abstract static class HalfwayStream extends InputStream {

        private final byte[] bytes;
        private int at;
        private boolean passed;

        HalfwayStream(byte[] bytes) {
            this.bytes = bytes;
        }

        abstract void halfway() throws IOException;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int half = bytes.length / 2;
            if (at == half && !passed) {
                passed = true;
                halfway();
            }
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(length, (at < half ? half : bytes.length) - at);
            System.arraycopy(bytes, at, buffer, offset, n);
            at += n;
            return n;
        }
    }

    private static void awaitTemporaryFiles(int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (temporaryFiles().size() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " multipart temporary files, found " + temporaryFiles());
            }
            Thread.sleep(50);
        }
    }

    private static List<Path> temporaryFiles() {
        try (Stream<Path> files = Files.list(MULTIPART_DIR)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
