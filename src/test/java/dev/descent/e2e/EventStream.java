package dev.descent.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a server-sent event stream as a client would, until the server closes it. */
final class EventStream {

    record Event(String id, String name, String data) {
    }

    private EventStream() {
    }

    /** Every event of the stream at {@code url} until it closes, or fails after {@code timeout}. */
    static List<Event> readAll(String url, String lastEventId, Duration timeout) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new AssertionError("events answered " + response.statusCode());
        }
        return CompletableFuture.supplyAsync(() -> parse(response.body()))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<Event> parse(Stream<String> lines) {
        List<Event> events = new ArrayList<>();
        String[] current = new String[3];
        lines.forEach(line -> {
            if (line.isEmpty()) {
                if (current[1] != null || current[2] != null) {
                    events.add(new Event(current[0], current[1], current[2]));
                }
                current[0] = current[1] = current[2] = null;
            } else if (line.startsWith("id:")) {
                current[0] = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                current[1] = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                current[2] = current[2] == null ? line.substring(5) : current[2] + "\n" + line.substring(5);
            }
        });
        return events;
    }
}
