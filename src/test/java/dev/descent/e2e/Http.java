package dev.descent.e2e;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A plain HTTP client for the end-to-end tests: real requests to the server on its port, JSON read back. */
final class Http {

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    /** Sent with every request: an API key, say. */
    private final Map<String, String> headers;

    Http(int port) {
        this("http://localhost:" + port, Map.of());
    }

    private Http(String base, Map<String, String> headers) {
        this.base = base;
        this.headers = headers;
    }

    /** A client that sends this header as well with every request. */
    Http with(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return new Http(base, Map.copyOf(more));
    }

    /** A client that authenticates with this API key. */
    Http withKey(String key) {
        return with("Authorization", "Bearer " + key);
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** A multipart/form-data POST with one file part and text fields. */
    Response upload(String path, String fileName, byte[] file, Map<String, String> fields) {
        Multipart body = new Multipart(fileName, fields);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(body.head());
        bytes.writeBytes(file);
        bytes.writeBytes(body.tail());
        return send(request(path).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())));
    }

    /**
     * As {@link #upload(String, String, byte[], Map)}, the file part read from {@code file} as it is sent (chunked:
     * the server learns its length only by reading it); {@link #send} sends it.
     */
    HttpRequest.Builder upload(String path, String fileName, java.util.function.Supplier<java.io.InputStream> file,
                               Map<String, String> fields) {
        Multipart body = new Multipart(fileName, fields);
        return request(path).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                        java.util.Collections.enumeration(List.of(new java.io.ByteArrayInputStream(body.head()),
                                file.get(), new java.io.ByteArrayInputStream(body.tail()))))));
    }

    /** The parts of a multipart/form-data body around its file's bytes. */
    private record Multipart(String boundary, String fileName, Map<String, String> fields) {

        Multipart(String fileName, Map<String, String> fields) {
            this("descent-" + UUID.randomUUID(), fileName, fields);
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] head() {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            fields.forEach((name, value) -> head.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; "
                    + "name=\"" + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
            head.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            return head.toByteArray();
        }

        byte[] tail() {
            return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Polls until the condition holds for the JSON at {@code path}. */
    JsonNode await(String path, Duration timeout, java.util.function.Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode body = get(path).body();
            if (condition.test(body)) {
                return body;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " did not reach the expected state: " + body);
            }
            pause();
        }
    }

    /** Asserts that a request was refused with this status, a problem detail naming the field, and the reason. */
    static void assertRefused(Response response, int status, String field, String reason) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
        assertThat(response.body().path("field").asString()).isEqualTo(field);
        assertThat(response.raw().body()).contains(reason);
    }

    /** Polls a job until its status is one of {@code statuses}. */
    JsonNode awaitJob(String id, Duration timeout, String... statuses) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = get("/api/v1/jobs/" + id).body();
            for (String status : statuses) {
                if (status.equals(job.path("status").asString())) {
                    return job;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " did not reach " + String.join("|", statuses) + ": " + job);
            }
            pause();
        }
    }

    /** The steps recorded for a job, in order, from its history export. */
    java.util.List<Long> recordedSteps(String id) {
        String csv = get("/api/v1/jobs/" + id + "/history/export?format=csv&level=step").raw().body();
        return csv.lines().skip(1).map(line -> Long.parseLong(line.substring(0, line.indexOf(',')))).toList();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A request to {@code path} for a test that sets its own method, headers or body; {@link #send} sends it. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    Response send(HttpRequest.Builder request) {
        try {
            headers.forEach(request::header);
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean json = response.headers().firstValue("Content-Type").orElse("").contains("json");
            JsonNode body = json && !response.body().isEmpty() ? JSON.readTree(response.body()) : JSON.missingNode();
            return new Response(response.statusCode(), body, response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
