package dev.descent.benchmark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's HTTP to its server, shared by every client, tallying every answer: by status, each 5xx with what was
 * asked, and the requests that got no answer, apart from those refused while the server was being restarted.
 */
final class SoakHttp {

    /** One answer; its body read whole (the soak's jobs are small). */
    record Answer(int status, String body, HttpResponse<?> response) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        /** The Retry-After seconds a 429 or 503 must carry; -1 without one. */
        long retryAfterSeconds() {
            return response.headers().firstValueAsLong("Retry-After").orElse(-1);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int EXAMPLES_KEPT = 20;
    private static final String BOUNDARY = "descent-soak-boundary";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder serverErrors = new LongAdder();
    private final Queue<String> serverErrorsSeen = new ConcurrentLinkedQueue<>();
    private final LongAdder refusedWhileDown = new LongAdder();
    private final LongAdder unanswered = new LongAdder();
    private final Queue<String> unansweredSeen = new ConcurrentLinkedQueue<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile boolean serverDown;

    SoakHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Optional<Answer> get(String path) {
        return send(request(path).GET());
    }

    Optional<Answer> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Optional<Answer> delete(String path) {
        return send(request(path).DELETE());
    }

    /** Uploads {@code csv} as a dataset labelled by its column {@code labelColumn}, as a browser form would. */
    Optional<Answer> upload(String csv, String labelColumn) {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"soak.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"labelColumn\"\r\n\r\n" + labelColumn + "\r\n--" + BOUNDARY
                + "--\r\n";
        return send(request("/api/v1/datasets").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Opens a job's event stream after event {@code lastEventId} (none when negative); empty without an answer. The
     * body of an answer other than 200 is read (for the tally) and closed.
     */
    Optional<HttpResponse<InputStream>> events(String jobId, long lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/jobs/" + jobId + "/events"))
                .header("Accept", "text/event-stream"); // no timeout: the stream lasts as long as the job
        if (lastEventId >= 0) {
            request.header("Last-Event-ID", String.valueOf(lastEventId));
        }
        HttpRequest built = request.build();
        Optional<HttpResponse<InputStream>> response = exchange(built, HttpResponse.BodyHandlers.ofInputStream());
        response.ifPresent(answer -> tally(built, answer.statusCode(), answer.statusCode() == 200 ? ""
                : readAndClose(answer.body())));
        return response;
    }

    private static String readAndClose(InputStream body) {
        try (body) {
            return new String(body.readNBytes(2000), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(body unreadable: " + e + ")";
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
    }

    private Optional<Answer> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        return exchange(built, HttpResponse.BodyHandlers.ofString()).map(response -> {
            tally(built, response.statusCode(), response.body());
            return new Answer(response.statusCode(), response.body(), response);
        });
    }

    private <T> Optional<HttpResponse<T>> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return Optional.of(client.send(request, body));
        } catch (IOException e) {
            noAnswer(request, e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void tally(HttpRequest request, int status, String body) {
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status >= 500) {
            serverErrors.increment();
            keep(serverErrorsSeen, describe(request) + " → " + status + (serverDown ? " (while restarting)" : "")
                    + ": " + body.substring(0, Math.min(300, body.length())).replace('\n', ' '));
        }
    }

    private void noAnswer(HttpRequest request, IOException e) {
        if (serverDown) {
            refusedWhileDown.increment();
        } else {
            unanswered.increment();
            keep(unansweredSeen, describe(request) + ": " + e);
        }
        // a client that retries at once only spins while the server is away
        try {
            Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri().getRawPath()
                + (request.uri().getRawQuery() != null ? "?" + request.uri().getRawQuery() : "");
    }

    private static void keep(Queue<String> seen, String what) {
        if (seen.size() < EXAMPLES_KEPT) {
            seen.add(what);
        }
    }

    /** Marks the start and the end of a restart: requests refused meanwhile are expected, not faults. */
    void serverDown(boolean down) {
        if (down) {
            restarts.incrementAndGet();
        }
        serverDown = down;
    }

    boolean serverDown() {
        return serverDown;
    }

    /** How many restarts have begun; a stream cut while this changed was cut by a restart. */
    int restarts() {
        return restarts.get();
    }

    long requests() {
        return statuses.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<Integer, Long> byStatus() {
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.sum()));
        return counts;
    }

    long serverErrors() {
        return serverErrors.sum();
    }

    List<String> serverErrorsSeen() {
        return new ArrayList<>(serverErrorsSeen);
    }

    long refusedWhileDown() {
        return refusedWhileDown.sum();
    }

    long unanswered() {
        return unanswered.sum();
    }

    List<String> unansweredSeen() {
        return new ArrayList<>(unansweredSeen);
    }
}
